"""Where training chips are cut: pixel windows chosen glacier by glacier on a common stride grid."""
from __future__ import annotations

import math
from typing import Iterable

from rasterio.windows import Window
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from .raster_stack import Grid

__all__ = ["chip_windows", "clamp_origin"]


def clamp_origin(origin: int, chip: int, length: int) -> int:
    """Shift a chip origin inward so that the chip lies inside ``[0, length)`` (pixels)."""
    return max(0, min(origin, length - chip))


def _pixel_range(low: float, high: float, origin: float, size: float) -> tuple[int, int]:
    """Pixel indices covered by the CRS interval ``[low, high]`` on an axis starting at ``origin``."""
    a, b = (low - origin) / size, (high - origin) / size
    return math.floor(min(a, b)), math.ceil(max(a, b))


def _grid_origins(first: int, last: int, stride: int) -> range:
    """Multiples of ``stride`` from the one at or before ``first`` up to ``last``."""
    return range((first // stride) * stride, last + 1, stride)


def _centre_window(point, grid: Grid, chip: int) -> tuple[int, int]:
    col, row = ~grid.transform * (point.x, point.y)
    return (clamp_origin(int(row) - chip // 2, chip, grid.height),
            clamp_origin(int(col) - chip // 2, chip, grid.width))


def chip_windows(glacier: BaseGeometry, grid: Grid, chip: int, stride: int, buffer: float) -> Iterable[Window]:
    """Chip windows around one glacier.

    Chips are placed on one stride grid shared by all glaciers (so chips of neighbours coincide and can be
    de-duplicated), keeping those that touch the glacier buffered by ``buffer`` CRS units, plus one chip
    centred on the glacier so that small glaciers between grid nodes are never missed. Windows are shifted
    inward at the raster edges.
    """
    area = glacier.buffer(buffer) if buffer > 0 else glacier
    xmin, ymin, xmax, ymax = area.bounds
    t = grid.transform
    cols = _pixel_range(xmin, xmax, t.c, t.a)
    rows = _pixel_range(ymin, ymax, t.f, t.e)
    seen = {_centre_window(glacier.representative_point(), grid, chip)}
    for row in _grid_origins(rows[0] - chip + 1, rows[1], stride):
        for col in _grid_origins(cols[0] - chip + 1, cols[1], stride):
            r, c = clamp_origin(row, chip, grid.height), clamp_origin(col, chip, grid.width)
            if (r, c) not in seen and area.intersects(box(*grid.window_bounds(Window(c, r, chip, chip)))):
                seen.add((r, c))
    return [Window(c, r, chip, chip) for r, c in sorted(seen)]
