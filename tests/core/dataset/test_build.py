"""Dataset creation on the real Everest sample: RGB + NIR in UTM 45N, RGI outlines in EPSG:4326."""
import csv
import json

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.features import rasterize
from rasterio.warp import transform_geom
from shapely.affinity import translate
from shapely.geometry import shape

from glacier_dl_plugin.core.config import NODATA_FLOAT, DatasetConfig
from glacier_dl_plugin.core.dataset.build import PLANNED, create_dataset
from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.progress import Monitor

CONFIG = DatasetConfig(chip_size=128, stride=128, n_folds=5)


def records(outlines, shift=0.0):
    with fiona.open(outlines) as src:
        crs = src.crs_wkt
        return [GlacierRecord(f["properties"]["RGIId"], translate(shape(f["geometry"]), shift).wkb) for f in src], crs


def inputs(everest):
    return [RasterInput(str(everest["rgb"]), "RGB"), RasterInput(str(everest["nir"]), "NIR")]


@pytest.fixture(scope="module")
def dataset(everest, tmp_path_factory):
    recs, crs = records(everest["outlines"])
    glaciers = load_glaciers(recs, crs, "EPSG:32645")
    folder = tmp_path_factory.mktemp("ds") / "everest"
    progress = []
    summary = create_dataset(inputs(everest), glaciers, CONFIG, str(folder), monitor=Monitor(progress=progress.append))
    return folder, summary, progress


def reference_mask(everest):
    """Outlines reprojected with GDAL and burnt onto the whole image grid, independently of the chips."""
    with rasterio.open(everest["rgb"]) as src:
        grid = src.transform, src.height, src.width, src.crs
    with fiona.open(everest["outlines"]) as src:
        shapes = [(transform_geom(src.crs_wkt, grid[3], f["geometry"]), 1) for f in src]
    return rasterize(shapes, out_shape=(grid[1], grid[2]), transform=grid[0], dtype=np.uint8), grid[0]


def manifest(folder):
    with open(folder / "manifest.csv") as handle:
        return list(csv.DictReader(handle))


def test_dataset_layout_and_description(dataset):
    folder, summary, progress = dataset
    description = json.loads((folder / "dataset.json").read_text())
    assert description["bands"] == ["RGB:1", "RGB:2", "RGB:3", "NIR:1"]
    assert description["classes"] == ["background", "glacier"]
    assert description["pixel_size"] == [30.0, 30.0] and "UTM zone 45N" in description["crs"]
    assert len(description["glacier_folds"]) == 86 == summary.glaciers
    rows = manifest(folder)
    assert len(rows) == summary.chips > 20
    assert all((folder / "images" / f"{r['id']}.tif").exists() for r in rows)
    assert all((folder / "masks" / f"{r['id']}_mask.tif").exists() for r in rows)
    assert (folder / "preview.png").stat().st_size > 10_000
    assert progress == sorted(progress) and progress[-1] >= 90


def test_chips_sit_on_the_image_grid_and_masks_match_the_outlines(dataset, everest):
    folder, _, _ = dataset
    expected, image_transform = reference_mask(everest)
    with rasterio.open(everest["rgb"]) as src:
        rgb = src.read()
    for row in manifest(folder)[::7]:
        r, c = int(row["row_off"]), int(row["col_off"])
        with rasterio.open(folder / "masks" / f"{row['id']}_mask.tif") as src:
            mask, transform = src.read(1), src.transform
        with rasterio.open(folder / "images" / f"{row['id']}.tif") as src:
            image = src.read()
            assert src.crs.to_epsg() == 32645 and src.nodata == NODATA_FLOAT
        assert transform == image_transform * image_transform.translation(c, r)
        np.testing.assert_array_equal(mask, expected[r:r + 128, c:c + 128])
        np.testing.assert_array_equal(image[:3], rgb[:, r:r + 128, c:c + 128])


