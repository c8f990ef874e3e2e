"""Output blocks of a region and the tiles that belong to each, plus the running weighted sums.

A region of the output grid (the whole grid for Predict, a glacier's window for Calibrate) is cut into
square blocks; for the whole grid they are aligned with the GeoTIFF's 256-pixel internal blocks. The tiles
are always those of the whole grid's sliding window (:func:`core.predict.tiling.tile_starts`) that overlap
the region, so a region's values equal the whole grid's there. Every tile belongs to the block holding its
top-left pixel (clipped to the region). Blocks are processed in row-major order; a tile never reaches back
into an earlier block, so block ``(i, j)`` is final as soon as its own tiles have been added, and it is then
handed on once and dropped. The only sums kept beyond the current block are the halos that tiles spill into
the blocks to their right and below: memory is flat in the region's height and grows with its width only by
one halo of at most a tile's height.

Window arithmetic (unions, intersections) is :mod:`rasterio.windows`'.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from rasterio.windows import Window, intersection, union

from .tiling import tile_starts

__all__ = ["Block", "plan_blocks", "block_size_for", "BlockSums", "slices_within"]

GTIFF_BLOCK = 256
"""Internal block size of the GeoTIFFs predict writes; output blocks are multiples of it."""


@dataclass(frozen=True)
class Block:
    """One output block: its pixels, the tiles whose top-left pixel lies in it, and the window to read.

    Attributes:
        index: ``(block row, block column)`` within the region.
        window: the block's pixels on the output grid.
        tiles: ``(row, col)`` top-left pixels of its tiles on the output grid.
        read: the block's top-left corner and its tiles' windows, united (the block plus the halo its
            tiles reach into); the block itself when it has no tile.
    """

    index: tuple[int, int]
    window: Window
    tiles: tuple[tuple[int, int], ...]
    read: Window


def block_size_for(tile: int, preferred: int = 1024) -> int:
    """Output block side in pixels: ``preferred`` rounded to GeoTIFF blocks, never smaller than a tile.

    A block at least a tile wide means a tile's pixels fall into at most 2 × 2 blocks.
    """
    size = max(preferred, tile)
    return -(-size // GTIFF_BLOCK) * GTIFF_BLOCK


def _edges(start: int, length: int, block: int) -> list[int]:
    """Block boundaries along one axis of a region ``[start, start + length)``, both ends included."""
    return list(range(start, start + length, block)) + [start + length]


def _touching(starts: list[int], tile: int, start: int, length: int) -> list[int]:
    """The tile starts whose tile ``[s, s + tile)`` overlaps ``[start, start + length)``."""
    return [s for s in starts if s < start + length and s + tile > start]


def _read_window(window: Window, tiles: tuple[tuple[int, int], ...], tile: int) -> Window:
    """The block's top-left corner and its tiles' windows, united."""
    if not tiles:
        return window
    corner = Window(window.col_off, window.row_off, 0, 0)
    return union(corner, *(Window(c, r, tile, tile) for r, c in tiles))


def plan_blocks(height: int, width: int, tile: int, overlap: int, block: int,
                region: Window | None = None) -> list[Block]:
    """Every block of ``region`` (default: the whole ``height`` × ``width`` grid) in row-major order, with
    the grid's tiles (edge-shifted sliding window, see tiling) that overlap the region.

    A grid smaller than a tile gets one tile at 0 that hangs over its edge (the caller pads it).
    """
    region = region or Window(0, 0, width, height)
    r_start, c_start = int(region.row_off), int(region.col_off)
    rows = _touching(tile_starts(height, tile, overlap), tile, r_start, int(region.height))
    cols = _touching(tile_starts(width, tile, overlap), tile, c_start, int(region.width))
    row_edges, col_edges = _edges(r_start, int(region.height), block), _edges(c_start, int(region.width), block)
    plan = []
    for i, (r0, r1) in enumerate(pairwise(row_edges)):
        block_rows = [r for r in rows if r0 <= max(r, r_start) < r1]
        for j, (c0, c1) in enumerate(pairwise(col_edges)):
            block_cols = [c for c in cols if c0 <= max(c, c_start) < c1]
            tiles = tuple((r, c) for r in block_rows for c in block_cols)
            window = Window(c0, r0, c1 - c0, r1 - r0)
            plan.append(Block((i, j), window, tiles, _read_window(window, tiles, tile)))
    return plan


def slices_within(part: Window, origin: Window) -> tuple[slice, slice]:
    """Row and column slices of ``part`` in an array whose pixel ``[0, 0]`` is ``origin``'s top-left pixel
    (``part`` lies within the array)."""
    return Window(part.col_off - origin.col_off, part.row_off - origin.row_off, part.width, part.height).toslices()


class BlockSums:
    """Σ w·p per member and class and Σ w per pixel, kept per block of a region until the block is final.

    Args:
        region: the output pixels summed (the whole grid, or a window of it); tile parts beyond it are dropped.
        block: block side (see :func:`block_size_for`).
        layers: ``(members, bands)`` of the blended values.
    """

    def __init__(self, region: Window, block: int, layers: tuple[int, int]) -> None:
        self.region, self.block, self.layers = region, block, layers
        self._row_edges = _edges(int(region.row_off), int(region.height), block)
        self._col_edges = _edges(int(region.col_off), int(region.width), block)
        # per block: (sums [members, bands, rows, cols], weight [rows, cols]); rows grow from the block
        # top as tiles reach further down, so the halo of a block below holds only the rows touched
        self._pending: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def _span(self, edges: list[int], start: int, stop: int) -> range:
        first = bisect.bisect_right(edges, start) - 1
        last = bisect.bisect_left(edges, stop) - 1
        return range(first, min(last, len(edges) - 2) + 1)

    def _block(self, i: int, j: int) -> Window:
        r0, c0 = self._row_edges[i], self._col_edges[j]
        return Window(c0, r0, self._col_edges[j + 1] - c0, self._row_edges[i + 1] - r0)

    def _arrays(self, index: tuple[int, int], rows: int) -> tuple[np.ndarray, np.ndarray]:
        """The block's arrays, grown to at least ``rows`` rows from its top."""
        i, j = index
        cols = self._col_edges[j + 1] - self._col_edges[j]
        sums, weight = self._pending.get(index, (None, None))
        if sums is None or sums.shape[2] < rows:
            grown_sums = np.zeros(self.layers + (rows, cols), np.float32)
            grown_weight = np.zeros((rows, cols), np.float32)
            if sums is not None:
                grown_sums[:, :, :sums.shape[2]] = sums
                grown_weight[:weight.shape[0]] = weight
            sums, weight = grown_sums, grown_weight
            self._pending[index] = (sums, weight)
        return sums, weight

    def add(self, row: int, col: int, values: np.ndarray, weights: np.ndarray) -> None:
        """Add one tile: ``values`` ``[members, bands, t, t]`` with per-pixel ``weights`` ``[t, t]``.

        The parts of the tile beyond the region (padding of grids smaller than a tile, or the halo of a
        region's window) are dropped.
        """
        tile = Window(col, row, weights.shape[1], weights.shape[0])
        inside = intersection(tile, self.region)
        rows = self._span(self._row_edges, inside.row_off, inside.row_off + inside.height)
        cols = self._span(self._col_edges, inside.col_off, inside.col_off + inside.width)
        for i in rows:
            for j in cols:
                block = self._block(i, j)
                part = intersection(inside, block)
                sums, weight = self._arrays((i, j), part.row_off + part.height - block.row_off)
                into, out_of = slices_within(part, block), slices_within(part, tile)
                w = weights[out_of]
                sums[(slice(None), slice(None)) + into] += values[(slice(None), slice(None)) + out_of] * w
                weight[into] += w

    def pop(self, index: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Remove and return the final ``(sums, weight)`` of a whole block (zeros where nothing fell)."""
        i, _ = index
        rows = self._row_edges[i + 1] - self._row_edges[i]
        self._arrays(index, rows)
        return self._pending.pop(index)

    def pending_bytes(self) -> int:
        """Memory held by blocks not yet final, in bytes."""
        return sum(s.nbytes + w.nbytes for s, w in self._pending.values())
