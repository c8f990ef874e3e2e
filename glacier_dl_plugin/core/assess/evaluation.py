"""Scores of predicted glacier outlines against reference outlines, one glacier window at a time.

Each reference glacier is scored inside its *zone*: its outline buffered by ``buffer_m`` minus the other
reference glaciers (a neighbour's ice is scored with that neighbour, and ice divides between touching
glaciers become boundaries of both). Areas are km² on the WGS 84 ellipsoid (``core.geo.geodesy``), boundary
distances metres on a local azimuthal equidistant projection, whatever the CRS of the inputs.

With classed reference polygons and a multi-class prediction raster, each zone also gets its reference ×
predicted class matrix (pixels and km²) and per-class scores (one class against all others); the
confusion arithmetic lives in :mod:`core.assess.confusion`.

A raster prediction is read one glacier window at a time, never whole: memory is bounded by the largest
zone. Polygon predictions are scored exactly with vector overlays.
"""
from __future__ import annotations

import contextlib
import json
import math
from dataclasses import dataclass, field
from typing import Literal, Sequence

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.features import rasterize, shapes
from rasterio.windows import Window
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from .boundary_distance import mean_boundary_distance_m
from .confusion import (SCORE_NAMES, ClassConfusion, Confusion, class_confusion, confusion_from_masks,
                        confusion_from_polygons)
from ..errors import InputError
from ..geo.glaciers import GlacierSet
from ..progress import SILENT, Monitor
from ..geo.raster_stack import Grid
from ..geo.spatial_index import SpatialIndex
from .scoring_zones import GlacierZone, glacier_zones, pixel_areas_km2, zone_masks

__all__ = ["GlacierScores", "Evaluation", "RasterPrediction", "evaluate_raster", "evaluate_polygons",
           "check_reference_classes", "raster_prediction", "INTERVAL_NAMES"]

INTERVAL_NAMES = ("area_low_km2", "area_high_km2", "in_interval")  # with a std raster: the area interval


@dataclass
class GlacierScores:
    """One reference glacier's confusion areas and scores, and the prediction clipped to its zone."""

    zone: GlacierZone
    confusion: Confusion
    boundary_distance_m: float
    predicted: BaseGeometry = field(repr=False)
    interval: tuple[float, float] | None = None  # (area_low, area_high) km², with a std raster
    classes: ClassConfusion | None = None  # with classed reference polygons and a multi-class prediction

    @property
    def scores(self) -> dict[str, float]:
        """Every score; the interval columns are NaN without a std raster."""
        low, high = self.interval or (math.nan, math.nan)
        inside = float(low <= self.confusion.tp + self.confusion.fn <= high) if self.interval else math.nan
        return {**self.confusion.scores(), "boundary_distance_m": self.boundary_distance_m, "area_low_km2": low,
                "area_high_km2": high, "in_interval": inside}


@dataclass
class Evaluation:
    """Per-glacier scores, their mean over glaciers, and the scores of the pooled (area-weighted) areas."""

    glaciers: list[GlacierScores]
    crs: str
    class_names: tuple[str, ...] = ()  # with per-class scores: every class, the background first

    def _sums(self) -> dict[str, float]:
        return {name: sum(g.scores[name] for g in self.glaciers)
                for name in ("ref_area_km2", "pred_area_km2", "area_low_km2", "area_high_km2")}

    def overall(self) -> dict[str, float]:
        """Mean over glaciers of every score (NaNs skipped; ``in_interval``: the share covered); summed areas."""
        columns = [g.scores for g in self.glaciers]
        return {**{name: _nanmean([c[name] for c in columns]) for name in (*SCORE_NAMES, "in_interval")},
                **self._sums()}

    def area_weighted(self) -> dict[str, float]:
        """Scores of the summed areas (intervals summed as fully dependent errors); the boundary distance
        weighted by reference area."""
        pooled = sum((g.confusion for g in self.glaciers), Confusion())
        weights = [(g.boundary_distance_m, g.confusion.tp + g.confusion.fn) for g in self.glaciers
                   if not math.isnan(g.boundary_distance_m)]
        total = sum(w for _, w in weights)
        distance = sum(d * w for d, w in weights) / total if total > 0 else math.nan
        sums = self._sums()
        inside = sums["area_low_km2"] <= sums["ref_area_km2"] <= sums["area_high_km2"]
        return {**pooled.scores(), **sums, "boundary_distance_m": distance,
                "in_interval": math.nan if math.isnan(sums["area_low_km2"]) else float(inside)}

    def class_confusion(self) -> ClassConfusion:
        """The class matrix (pixels, km²) summed over the glaciers' zones."""
        return sum((g.classes for g in self.glaciers[1:]), self.glaciers[0].classes)

    def class_scores(self) -> list[tuple[str, str, dict[str, float]]]:
        """``(glacier id, class, scores)`` for every glacier and non-background class, then per class the rows
        ``overall_mean`` (mean over glaciers, NaNs skipped; summed areas) and ``overall_area_weighted`` (the
        scores of the summed class matrix)."""
        names, pooled = self.class_names[1:], self.class_confusion()
        rows = [(g.zone.glacier_id, name, g.classes.scores(i)) for g in self.glaciers
                for i, name in enumerate(names, 1)]
        for i, name in enumerate(names, 1):
            columns = [g.classes.scores(i) for g in self.glaciers]
            means = {n: _nanmean([c[n] for c in columns]) for n in ("iou", "precision", "recall", "f1")}
            rows.append(("overall_mean", name, {**pooled.scores(i), **means}))
        return rows + [("overall_area_weighted", name, pooled.scores(i)) for i, name in enumerate(names, 1)]


