"""Polygonize's territories: within the buffer in metres along both axes, and the nearer glacier wins."""
import numpy as np
import pytest
from pyproj import Geod
from rasterio.crs import CRS
from rasterio.transform import from_origin
from shapely.geometry import box

from glacier_dl_plugin.core.assess.territories import Territories, glacier_window

UTM = CRS.from_epsg(32632)


def test_a_pixel_between_two_glaciers_goes_to_the_nearer_one():
    transform = from_origin(0, 1000, 10, 10)  # 100 x 100 px of 10 m
    west, east = box(100, 400, 300, 600), box(500, 400, 700, 600)  # 200 m apart: they meet at x = 400
    territories = Territories({"W": west, "E": east}, transform, 500)
    masks = []
    for number, glacier in ((1, west), (2, east)):
        place = glacier_window(glacier, UTM, transform, 100, 100, 500)
        whole = np.zeros((100, 100), bool)
        w = place.window
        whole[w.row_off:w.row_off + w.height, w.col_off:w.col_off + w.width] = territories.mask(number, place)
        masks.append(whole)
    assert not np.any(masks[0] & masks[1])
    assert masks[0][50, :40].all() and not masks[0][50, 40:].any()  # columns 0-39 are nearer the west glacier
    assert masks[1][50, 40:].all()


def test_on_a_geographic_grid_the_buffer_is_as_many_metres_along_rows_as_along_columns():
    transform = from_origin(15.40, 78.26, 0.0005, 0.0005)  # 11.4 m x 55.8 m pixels at 78.2° N
    glacier = box(15.49, 78.19, 15.51, 78.21)
    place = glacier_window(glacier, CRS.from_epsg(4326), transform, 400, 240, 300)
    assert place.scale.x == pytest.approx(11.4, abs=0.1) and place.scale.y == pytest.approx(55.8, abs=0.1)
    mask = Territories({"G": glacier}, transform, 300).mask(1, place)
    rows, cols = np.nonzero(mask)
    west, north = transform * (place.window.col_off + cols.min(), place.window.row_off + rows.min())
    east, south = transform * (place.window.col_off + cols.max() + 1, place.window.row_off + rows.max() + 1)
    geod = Geod(ellps="WGS84")
    for reach, pixel in ((geod.inv(15.51, 78.2, east, 78.2)[2], 11.4), (geod.inv(west, 78.2, 15.49, 78.2)[2], 11.4),
                         (geod.inv(15.5, 78.21, 15.5, north)[2], 55.8), (geod.inv(15.5, south, 15.5, 78.19)[2], 55.8)):
        assert reach == pytest.approx(300, abs=pixel)  # 300 m on the ground both ways, to within a pixel
