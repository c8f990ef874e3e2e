"""Chip placement maths in pixel coordinates: clamping at the raster edges, pixel geometry, the buffered search
area, glacier, margin and moving-window chips."""
import numpy as np
import pytest
from affine import Affine
from rasterio.crs import CRS
from shapely.geometry import Point, Polygon, box

from glacier_dl_plugin.core.dataset.chips import (
    clamp_origin,
    glacier_windows,
    grid_windows,
    margin_windows,
    search_area,
    to_pixels,
)
from glacier_dl_plugin.core.geo.raster_stack import Grid


@pytest.mark.parametrize("origin, expected", [(-7, 0), (0, 0), (30, 30), (36, 36), (37, 36), (500, 36)])
def test_chip_origins_are_shifted_inward_to_keep_the_chip_inside(origin, expected):
    assert clamp_origin(origin, 64, 100) == expected


def test_to_pixels_puts_columns_on_x_and_rows_on_y_from_the_top_left_corner():
    grid = Grid(CRS.from_epsg(32645), Affine(30, 0, 400_000, 0, -30, 3_121_000), 100, 80)
    pixels = to_pixels(box(400_300, 3_120_100, 400_600, 3_120_700), grid)
    assert pixels.bounds == pytest.approx((10, 10, 20, 30))
    geographic = Grid(CRS.from_epsg(4326), Affine(0.001, 0, 86.9, 0, -0.0005, 28.0), 200, 100)
    assert to_pixels(Point(86.95, 27.99), geographic).coords[0] == pytest.approx((50, 20))


def test_the_search_area_grows_by_the_buffer_along_each_axis_and_none_leaves_the_glacier():
    glacier = box(50, 50, 150, 100)
    assert search_area(glacier, (0, 0)) is glacier
    area = search_area(glacier, (12, 4))  # 12 px along columns, 4 px along rows (non-square ground pixels)
    assert area.bounds == pytest.approx((38, 46, 162, 104))
    assert area.contains(glacier) and area.area < glacier.buffer(12).area


def test_grid_windows_cover_the_raster_edges_and_respect_a_mask():
    windows = grid_windows((100, 70), 32, 32)
    assert sorted({r for r, _ in windows}) == [0, 32, 64, 68] and sorted({c for _, c in windows}) == [0, 32, 38]
    assert grid_windows((100, 70), 32, 32, box(0, 0, 10, 10)) == [(0, 0)]


@pytest.mark.parametrize("shape", [(64, 64), (65, 64), (129, 200)])
def test_grid_windows_cover_every_pixel_and_stay_inside(shape):
    covered = np.zeros(shape, int)
    for r, c in grid_windows(shape, 64, 48):
        assert 0 <= r <= shape[0] - 64 and 0 <= c <= shape[1] - 64
        covered[r:r + 64, c:c + 64] += 1
    assert (covered > 0).all()


def test_glacier_windows_touch_the_buffered_glacier_and_centre_a_chip_on_it():
    glacier = Point(200, 150).buffer(5)
    origins = glacier_windows(glacier, (400, 400), 64, 64, buffer_px=(20, 20))
    area = glacier.buffer(20)
    for r, c in origins:
        assert area.intersects(box(c, r, c + 64, r + 64))
    assert (150 - 32, 200 - 32) in origins  # the centre chip, off the stride grid
    assert any(not glacier.intersects(box(c, r, c + 64, r + 64)) for r, c in origins)  # reached by the buffer


def test_glacier_windows_at_the_raster_edge_are_shifted_inside_and_a_glacier_beyond_it_gets_none():
    corner = box(-40, -40, 10, 10)  # mostly beyond the top-left corner
    origins = glacier_windows(corner, (200, 300), 64, 32, buffer_px=(0, 0))
    assert origins == {(0, 0)}
    east = box(280, 50, 330, 90)  # across the right edge at column 300
    origins = glacier_windows(east, (200, 300), 64, 32, buffer_px=(0, 0))
    assert {c for _, c in origins} == {224, 300 - 64}  # the stride node at 224, and stride nodes shifted inward
    assert all(0 <= r <= 200 - 64 and east.intersects(box(c, r, c + 64, r + 64)) for r, c in origins)
    assert glacier_windows(box(400, 400, 450, 450), (200, 300), 64, 32, buffer_px=(10, 10)) == set()


def test_a_glacier_between_stride_nodes_still_gets_its_centre_chip():
    tiny = box(100, 100, 102, 102)  # smaller than a pixel of the stride grid's spacing
    origins = glacier_windows(tiny, (400, 400), 32, 128, buffer_px=(0, 0))
    assert (101 - 16, 101 - 16) in origins
    assert all(tiny.intersects(box(c, r, c + 32, r + 32)) for r, c in origins)


def test_margin_chips_put_every_stretch_of_margin_in_the_middle_of_a_chip():
    glacier = box(50, 50, 350, 250)
    planned = glacier_windows(glacier, (400, 400), 64, 64, buffer_px=(0, 0))
    planned |= margin_windows(glacier, (400, 400), 64, 64, planned)
    for distance in np.arange(0, glacier.exterior.length, 64):
        point = glacier.exterior.interpolate(distance)
        assert any(r + 16 <= point.y < r + 48 and c + 16 <= point.x < c + 48 for r, c in planned)


def test_margins_already_seen_need_no_chip_and_holes_are_no_margin():
    glacier = box(100, 100, 140, 140).difference(box(115, 115, 125, 125))  # a hole in the middle
    centred = {(120 - 32, 120 - 32)}  # one 64 px chip whose central half (rows/cols 104-136) holds most margin
    added = margin_windows(glacier, (400, 400), 64, 16, centred)
    assert added and centred.isdisjoint(added)
    for r, c in added:  # centred on points of the outer ring, never on the hole's
        centre = Point(c + 32, r + 32)
        assert glacier.exterior.distance(centre) <= 1
    assert margin_windows(box(150, 150, 170, 170), (400, 400), 64, 16, {(128, 128)}) == set()


def test_a_glacier_smaller_than_a_pixel_still_gets_its_windows():
    """Simplifying by a pixel erases a glacier a fifth of a pixel wide: it is buffered as it is."""
    tiny = box(100.4, 100.4, 100.6, 100.6)
    assert not search_area(tiny, (3, 3)).is_empty and search_area(tiny, (3, 3)).contains(tiny)
    origins = glacier_windows(tiny, (400, 400), 64, 64, buffer_px=(3, 3))
    assert (68, 68) in origins and all(box(c, r, c + 64, r + 64).intersects(tiny.buffer(3)) for r, c in origins)
    assert glacier_windows(Polygon(), (400, 400), 64, 64, buffer_px=(0, 0)) == set()  # empty: no bounds
