"""Window arithmetic on north-up grids, through ``rasterio.windows``: the whole pixels covering some bounds,
padded, and clipped to a grid. Windows are in pixels (column and row offsets from the top-left corner)."""
from __future__ import annotations

import math
from collections.abc import Sequence

from rasterio.transform import Affine
from rasterio.windows import Window, from_bounds, intersect

__all__ = ["covering_window", "padded", "clipped"]


def covering_window(bounds: Sequence[float], transform: Affine) -> Window:
    """The whole pixels meeting ``bounds`` (xmin, ymin, xmax, ymax in the grid CRS), rounded outward; not
    clipped, so it may reach beyond the grid."""
    (row0, row1), (col0, col1) = from_bounds(*bounds, transform=transform).toranges()
    row0, col0 = math.floor(row0), math.floor(col0)
    return Window(col0, row0, math.ceil(col1) - col0, math.ceil(row1) - row0)


def padded(window: Window, rows: int, cols: int) -> Window:
    """``window`` grown by ``rows`` pixels above and below and ``cols`` pixels left and right."""
    return Window(window.col_off - cols, window.row_off - rows, window.width + 2 * cols, window.height + 2 * rows)


def clipped(window: Window, width: int, height: int) -> Window | None:
    """The part of ``window`` inside a ``width`` x ``height`` grid; None when it has no pixel there."""
    grid = Window(0, 0, width, height)
    if window.width <= 0 or window.height <= 0 or not intersect(window, grid):
        return None
    return window.intersection(grid)