def _nanmean(values: Sequence[float]) -> float:
    """The mean of the defined values; NaN when none is."""
    array = np.asarray(values, float)
    return math.nan if np.isnan(array).all() else float(np.nanmean(array))


@dataclass(frozen=True)
class RasterPrediction:
    """A prediction raster: ``probability`` (bands summed, ≥ threshold is glacier) or ``classes`` (> 0)."""

    path: str
    kind: Literal["probability", "classes"] = "probability"
    threshold: float = 0.5
    std: str | None = None  # ensemble std on the same grid: area intervals [mean ∓ k·std ≥ threshold]
    k: float = 1.0
    classes: tuple[str, ...] = ()  # the model's classes, background first; () when the raster does not say


def _class_names(tags: dict[str, str], descriptions: Sequence[str | None]) -> tuple[str, ...]:
    """The classes of a Predict output, background first: its ``GLACIERDL_CLASSES`` tag, else the band
    descriptions ``"<class> probability"`` of a mean raster; () when neither is there."""
    if "GLACIERDL_CLASSES" in tags:
        return tuple(json.loads(tags["GLACIERDL_CLASSES"]))
    suffix = " probability"
    if all(d and d.endswith(suffix) for d in descriptions):
        return ("background", *(d[:-len(suffix)] for d in descriptions))
    return ()


def raster_prediction(path: str, kind: str = "auto", threshold: float | None = None, std: str | None = None,
                      monitor: Monitor = SILENT) -> RasterPrediction:
    """How to read a prediction raster: ``auto`` kind is ``probability`` for float rasters, else ``classes``.

    A calibrated raster (tag ``GLACIERDL_CALIBRATED=1``) brings its own ``GLACIERDL_THRESHOLD`` (unless
    ``threshold`` is given) and ``GLACIERDL_K``; an uncalibrated one gets 0.5 and k = 1, with a warning.
    Area intervals need a one-band probability raster and a ``std`` raster on its grid.

    Raises:
        InputError: the std raster lies on another grid.
    """
    with rasterio.open(path) as source:
        tags, dtype, count, grid = source.tags(), source.dtypes[0], source.count, (source.crs, source.transform,
                                                                                   source.shape)
        classes = _class_names(tags, source.descriptions)
    kind = ("probability" if np.dtype(dtype).kind == "f" else "classes") if kind == "auto" else kind
    if kind != "probability":
        return RasterPrediction(path, kind, classes=classes)
    calibrated = tags.get("GLACIERDL_CALIBRATED") == "1"
    if not calibrated and (threshold is None or std):
        monitor.warning("The prediction is not calibrated (no GLACIERDL_CALIBRATED=1 tag); using threshold "
                    f"{0.5 if threshold is None else threshold} and k = 1. Run Calibrate on the model and predict "
                    "again for calibrated values.")
    if threshold is None:
        threshold = float(tags.get("GLACIERDL_THRESHOLD", 0.5)) if calibrated else 0.5
    k = float(tags.get("GLACIERDL_K", 1.0)) if calibrated else 1.0
    if std and count != 1:
        monitor.log(f"No area intervals: the prediction has {count} class bands (one is needed).")
        std = None
    if std:
        with rasterio.open(std) as source:
            if (source.crs, source.transform, source.shape) != grid:
                raise InputError("STD", "is not on the grid of the prediction raster.",
                                 "Give the standard-deviation raster written by the same Predict run.")
    return RasterPrediction(path, kind, threshold, std, k, classes)


