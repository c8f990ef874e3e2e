"""Where predict computes: the whole raster, an extent, or buffered glacier polygons.

An :class:`AreaOfInterest` is a window of the input grid (the output grid) plus, for glaciers, the
buffered polygons in the grid CRS. For glaciers the window is the one covering the buffers' union, so the
outputs cover only the selection. Tiles are always those of the whole input grid's sliding window
(:func:`plan_area`), whatever the window: a tile that touches no buffered polygon is never computed and
pixels outside every buffer are nodata; inside a buffer every covering tile is computed at the position a
whole-raster run gives it, so the values equal that run's.
"""
from __future__ import annotations

import bisect
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
from .blocks import Block, _read_window, plan_blocks
from .tiling import tile_starts

__all__ = ["AreaOfInterest", "whole_raster", "extent_area", "glacier_area", "plan_area"]


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


def _shifted(window: Window, rows: int, cols: int) -> Window:
    return Window(window.col_off + cols, window.row_off + rows, window.width, window.height)


def plan_area(aoi: AreaOfInterest, source: Grid, tile: int, overlap: int, block: int,
              region: Window | None = None) -> tuple[list[Block], int]:
    """Blocks of ``region`` of the output grid (default: all of it) with the tiles that touch the area of
    interest, and (for glaciers) how many tiles of the whole input grid are not computed.

    The tiles are those of the whole input grid ``source`` (:func:`core.predict.blocks.plan_blocks` on it,
    restricted to the area's window) moved onto the output grid, where tiles starting before the window
    have negative offsets, and they come in a whole-raster run's order (:func:`_in_whole_run_order`): a
    cropped area computes each tile where that run does and sums the tiles at each pixel in the same order.
    """
    row0, col0 = int(aoi.window.row_off), int(aoi.window.col_off)
    region = region or Window(0, 0, aoi.grid.width, aoi.grid.height)
    plan = plan_blocks(source.height, source.width, tile, overlap, block, _shifted(region, row0, col0))
    touching = [t for b in plan for t in b.tiles if aoi.tile_touches(t[0] - row0, t[1] - col0, tile)]
    kept = [Block(b.index, _shifted(b.window, -row0, -col0), tuple((r - row0, c - col0) for r, c in b.tiles),
                  _shifted(b.read, -row0, -col0)) for b in _in_whole_run_order(plan, touching, tile, block)]
    if not aoi.glaciers:
        return kept, 0
    every = len(tile_starts(source.height, tile, overlap)) * len(tile_starts(source.width, tile, overlap))
    return kept, every - len(touching)


def _in_whole_run_order(plan: list[Block], tiles: list[tuple[int, int]], tile: int, block: int) -> list[Block]:
    """``plan``'s blocks (row-major, input grid) holding ``tiles`` in the order a whole-raster run adds them.

    A whole run adds tiles by the (block row, block column) of their top-left pixel, blocks counted from the
    grid's origin, then row by row; float sums depend on that order, and a window's own blocks start at the
    window. So the window's blocks take consecutive runs of the tiles in the whole run's order, each block
    up to the last tile covering it or any earlier block (it is final when handed on). For the whole grid
    this is :func:`core.predict.blocks.plan_blocks`' own assignment.
    """
    order = sorted(tiles, key=lambda t: (t[0] // block, t[1] // block, t[0], t[1]))
    rows = sorted({int(b.window.row_off) for b in plan})
    cols = sorted({int(b.window.col_off) for b in plan})
    last: dict[tuple[int, int], int] = {}
    for i, (r, c) in enumerate(order):
        for br in range(max(bisect.bisect_right(rows, r) - 1, 0), bisect.bisect_left(rows, r + tile)):
            for bc in range(max(bisect.bisect_right(cols, c) - 1, 0), bisect.bisect_left(cols, c + tile)):
                last[(br, bc)] = i
    blocks, start = [], 0
    for b in plan:
        end = max(start, last.get(b.index, -1) + 1)
        held = tuple(order[start:end])
        blocks.append(Block(b.index, b.window, held, _read_window(b.window, held, tile)))
        start = end
    return blocks


def _crop(grid: Grid, window: Window) -> Grid:
    return Grid(grid.crs, grid.window_transform(window), int(window.width), int(window.height))


def whole_raster(grid: Grid) -> AreaOfInterest:
    """The whole input grid."""
    window = Window(0, 0, grid.width, grid.height)
    return AreaOfInterest(window, grid)


def extent_area(grid: Grid, bounds: Sequence[float], crs: str | CRS) -> AreaOfInterest:
    """The input grid cropped to an extent ``(xmin, ymin, xmax, ymax)`` given in ``crs`` (empty: the grid's);
    its tiles are still the whole grid's (:func:`plan_area`), so its values equal a whole-raster run's.

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
    the ground (:func:`core.geo.ground.buffer_on_ground`) and cropped to the whole pixels covering the
    buffers' union (clipped to the grid). Glaciers whose buffered outline holds no pixel
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
    window = clipped(covering_window(unary_union(list(buffered.values())).bounds, grid.transform),
                     grid.width, grid.height)
    return AreaOfInterest(window, _crop(grid, window), buffered)
