"""Sliding-window tiling and overlap blending, as pure functions of sizes in pixels."""
from __future__ import annotations

import numpy as np

__all__ = ["tile_starts", "blend_weights"]


def tile_starts(length: int, tile: int, overlap: int) -> list[int]:
    """Start offsets of tiles covering ``[0, length)`` with at least ``overlap`` pixels shared.

    Tiles advance by ``tile - overlap``; the last one is shifted inward so that it ends exactly at the
    raster edge instead of hanging over it. A raster shorter than one tile gets a single tile at 0 (the
    caller pads it).

    >>> tile_starts(10, 4, 1)
    [0, 3, 6]
    >>> tile_starts(11, 4, 1)
    [0, 3, 6, 7]
    """
    if length <= tile:
        return [0]
    stride = tile - overlap
    starts = list(range(0, length - tile + 1, stride))
    if starts[-1] + tile < length:
        starts.append(length - tile)
    return starts


def _ramp(tile: int, overlap: int) -> np.ndarray:
    """1-D weights: a raised-cosine (Hann) rise over ``overlap`` pixels at both ends, 1 in between.

    w(i) = sin²(π (i + ½) / (2·overlap)) for i < overlap, mirrored at the other end. Every weight is
    strictly positive, so pixels that only one tile covers (raster edges) keep that tile's value.
    """
    weights = np.ones(tile, dtype=np.float64)
    if overlap > 0:
        rise = np.sin(np.pi * (np.arange(overlap) + 0.5) / (2 * overlap)) ** 2
        weights[:overlap] = rise
        weights[tile - overlap:] = np.minimum(weights[tile - overlap:], rise[::-1])
    return weights


def blend_weights(tile: int, overlap: int) -> np.ndarray:
    """2-D blending weights ``[tile, tile]``: the outer product of two Hann ramps (float32).

    Blended value = Σ w·p / Σ w over the tiles covering a pixel, so the weights need not sum to one;
    the smooth fall-off hides the seams where tiles meet.
    """
    ramp = _ramp(tile, overlap)
    return np.outer(ramp, ramp).astype(np.float32)
