"""The files of a dataset folder: chip and mask GeoTIFFs on the grid, manifest rows, manifest.csv, dataset.json,
footprints and preview."""
import csv
import json

import fiona
import numpy as np
import pytest
import rasterio
from affine import Affine
from matplotlib.image import imread
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window

from glacier_dl_plugin.core.config import IGNORE_INDEX, NODATA_FLOAT, DatasetConfig
from glacier_dl_plugin.core.dataset.files import NODATA_FILL, ChipWriter, write_description, write_manifest
from glacier_dl_plugin.core.dataset.sampling import PlannedChip
from glacier_dl_plugin.core.dataset.statistics import BandStatistics
from glacier_dl_plugin.core.geo.raster_stack import Grid, RasterInput

GRID = Grid(CRS.from_epsg(32645), Affine(30, 0, 480_000, 0, -30, 3_110_000), 300, 200)
CLASSES = ["background", "glacier", "debris"]


def chip_arrays(seed=0):
    """A 3-band 32 px chip with a nodata corner (4 x 8 px), and its class mask (ignored where nodata)."""
    rng = np.random.default_rng(seed)
    image = rng.normal(100, 20, (3, 32, 32)).astype(np.float32)
    image[:, :4, :8] = NODATA_FLOAT
    mask = np.zeros((32, 32), np.uint8)
    mask[8:24, 8:24], mask[24:, :] = 1, 2
    mask[:4, :8] = IGNORE_INDEX
    valid = image[0] != NODATA_FLOAT
    fractions = np.bincount(mask[valid], minlength=3)[:3] / valid.sum()
    return image, mask, fractions


@pytest.mark.parametrize("gdal_bindings", [True, False], ids=["osgeo", "rasterio-only"])
def test_chips_are_written_on_the_grid_with_their_band_names_and_nodata(tmp_path, gdal_bindings):
    """Alike through GDAL's own bindings (QGIS) and through rasterio alone (a bare Python, e.g. a GPU machine)."""
    writer = ChipWriter(tmp_path, GRID, ["img:red", "img:green", "img:blue"], CLASSES, regression=False)
    writer._gdal = gdal_bindings  # as importlib finds osgeo, or not
    image, mask, fractions = chip_arrays()
    chip = PlannedChip(Window(100, 40, 32, 32), "G1", 2, True)
    row = writer.write("chip_00000", chip, image, mask, fractions)
    writer.close()
    with rasterio.open(tmp_path / "images" / "chip_00000.tif") as src:
        assert (src.crs, src.transform, src.count, src.dtypes[0]) == (GRID.crs, from_origin(483_000, 3_108_800, 30, 30),
                                                                       3, "float32")
        assert src.descriptions == ("img:red", "img:green", "img:blue") and src.nodata == NODATA_FLOAT
        np.testing.assert_array_equal(src.read(), image)
        assert not src.read_masks(1)[:4, :8].any() and src.read_masks(1)[4:].all()
    with rasterio.open(tmp_path / "masks" / "chip_00000_mask.tif") as src:
        assert (src.transform, src.dtypes[0], src.nodata) == (from_origin(483_000, 3_108_800, 30, 30), "uint8",
                                                              IGNORE_INDEX)
        np.testing.assert_array_equal(src.read(1), mask)
    assert row == {"id": "chip_00000", "glacier_id": "G1", "fold": 2, "row_off": 40, "col_off": 100,
                   "xmin": 483_000, "ymin": 3_107_840, "xmax": 483_960, "ymax": 3_108_800,
                   "nodata_fraction": round(32 / 1024, 6), "glacier_fraction": round(1 - fractions[0], 6),
                   "fraction_glacier": round(fractions[1], 6), "fraction_debris": round(fractions[2], 6),
                   "straddles": 1}


