"""Calibrating an ensemble on validation glaciers: member temperatures, then the width of the area interval.

The members' probabilities come from the prediction engine (:mod:`core.predict.engine`), over the windows
around the validation glaciers only, and equal what Predict writes at the same pixels with GLACIERS = the
reference outlines and BUFFER = the scoring buffer: the same tiles, overlap, blending, test-time
augmentation, precision, model grid and derived bands, and with HELD_OUT_ONLY the same held-out members.

1. A seeded random sample of at most ``max_pixels`` zone pixels keeps each member's
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..atomic import atomic_path
from ..config.calibrate import CalibrationConfig
from ..errors import InputError
from ..geo.glaciers import GlacierSet
from ..geo.raster_stack import Grid, RasterInput
from ..jobs.model_card import write_model_card
from ..predict.engine import Engine, LoadedModel, load_model, open_engine
from ..predict.ensemble import PROBABILITY_FLOOR, Ensemble, apply_temperature
from ..predict.regions import AreaOfInterest, glacier_area
from ..predict.writers import member_statistics
from ..progress import SILENT, Monitor
from .calibration_fit import choose_k, expected_calibration_error, fit_temperature, minimal_k, reliability_bins
from .scoring_zones import GlacierZone, glacier_zones, pixel_areas_km2, zone_masks

__all__ = ["Calibration", "Samples", "calibrate_ensemble", "store_calibration"]


@dataclass(frozen=True)
class Samples:
    """The sampled zone pixels the temperatures are fitted on.

    Attributes:
        log_probabilities: ``[members, classes, n]`` log of each member's blended probabilities at
            temperature 1, clipped at PROBABILITY_FLOOR.
        labels: ``[n]`` whether the pixel is inside a reference outline.
        zones: ``[n]`` index of the validation glacier whose zone the pixel was sampled in.
        eligible: ``[members, n]`` the members counting there (all of them without held-out members).
        rows, cols: ``[n]`` the pixel on the model grid.
    """

    log_probabilities: np.ndarray
    labels: np.ndarray
    zones: np.ndarray
    eligible: np.ndarray
    rows: np.ndarray
    cols: np.ndarray


@dataclass(frozen=True)
class Calibration:
    """The stored ``calibration`` block, the reliability data behind the diagram and the pixels sampled.

    Attributes:
        samples: the pixels the temperatures and ECEs come from, with the members' probabilities there
            (equal to Predict's at those pixels of the model grid).
    """

    temperatures: dict[str, float]
    threshold: float
    k: float
    ece_before: float
    ece_after: float
    coverage: float
    validation_glaciers: tuple[str, ...]
    reliability_before: tuple[np.ndarray, np.ndarray, np.ndarray]
    reliability_after: tuple[np.ndarray, np.ndarray, np.ndarray]
    samples: Samples

    def block(self) -> dict:
        """The ``ensemble.json`` ``calibration`` block."""
        return {"temperatures": self.temperatures, "threshold": self.threshold, "k": self.k,
                "ece_before": self.ece_before, "ece_after": self.ece_after, "coverage": self.coverage,
                "validation_glaciers": list(self.validation_glaciers)}


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


def _share(i: int, count: int, start: float, end: float) -> tuple[float, float]:
    """The progress range, in percent, of step ``i`` of ``count`` within ``[start, end]``."""
    step = (end - start) / max(count, 1)
    return start + i * step, start + (i + 1) * step


def _sample_pixels(engine: Engine, zones: list[GlacierZone], config: CalibrationConfig,
                   monitor: Monitor) -> Samples:
    """A seeded uniform sample of at most about ``max_pixels`` valid zone pixels (progress 5-50 %)."""
    total = sum(z.window.width * z.window.height for z in zones)
    rate, rng = min(1.0, config.max_pixels / max(total, 1)), np.random.default_rng(config.seed)
    parts = []
    for i, zone in enumerate(zones):
        values = engine.window(zone.window, _share(i, len(zones), 5, 50))
        in_zone, label = zone_masks(zone, engine.aoi.grid)
        keep = in_zone & values.valid & (rng.random(values.valid.shape) < rate)
        if not keep.any():
            continue
        rows, cols = np.nonzero(keep)
        everyone = np.ones((len(values.members), len(rows)), bool)
        eligible = everyone if values.eligible is None else values.eligible[:, keep]
        parts.append((np.log(np.maximum(values.members[:, :, keep], PROBABILITY_FLOOR)), label[keep],
                      np.full(len(rows), i), eligible, rows + int(zone.window.row_off + engine.aoi.window.row_off),
                      cols + int(zone.window.col_off + engine.aoi.window.col_off)))  # on the model grid, uncropped
    if not parts:
        raise InputError("GLACIERS", "the validation glaciers lie on nodata only.",
                         "Choose validation glaciers inside the valid area of the input rasters.")
    return Samples(*(np.concatenate(arrays, axis=-1) for arrays in zip(*parts, strict=True)))


def _fit_temperatures(samples: Samples, ensemble: Ensemble, zones: list[GlacierZone], unseen: dict[str, set[str]],
                      monitor: Monitor) -> dict[str, float]:
    """Each member's temperature, on the sampled pixels of its own test glaciers when it has any."""
    temperatures = {}
    for m, member in enumerate(ensemble.members):
        own = np.array([z.glacier_id in unseen[member.name] for z in zones])[samples.zones]
        chosen = own if own.any() else np.ones_like(own)
        if not own.any():
            monitor.log(f"{member.name}: no validation glacier is among its test glaciers; its temperature is "
                        "fitted on glaciers it may have seen in training.")
        temperatures[member.name] = round(fit_temperature(samples.log_probabilities[m][:, chosen],
                                                          samples.labels[chosen]), 4)
    return temperatures


def _ensemble_glacier_probability(samples: Samples, ensemble: Ensemble, temperatures: dict[str, float]) -> np.ndarray:
    """Mean over the counting members of 1 − p(background) of the sampled pixels, temperatures applied."""
    glacier = np.stack([1 - apply_temperature(np.exp(samples.log_probabilities[m]),
                                              temperatures.get(member.name, 1.0), axis=0)[0]
                        for m, member in enumerate(ensemble.members)])
    return (glacier * samples.eligible).sum(axis=0) / samples.eligible.sum(axis=0)


def _minimal_ks(engine: Engine, zones: list[GlacierZone], config: CalibrationConfig, monitor: Monitor) -> list[float]:
    """Per validation glacier with valid pixels, the smallest k whose area interval holds its reference area
    (progress 55-95 %)."""
    ks = []
    for i, zone in enumerate(zones):
        values = engine.window(zone.window, _share(i, len(zones), 55, 95))
        in_zone, label = zone_masks(zone, engine.aoi.grid)
        counted = in_zone & values.valid
        if not counted.any():
            monitor.log(f"{zone.glacier_id}: only nodata around it; left out of the choice of k.")
            continue
        mean, std = member_statistics(1 - values.members[:, :1], values.eligible)
        areas = np.broadcast_to(pixel_areas_km2(engine.aoi.grid, zone.window), counted.shape)[counted]
        reference = float(areas[label[counted]].sum())
        ks.append(minimal_k(mean[0][counted], std[0][counted], areas, reference, config.threshold))
    return ks


def _segmentation_model(folder: Path, config: CalibrationConfig, monitor: Monitor) -> LoadedModel:
    """The members at temperature 1 (a previous calibration must not compound); regression models refused."""
    loaded = load_model(str(folder), config.inference, monitor)
    if loaded.ensemble.metadata.task != "segmentation":
        raise InputError("MODEL", "is a regression model; calibration needs class probabilities.",
                         "Choose a segmentation model.")
    for member in loaded.ensemble.members:
        member.temperature = 1.0
    return loaded


def calibrate_ensemble(inputs: Sequence[RasterInput], model: str, glaciers: GlacierSet,
                       validation_ids: Sequence[str] | None, config: CalibrationConfig,
                       monitor: Monitor = SILENT) -> Calibration:
    """Fit member temperatures and the interval width ``k`` on validation glaciers (see module docstring).

    Args:
        inputs: the rasters the model was trained on, same order.
        model: the model folder (or its ensemble.json).
        glaciers: every reference outline (all are labels; neighbours count as glacier), in a CRS they carry.
        validation_ids: glaciers to calibrate on; empty: the members' test glaciers in the layer, or all.

    Raises:
        InputError: a single .onnx file, an OVERLAP not below the tile, unknown ids, no overlap, or intervals
            that can never cover enough.
    """
    folder = _model_folder(model)
    loaded = _segmentation_model(folder, config, monitor)
    unseen = _member_test_glaciers(folder, loaded.ensemble)
    ids = _validation_ids(glaciers, validation_ids, set().union(*unseen.values()))

    def area(grid: Grid) -> AreaOfInterest:
        return glacier_area(grid, glaciers.to_crs(grid.crs), config.buffer_m)

    with open_engine(inputs, loaded, config.inference, monitor, area, background=True) as engine:
        grid = engine.aoi.grid
        zones = glacier_zones(glaciers.to_crs(grid.crs).by_glacier(), grid.crs, config.buffer_m, grid, ids)
        monitor.log(f"Calibrating on {len(zones)} validation glacier(s).")
        samples = _sample_pixels(engine, zones, config, monitor)
        temperatures = _fit_temperatures(samples, engine.ensemble, zones, unseen, monitor)
        for member in engine.ensemble.members:
            member.temperature = temperatures[member.name]
        ks = _minimal_ks(engine, zones, config, monitor)
        before = _ensemble_glacier_probability(samples, engine.ensemble, {})
        after = _ensemble_glacier_probability(samples, engine.ensemble, temperatures)
    k, covered = choose_k(ks, config.coverage)
    if math.isinf(k):
        raise InputError("GLACIERS", f"the ensemble's spread cannot bracket the reference area of "
                         f"{config.coverage:.0%} of the validation glaciers at any k.",
                         "Check the reference outlines and rasters, or train more (or more diverse) members.")
    labels, bins = samples.labels, config.bins
    return Calibration(temperatures, config.threshold, round(k, 4),
                       round(expected_calibration_error(before, labels, bins), 5),
                       round(expected_calibration_error(after, labels, bins), 5), round(covered, 4),
                       tuple(z.glacier_id for z in zones), reliability_bins(before, labels, bins),
                       reliability_bins(after, labels, bins), samples)


def store_calibration(model: str, calibration: Calibration) -> Path:
    """Write the ``calibration`` block into ``ensemble.json``, keeping every other key (temp file + rename),
    then the model card (STAC item, Deepness ``seg_thresh``) from it (:func:`core.jobs.model_card.write_model_card`)."""
    manifest = _model_folder(model) / "ensemble.json"
    content = json.loads(manifest.read_text())
    content["calibration"] = calibration.block()
    with atomic_path(manifest) as temporary:
        temporary.write_text(json.dumps(content, indent=2))
    write_model_card(manifest.parent, log=lambda message: None)
    return manifest