def check_reference_classes(values: Sequence[str | None], prediction: RasterPrediction) -> None:
    """Check that reference class ``values`` can be scored per class against ``prediction``: a prediction
    with named classes, more than one besides the background, and every value one of them.

    Raises:
        InputError: no class names (PREDICTION), a binary prediction, a missing or unknown class value
            (REFERENCE_CLASS_FIELD).
    """
    if not prediction.classes:
        raise InputError("PREDICTION", "has no class names (no GLACIERDL_CLASSES tag), so the reference classes "
                         "cannot be matched.", "Give the class map or mean raster written by Predict, or leave "
                         "REFERENCE_CLASS_FIELD empty.")
    known = prediction.classes[1:]
    if len(known) < 2:
        raise InputError("REFERENCE_CLASS_FIELD", f"per-class scores need a multi-class prediction, but the "
                         f"prediction has the classes {', '.join(prediction.classes)}.",
                         "Leave REFERENCE_CLASS_FIELD empty for glacier/background scores, or give the class map "
                         "or mean raster of a multi-class model.")
    missing = sum(v is None for v in values)
    if missing:
        raise InputError("REFERENCE_CLASS_FIELD", f"{missing} reference feature(s) have no class value.",
                         f"Give every feature one of the model's classes ({', '.join(known)}).")
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise InputError("REFERENCE_CLASS_FIELD", f"the reference classes {', '.join(unknown)} are not classes of "
                         f"the model ({', '.join(known)}).", "Rename the attribute values to the model's class "
                         "names, or choose the field that holds them.")


def _read_prediction(source, window: Window) -> tuple[np.ndarray, np.ndarray]:
    """The values ``[bands, rows, cols]`` (0 where invalid) and validity of one window."""
    data = source.read(window=window, boundless=True, masked=True)
    valid = ~np.ma.getmaskarray(data).any(axis=0) & np.isfinite(data.filled(0)).all(axis=0)
    return data.filled(0), valid


def _predicted_classes(values: np.ndarray, predicted: np.ndarray, prediction: RasterPrediction) -> np.ndarray:
    """Class of each pixel: a class raster's value (≤ 0: background), or on a probability raster the most
    probable class where the glacier probability reaches the threshold (``predicted``), else 0 — so the
    classes split exactly the glacier of the binary scores."""
    if prediction.kind == "classes":
        return np.maximum(values[0], 0).astype(np.int64)
    return np.where(predicted, values.argmax(axis=0) + 1, 0)


def _reference_classes(parts: list[tuple[BaseGeometry, int]], reference: np.ndarray, window_transform) -> np.ndarray:
    """Reference class of each pixel of a zone's window: its glacier's polygon class inside the outline, else 0."""
    burnt = rasterize(parts, out_shape=reference.shape, transform=window_transform, dtype=np.uint8)
    return np.where(reference, burnt, 0)


def _polygons_of(mask: np.ndarray, window_transform) -> BaseGeometry:
    parts = [shape(g) for g, v in shapes(mask.astype(np.uint8), mask=mask, transform=window_transform) if v]
    return unary_union(parts) if parts else Polygon()


def _area_interval(std_source, window: Window, probability: np.ndarray, counted: np.ndarray, areas: np.ndarray,
                   prediction: RasterPrediction) -> tuple[float, float]:
    """(area(mean − k·std ≥ t), area(mean + k·std ≥ t)) in km² over the counted pixels."""
    std = std_source.read(1, window=window, boundless=True, masked=True).filled(0)
    weight = np.broadcast_to(areas, counted.shape)
    spread = prediction.k * std
    return (float(weight[counted & (probability - spread >= prediction.threshold)].sum()),
            float(weight[counted & (probability + spread >= prediction.threshold)].sum()))


def _score_zone(source, std_source, zone: GlacierZone, grid: Grid, prediction: RasterPrediction,
                parts: list[tuple[BaseGeometry, int]] | None) -> GlacierScores:
    in_zone, reference = zone_masks(zone, grid)
    values, valid = _read_prediction(source, zone.window)
    probability = values.sum(axis=0) if prediction.kind == "probability" else (values[0] > 0).astype(np.float32)
    predicted = (probability >= (prediction.threshold if prediction.kind == "probability" else 0.5)) & valid
    counted, areas = in_zone & valid, pixel_areas_km2(grid, zone.window)
    window_transform = grid.window_transform(zone.window)
    outline = _polygons_of(predicted & counted, window_transform)
    # outlines reaching off the raster or over nodata are compared on their valid part only
    seen = zone.outline.intersection(_polygons_of(valid, window_transform))
    interval = _area_interval(std_source, zone.window, probability, counted, areas, prediction) if std_source \
        else None
    classes = class_confusion(_reference_classes(parts, reference, window_transform),
                              _predicted_classes(values, predicted, prediction), counted, areas,
                              len(prediction.classes)) if parts else None
    return GlacierScores(zone, confusion_from_masks(predicted, reference, counted, areas),
                         mean_boundary_distance_m(outline, seen, grid.crs.to_wkt()), outline, interval, classes)


