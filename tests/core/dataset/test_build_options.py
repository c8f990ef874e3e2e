"""Create dataset options on the synthetic scene and the Hintereisferner sample: classes from a field or a
second layer, derived features, categorical resampling, regular-grid sampling, regression targets, target
grids (projected and geographic) and bad input."""
import csv
import json

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.warp import Resampling, reproject
from shapely.geometry import Polygon, box, shape

from glacier_dl_plugin.core.config import IGNORE_INDEX, NODATA_FLOAT, DatasetConfig
from glacier_dl_plugin.core.dataset.build import create_dataset
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers, load_polygons, parse_class_map
from glacier_dl_plugin.core.geo.ground import metres_per_pixel
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, with_categorical
from glacier_dl_plugin.core.geo.target_grid import target_grid

SMALL = dict(chip_size=64, stride=64, n_folds=2)


def outlines(path, class_field=None, where=None):
    with fiona.open(path) as src:
        features = [f for f in src if where is None or where(f["properties"])]
        records = [GlacierRecord(f["properties"].get("glacier_id") or f["properties"].get("RGIId"),
                                 shape(f["geometry"]).wkb, f["properties"][class_field] if class_field else None)
                   for f in features]
        return records, src.crs_wkt


def manifest(folder):
    with open(folder / "manifest.csv") as handle:
        return list(csv.DictReader(handle))


def scene_inputs(scene):
    return [RasterInput(str(scene.image), "scene"), RasterInput(str(scene.dem), "dem")]


def expected_truth(scene, row):
    """Truth classes 1 (clean ice) and 2 (debris) of the scene under one chip; everything else background."""
    with rasterio.open(scene.truth) as src:
        r, c = int(row["row_off"]), int(row["col_off"])
        truth = src.read(1)[r:r + 64, c:c + 64]
    return np.where(truth == IGNORE_INDEX, IGNORE_INDEX, np.where(np.isin(truth, (1, 2)), truth, 0))


def test_class_field_mapping_burns_clean_ice_and_debris(scene, tmp_path):
    records, crs = outlines(scene.glaciers, "surface")
    glaciers = load_glaciers(records, crs, crs, parse_class_map("clean_ice=clean ice, debris=debris"))
    create_dataset(scene_inputs(scene), glaciers, DatasetConfig(**SMALL), str(tmp_path / "ds"))
    description = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    assert description["classes"] == ["background", "clean ice", "debris"]
    rows = manifest(tmp_path / "ds")
    assert {"fraction_clean ice", "fraction_debris"} <= set(rows[0])
    assert any(float(r["fraction_debris"]) > 0 for r in rows)
    for row in rows:
        with rasterio.open(tmp_path / "ds" / "masks" / f"{row['id']}_mask.tif") as src:
            np.testing.assert_array_equal(src.read(1), expected_truth(scene, row))


def test_second_polygon_layer_is_burnt_as_another_class(scene, tmp_path):
    records, crs = outlines(scene.glaciers)
    debris = [r.geometry_wkb for r, f in zip(records, outlines(scene.glaciers, "surface")[0]) if f.class_value == "debris"]
    glaciers = load_glaciers(records, crs, crs)
    extra = load_polygons(debris, crs, crs, "EXTRA_POLYGONS")
    config = DatasetConfig(**SMALL, extra_class="debris", min_class_fraction=0.01, fraction_class="debris")
    summary = create_dataset(scene_inputs(scene), glaciers, config, str(tmp_path / "ds"), extra=extra)
    assert json.loads((tmp_path / "ds" / "dataset.json").read_text())["classes"] == ["background", "glacier",
                                                                                    "debris"]
    rows = manifest(tmp_path / "ds")
    assert rows and all(float(r["fraction_debris"]) >= 0.01 for r in rows) and summary.dropped["class_fraction"] > 0
    for row in rows:
        with rasterio.open(tmp_path / "ds" / "masks" / f"{row['id']}_mask.tif") as src:
            np.testing.assert_array_equal(src.read(1), expected_truth(scene, row))


