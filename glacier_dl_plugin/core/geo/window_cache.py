"""Reads many chip windows visited in row-major order with few large reads.

Reading one 128 px chip costs about as much GDAL overhead as reading a whole strip of chips, and
neighbouring chips overlap; so one strip (the chip's rows, up to ``max_width`` columns to the right) is
read and chips are sliced from it until one falls outside. Memory: one strip, whatever the raster size.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from rasterio.windows import Window

__all__ = ["WindowCache"]


class WindowCache:
    """Wraps ``read(window) -> tuple of arrays [..., rows, cols]`` with a one-strip cache."""

    def __init__(self, read: Callable[[Window], tuple[np.ndarray, ...]], grid_width: int,
                 max_width: int = 2048) -> None:
        self._read = read
        self._grid_width = grid_width
        self._max_width = max_width
        self._window: Window | None = None
        self._arrays: tuple[np.ndarray, ...] = ()

    def _covers(self, window: Window) -> bool:
        w = self._window
        return (w is not None and w.row_off == window.row_off and w.height == window.height
                and w.col_off <= window.col_off and window.col_off + window.width <= w.col_off + w.width)

    def read(self, window: Window) -> tuple[np.ndarray, ...]:
        """The same as ``read(window)``, copied out of the cached strip."""
        if not self._covers(window):
            right = max(window.col_off + window.width, min(self._grid_width, window.col_off + self._max_width))
            self._window = Window(window.col_off, window.row_off, right - window.col_off, window.height)
            self._arrays = self._read(self._window)
        c = int(window.col_off - self._window.col_off)
        cols = slice(c, c + int(window.width))
        return tuple(array[..., cols].copy() for array in self._arrays)
