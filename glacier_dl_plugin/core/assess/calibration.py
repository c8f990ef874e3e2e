"""Calibrating an ensemble on validation glaciers: member temperatures, then the width of the area interval.

1. Every member runs over windows around the validation glaciers only (tile by tile, Hann-blended as in
   prediction). A seeded random sample of at most ``max_pixels`` zone pixels keeps each member's
   log-probabilities and the reference label; each member's temperature ``T`` minimises the negative
   log-likelihood of the glacier label under ``p' = softmax(log p / T)`` on the pixels of the validation
   glaciers it never saw (its ``test_glaciers``) when there are any, else on all of them.
2. A second pass with the temperatures applied gives, per glacier, the ensemble mean ``m`` and standard
   deviation ``s`` of the glacier probability (1 − background). The interval ``[area(m − k·s ≥ t),
   area(m + k·s ≥ t)]`` widens as ``k`` grows; each glacier needs a smallest ``k_i`` for its interval to
   contain its reference area, and ``k`` is the smallest value covering ``coverage`` (68.27 %) of them.

The result is stored as the ``calibration`` block of ``ensemble.json`` (see docs/formats.md).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from rasterio.windows import Window
from scipy.optimize import minimize_scalar

from ..atomic import atomic_path
from ..predict.ensemble import PROBABILITY_FLOOR, Ensemble, apply_temperature, load_ensemble
from ..config import CalibrationConfig
from ..errors import InputError
from .scoring_zones import GlacierZone, glacier_zones, pixel_areas_km2, zone_masks
from ..geo.glaciers import GlacierSet
from ..predict.engine import check_bands
from ..progress import SILENT, Monitor
from ..geo.raster_stack import RasterInput, RasterStack, open_stack
from ..predict.tiling import blend_weights, tile_starts

__all__ = ["CalibrationConfig", "Calibration", "calibrate_ensemble",
           "expected_calibration_error", "fit_temperature", "minimal_k", "choose_k", "reliability_bins",
           "store_calibration"]



@dataclass(frozen=True)
class Calibration:
    """The stored ``calibration`` block and the reliability data behind the diagram."""

    temperatures: dict[str, float]
    threshold: float
    k: float
    ece_before: float
    ece_after: float
    coverage: float
    validation_glaciers: tuple[str, ...]
    reliability_before: tuple[np.ndarray, np.ndarray, np.ndarray]
    reliability_after: tuple[np.ndarray, np.ndarray, np.ndarray]

    def block(self) -> dict:
        """The ``ensemble.json`` ``calibration`` block."""
        return {"temperatures": self.temperatures, "threshold": self.threshold, "k": self.k,
                "ece_before": self.ece_before, "ece_after": self.ece_after, "coverage": self.coverage,
                "validation_glaciers": list(self.validation_glaciers)}


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


def _window_probabilities(stack: RasterStack, ensemble: Ensemble, window: Window, tile: int, overlap: int,
                          temperatures: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Blended ``[members, classes, h, w]`` probabilities over ``window`` and its validity ``[h, w]``.

    Tiles of the model's chip size overlap and are Hann-blended as in prediction, one tile row per model
    call; memory grows with the window, not the raster.
    """
    h, w = int(window.height), int(window.width)
    weights = blend_weights(tile, overlap)
    sums = np.zeros((len(ensemble.members), len(ensemble.metadata.classes), max(h, tile), max(w, tile)), np.float32)
    total = np.zeros(sums.shape[2:], np.float32)
    valid = np.zeros(sums.shape[2:], bool)
    cols = tile_starts(w, tile, overlap)
    for row in tile_starts(h, tile, overlap):
        data, ok = stack.read(Window(window.col_off, window.row_off + row, max(w, tile), tile))
        batch = np.stack([data[:, :, c:c + tile] for c in cols])
        batch_valid = np.stack([ok[:, c:c + tile] for c in cols]).astype(np.float32)
        for m, member in enumerate(ensemble.members):
            p = member.predict(batch, batch_valid)
            scale = temperatures.get(member.name, 1.0)
            p = apply_temperature(p, scale) if scale != 1.0 else p
            for c, tile_p in zip(cols, p):
                sums[m, :, row:row + tile, c:c + tile] += tile_p * weights
        for c in cols:
            total[row:row + tile, c:c + tile] += weights
        valid[row:row + tile] = ok
    return (sums / np.maximum(total, 1e-12))[:, :, :h, :w], valid[:h, :w]


