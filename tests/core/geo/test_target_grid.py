"""The target grid: a pixel size in metres on the ground, or in the target CRS's own units (a model's degrees),
aligned with an input already on it, else with a given origin, else with multiples of the pixel size."""
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin

from glacier_dl_plugin.core.geo.ground import metres_per_pixel
from glacier_dl_plugin.core.geo.target_grid import target_grid

UTM = "EPSG:32632"


@pytest.fixture()
def utm_raster(tmp_path):
    path = tmp_path / "utm.tif"
    with rasterio.open(path, "w", driver="GTiff", width=200, height=150, count=1, dtype="float32", crs=UTM,
                       transform=from_origin(630000, 5190000, 30, 30)) as dst:
        dst.write(np.ones((1, 150, 200), np.float32))
    return str(path)


def test_a_pixel_size_in_degrees_gives_a_geographic_grid_over_the_footprint(utm_raster):
    size = (0.000785892, 0.000539729)
    grid = target_grid(utm_raster, "EPSG:4326", pixel_size=size, origin=(10.6048232, 46.913809))
    assert grid.crs == CRS.from_epsg(4326) and grid.pixel_size == pytest.approx(size, rel=1e-12)
    columns, rows = ~grid.transform * (10.6048232, 46.913809)
    assert (columns, rows) == pytest.approx((round(columns), round(rows)), abs=1e-6)  # edges on the origin's
    assert metres_per_pixel(grid) == pytest.approx((60, 60), rel=2e-3)
    assert 0.9 < grid.width * 60 / (200 * 30) < 1.2 and 0.9 < grid.height * 60 / (150 * 30) < 1.2


def test_metres_on_a_geographic_target_are_degrees_per_axis_and_inputs_on_the_grid_stay(utm_raster):
    grid = target_grid(utm_raster, "EPSG:4326", 60.0)
    assert metres_per_pixel(grid) == pytest.approx((60, 60), rel=2e-3) and grid.pixel_size[0] > grid.pixel_size[1]
    same = target_grid(utm_raster, None, pixel_size=(30.0, 30.0), origin=(5.0, 5.0))
    assert same.transform == from_origin(630000, 5190000, 30, 30) and (same.width, same.height) == (200, 150)
