"""The terrain of a synthetic scene, in pixels: smooth noise, Gaussian massifs, hillshade and ellipse windows.

Slopes assume a nominal :data:`SPACING_M` between pixels, so a seed draws the same landscape whatever the
CRS and pixel size of the scene.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["SPACING_M", "SUN_AZIMUTH", "SUN_ELEVATION", "smooth_noise", "relief_and_massifs", "hillshade", "window",
           "ellipse"]

SUN_AZIMUTH, SUN_ELEVATION = np.radians(135.0), np.radians(45.0)  # a morning sun in the south-east
SPACING_M = 30.0


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: float) -> np.ndarray:
    """Unit-variance noise that varies over about ``cell`` pixels, as float32."""
    cell, axes = max(float(cell), 1.0), []
    for n in shape:
        # Gaussian interpolation of coarse white noise, one matrix per axis: smooth (no grid artefacts in
        # the hillshade) and far faster than filtering a full-resolution field.
        offset = np.arange(n, dtype=np.float32)[:, None] / cell + 2 - np.arange(int(n / cell) + 5)
        weights = np.exp(-0.5 * (offset / 0.7) ** 2, dtype=np.float32)
        axes.append(weights / weights.sum(axis=1, keepdims=True))
    field = axes[0] @ rng.standard_normal((axes[0].shape[1], axes[1].shape[1]), dtype=np.float32) @ axes[1].T
    return (field - field.mean()) / (field.std() + 1e-6)


def relief_and_massifs(rng: np.random.Generator, shape: tuple[int, int],
                       valid_width: int) -> tuple[np.ndarray, list]:
    """Smooth relief in metres (a sum of Gaussian massifs) and the massifs as (row, col, sigma_r, sigma_c)."""
    size = min(shape[0], valid_width)
    rows, cols = np.arange(shape[0], dtype=np.float32), np.arange(shape[1], dtype=np.float32)
    relief, massifs = np.zeros(shape, np.float32), []
    for _ in range(int(rng.integers(4, 7))):
        r, c = rng.uniform(0.1, 0.9) * shape[0], rng.uniform(0.1, 0.9) * valid_width
        sr, sc = rng.uniform(0.08, 0.16, 2) * size
        # An axis-aligned Gaussian is an outer product: cheap on any grid.
        relief += rng.uniform(1800, 3400) * np.outer(np.exp(-0.5 * ((rows - r) / sr) ** 2),
                                                      np.exp(-0.5 * ((cols - c) / sc) ** 2))
        massifs.append((r, c, sr, sc))
    return 4500 * np.tanh(relief / 4500), massifs  # overlapping massifs saturate below ~7500 m, not 9000+


def hillshade(dem: np.ndarray) -> np.ndarray:
    """Cosine of the sun's incidence angle on the terrain (0-1); rows run north to south."""
    d_row, d_col = np.gradient(dem, SPACING_M)
    east, north, up = (np.sin(SUN_AZIMUTH) * np.cos(SUN_ELEVATION), np.cos(SUN_AZIMUTH) * np.cos(SUN_ELEVATION),
                       np.sin(SUN_ELEVATION))
    return np.clip((-d_col * east + d_row * north + up) / np.sqrt(d_col**2 + d_row**2 + 1), 0, 1)


def window(shape: tuple[int, int], centre: Sequence[float], reach: float) -> tuple[slice, slice]:
    """The slices of a grid within ``reach`` pixels of ``centre`` (row, col); empty when off the grid."""
    reach = int(reach) + 1
    return tuple(slice(min(max(int(x) - reach, 0), n), max(min(int(x) + reach + 1, n), 0))
                 for x, n in zip(centre, shape, strict=True))


def ellipse(shape: tuple[int, int], centre: Sequence[float], radii: Sequence[float],
             reach: float = 1.5) -> tuple[tuple[slice, slice], np.ndarray]:
    """A window around an ellipse (radii in px) and the elliptical distance there: 1 on the ellipse."""
    box = window(shape, centre, reach * max(radii))
    rr, cc = np.ogrid[box]
    return box, np.hypot((rr - centre[0]) / radii[0], (cc - centre[1]) / radii[1])