def test_class_values_that_do_not_map_are_refused(scene):
    records, crs = outlines(scene.glaciers, "surface")
    with pytest.raises(InputError, match="CLASS_MAP: the class field has values that do not map: debris"):
        load_glaciers(records, crs, crs, parse_class_map("clean_ice=ice"))
    with pytest.raises(InputError, match="CLASS_MAP: cannot read the entry 'clean_ice'"):
        parse_class_map("clean_ice")


def test_invalid_geometries_are_repaired_and_counted(scene):
    bowtie = Polygon([(480000, 3100000), (483000, 3103000), (483000, 3100000), (480000, 3103000)])
    records, crs = outlines(scene.glaciers)
    glaciers = load_glaciers(records + [GlacierRecord("bowtie", bowtie.wkb)], crs, crs)
    assert glaciers.repaired == 1 and glaciers.geometries[-1].is_valid
    assert glaciers.geometries[-1].area == pytest.approx(2 * 3000 * 1500 / 2)  # both triangles kept


def test_derived_features_match_the_formulas(scene, tmp_path):
    records, crs = outlines(scene.glaciers)
    config = DatasetConfig(**SMALL, features=("slope", "aspect", "ndsi"), dem_band="dem:elevation_m",
                           green_band="scene:green", swir_band="5")
    create_dataset(scene_inputs(scene), load_glaciers(records, crs, crs), config, str(tmp_path / "ds"))
    bands = json.loads((tmp_path / "ds" / "dataset.json").read_text())["bands"]
    assert bands[-4:] == ["derived:slope", "derived:aspect_sin", "derived:aspect_cos", "derived:ndsi"]
    with rasterio.open(scene.dem) as src:
        dem = src.read(1).astype(np.float64)
    d_row, d_col = np.gradient(dem, 30.0)
    slope = np.degrees(np.arctan(np.hypot(d_row, d_col)))
    row = next(r for r in manifest(tmp_path / "ds") if int(r["row_off"]) > 0 and int(r["col_off"]) > 0
               and float(r["nodata_fraction"]) == 0)
    r, c = int(row["row_off"]), int(row["col_off"])
    with rasterio.open(tmp_path / "ds" / "images" / f"{row['id']}.tif") as src:
        chip = src.read().astype(np.float64)
    np.testing.assert_allclose(chip[6], slope[r:r + 64, c:c + 64], atol=1e-3)
    np.testing.assert_allclose(chip[7] ** 2 + chip[8] ** 2, 1, atol=1e-5)
    green, swir = chip[1], chip[4]
    np.testing.assert_allclose(chip[9], (green - swir) / (green + swir), atol=1e-5)
    with pytest.raises(InputError, match="NIR_BAND: is needed but empty"):
        create_dataset(scene_inputs(scene), load_glaciers(records, crs, crs),
                       DatasetConfig(**SMALL, features=("ndvi",), red_band="3"), str(tmp_path / "x"))


def test_categorical_layers_are_resampled_nearest(scene, tmp_path):
    records, crs = outlines(scene.glaciers)
    layers = with_categorical([RasterInput(str(scene.image), "scene"), RasterInput(str(scene.truth), "truth")],
                              "truth")
    assert [i.resampling for i in layers] == ["bilinear", "nearest"]
    config = DatasetConfig(**SMALL, target_resolution_m=45, max_nodata_fraction=1)
    create_dataset(layers, load_glaciers(records, crs, crs), config, str(tmp_path / "ds"))
    codes = set()
    for row in manifest(tmp_path / "ds"):
        with rasterio.open(tmp_path / "ds" / "images" / f"{row['id']}.tif") as src:
            assert src.res == (45.0, 45.0)
            codes |= set(np.unique(src.read(6)).tolist())
    assert codes - {NODATA_FLOAT} <= set(range(8)) and len(codes) > 3  # class codes, never averaged
    with pytest.raises(InputError, match="CATEGORICAL: 'labels' is not one of the input layers"):
        with_categorical(layers, "labels")


