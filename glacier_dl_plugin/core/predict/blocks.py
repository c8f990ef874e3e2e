"""Output blocks of a raster and the tiles that belong to each, plus the running weighted sums.

The output grid is cut into square blocks aligned with the GeoTIFF's 256-pixel internal blocks. Every
tile of the sliding window belongs to the block holding its top-left pixel. Blocks are processed in
row-major order; a tile never reaches back into an earlier block, so block ``(i, j)`` is final as soon as
its own tiles have been added, and it is then written once and dropped. The only sums kept beyond the
current block are the halos that tiles spill into the blocks to their right and below: memory is flat in
the raster's height and grows with its width only by one halo of at most a tile's height.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
from rasterio.windows import Window

from .tiling import tile_starts

__all__ = ["Block", "plan_blocks", "block_size_for", "BlockSums"]

GTIFF_BLOCK = 256
"""Internal block size of the GeoTIFFs predict writes; output blocks are multiples of it."""


@dataclass(frozen=True)
class Block:
    """One output block: its pixels, the tiles whose top-left pixel lies in it, and the window to read.

    Attributes:
        index: ``(block row, block column)``.
        window: the block's pixels on the output grid.
        tiles: ``(row, col)`` top-left pixels of its tiles on the output grid.
        read: the union of its tiles' windows (the block plus the halo its tiles reach into).
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


def _edges(length: int, block: int) -> list[int]:
    return list(range(0, length, block)) + [length]


def plan_blocks(height: int, width: int, tile: int, overlap: int, block: int) -> list[Block]:
    """Every output block in row-major order with its tiles (edge-shifted sliding window, see tiling).

    A raster smaller than a tile gets one tile at 0 that hangs over its edge (the caller pads it).
    """
    rows, cols = tile_starts(height, tile, overlap), tile_starts(width, tile, overlap)
    row_edges, col_edges = _edges(height, block), _edges(width, block)
    plan = []
    for i, (r0, r1) in enumerate(zip(row_edges, row_edges[1:])):
        block_rows = [r for r in rows if r0 <= r < r1]
        for j, (c0, c1) in enumerate(zip(col_edges, col_edges[1:])):
            block_cols = [c for c in cols if c0 <= c < c1]
            tiles = tuple((r, c) for r in block_rows for c in block_cols)
            window = Window(c0, r0, c1 - c0, r1 - r0)
            if tiles:
                read = Window(c0, r0, max(c for _, c in tiles) + tile - c0, max(r for r, _ in tiles) + tile - r0)
            else:
                read = window
            plan.append(Block((i, j), window, tiles, read))
    return plan


class BlockSums:
    """Σ w·p per member and class and Σ w per pixel, kept per output block until the block is final.

    Args:
        height, width: the output grid in pixels.
        block: output block side (see :func:`block_size_for`).
        layers: ``(members, bands)`` of the blended values.
    """

    def __init__(self, height: int, width: int, block: int, layers: tuple[int, int]) -> None:
        self.height, self.width, self.block, self.layers = height, width, block, layers
        self._row_edges, self._col_edges = _edges(height, block), _edges(width, block)
        # per block: (sums [members, bands, rows, cols], weight [rows, cols]); rows grow from the block
        # top as tiles reach further down, so the halo of a block below holds only the rows touched
        self._pending: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def _span(self, edges: list[int], start: int, stop: int) -> range:
        first = bisect.bisect_right(edges, start) - 1
        last = bisect.bisect_left(edges, stop) - 1
        return range(first, min(last, len(edges) - 2) + 1)

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

        The parts of the tile beyond the grid (padding of rasters smaller than a tile) are dropped.
        """
        t_rows, t_cols = weights.shape
        r_end, c_end = min(row + t_rows, self.height), min(col + t_cols, self.width)
        for i in self._span(self._row_edges, row, r_end):
            b_r0 = self._row_edges[i]
            r0, r1 = max(row, b_r0), min(r_end, self._row_edges[i + 1])
            for j in self._span(self._col_edges, col, c_end):
                b_c0 = self._col_edges[j]
                c0, c1 = max(col, b_c0), min(c_end, self._col_edges[j + 1])
                sums, weight = self._arrays((i, j), r1 - b_r0)
                w = weights[r0 - row:r1 - row, c0 - col:c1 - col]
                sums[:, :, r0 - b_r0:r1 - b_r0, c0 - b_c0:c1 - b_c0] += values[:, :, r0 - row:r1 - row,
                                                                              c0 - col:c1 - col] * w
                weight[r0 - b_r0:r1 - b_r0, c0 - b_c0:c1 - b_c0] += w

    def pop(self, index: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Remove and return the final ``(sums, weight)`` of a whole block (zeros where nothing fell)."""
        i, _ = index
        rows = self._row_edges[i + 1] - self._row_edges[i]
        self._arrays(index, rows)
        return self._pending.pop(index)

    def pending_bytes(self) -> int:
        """Memory held by blocks not yet final, in bytes."""
        return sum(s.nbytes + w.nbytes for s, w in self._pending.values())
