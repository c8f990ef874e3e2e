"""Window arithmetic: whole pixels covering bounds (rounded outward), padding, and clipping to the grid."""
from rasterio.transform import from_origin
from rasterio.windows import Window

from glacier_dl_plugin.core.geo.pixel_windows import clipped, covering_window, padded

TRANSFORM = from_origin(1000.0, 2000.0, 10.0, 10.0)  # 10 m pixels, top-left corner (1000, 2000)


def test_bounds_inside_pixels_are_rounded_outward_to_whole_pixels():
    # x 1015-1041 meets columns 1-4, y 1955-1979 meets rows 2-4
    assert covering_window((1015, 1955, 1041, 1979), TRANSFORM) == Window(1, 2, 4, 3)
    assert covering_window((1010, 1950, 1040, 1980), TRANSFORM) == Window(1, 2, 3, 3)  # on pixel edges: exact
    assert covering_window((950, 1990, 960, 2030), TRANSFORM) == Window(-5, -3, 1, 4)  # beyond the grid: kept


def test_padding_and_clipping_to_the_grid():
    assert padded(Window(5, 6, 2, 3), 1, 2) == Window(3, 5, 6, 5)
    assert clipped(Window(-3, 8, 6, 5), 10, 10) == Window(0, 8, 3, 2)
    assert clipped(Window(2, 2, 3, 3), 10, 10) == Window(2, 2, 3, 3)
    assert clipped(Window(10, 0, 4, 4), 10, 10) is None  # touches the edge only
    assert clipped(Window(3, 3, 0, 4), 10, 10) is None  # no pixel at all
