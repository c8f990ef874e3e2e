"""Glacier zones: the outline buffered on the ground along both axes (also on geographic grids), minus the
neighbouring glaciers; the window and pixel areas of a zone."""
import math

import pytest
from pyproj import Geod
from rasterio.crs import CRS
from rasterio.transform import from_origin
from shapely.geometry import box

from glacier_dl_plugin.core.assess.scoring_zones import glacier_zones, pixel_areas_km2, zone_masks
from glacier_dl_plugin.core.geo.raster_stack import Grid

UTM = CRS.from_epsg(32645)


def test_a_100_m_zone_at_60_degrees_north_reaches_100_m_along_each_axis():
    glacier = box(9.995, 59.995, 10.005, 60.005)
    zone = glacier_zones({"G": glacier}, CRS.from_epsg(4326), 100)[0].zone
    west, south, east, north = zone.bounds
    geod = Geod(ellps="WGS84")
    assert geod.inv(10.005, 60, east, 60)[2] == pytest.approx(100, rel=1e-3)  # on the ground, both ways
    assert geod.inv(10, 60.005, 10, north)[2] == pytest.approx(100, rel=1e-3)
    assert (10.005 - 9.995) / (east - west) < (60.005 - 59.995) / (north - south)  # more degrees east-west


def test_a_neighbour_is_cut_out_of_the_zone_but_the_glacier_itself_is_kept():
    left, right = box(500000, 3100000, 500100, 3100100), box(500100, 3100000, 500200, 3100100)
    zones = {z.glacier_id: z for z in glacier_zones({"L": left, "R": right}, UTM, 50)}
    zone = zones["L"].zone
    assert zone.intersection(right).area == pytest.approx(0, abs=1e-6) and zone.contains(left)
    # the buffer (square + four sides + round corners) less the neighbour's 50 m strip
    assert zone.area == pytest.approx(100 * 100 + 4 * 100 * 50 + math.pi * 50**2 - 50 * 100, rel=0.01)


def test_on_a_grid_a_zone_has_its_window_masks_and_pixel_areas():
    grid = Grid(UTM, from_origin(500000, 3100300, 30, 30), 10, 10)
    glacier = box(500090, 3100090, 500210, 3100210)  # pixels 3..6 both ways
    [zone] = glacier_zones({"G": glacier}, UTM, 30, grid)
    in_zone, in_outline = zone_masks(zone, grid)
    assert in_outline.sum() == 16 and in_zone.sum() > in_outline.sum()
    assert pixel_areas_km2(grid, zone.window) == pytest.approx(0.0009, rel=2e-3)  # 30 m × 30 m, UTM scale
