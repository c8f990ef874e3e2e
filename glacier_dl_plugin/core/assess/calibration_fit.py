"""The fitting maths of calibration: member temperatures, reliability and ECE, and the interval width k.

Pure functions of sampled arrays; :mod:`core.assess.calibration` samples the pixels and calls them.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize_scalar

from ..predict.ensemble import PROBABILITY_FLOOR, apply_temperature

__all__ = ["fit_temperature", "reliability_bins", "expected_calibration_error", "minimal_k", "choose_k"]


def _glacier_nll(log_probabilities: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    """Mean negative log-likelihood of the glacier label (``[classes, n]`` log-probabilities)."""
    background = apply_temperature(np.exp(log_probabilities), temperature, axis=0)[0]
    p = np.clip(np.where(labels, 1 - background, background), PROBABILITY_FLOOR, 1)
    return float(-np.log(p).mean())


def fit_temperature(log_probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The temperature in [0.05, 20] minimising the glacier-label NLL (1-D bounded search on log T)."""
    result = minimize_scalar(lambda log_t: _glacier_nll(log_probabilities, labels, math.exp(log_t)),
                             bounds=(math.log(0.05), math.log(20.0)), method="bounded",
                             options={"xatol": 1e-4})
    return float(math.exp(result.x))


def reliability_bins(probabilities: np.ndarray, labels: np.ndarray,
                     bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per equal-width probability bin: mean predicted probability, observed glacier share, pixel count."""
    index = np.minimum((probabilities * bins).astype(int), bins - 1)
    counts = np.bincount(index, minlength=bins).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(index, probabilities, bins) / counts
        frequency = np.bincount(index, labels.astype(float), bins) / counts
    return confidence, frequency, counts


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = 15) -> float:
    """ECE = Σ_b (n_b / n) · |mean p_b − glacier share_b| over equal-width bins of the glacier probability."""
    confidence, frequency, counts = reliability_bins(probabilities, labels, bins)
    filled = counts > 0
    return float(np.sum(counts[filled] * np.abs(confidence[filled] - frequency[filled])) / counts.sum())


def minimal_k(mean: np.ndarray, std: np.ndarray, areas: np.ndarray, reference_km2: float,
              threshold: float) -> float:
    """Smallest k ≥ 0 with area(mean − k·std ≥ t) ≤ reference ≤ area(mean + k·std ≥ t); inf if none.

    With ``z = (mean − t) / std`` per pixel, area_low(k) sums the pixels with ``z ≥ k`` and area_high(k)
    those with ``z ≥ −k``; sorting z once gives both bounds exactly.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(std > 0, (mean - threshold) / std, np.where(mean >= threshold, np.inf, -np.inf))
    order = np.argsort(-z, kind="stable")
    z, cumulative = z[order], np.cumsum(areas[order])
    tolerance = 1e-9 * max(reference_km2, 1e-12)
    inside = int(np.searchsorted(cumulative, reference_km2 + tolerance, side="right"))  # pixels fitting under it
    k_low = 0.0 if inside == len(z) else max(0.0, float(z[inside]))
    needed = int(np.searchsorted(cumulative, reference_km2 - tolerance, side="left"))  # pixels to reach it
    if needed >= len(z):
        return math.inf
    k_high = max(0.0, -float(z[needed])) if reference_km2 > tolerance else 0.0
    return max(k_low, k_high)


def choose_k(minimal_ks: Sequence[float], coverage: float) -> tuple[float, float]:
    """The smallest k whose intervals cover at least ``coverage`` of the glaciers, and the share covered."""
    ks = np.sort(np.asarray(minimal_ks, float))
    k = float(ks[max(math.ceil(coverage * len(ks) - 1e-9), 1) - 1])
    return k, float(np.mean(ks <= k))