def _validation_ids(glaciers: GlacierSet, requested: Sequence[str] | None, test_glaciers: set[str]) -> list[str]:
    """The requested ids (all must exist), else the members' test glaciers present, else every glacier."""
    known = set(glaciers.ids)
    if requested:
        missing = sorted(set(requested) - known)
        if missing:
            raise InputError("VALIDATION_IDS", f"{len(missing)} id(s) are not in the glacier layer: "
                             f"{', '.join(missing[:5])}.", "Give ids of the ID_FIELD of the glacier layer.")
        return list(dict.fromkeys(requested))
    unseen = sorted(known & test_glaciers)
    return unseen or sorted(known)


def _member_test_glaciers(model: Path, ensemble: Ensemble) -> dict[str, set[str]]:
    manifest = json.loads((model / "ensemble.json").read_text())
    listed = {m["name"]: set(m.get("test_glaciers") or []) for m in manifest["members"]}
    return {m.name: listed.get(m.name) or set(m.metadata.test_glaciers) for m in ensemble.members}


def _model_folder(model: str) -> Path:
    path = Path(model)
    path = path.parent if path.name == "ensemble.json" else path
    if path.suffix.lower() == ".onnx" or path.is_file():
        raise InputError("MODEL", f"'{model}' is a single model file; calibration stores its result in the "
                         "ensemble manifest.", "Choose the model folder written by Train Ensemble "
                         "(the one holding ensemble.json).")
    if not (path / "ensemble.json").is_file():
        raise InputError("MODEL", f"'{path}' has no ensemble.json.", "Choose the folder written by Train Ensemble.")
    return path


@dataclass
class _Samples:
    """Sampled pixels: per-member log-probabilities ``[members, classes, n]``, labels, zone index."""

    log_probabilities: list[np.ndarray]
    labels: list[np.ndarray]
    zones: list[np.ndarray]

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.labels:
            raise InputError("GLACIERS", "the validation glaciers lie on nodata only.",
                             "Choose validation glaciers inside the valid area of the input rasters.")
        return (np.concatenate(self.log_probabilities, axis=2), np.concatenate(self.labels),
                np.concatenate(self.zones))


def _sample_pixels(stack: RasterStack, ensemble: Ensemble, zones: list[GlacierZone], config: CalibrationConfig,
                   tile: int, monitor: Monitor) -> _Samples:
    total = sum(z.window.width * z.window.height for z in zones)
    rate, rng = min(1.0, config.max_pixels / max(total, 1)), np.random.default_rng(config.seed)
    samples = _Samples([], [], [])
    for i, zone in enumerate(zones):
        monitor.step(i, len(zones), 5, 50)
        probabilities, valid = _window_probabilities(stack, ensemble, zone.window, tile, config.overlap, {})
        in_zone, label = zone_masks(zone, stack.grid)
        keep = in_zone & valid & (rng.random(valid.shape) < rate)
        if keep.any():
            samples.log_probabilities.append(np.log(np.maximum(probabilities[:, :, keep], PROBABILITY_FLOOR)))
            samples.labels.append(label[keep])
            samples.zones.append(np.full(int(keep.sum()), i))
    return samples


def _fit_temperatures(samples: tuple[np.ndarray, np.ndarray, np.ndarray], ensemble: Ensemble,
                      zones: list[GlacierZone], unseen: dict[str, set[str]], monitor: Monitor) -> dict[str, float]:
    """Each member's temperature, on the sampled pixels of its own test glaciers when it has any."""
    log_p, labels, zone_index = samples
    temperatures = {}
    for m, member in enumerate(ensemble.members):
        own = np.array([z.glacier_id in unseen[member.name] for z in zones])[zone_index]
        chosen = own if own.any() else np.ones_like(own)
        if not own.any():
            monitor.log(f"{member.name}: no validation glacier is among its test glaciers; its temperature is "
                        "fitted on glaciers it may have seen in training.")
        temperatures[member.name] = round(fit_temperature(log_p[m][:, chosen], labels[chosen]), 4)
    return temperatures


def _ensemble_glacier_probability(log_p: np.ndarray, ensemble: Ensemble,
                                  temperatures: dict[str, float]) -> np.ndarray:
    """Mean over members of 1 − p(background) of the sampled pixels, with the temperatures applied."""
    return np.mean([1 - apply_temperature(np.exp(log_p[m]), temperatures.get(member.name, 1.0), axis=0)[0]
                    for m, member in enumerate(ensemble.members)], axis=0)


