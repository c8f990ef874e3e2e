"""Where predict computes: the whole raster, an extent, or buffered glacier polygons.

An :class:`AreaOfInterest` is a window of the input grid (the output grid) plus, for glaciers, the
buffered polygons in the grid CRS. A tile that touches no buffered polygon is never computed and pixels
outside every buffer are nodata; inside a buffer every covering tile is computed, so the values equal
those of a whole-raster run.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rasterio.crs import CRS
from rasterio.features import geometry_mask
from rasterio.warp import transform_bounds
from rasterio.windows import Window
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.prepared import prep

from ..errors import InputError
from ..geo.coverage import skip_unresolved
from ..geo.glaciers import GlacierSet
from ..geo.ground import buffer_on_ground
from ..geo.pixel_windows import clipped, covering_window
from ..geo.raster_stack import Grid
from ..progress import SILENT, Monitor

__all__ = ["AreaOfInterest", "whole_raster", "extent_area", "glacier_area"]


@dataclass(frozen=True)
class AreaOfInterest:
    """The output grid as a window of the input grid, and optional buffered glaciers (grid CRS).

    Attributes:
        window: the output grid's pixels on the input grid.
        grid: the output grid (the input grid cropped to ``window``).
        glaciers: buffered glacier polygons by glacier id; empty: every pixel of the window counts.
    """

    window: Window
    grid: Grid
    glaciers: dict[str, BaseGeometry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # shapely 1.8 shares one GEOS context between threads: the reader and the writer both rasterise
        object.__setattr__(self, "_geos", threading.Lock())
        if self.glaciers:
            union = unary_union(list(self.glaciers.values()))
            object.__setattr__(self, "_union", prep(union))

    def tile_touches(self, row: int, col: int, tile: int) -> bool:
        """Whether the tile at output pixel ``(row, col)`` touches a buffered glacier (always without any)."""
        if not self.glaciers:
            return True
        with self._geos:
            return self._union.intersects(box(*self.grid.window_bounds(Window(col, row, tile, tile))))

    def mask(self, window: Window) -> np.ndarray | None:
        """Pixels of an output ``window`` inside a buffered glacier (``None``: no restriction)."""
        if not self.glaciers:
            return None
        return self.inside(window, list(self.glaciers))

    def inside(self, window: Window, ids: Sequence[str]) -> np.ndarray:
        """Boolean ``[rows, cols]``: pixels of an output ``window`` inside the buffers of glaciers ``ids``."""
        shape_ = (int(window.height), int(window.width))
        with self._geos:
            area = box(*self.grid.window_bounds(window))
            hits = [mapping(self.glaciers[i]) for i in ids if i in self.glaciers and self.glaciers[i].intersects(area)]
        if not hits:
            return np.zeros(shape_, bool)
        return ~geometry_mask(hits, shape_, self.grid.window_transform(window))


def _crop(grid: Grid, window: Window) -> Grid:
    return Grid(grid.crs, grid.window_transform(window), int(window.width), int(window.height))


def whole_raster(grid: Grid) -> AreaOfInterest:
    """The whole input grid."""
    window = Window(0, 0, grid.width, grid.height)
    return AreaOfInterest(window, grid)


def extent_area(grid: Grid, bounds: Sequence[float], crs: str | CRS) -> AreaOfInterest:
    """The input grid cropped to an extent ``(xmin, ymin, xmax, ymax)`` given in ``crs`` (empty: the grid's).

    Raises:
        InputError: the extent does not overlap the input rasters (EXTENT).
    """
    crs = CRS.from_user_input(crs) if crs else grid.crs
    in_grid = transform_bounds(crs, grid.crs, *bounds, densify_pts=21) if crs != grid.crs else tuple(bounds)
    window = clipped(covering_window(in_grid, grid.transform), grid.width, grid.height)
    if window is None:
        raise InputError("EXTENT", "the extent does not overlap the input rasters.",
                         "Draw the extent over the rasters, or leave it empty for the whole raster.")
    return AreaOfInterest(window, _crop(grid, window))


def glacier_area(grid: Grid, glaciers: GlacierSet, buffer_m: float, monitor: Monitor = SILENT) -> AreaOfInterest:
    """The input grid, restricted to ``glaciers`` (already in the grid CRS) buffered by ``buffer_m`` metres on
    the ground (:func:`core.geo.ground.buffer_on_ground`). Glaciers whose buffered outline holds no pixel
    centre (smaller than a pixel, with a small buffer) would get no predicted pixel: they are left out with a
    warning listing them.

    Raises:
        InputError: no glacier overlaps the input rasters, or every one is smaller than a pixel (GLACIERS); a
            negative buffer (BUFFER).
    """
    if buffer_m < 0:
        raise InputError("BUFFER", f"must not be negative, got {buffer_m}.", "Use 0 or more metres.")
    raster = box(*grid.bounds)
    buffered = {gid: buffer_on_ground(g, buffer_m, grid.crs) for gid, g in glaciers.by_glacier().items()}
    buffered = {gid: g for gid, g in buffered.items() if g.intersects(raster)}
    if not buffered:
        raise InputError("GLACIERS", "no glacier polygon overlaps the input rasters.",
                         "Select glaciers inside the rasters (and check that the layers' CRSs are set).")
    tiny = skip_unresolved(buffered, grid, "GLACIERS", monitor, fix="Give a BUFFER of a few pixels (e.g. 300 m), or "
                           "include larger glaciers.", note=f" even with the {buffer_m:g} m BUFFER")
    buffered = {gid: g for gid, g in buffered.items() if gid not in set(tiny)}
    return AreaOfInterest(Window(0, 0, grid.width, grid.height), grid, buffered)
