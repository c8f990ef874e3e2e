"""Sliding-window tiling and overlap blending, as pure functions of sizes in pixels.

The overlap in pixels comes from :meth:`core.config.predict.InferenceConfig.overlap_pixels`, which refuses
overlaps that are not smaller than the tile.
"""
from __future__ import annotations

import numpy as np

from ..config.choices import BLENDINGS, Blending
from ..errors import InputError

__all__ = ["tile_starts", "blend_weights", "nearest_multiples", "check_stride"]

CENTRE_MARGIN_WEIGHT = 1e-6
"""Weight of the pixels outside a tile's centre crop: negligible next to 1, yet positive so that pixels
only one tile covers (the raster edges) keep that tile's value instead of becoming nodata."""


def tile_starts(length: int, tile: int, overlap: int) -> list[int]:
    """Start offsets of tiles covering ``[0, length)`` with at least ``overlap`` pixels shared.

    Tiles advance by ``tile - overlap``; the last one is shifted inward so that it ends exactly at the
    raster edge instead of hanging over it. A raster shorter than one tile gets a single tile at 0 (the
    caller pads it).

    >>> tile_starts(10, 4, 1)
    [0, 3, 6]
    >>> tile_starts(11, 4, 1)
    [0, 3, 6, 7]

    Raises:
        ValueError: ``overlap`` is not in ``[0, tile)`` (users' values are checked, naming OVERLAP, by
            :meth:`core.config.predict.InferenceConfig.overlap_pixels`).
    """
    if not 0 <= overlap < tile:
        raise ValueError(f"overlap {overlap} px must lie in [0, {tile}) for {tile} px tiles")
    if length <= tile:
        return [0]
    stride = tile - overlap
    starts = list(range(0, length - tile + 1, stride))
    if starts[-1] + tile < length:
        starts.append(length - tile)
    return starts


def _hann_ramp(tile: int, overlap: int) -> np.ndarray:
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


def _gaussian_ramp(tile: int) -> np.ndarray:
    """1-D weights exp(−(i + ½ − t/2)² / (2σ²)) with σ = t/8 (as nnU-Net), divided by their maximum."""
    centre, sigma = tile / 2.0, tile / 8.0
    ramp = np.exp(-((np.arange(tile) + 0.5 - centre) ** 2) / (2 * sigma ** 2))
    return ramp / ramp.max()


def _centre_ramp(tile: int, overlap: int) -> np.ndarray:
    """1-D weights: 1 on the centre crop (``overlap // 2`` pixels cut at each end), tiny outside it.

    With a regular stride the centre crops of neighbouring tiles meet exactly, so every pixel takes the
    value of the tile in which it lies most centrally.
    """
    weights = np.full(tile, CENTRE_MARGIN_WEIGHT, dtype=np.float64)
    cut = overlap // 2
    weights[cut:tile - (overlap - cut)] = 1.0
    return weights


def blend_weights(tile: int, overlap: int, kind: Blending = "hann") -> np.ndarray:
    """2-D blending weights ``[tile, tile]`` (float32): the outer product of two 1-D ramps.

    Blended value = Σ w·p / Σ w over the tiles covering a pixel, so the weights need not sum to one;
    the smooth fall-off of ``hann`` and ``gaussian`` hides the seams where tiles meet, ``centre`` keeps
    only each tile's centre crop.

    Raises:
        KeyError: unknown ``kind``; the message lists the valid names.
    """
    if kind == "hann":
        ramp = _hann_ramp(tile, overlap)
    elif kind == "gaussian":
        ramp = _gaussian_ramp(tile)
    elif kind == "centre":
        ramp = _centre_ramp(tile, overlap)
    else:
        raise KeyError(f"unknown blending {kind!r}; valid: {', '.join(BLENDINGS)}")
    return np.outer(ramp, ramp).astype(np.float32)


def nearest_multiples(tile: int, stride: int) -> tuple[int, ...]:
    """The multiples of ``stride`` nearest to ``tile``, below and above (none below ``stride``).

    >>> nearest_multiples(100, 32)
    (96, 128)
    >>> nearest_multiples(20, 32)
    (32,)
    """
    below = tile // stride * stride
    return tuple(size for size in (below, below + stride) if size >= stride)


def check_stride(tile: int, stride: int, chip: int) -> None:
    """A tile must be a multiple of the model's output ``stride`` (2^encoder depth; 0: unknown, not checked).

    Raises:
        InputError: (TILE_SIZE) naming the stride and the nearest valid sizes (``chip``: the model's chip size).
    """
    if stride and tile % stride:
        sizes = " or ".join(str(size) for size in nearest_multiples(tile, stride))
        raise InputError(
            "TILE_SIZE", f"{tile} px is not a multiple of the model's output stride, {stride} px (its encoder "
            f"halves the tile {stride.bit_length() - 1} times).",
            f"Use a multiple of {stride} such as {sizes}, or 0 for the model's chip size ({chip} px).")