def _minimal_ks(stack: RasterStack, ensemble: Ensemble, zones: list[GlacierZone], config: CalibrationConfig,
                tile: int, temperatures: dict[str, float], monitor: Monitor) -> list[float]:
    """Per validation glacier with valid pixels, the smallest k whose area interval holds its reference area."""
    ks = []
    for i, zone in enumerate(zones):
        monitor.step(i, len(zones), 55, 95)
        probabilities, valid = _window_probabilities(stack, ensemble, zone.window, tile, config.overlap,
                                                     temperatures)
        in_zone, label = zone_masks(zone, stack.grid)
        counted = in_zone & valid
        if not counted.any():
            monitor.log(f"{zone.glacier_id}: only nodata around it; left out of the choice of k.")
            continue
        glacier = 1 - probabilities[:, 0]
        areas = np.broadcast_to(pixel_areas_km2(stack.grid, zone.window), counted.shape)[counted]
        reference = float(areas[label[counted]].sum())
        ks.append(minimal_k(glacier.mean(axis=0)[counted], glacier.std(axis=0)[counted], areas, reference,
                            config.threshold))
    return ks


def calibrate_ensemble(inputs: Sequence[RasterInput], model: str, glaciers: GlacierSet,
                       validation_ids: Sequence[str] | None, config: CalibrationConfig,
                       monitor: Monitor = SILENT) -> Calibration:
    """Fit member temperatures and the interval width ``k`` on validation glaciers (see module docstring).

    Args:
        inputs: the rasters the model was trained on, same order.
        model: the model folder (or its ensemble.json).
        glaciers: every reference outline in the grid CRS (all are labels; neighbours count as glacier).
        validation_ids: glaciers to calibrate on; empty: the members' test glaciers in the layer, or all.

    Raises:
        InputError: a single .onnx file, unknown ids, no overlap, or intervals that can never cover enough.
    """
    folder = _model_folder(model)
    ensemble = load_ensemble(folder, config.device, monitor.log)
    if ensemble.metadata.task != "segmentation":
        raise InputError("MODEL", "is a regression model; calibration needs class probabilities.",
                         "Choose a segmentation model.")
    for member in ensemble.members:
        member.temperature = 1.0  # fit on raw probabilities: a previous calibration must not compound
    unseen = _member_test_glaciers(folder, ensemble)
    ids = _validation_ids(glaciers, validation_ids, set().union(*unseen.values()))
    tile = ensemble.metadata.chip_size
    with open_stack(inputs) as stack:
        check_bands(stack, ensemble, monitor.log)
        zones = glacier_zones(glaciers.by_glacier(), stack.grid.crs, config.buffer_m, stack.grid, ids)
        monitor.log(f"Calibrating on {len(zones)} validation glacier(s).")
        samples = _sample_pixels(stack, ensemble, zones, config, tile, monitor).arrays()
        temperatures = _fit_temperatures(samples, ensemble, zones, unseen, monitor)
        ks = _minimal_ks(stack, ensemble, zones, config, tile, temperatures, monitor)
    k, covered = choose_k(ks, config.coverage)
    if math.isinf(k):
        raise InputError("GLACIERS", f"the ensemble's spread cannot bracket the reference area of "
                         f"{config.coverage:.0%} of the validation glaciers at any k.",
                         "Check the reference outlines and rasters, or train more (or more diverse) members.")
    before = _ensemble_glacier_probability(samples[0], ensemble, {})
    after = _ensemble_glacier_probability(samples[0], ensemble, temperatures)
    labels = samples[1]
    return Calibration(temperatures, config.threshold, round(k, 4),
                       round(expected_calibration_error(before, labels, config.bins), 5),
                       round(expected_calibration_error(after, labels, config.bins), 5), round(covered, 4),
                       tuple(z.glacier_id for z in zones), reliability_bins(before, labels, config.bins),
                       reliability_bins(after, labels, config.bins))


def store_calibration(model: str, calibration: Calibration) -> Path:
    """Write the ``calibration`` block into ``ensemble.json``, keeping every other key (temp file + rename)."""
    manifest = _model_folder(model) / "ensemble.json"
    content = json.loads(manifest.read_text())
    content["calibration"] = calibration.block()
    with atomic_path(manifest) as temporary:
        temporary.write_text(json.dumps(content, indent=2))
    return manifest
