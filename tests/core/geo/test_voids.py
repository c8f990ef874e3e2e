"""Void values in bands that declare no nodata (SRTM's -32768)."""
import numpy as np
import rasterio
from rasterio.transform import from_origin

from glacier_dl_plugin.core.geo.voids import Void, undeclared_voids


def write(path, values, nodata=None):
    with rasterio.open(path, "w", driver="GTiff", width=values.shape[1], height=values.shape[0], count=1,
                       dtype=values.dtype, crs="EPSG:4326", transform=from_origin(10, 47, 0.001, 0.001),
                       nodata=nodata) as dst:
        dst.write(values, 1)
    return str(path)


def test_srtm_voids_without_nodata_are_found_with_their_share(tmp_path):
    dem = np.full((100, 100), 2500, np.int16)
    dem[:10, :20] = -32768
    assert undeclared_voids(write(tmp_path / "dem.tif", dem)) == [Void(1, -32768.0, 0.02)]


def test_a_declared_nodata_or_no_voids_finds_nothing(tmp_path):
    dem = np.full((50, 50), 2500, np.int16)
    assert undeclared_voids(write(tmp_path / "clean.tif", dem)) == []
    dem[:5] = -32768
    assert undeclared_voids(write(tmp_path / "declared.tif", dem, nodata=-32768)) == []


def test_large_rasters_are_sampled(tmp_path, monkeypatch):
    from glacier_dl_plugin.core.geo import voids

    monkeypatch.setattr(voids, "SAMPLE_SIDE", 64)
    dem = np.full((256, 256), 100.0, np.float32)
    dem[:128] = -9999.0
    found = undeclared_voids(write(tmp_path / "big.tif", dem))
    assert [(v.band, v.value) for v in found] == [(1, -9999.0)] and 0.4 < found[0].share < 0.6
