"""Landforms placed on a synthetic terrain: glaciers flowing downhill from a massif's flank, lakes off the ice
and a cloud (with its shadow) where it hides the fewest glaciers. Every draw comes from the scene's generator.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from .terrain import ellipse, smooth_noise, window

__all__ = ["GAP", "place_glaciers", "place_lakes", "place_cloud"]

GAP = 2  # pixels of rock kept between glaciers, so that no two outlines touch


def _glacier_discs(rng: np.random.Generator, slope: tuple[np.ndarray, np.ndarray], start: np.ndarray,
                   size: int) -> list[tuple[np.ndarray, float, float]]:
    """A glacier as discs (centre, radius in px, flow fraction 0-1): a cirque tapering to a tongue downhill."""
    head, steps = rng.uniform(0.04, 0.07) * size, int(rng.uniform(0.15, 0.3) * size)
    limit = np.array(slope[0].shape) - 1
    path, heading = [start], np.zeros(2)
    for _ in range(steps):
        r, c = np.clip(np.round(path[-1]).astype(int), 0, limit)
        downhill = -np.array([slope[0][r, c], slope[1][r, c]])
        heading = 0.75 * heading + 0.25 * downhill / (np.hypot(*downhill) + 1e-9)  # inertia: no zig-zags
        path.append(path[-1] + heading / (np.hypot(*heading) + 1e-9))
    across = np.array([-heading[1], heading[0]]) / (np.hypot(*heading) + 1e-9)
    discs = [(start + side * 0.6 * head * across, 0.7 * head, 0.0) for side in (-1, 1)]  # cirque lobes
    for i, point in enumerate(path):
        t = i / steps
        radius = max(head * (1 - 0.75 * np.sqrt(t)), 2.0)
        if i == steps or np.hypot(*(point - discs[-1][0])) >= radius / 3:  # thin out: discs overlap anyway
            discs.append((point, radius, t))
    return discs


def _rasterise(discs: list, rough: np.ndarray, pad: int) -> tuple[tuple[slice, slice], np.ndarray, np.ndarray]:
    """The window around ``discs``, their union there (with a rough edge) and the nearest disc's flow."""
    centres, radii = np.array([d[0] for d in discs]), np.array([d[1] for d in discs])
    low = np.maximum(np.floor((centres - 1.4 * radii[:, None]).min(0)).astype(int) - pad, 0)
    high = np.minimum(np.ceil((centres + 1.4 * radii[:, None]).max(0)).astype(int) + pad, rough.shape)
    box = (slice(low[0], max(high[0], low[0])), slice(low[1], max(high[1], low[1])))
    ratio = np.full(rough[box].shape, np.inf, np.float32)
    flow = np.zeros(ratio.shape, np.float32)
    for centre, radius, t in discs:
        window, local = ellipse(ratio.shape, centre - low, (radius, radius), 1.4)
        closer = local < ratio[window]
        ratio[window][closer], flow[window][closer] = local[closer], t
    return box, ratio + 0.15 * np.clip(rough[box], -2, 2) < 1, flow


def _largest_component(mask: np.ndarray) -> np.ndarray:
    """The biggest 4-connected part of ``mask``: a glacier is one piece of ice."""
    labels, count = ndimage.label(mask)
    return mask if count <= 1 else labels == np.argmax(np.bincount(labels.ravel())[1:]) + 1


def place_glaciers(rng: np.random.Generator, relief: np.ndarray, massifs: list, free: np.ndarray,
                    rough: np.ndarray, n: int, size: int) -> tuple[np.ndarray, np.ndarray, list]:
    """Glacier labels (0 none, 1..n), flow fraction (0 head to 1 snout) and (point, direction) below snouts.

    A glacier starts on a massif's flank and is kept when most of it lies in ``free`` (updated in place to
    exclude it and a ``GAP`` around it); otherwise another start is tried.
    """
    labels, flow, snouts = np.zeros(relief.shape, np.int32), np.zeros(relief.shape, np.float32), []
    slope = np.gradient(relief)
    for _ in range(12 * n):
        if len(snouts) == n:
            break
        row, col, sr, sc = massifs[rng.integers(len(massifs))]
        angle, reach = rng.uniform(0, 2 * np.pi), rng.uniform(0.4, 0.9)
        start = np.array([row + reach * sr * np.sin(angle), col + reach * sc * np.cos(angle)])
        discs = _glacier_discs(rng, slope, start, size)
        box, mask, along = _rasterise(discs, rough, GAP + 2)
        wanted = mask.sum()
        mask = _largest_component(mask & free[box])
        if mask.sum() < max(30, 0.6 * wanted):
            continue
        labels[box][mask], flow[box][mask] = len(snouts) + 1, along[mask]
        free[box] &= ~ndimage.binary_dilation(mask, iterations=GAP + 1)
        (end, radius, _), (before, _, _) = discs[-1], discs[-2]
        direction = (end - before) / (np.hypot(*(end - before)) + 1e-9)
        snouts.append((end + direction * (radius + GAP + 1), direction))
    return labels, flow, snouts


def place_lakes(rng: np.random.Generator, dem: np.ndarray, free: np.ndarray, snouts: list, rough: np.ndarray,
                size: int) -> np.ndarray:
    """Small lakes off the glaciers: one just below a snout (proglacial) and two in low valleys."""
    low = np.argwhere(free & (dem < np.quantile(dem[free], 0.3)))
    lakes = np.zeros(dem.shape, bool)
    for k in range(3 if len(low) else 0):
        ry, rx = rng.uniform(0.012, 0.03, 2) * size + 2
        if k == 0 and snouts:
            point, direction = snouts[int(rng.integers(len(snouts)))]
            centre = point + direction * max(ry, rx)
        else:
            centre = low[int(rng.integers(len(low)))]
        box, distance = ellipse(dem.shape, centre, (ry, rx))
        lakes[box] |= distance + 0.2 * rough[box] < 1
    return lakes & free


def place_cloud(rng: np.random.Generator, glaciers: np.ndarray, valid_width: int,
                size: int) -> tuple[np.ndarray, np.ndarray]:
    """Cloud opacity and cloud-shadow strength (both 0-1), the cloud placed where it hides fewest glaciers."""
    ry, rx = rng.uniform(0.07, 0.12, 2) * size
    candidates = rng.uniform((0, 0), (glaciers.shape[0], valid_width), size=(16, 2))
    centre = candidates[int(np.argmin([glaciers[window(glaciers.shape, c, max(ry, rx))].sum()
                                       for c in candidates]))]
    box, distance = ellipse(glaciers.shape, centre, (ry, rx), 1.6)
    alpha = np.zeros(glaciers.shape, np.float32)
    alpha[box] = np.clip((1 - distance + 0.2 * smooth_noise(rng, distance.shape, max(ry, rx) / 4)) / 0.3, 0, 1)
    alpha[glaciers] = 0  # the outlines stay the truth: a glacier is never hidden
    shadow, d = np.zeros_like(alpha), max(int(0.8 * max(ry, rx)), 1)
    shadow[:-d, :-d] = alpha[d:, d:]  # the sun is in the south-east, so the shadow falls to the north-west
    return alpha, shadow