def test_regular_grid_sampling_within_a_mask_layer(scene, tmp_path):
    records, crs = outlines(scene.glaciers)
    area = box(480000, 3110000 - 100 * 30, 480000 + 100 * 30, 3110000)  # the top-left 100 x 100 px
    mask = load_polygons([area.wkb], crs, crs, "MASK")
    config = DatasetConfig(chip_size=32, stride=32, n_folds=1, sampling="grid")
    create_dataset(scene_inputs(scene), load_glaciers(records, crs, crs), config, str(tmp_path / "ds"), mask=mask)
    origins = {(int(r["row_off"]), int(r["col_off"])) for r in manifest(tmp_path / "ds")}
    assert origins == {(r, c) for r in range(0, 101, 32) for c in range(0, 101, 32)}


def test_thickness_regression_target_on_its_own_utm_grid(hintereisferner, tmp_path):
    records, crs = outlines(hintereisferner["outline"])
    target = RasterInput(str(hintereisferner["thickness"]), "thickness")
    config = DatasetConfig(chip_size=64, stride=32, n_folds=1, target_crs="EPSG:32632", target_resolution_m=25)
    summary = create_dataset([RasterInput(str(hintereisferner["dem"]), "srtm")], load_glaciers(records, crs, crs),
                             config, str(tmp_path / "ds"), target=target)
    description = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    assert description["task"] == "regression" and description["classes"] == []
    assert description["target"] == "thickness:1" and description["bands"] == ["srtm:1"]
    with rasterio.open(hintereisferner["thickness"]) as src:
        thickness, grid = src.read(1), src.transform
    with rasterio.open(hintereisferner["dem"]) as src:
        dem, dem_transform, dem_crs = src.read(1).astype(np.float32), src.transform, src.crs
    col0, row0 = ~grid * (summary.grid.transform.c, summary.grid.transform.f)
    assert col0 == round(col0) and row0 == round(row0)  # aligned with the thickness pixels: never resampled
    warped = np.zeros((summary.grid.height, summary.grid.width), np.float32)
    reproject(dem, warped, src_transform=dem_transform, src_crs=dem_crs, dst_transform=summary.grid.transform,
              dst_crs=summary.grid.crs, resampling=Resampling.bilinear)

    def r_grid(row):
        r, c = int(row["row_off"]), int(row["col_off"])
        return slice(r, r + 64), slice(c, c + 64)

    rows = manifest(tmp_path / "ds")
    assert rows and all("target_mean" in r for r in rows)
    for row in rows:
        with rasterio.open(tmp_path / "ds" / "masks" / f"{row['id']}_mask.tif") as src:
            values, transform = src.read(1), src.transform
            assert src.dtypes[0] == "float32" and src.nodata == NODATA_FLOAT and src.crs.to_epsg() == 32632
        c, r = (round(v) for v in ~grid * (transform.c, transform.f))
        window = np.full((64, 64), NODATA_FLOAT, np.float32)
        rr, cc = slice(max(r, 0), min(r + 64, thickness.shape[0])), slice(max(c, 0), min(c + 64, thickness.shape[1]))
        window[rr.start - r:rr.stop - r, cc.start - c:cc.stop - c] = thickness[rr, cc]
        np.testing.assert_array_equal(values, window)
        assert float(row["target_mean"]) == pytest.approx(values[values != NODATA_FLOAT].mean(), abs=1e-4)
        with rasterio.open(tmp_path / "ds" / "images" / f"{row['id']}.tif") as src:
            image = src.read(1)
        # The SRTM DEM warped from EPSG:4326, as gdalwarp does it (approximate transformer, 1/8 px)
        difference = np.abs(image - warped[r_grid(row)])
        assert np.median(difference) < 0.2 and difference.max() < 1


def test_a_geographic_raster_is_used_on_its_own_grid(hintereisferner, tmp_path):
    records, crs = outlines(hintereisferner["outline"])
    dem = [RasterInput(str(hintereisferner["dem"]), "srtm")]
    create_dataset(dem, load_glaciers(records, crs, crs), DatasetConfig(chip_size=32, stride=16, n_folds=1),
                   str(tmp_path / "ds"))
    grid = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    with rasterio.open(hintereisferner["dem"]) as src:
        assert CRS.from_user_input(grid["crs"]) == src.crs
        assert grid["transform"][:6] == pytest.approx(list(src.transform)[:6])
    assert manifest(tmp_path / "ds")


