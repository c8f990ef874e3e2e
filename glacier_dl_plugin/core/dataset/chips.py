"""Where training chips are cut: pixel windows chosen glacier by glacier, or on a regular moving window.

All planning happens in pixel coordinates of the target grid (x = column, y = row), so a buffer in metres
becomes a buffer in pixels along each axis (:mod:`core.geo.ground`) and works the same on projected and
geographic grids.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from shapely.affinity import affine_transform
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.prepared import prep

from ..geo.ground import grow
from ..geo.raster_stack import Grid

__all__ = ["clamp_origin", "to_pixels", "search_area", "glacier_windows", "margin_windows", "grid_windows"]

Origin = tuple[int, int]  # (row_off, col_off) of a chip window, in pixels


def clamp_origin(origin: int, chip: int, length: int) -> int:
    """Shift a chip origin inward so that the chip lies inside ``[0, length)`` (pixels)."""
    return max(0, min(origin, length - chip))


def to_pixels(geometry: BaseGeometry, grid: Grid) -> BaseGeometry:
    """``geometry`` (grid CRS) in pixel coordinates: x = column, y = row, both from the top-left corner."""
    inverse = ~grid.transform
    return affine_transform(geometry, [inverse.a, inverse.b, inverse.d, inverse.e, inverse.c, inverse.f])


def _centred(row: float, col: float, chip: int, shape: tuple[int, int]) -> Origin:
    return (clamp_origin(math.floor(row) - chip // 2, chip, shape[0]),
            clamp_origin(math.floor(col) - chip // 2, chip, shape[1]))


def _stride_origins(low: float, high: float, chip: int, stride: int) -> range:
    """Multiples of ``stride`` whose chip ``[o, o + chip)`` can meet the pixel interval ``[low, high]``."""
    first = math.floor(low) - chip + 1
    return range((first // stride) * stride, math.ceil(high) + 1, stride)


def search_area(glacier: BaseGeometry, buffer_px: tuple[float, float]) -> BaseGeometry:
    """Where chips must touch ``glacier`` (pixel coordinates): grown by ``buffer_px`` (columns, rows) pixels.

    Outlines traced from pixels have a vertex at every pixel corner: simplified by one pixel and with coarse
    round caps, buffering is many times faster and finds the chips it should to within about a pixel. A
    glacier that simplification would erase (smaller than about a pixel) is grown as it is.
    """
    if max(buffer_px) <= 0:
        return glacier
    simplified = glacier.simplify(1.0, preserve_topology=False)
    return grow(glacier if simplified.is_empty else simplified, buffer_px, resolution=_cap_resolution(max(buffer_px)))


def _cap_resolution(radius: float) -> int:
    """Segments per quarter circle keeping round caps within a pixel of a circle of ``radius`` pixels: the
    fewest ``n`` with ``radius · (1 − cos(π / 4n)) <= 1``, at least 2 (enough up to 13 px)."""
    if radius <= 1:
        return 2
    return max(2, math.ceil(math.pi / (4 * math.acos(1 - 1 / radius))))


def glacier_windows(glacier: BaseGeometry, shape: tuple[int, int], chip: int, stride: int,
                    buffer_px: tuple[float, float]) -> set[Origin]:
    """Chip origins around one glacier (pixel coordinates).

    Chips are placed on one stride grid shared by all glaciers (so chips of neighbours coincide and are
    de-duplicated), keeping those that touch the glacier buffered by ``buffer_px`` (columns, rows), plus one chip
    centred on the glacier so that small glaciers between grid nodes are never missed. Windows are shifted
    inward at the raster edges.
    """
    area = search_area(glacier, buffer_px)
    inside = glacier.intersection(box(0, 0, shape[1], shape[0]))  # the centre chip must show the glacier
    seen = set()
    if not inside.is_empty:
        point = inside.representative_point()
        seen.add(_centred(point.y, point.x, chip, shape))
    if area.is_empty:  # an empty geometry has no bounds
        return seen
    prepared = prep(area)
    xmin, ymin, xmax, ymax = area.bounds
    for row in _stride_origins(ymin, ymax, chip, stride):
        for col in _stride_origins(xmin, xmax, chip, stride):
            r, c = clamp_origin(row, chip, shape[0]), clamp_origin(col, chip, shape[1])
            if (r, c) not in seen and prepared.intersects(box(c, r, c + chip, r + chip)):
                seen.add((r, c))
    return seen


def _rings(geometry: BaseGeometry) -> Iterable:
    for polygon in getattr(geometry, "geoms", [geometry]):
        yield polygon.exterior


def margin_windows(glacier: BaseGeometry, shape: tuple[int, int], chip: int, spacing: float,
                   planned: set[Origin]) -> set[Origin]:
    """Chips centred on points every ``spacing`` pixels along the glacier's outer margin.

    A margin point already within the central half of a planned chip needs no chip of its own: what matters
    is that every stretch of margin is seen somewhere with context on both sides.
    """
    origins = np.array(sorted(planned), dtype=float).reshape(-1, 2)
    added: set[Origin] = set()
    for ring in _rings(glacier):
        for distance in np.arange(0.0, ring.length, spacing):
            point = ring.interpolate(distance)
            inside = ((origins[:, 0] + chip / 4 <= point.y) & (point.y < origins[:, 0] + 3 * chip / 4)
                      & (origins[:, 1] + chip / 4 <= point.x) & (point.x < origins[:, 1] + 3 * chip / 4))
            if not inside.any():
                origin = _centred(point.y, point.x, chip, shape)
                added.add(origin)
                origins = np.vstack([origins, origin])
    return added


def _axis_origins(length: int, chip: int, stride: int) -> list[int]:
    """Origins every ``stride`` pixels, plus one flush with the far edge so the whole axis is covered."""
    origins = list(range(0, length - chip + 1, stride))
    if origins[-1] != length - chip:
        origins.append(length - chip)
    return origins


def grid_windows(shape: tuple[int, int], chip: int, stride: int, mask: BaseGeometry | None = None) -> list[Origin]:
    """A moving window over the whole grid, or only where it meets ``mask`` (pixel coordinates)."""
    prepared = prep(mask) if mask is not None else None
    return [(r, c) for r in _axis_origins(shape[0], chip, stride) for c in _axis_origins(shape[1], chip, stride)
            if prepared is None or prepared.intersects(box(c, r, c + chip, r + chip))]
