"""The honest baseline a glacier model must beat: ``glacier where feature > t``, with the feature (NIR, or the
brightness of the RGB bands) and ``t`` chosen to maximise IoU on training pixels, then scored on held-out ones.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["LEVELS", "features", "empty_counts", "add_counts", "best_rule"]

LEVELS = 256  # candidate thresholds per feature: every uint8 level of the Everest sample


def features(bands: Sequence[str], image: np.ndarray) -> dict[str, np.ndarray]:
    """NIR and the mean of the RGB bands, per pixel of ``image [bands, ...]``."""
    nir = [i for i, band in enumerate(bands) if band.startswith("NIR")]
    rgb = [i for i, band in enumerate(bands) if band.startswith("RGB")]
    return {"nir": image[nir[0]], "brightness": image[rgb].mean(axis=0)}


def empty_counts() -> dict[str, np.ndarray]:
    """Per feature, counts ``[2, LEVELS]`` of background / glacier pixels per integer level."""
    return {"nir": np.zeros((2, LEVELS)), "brightness": np.zeros((2, LEVELS))}


def add_counts(counts: dict[str, np.ndarray], values: dict[str, np.ndarray], truth: np.ndarray) -> None:
    """Add pixels (``values`` per feature and their ``truth``, already restricted to the counted ones)."""
    for name, feature in values.items():
        level = np.clip(feature, 0, LEVELS - 1).astype(int)
        np.add.at(counts[name], (truth.astype(int), level), 1)


def best_rule(counts: dict[str, np.ndarray]) -> tuple[str, int, float]:
    """Feature and threshold ``t`` (glacier where feature > t) with the highest IoU on the counted pixels."""
    best = ("nir", 0, -1.0)
    for name, (background, glacier) in counts.items():
        above_glacier = glacier[::-1].cumsum()[::-1]  # pixels with level >= index
        above_background = background[::-1].cumsum()[::-1]
        for t in range(LEVELS - 1):
            tp, fp = above_glacier[t + 1], above_background[t + 1]
            iou = tp / (glacier.sum() + fp) if glacier.sum() + fp else 0.0
            if iou > best[2]:
                best = (name, t, float(iou))
    return best
