"""The messy-data builders make what they promise (checked with rasterio/fiona, as the algorithms read them)."""
import fiona
import numpy as np
import pytest
import rasterio
from rasterio.features import rasterize
from shapely.geometry import shape

from messy_data import (
    all_nodata_raster,
    cropped_raster,
    high_latitude_scene,
    int16_dem_without_nodata,
    points_first_geopackage,
    probability_rasters,
    shapefile_without_prj,
    shrunk_outlines,
    subpixel_among,
    subpixel_glaciers,
)


def test_shapefile_without_prj_has_no_crs(hintereisferner, tmp_path):
    copy = shapefile_without_prj(hintereisferner["outline"], tmp_path)
    assert not copy.with_suffix(".prj").exists()
    with fiona.open(copy) as source:
        assert not source.crs and len(source) == 1


def test_subpixel_glaciers_cover_no_pixel_centre(everest, tmp_path):
    path = subpixel_glaciers(everest["nir"], tmp_path)
    with rasterio.open(everest["nir"]) as src, fiona.open(path) as source:
        shapes = [shape(f["geometry"]) for f in source]
        burnt = rasterize([(g, 1) for g in shapes], (src.height, src.width), transform=src.transform)
        assert len(shapes) == 3 and burnt.sum() == 0
        assert all(g.area < abs(src.transform.a) ** 2 / 20 for g in shapes)


def test_cropped_raster_is_the_western_half_with_the_same_pixels(everest, tmp_path):
    west = cropped_raster(everest["nir"], tmp_path)
    with rasterio.open(everest["nir"]) as full, rasterio.open(west) as half:
        assert half.width == full.width // 2 and half.transform == full.transform and half.crs == full.crs
        assert np.array_equal(half.read(1), full.read(1)[:, :half.width])


def test_all_nodata_raster_is_nodata_everywhere(everest, tmp_path):
    with rasterio.open(all_nodata_raster(everest["rgb"], tmp_path)) as src:
        assert not src.read_masks().any()


def test_points_first_geopackage_lists_points_then_polygons(everest, tmp_path):
    path = points_first_geopackage(everest["outlines"], tmp_path)
    assert fiona.listlayers(path) == ["stakes", "glaciers"]
    with fiona.open(path, layer="glaciers") as polygons, fiona.open(everest["outlines"]) as source:
        assert len(polygons) == len(source)


def test_int16_dem_has_no_nodata_and_voids(hintereisferner, tmp_path):
    with rasterio.open(int16_dem_without_nodata(hintereisferner["dem"], tmp_path)) as src:
        data = src.read(1)
        assert src.dtypes[0] == "int16" and src.nodata is None and (data == -32768).any()


def test_high_latitude_scene_is_geographic_with_square_ground_pixels(tmp_path):
    from glacier_dl_plugin.core.geo.geodesy import metres_per_unit

    scene = high_latitude_scene(tmp_path)
    with rasterio.open(scene["image"]) as src:
        mx, my = metres_per_unit(src.crs, *src.xy(100, 100))
        assert src.crs.is_geographic
        assert abs(src.transform.a) * mx == pytest.approx(abs(src.transform.e) * my, rel=0.05)
        assert src.bounds.bottom > 77.9
    with fiona.open(scene["outlines"]) as source:
        assert len(source) == 2


def test_subpixel_among_holds_real_glaciers_and_the_tiny_ones_in_the_raster_crs(everest, tmp_path):
    path = subpixel_among(everest["outlines"], everest["rgb"], tmp_path, keep=4)
    with rasterio.open(everest["rgb"]) as src, fiona.open(path) as source:
        ids = [f["properties"]["RGIId"] for f in source]
        assert rasterio.crs.CRS.from_wkt(source.crs_wkt) == src.crs
    assert len(ids) == 7 and ids[-3:] == ["TINY-000", "TINY-001", "TINY-002"]


def test_probability_rasters_are_high_on_the_outlines_and_tagged(everest, tmp_path):
    paths = probability_rasters(everest["outlines"], everest["rgb"], tmp_path)
    with rasterio.open(paths["mean"]) as mean, rasterio.open(paths["std"]) as std:
        values = mean.read(1)
        assert set(np.unique(values)) == {np.float32(0.1), np.float32(0.9)} and std.read(1).max() == np.float32(0.05)
        assert mean.tags()["GLACIERDL_CALIBRATED"] == "1" and (mean.crs, mean.shape) == (std.crs, std.shape)


def test_shrunk_outlines_keep_the_fields_and_lose_area(hintereisferner, tmp_path):
    path = shrunk_outlines(hintereisferner["outline"], tmp_path, 0.0005)
    with fiona.open(hintereisferner["outline"]) as before, fiona.open(path) as after:
        old, new = next(iter(before)), next(iter(after))
        assert new["properties"]["BgnDate"] == "20030799"
        assert 0.7 < shape(new["geometry"]).area / shape(old["geometry"]).area < 1
