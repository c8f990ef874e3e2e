"""What a raster sees of a glacier: pixel centres inside, the covered share, glaciers smaller than a pixel."""
import numpy as np
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin
from shapely.geometry import box

from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.coverage import centre_count, coverage, listed, skip_unresolved, unresolved
from glacier_dl_plugin.core.geo.raster_stack import Grid
from glacier_dl_plugin.core.progress import Monitor

GRID = Grid(CRS.from_epsg(32645), from_origin(0, 300, 30, 30), 10, 10)  # 10 x 10 pixels of 30 m, x 0-300 m


def between_centres(col, row, width=6.0):
    """A square ``width`` metres wide on the pixel corner at (col, row): the farthest point from every centre."""
    x, y = GRID.transform * (col, row)
    return box(x - width / 2, y - width / 2, x + width / 2, y + width / 2)


def test_centres_are_counted_on_and_beyond_the_grid():
    assert centre_count(box(0, 0, 90, 90), GRID.transform) == 9
    assert centre_count(box(-90, 0, 90, 90), GRID.transform) == 18  # half of it west of the grid
    assert centre_count(between_centres(5, 5), GRID.transform) == 0


def test_coverage_is_the_share_of_centres_on_the_grid_and_valid():
    assert coverage(box(0, 0, 90, 90), GRID) == 1.0
    assert coverage(box(-90, 0, 90, 90), GRID) == 0.5
    assert coverage(box(400, 0, 490, 90), GRID) == 0.0
    valid = lambda window: np.arange(int(window.width))[None, :].repeat(int(window.height), 0) < 1  # noqa: E731
    assert coverage(box(0, 0, 90, 90), GRID, valid) == pytest.approx(1 / 3)  # only the first column valid


def test_a_glacier_smaller_than_a_pixel_is_covered_by_the_pixel_under_it():
    assert coverage(between_centres(5, 5), GRID) == 1.0
    assert coverage(between_centres(5, 5), GRID, lambda window: np.zeros((1, 1), bool)) == 0.0


def test_unresolved_glaciers_hold_no_pixel_centre_of_the_grid():
    outlines = {"big": box(0, 0, 90, 90), "tiny": between_centres(3, 3), "far": between_centres(30, 30),
                "sliver": box(295, 100, 310, 200)}  # sliver: only 5 m on the grid, no centre there
    assert unresolved(outlines, GRID) == ["tiny", "sliver"]


def test_skipped_glaciers_are_warned_about_and_none_left_is_an_error():
    warnings = []
    outlines = {"big": box(0, 0, 90, 90), "TINY-1": between_centres(3, 3), "TINY-2": between_centres(6, 6)}
    assert skip_unresolved(outlines, GRID, "GLACIERS", Monitor(warn=warnings.append)) == ["TINY-1", "TINY-2"]
    assert warnings == ["GLACIERS: 2 glacier(s) hold no pixel centre of the grid of 30 × 30 CRS units (smaller than "
                        "a pixel, or only a sliver on the raster) and were skipped: TINY-1, TINY-2."]
    assert skip_unresolved({"big": outlines["big"]}, GRID, "GLACIERS", Monitor()) == []
    with pytest.raises(InputError, match=r"^REFERENCE: every reference glacier on the raster \(2: TINY-1, TINY-2\) "
                                         r"holds no pixel centre .* Use rasters of finer pixels"):
        skip_unresolved({k: v for k, v in outlines.items() if k != "big"}, GRID, "REFERENCE", Monitor(),
                        "reference glacier")


def test_listed_ids_are_cut_after_ten():
    assert listed([str(n) for n in range(12)]) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more"