def test_no_glacier_in_two_folds_and_stats_exclude_the_test_fold(dataset):
    folder, _, _ = dataset
    description = json.loads((folder / "dataset.json").read_text())
    rows = manifest(folder)
    for row in rows:
        assert int(row["fold"]) == description["glacier_folds"][row["glacier_id"]]
    assert sorted(set(description["glacier_folds"].values())) == [0, 1, 2, 3, 4]
    values = []
    for row in rows:
        if row["fold"] != "2":
            with rasterio.open(folder / "images" / f"{row['id']}.tif") as src:
                values.append(src.read(4, masked=True).compressed())
    nir = np.concatenate(values)
    np.testing.assert_allclose(description["fold_stats"]["2"]["mean"][3], nir.mean(), rtol=1e-6)
    np.testing.assert_allclose(description["fold_stats"]["2"]["std"][3], nir.std(), rtol=1e-6)


def test_existing_output_is_refused_and_kept(dataset, everest):
    folder, _, _ = dataset
    before = sorted(p.name for p in folder.iterdir())
    recs, crs = records(everest["outlines"])
    with pytest.raises(InputError, match="OUTPUT: .* already exists and is not empty. .*OVERWRITE"):
        create_dataset(inputs(everest), load_glaciers(recs, crs, "EPSG:32645"), CONFIG, str(folder))
    assert sorted(p.name for p in folder.iterdir()) == before


def test_polygons_outside_the_raster_are_refused(everest, tmp_path):
    recs, crs = records(everest["outlines"], shift=5.0)  # five degrees east of the scene
    with pytest.raises(InputError, match="GLACIERS: no glacier polygon overlaps the input rasters"):
        create_dataset(inputs(everest), load_glaciers(recs, crs, "EPSG:32645"), CONFIG, str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_more_folds_than_glaciers_is_refused(everest, tmp_path):
    recs, crs = records(everest["outlines"])
    glaciers = load_glaciers(recs[:3], crs, "EPSG:32645")
    with pytest.raises(InputError, match="FOLDS: 5 folds need at least 5 glaciers"):
        create_dataset(inputs(everest), glaciers, CONFIG, str(tmp_path / "out"))


def test_point_geometries_are_refused():
    from shapely.geometry import Point

    with pytest.raises(InputError, match="GLACIERS: has a Point geometry"):
        load_glaciers([GlacierRecord("p", Point(0, 0).wkb)], "EPSG:4326", "EPSG:32645")


def test_cancel_while_writing_chips_leaves_no_dataset(everest, tmp_path):
    recs, crs = records(everest["outlines"])
    glaciers = load_glaciers(recs, crs, "EPSG:32645")
    seen = []
    monitor = Monitor(progress=seen.append, is_cancelled=lambda: seen[-1] > 50 if seen else False)
    with pytest.raises(CancelledError):
        create_dataset(inputs(everest), glaciers, CONFIG, str(tmp_path / "out"), monitor=monitor)
    assert list(tmp_path.iterdir()) == []


def test_planning_reports_progress_and_a_cancel_there_claims_no_folder(everest, tmp_path):
    recs, crs = records(everest["outlines"])
    glaciers = load_glaciers(recs, crs, "EPSG:32645")
    seen = []  # (percent, whether anything exists in tmp_path yet)
    monitor = Monitor(progress=lambda percent: seen.append((percent, any(tmp_path.iterdir()))))
    create_dataset(inputs(everest), glaciers, CONFIG, str(tmp_path / "out"), monitor=monitor)
    planning = [percent for percent, claimed in seen if not claimed]  # before the temporary folder exists
    assert planning == sorted(planning) and planning[0] <= 1 and planning[-1] == PLANNED
    assert len(set(planning)) > 50  # per glacier (86) and per chip window: the bar moves during planning
    assert seen[len(planning)][1] and seen[len(planning)][0] == PLANNED  # the first chip follows planning

    cancelled = []
    monitor = Monitor(progress=cancelled.append, is_cancelled=lambda: len(cancelled) > len(planning) // 2)
    with pytest.raises(CancelledError):
        create_dataset(inputs(everest), glaciers, CONFIG, str(tmp_path / "cancelled"), monitor=monitor)
    assert 3 < max(cancelled) < PLANNED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing, not even a hidden .partial folder


def test_empty_output_path_is_refused(everest):
    recs, crs = records(everest["outlines"])
    with pytest.raises(InputError, match="OUTPUT: no output folder was given. Choose a folder"):
        create_dataset(inputs(everest), load_glaciers(recs, crs, "EPSG:32645"), CONFIG, "  ")