def _class_parts(reference: GlacierSet, prediction: RasterPrediction) -> dict[str, list[tuple[BaseGeometry, int]]]:
    """Each glacier's (polygon, class index in the prediction) pairs, once the classes are checked."""
    names = [reference.class_names[c] for c in reference.class_indices]
    check_reference_classes(names, prediction)
    index = {name: i for i, name in enumerate(prediction.classes)}
    parts: dict[str, list[tuple[BaseGeometry, int]]] = {}
    for glacier_id, geometry, name in zip(reference.ids, reference.geometries, names):
        parts.setdefault(glacier_id, []).append((geometry, index[name]))
    return parts


def evaluate_raster(prediction: RasterPrediction, outlines: dict[str, BaseGeometry], buffer_m: float,
                    monitor: Monitor = SILENT, classes: GlacierSet | None = None) -> Evaluation:
    """Score a prediction raster against reference ``outlines`` (in the raster's CRS), glacier by glacier.

    Only valid pixels (not nodata in the prediction) of each zone are counted. With ``prediction.std`` each
    glacier also gets its area interval and whether the reference area lies in it. With ``classes`` (the
    reference polygons, in the raster's CRS, classed by the names of the prediction's classes) each glacier
    also gets its class matrix and per-class scores.

    Raises:
        InputError: no glacier overlaps the raster; with ``classes``, see :func:`check_reference_classes`.
    """
    parts = _class_parts(classes, prediction) if classes is not None else {}
    with contextlib.ExitStack() as files:
        source = files.enter_context(rasterio.open(prediction.path))
        std_source = files.enter_context(rasterio.open(prediction.std)) if prediction.std else None
        grid = Grid(source.crs, source.transform, source.width, source.height)
        zones = glacier_zones(outlines, grid.crs, buffer_m, grid)
        results = []
        for i, zone in enumerate(zones):
            monitor.step(i, len(zones), 0, 90)
            results.append(_score_zone(source, std_source, zone, grid, prediction, parts.get(zone.glacier_id)))
    return Evaluation(results, grid.crs.to_wkt(), prediction.classes if classes is not None else ())


def evaluate_polygons(predicted: Sequence[BaseGeometry], predicted_ids: Sequence[str] | None,
                      outlines: dict[str, BaseGeometry], crs: str, buffer_m: float,
                      monitor: Monitor = SILENT) -> Evaluation:
    """Score prediction polygons against reference ``outlines`` (all in ``crs``), exactly.

    With ``predicted_ids`` a glacier is compared with the prediction polygons of its own id; without,
    with every prediction polygon in its zone.

    Raises:
        InputError: no prediction polygon overlaps a reference glacier, or no id in common.
    """
    zones = glacier_zones(outlines, CRS.from_user_input(crs), buffer_m)
    if predicted_ids is not None:
        _check_common_ids(predicted_ids, outlines)
    tree = SpatialIndex(predicted)
    results = []
    for i, zone in enumerate(zones):
        monitor.step(i, len(zones), 0, 90)
        parts = [predicted[j] for j in tree.query(zone.zone)
                 if predicted_ids is None or predicted_ids[j] == zone.glacier_id]
        clipped = unary_union(parts).intersection(zone.zone) if parts else Polygon()
        confusion = confusion_from_polygons(clipped, zone.outline, zone.zone, crs)
        results.append(GlacierScores(zone, confusion, mean_boundary_distance_m(clipped, zone.outline, crs), clipped))
    if not any(r.confusion.tp + r.confusion.fp > 0 for r in results):
        raise InputError("PREDICTION", "no predicted polygon overlaps any reference glacier.",
                         "Check that the layers cover the same area and that their CRSs are set correctly.")
    return Evaluation(results, crs)


def _check_common_ids(predicted_ids: Sequence[str], outlines: dict[str, BaseGeometry]) -> None:
    if not set(predicted_ids) & set(outlines):
        raise InputError("PREDICTION_ID_FIELD", f"no prediction id matches a reference glacier id (e.g. "
                         f"'{next(iter(predicted_ids), '')}' vs '{next(iter(outlines), '')}').",
                         "Choose the id fields that hold the same glacier ids, or leave it empty to match "
                         "polygons by location.")