def test_another_geographic_crs_needs_a_metric_resolution(hintereisferner, tmp_path):
    records, crs = outlines(hintereisferner["outline"])
    dem = [RasterInput(str(hintereisferner["dem"]), "srtm")]
    with pytest.raises(InputError, match="TARGET_RESOLUTION: the target grid would be in a geographic CRS"):
        create_dataset(dem, load_glaciers(records, crs, crs),
                       DatasetConfig(chip_size=32, n_folds=1, target_crs="EPSG:4258"), str(tmp_path / "ds"))
    assert not (tmp_path / "ds").exists()


def test_geographic_grid_with_metric_pixels_and_buffer(hintereisferner, tmp_path):
    records, crs = outlines(hintereisferner["outline"])
    grid = target_grid(str(hintereisferner["dem"]), None, 50.0)
    assert grid.crs.is_geographic
    np.testing.assert_allclose(metres_per_pixel(grid), (50, 50), rtol=1e-3)
    config = DatasetConfig(chip_size=16, stride=8, buffer_m=400, n_folds=1, target_resolution_m=50)
    create_dataset([RasterInput(str(hintereisferner["dem"]), "srtm")], load_glaciers(records, crs, crs), config,
                   str(tmp_path / "ds"))
    from pyproj import Transformer
    from shapely.ops import transform

    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32632", always_xy=True).transform
    glacier = transform(to_utm, load_glaciers(records, crs, crs).geometries[0])
    distances = [transform(to_utm, box(float(r["xmin"]), float(r["ymin"]), float(r["xmax"]), float(r["ymax"])))
                 .distance(glacier) for r in manifest(tmp_path / "ds")]
    assert max(distances) <= 400 + 50  # buffered in metres (to a pixel), not in degrees
    assert sum(d > 100 for d in distances) > 0  # the buffer does reach out


def test_target_grid_defaults_and_alignment(scene, hintereisferner):
    with rasterio.open(scene.image) as src:
        own = (src.crs, src.transform, src.width, src.height)
    grid = target_grid(str(scene.image))
    assert (grid.crs, grid.transform, grid.width, grid.height) == own
    same = target_grid(str(scene.image), "EPSG:32645", 30.0)
    assert (same.crs, same.transform, same.width, same.height) == own
    with pytest.raises(InputError, match="TARGET_CRS: 'EPSG:99999' is not a coordinate reference system"):
        target_grid(str(scene.image), "EPSG:99999", 30.0)


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # a raster without CRS, on purpose
def test_bad_rasters_are_refused_naming_inputs(scene, hintereisferner, tmp_path):
    records, crs = outlines(scene.glaciers)
    glaciers = load_glaciers(records, crs, crs)
    with pytest.raises(InputError, match="INPUTS: raster 'alps' does not overlap the target grid"):
        create_dataset([RasterInput(str(scene.image), "scene"), RasterInput(str(hintereisferner["dem"]), "alps")], glaciers,
                       DatasetConfig(**SMALL), str(tmp_path / "a"))
    plain = tmp_path / "plain.tif"
    with rasterio.open(plain, "w", driver="GTiff", width=64, height=64, count=1, dtype="uint8") as dst:
        dst.write(np.ones((1, 64, 64), np.uint8))
    with pytest.raises(InputError, match="INPUTS: raster .* has no coordinate reference system"):
        create_dataset([RasterInput(str(plain), "plain")], glaciers, DatasetConfig(**SMALL), str(tmp_path / "b"))
    with pytest.raises(InputError, match="CHIP_SIZE: 512 px is larger than the raster"):
        create_dataset(scene_inputs(scene), glaciers, DatasetConfig(chip_size=512, n_folds=2), str(tmp_path / "c"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.tif"]
