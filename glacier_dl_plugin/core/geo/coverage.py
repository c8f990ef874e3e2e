"""How much of a glacier a raster sees: the pixel centres inside its outline, on the raster and valid.

Rasterising with pixel centres (GDAL's default) gives a glacier smaller than a pixel, lying between four
pixel centres, no pixel at all: it cannot be labelled, predicted alone or scored at that resolution. A
glacier whose outline runs off the raster or over nodata is seen only in part: its area there is the area
of that part. Both are counted here on the raster's own grid, the way the labels, masks and scores are
burnt, so a fully seen glacier has a coverage of exactly 1.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from rasterio.features import rasterize
from rasterio.transform import Affine
from rasterio.windows import Window
from rasterio.windows import transform as window_transform
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..progress import Monitor
from .pixel_windows import clipped, covering_window
from .raster_stack import Grid

__all__ = ["centres_inside", "centre_count", "coverage", "unresolved", "skip_unresolved", "listed", "LISTED"]

LISTED = 10
"""Glacier ids quoted in a message; the others are counted."""


def listed(ids: Sequence[str], limit: int = LISTED) -> str:
    """``a, b, c and 7 more``."""
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def centres_inside(geometry: BaseGeometry, transform: Affine, window: Window) -> np.ndarray:
    """Boolean ``[rows, cols]``: the pixels of ``window`` whose centre lies inside ``geometry``."""
    shape = (int(window.height), int(window.width))
    if geometry.is_empty or 0 in shape:
        return np.zeros(shape, bool)
    return rasterize([(geometry, 1)], out_shape=shape, transform=window_transform(window, transform),
                     dtype=np.uint8).astype(bool)


def centre_count(geometry: BaseGeometry, transform: Affine) -> int:
    """Pixel centres of the grid of ``transform`` inside ``geometry``, on the grid or beyond its edges."""
    if geometry.is_empty:
        return 0
    return int(centres_inside(geometry, transform, covering_window(geometry.bounds, transform)).sum())


def coverage(geometry: BaseGeometry, grid: Grid, valid: Callable[[Window], np.ndarray] | None = None) -> float:
    """Share of the glacier's pixel centres that lie on ``grid`` (and are valid there, per ``valid``).

    A glacier with no pixel centre at all (smaller than a pixel) counts by the pixel under its
    representative point: 1 when it lies on the grid (and is valid), else 0.

    Args:
        valid: optional reader of a window's validity (boolean ``[rows, cols]``, e.g. not nodata).
    """
    total = centre_count(geometry, grid.transform)
    if total == 0:
        point = geometry.representative_point() if not geometry.is_empty else None
        if point is None:
            return 0.0
        col, row = (int(np.floor(v)) for v in ~grid.transform * (point.x, point.y))
        if not (0 <= row < grid.height and 0 <= col < grid.width):
            return 0.0
        return float(valid(Window(col, row, 1, 1))[0, 0]) if valid else 1.0
    window = clipped(covering_window(geometry.bounds, grid.transform), grid.width, grid.height)
    if window is None:
        return 0.0
    inside = centres_inside(geometry, grid.transform, window)
    if valid is not None:
        inside &= valid(window)
    return float(inside.sum()) / total


def unresolved(outlines: Mapping[str, BaseGeometry], grid: Grid) -> list[str]:
    """Ids of the glaciers lying (partly) on ``grid`` whose part on it holds no pixel centre."""
    raster = box(*grid.bounds)
    tiny = []
    for glacier_id, outline in outlines.items():
        if not outline.intersects(raster):
            continue
        window = clipped(covering_window(outline.bounds, grid.transform), grid.width, grid.height)
        if window is None or not centres_inside(outline, grid.transform, window).any():
            tiny.append(glacier_id)
    return tiny


_FIX = "Use rasters of finer pixels, or include larger glaciers."


def skip_unresolved(outlines: Mapping[str, BaseGeometry], grid: Grid, parameter: str, monitor: Monitor,
                    what: str = "glacier", fix: str = _FIX, note: str = "") -> list[str]:
    """The glaciers to leave out because they hold no pixel centre of ``grid`` (:func:`unresolved`), warned
    about with their ids and count.

    Args:
        what: what the outlines are, in messages (``glacier``, ``reference glacier``...).
        fix: what to do when none is left; note: said after "the grid" (e.g. " even with the 0 m BUFFER").

    Raises:
        InputError: (``parameter``) every glacier on the grid holds no pixel centre.
    """
    tiny = unresolved(outlines, grid)
    if not tiny:
        return []
    size = " × ".join(f"{s:.6g}" for s in grid.pixel_size)
    raster = box(*grid.bounds)
    left = [g for g, outline in outlines.items() if g not in set(tiny) and outline.intersects(raster)]
    if not left:
        raise InputError(parameter, f"every {what} on the raster ({len(tiny)}: {listed(tiny)}) holds no pixel centre "
                         f"of its grid of {size} CRS units{note}: smaller than a pixel, it cannot be mapped at this "
                         "resolution.", fix)
    monitor.warning(f"{parameter}: {len(tiny)} {what}(s) hold no pixel centre of the grid of {size} CRS units{note} "
                    f"(smaller than a pixel, or only a sliver on the raster) and were skipped: {listed(tiny)}.")
    return tiny