def test_a_chip_at_the_grids_bottom_right_corner_keeps_its_place(tmp_path):
    writer = ChipWriter(tmp_path, GRID, ["a", "b", "c"], CLASSES, regression=False)
    image, mask, fractions = chip_arrays(1)
    row = writer.write("edge", PlannedChip(Window(268, 168, 32, 32), "G9", 0, False), image, mask, fractions)
    writer.close()
    with rasterio.open(tmp_path / "images" / "edge.tif") as src:
        assert src.bounds == pytest.approx(GRID.window_bounds(Window(268, 168, 32, 32)))
        assert src.bounds.right == GRID.bounds[2] and src.bounds.bottom == GRID.bounds[1]
    assert (row["xmax"], row["ymin"]) == (GRID.bounds[2], GRID.bounds[1]) and row["straddles"] == 0


def test_regression_masks_are_float_targets_with_their_mean(tmp_path):
    writer = ChipWriter(tmp_path, GRID, ["a"], ["background", "glacier"], regression=True)
    target = np.full((16, 16), 120.0, np.float32)
    target[:8] = 80.0
    target[0, :4] = NODATA_FLOAT  # (chips without any valid target never reach the writer)
    image = np.ones((1, 16, 16), np.float32)
    row = writer.write("t", PlannedChip(Window(0, 0, 16, 16), "G", 0, False), image, target, np.array([0.25, 0.75]))
    writer.close()
    with rasterio.open(tmp_path / "masks" / "t_mask.tif") as src:
        assert (src.dtypes[0], src.nodata) == ("float32", NODATA_FLOAT)
        np.testing.assert_array_equal(src.read(1), target)
    assert row["target_mean"] == pytest.approx((124 * 80 + 128 * 120) / 252, abs=1e-5)
    assert (row["glacier_fraction"], row["fraction_glacier"], row["nodata_fraction"]) == (0.75, 0.75, 0.0)


def test_a_chip_without_a_valid_pixel_has_no_glacier_fraction(tmp_path):
    writer = ChipWriter(tmp_path, GRID, ["a"], CLASSES, regression=False)
    row = writer.write("e", PlannedChip(Window(16, 0, 16, 16), "G", 0, False),
                       np.full((1, 16, 16), NODATA_FLOAT, np.float32), np.full((16, 16), IGNORE_INDEX, np.uint8),
                       np.zeros(3))
    writer.close()
    assert (row["nodata_fraction"], row["glacier_fraction"], row["fraction_debris"]) == (1.0, 0.0, 0.0)


def failed_close(tmp_path):
    """Close a writer whose mask could not be created; the error ``close`` raised (None: none)."""
    writer = ChipWriter(tmp_path, GRID, ["a"], CLASSES, regression=False)
    (tmp_path / "masks").rmdir()
    writer.write("x", PlannedChip(Window(0, 0, 8, 8), "G", 0, False), np.ones((1, 8, 8), np.float32),
                 np.zeros((8, 8), np.uint8), np.array([1.0, 0.0, 0.0]))
    try:
        writer.close()
    except Exception as error:  # noqa: BLE001 - whatever the writer thread raised
        return error
    return None


def test_a_failed_write_is_raised_by_close(tmp_path):
    assert failed_close(tmp_path) is not None
    assert (tmp_path / "images" / "x.tif").is_file()


def test_a_failed_write_names_the_file_it_could_not_create(tmp_path):
    error = failed_close(tmp_path)
    assert isinstance(error, (OSError, RuntimeError)) and "x_mask.tif" in str(error)


