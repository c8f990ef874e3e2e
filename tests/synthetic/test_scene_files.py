"""Writing a synthetic scene: a glacier's clean-ice and debris outlines from the truth's pixels, with areas."""
import fiona
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin
from shapely.geometry import shape

from synthetic.scene_files import outline_records, write_outlines, write_raster

UTM = CRS.from_epsg(32645)
TRANSFORM = from_origin(480000, 3110000, 30, 30)


def test_each_glacier_gets_one_feature_per_surface_with_its_ground_area(tmp_path):
    labels = np.zeros((10, 10), np.int32)
    labels[1:5, 1:5], labels[6:9, 6:9] = 1, 2
    debris = np.zeros((10, 10), bool)
    debris[3:5, 1:5] = True  # the lower half of glacier 1
    records = outline_records(labels, debris, TRANSFORM, UTM)
    found = {(r["properties"]["glacier_id"], r["properties"]["surface"]): r for r in records}
    assert set(found) == {("G001", "clean_ice"), ("G001", "debris"), ("G002", "clean_ice")}
    assert found["G001", "debris"]["properties"]["area_km2"] == pytest.approx(8 * 0.0009)
    assert shape(found["G002", "clean_ice"]["geometry"]).bounds == (480180, 3109730, 480270, 3109820)
    write_outlines(tmp_path / "g.gpkg", records, UTM)
    with fiona.open(tmp_path / "g.gpkg", layer="glaciers") as layer:
        assert len(layer) == 3 and CRS.from_wkt(layer.crs_wkt) == UTM


def test_rasters_are_tiled_deflated_and_described(tmp_path):
    data = np.arange(2 * 300 * 260, dtype=np.uint16).reshape(2, 300, 260)
    write_raster(tmp_path / "r.tif", data, TRANSFORM, UTM, 0, ("a", "b"))
    with rasterio.open(tmp_path / "r.tif") as src:
        assert (src.read() == data).all() and src.descriptions == ("a", "b") and src.nodata == 0
        assert src.block_shapes[0] == (256, 256) and src.compression.name == "deflate"
    assert [p.name for p in tmp_path.iterdir()] == ["r.tif"]  # no temporary left