def test_manifest_footprints_and_preview_list_every_chip(tmp_path):
    writer = ChipWriter(tmp_path, GRID, ["a", "b", "c"], CLASSES, regression=False)
    rows = []
    for n, (col, fold) in enumerate([(0, 0), (40, 1), (80, 0)]):
        image, mask, fractions = chip_arrays(n)
        chip = PlannedChip(Window(col, 10, 32, 32), f"G{n}", fold, n == 1)
        rows.append(writer.write(f"chip_{n:05d}", chip, image, mask, fractions))
    writer.close()
    write_manifest(tmp_path, rows)
    writer.finish(rows)
    with open(tmp_path / "manifest.csv", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert [r["id"] for r in read] == ["chip_00000", "chip_00001", "chip_00002"]
    assert list(read[0]) == list(rows[0]) and [int(r["straddles"]) for r in read] == [0, 1, 0]
    with fiona.open(tmp_path / "footprints.gpkg", layer="footprints") as src:
        features = list(src)
    assert [f["properties"]["fold"] for f in features] == [0, 1, 0]
    first = features[0]["geometry"]["coordinates"][0]
    xs, ys = [p[0] for p in first], [p[1] for p in first]
    assert (min(xs), min(ys), max(xs), max(ys)) == (rows[0]["xmin"], rows[0]["ymin"], rows[0]["xmax"], rows[0]["ymax"])
    assert (tmp_path / "footprints.qml").read_text().lstrip().startswith("<")
    preview = imread(tmp_path / "preview.png")
    assert preview.ndim == 3 and preview.shape[2] >= 3 and preview[..., :3].std() > 0  # chips drawn, not blank


def test_dataset_json_describes_the_grid_the_folds_and_the_parameters(tmp_path):
    statistics = BandStatistics(2)
    statistics.add(0, np.full((2, 4, 4), 3.0, np.float32), np.ones((4, 4), bool))
    statistics.add(1, np.full((2, 4, 4), 5.0, np.float32), np.ones((4, 4), bool))
    config = DatasetConfig(chip_size=32, stride=16, n_folds=2)
    inputs = [RasterInput("/data/scene.tif", "scene")]
    write_description(tmp_path, GRID, ["scene:1", "scene:2"], CLASSES, config, {"G1": 0, "G2": 1}, statistics,
                      inputs, None, {"max_nodata": 3}, 1)
    description = json.loads((tmp_path / "dataset.json").read_text())
    assert (description["format"], description["version"], description["task"]) == ("glacierdl-dataset", 1,
                                                                                     "segmentation")
    assert description["bands"] == ["scene:1", "scene:2"] and description["classes"] == CLASSES
    assert CRS.from_wkt(description["crs"]) == GRID.crs and description["transform"] == list(GRID.transform)[:6]
    assert (description["width"], description["height"], description["chip_size"]) == (300, 200, 32)
    assert description["pixel_size"] == [30, 30] and description["pixel_size_m"] == [30, 30]
    assert description["pixel_unit"] == "metre" and description["nodata_fill"] == NODATA_FILL
    assert (description["nodata"], description["ignore_index"]) == (NODATA_FLOAT, IGNORE_INDEX)
    assert description["glacier_folds"] == {"G1": 0, "G2": 1}
    assert description["fold_stats"]["0"]["mean"] == [5.0, 5.0]  # the member holding out fold 0 trains on fold 1
    assert description["fold_stats"]["all"]["mean"] == [4.0, 4.0]
    assert (description["dropped"], description["repaired_geometries"]) == ({"max_nodata": 3}, 1)
    parameters = description["parameters"]
    assert (parameters["stride"], parameters["inputs"], parameters["regression_target"]) == (
        16, [{"path": "/data/scene.tif", "name": "scene", "resampling": "bilinear"}], None)


def test_a_regression_dataset_names_its_target_band_and_keeps_the_mask_classes(tmp_path):
    target = tmp_path / "thickness.tif"
    with rasterio.open(target, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32", crs=GRID.crs,
                       transform=GRID.transform) as dst:
        dst.write(np.ones((1, 4, 4), np.float32))
        dst.set_band_description(1, "ice_m")
    write_description(tmp_path, GRID, ["a"], ["background", "glacier"], DatasetConfig(), {}, BandStatistics(1),
                      [RasterInput("/a.tif")], RasterInput(str(target), "thick"), {}, 0)
    description = json.loads((tmp_path / "dataset.json").read_text())
    assert (description["task"], description["classes"], description["target"]) == ("regression", [], "thick:ice_m")
    assert description["mask_classes"] == ["background", "glacier"]
    assert description["parameters"]["regression_target"]["path"] == str(target)
