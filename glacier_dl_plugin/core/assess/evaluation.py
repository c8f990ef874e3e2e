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
from collections.abc import Sequence

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.features import rasterize, shapes
from rasterio.windows import Window
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..errors import InputError
from ..geo.coverage import centre_count, listed, skip_unresolved
from ..geo.glaciers import GlacierSet
from ..geo.raster_stack import Grid
from ..geo.spatial_index import SpatialIndex
from ..progress import SILENT, Monitor
from .boundary_distance import mean_boundary_distance_m
from .confusion import class_confusion, confusion_from_masks, confusion_from_polygons
from .glacier_scores import INTERVAL_NAMES, Evaluation, GlacierScores
from .prediction_raster import RasterPrediction, check_reference_classes, raster_prediction
from .scoring_zones import GlacierZone, glacier_zones, pixel_areas_km2, zone_masks

# Evaluate's entry points; the result types and the prediction reader are re-exported for its callers.
__all__ = ["evaluate_raster", "evaluate_polygons", "GlacierScores", "Evaluation", "INTERVAL_NAMES",
           "RasterPrediction", "raster_prediction", "check_reference_classes"]


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
    coverage = float((reference & valid).sum()) / max(centre_count(zone.outline, grid.transform), 1)
    return GlacierScores(zone, confusion_from_masks(predicted, reference, counted, areas),
                         mean_boundary_distance_m(outline, seen, grid.crs.to_wkt()), outline, interval, classes,
                         coverage)


def _seen(results: list[GlacierScores], monitor: Monitor) -> list[GlacierScores]:
    """The glaciers with valid prediction pixels in their outline; the others (over nodata only) are left out
    and those seen in part are named, each with a warning.

    Raises:
        InputError: (PREDICTION) no reference glacier has a valid prediction pixel (an all-nodata raster).
    """
    unseen = [r.zone.glacier_id for r in results if r.coverage == 0]
    kept = [r for r in results if r.coverage > 0]
    if not kept:
        raise InputError("PREDICTION", f"holds only nodata over the {len(results)} reference glacier(s) it covers "
                         "(nothing to score).", "Check that it is the raster Predict wrote over these glaciers (an "
                         "all-nodata input gives an all-nodata prediction) and that its nodata value is right.")
    if unseen:
        monitor.warning(f"PREDICTION: {len(unseen)} reference glacier(s) lie only over nodata or off the raster and "
                        f"were not scored: {listed(unseen)}.")
    partial = [f"{r.zone.glacier_id} ({100 * r.coverage:.0f} %)" for r in kept if r.coverage < 1]
    if partial:
        monitor.warning(f"PREDICTION: {len(partial)} reference glacier(s) are only partly covered by valid pixels "
                        f"(off the raster or over nodata): {listed(partial)}. They are scored on the covered part "
                        "only (field coverage below 1).")
    return kept


def _class_parts(reference: GlacierSet, prediction: RasterPrediction) -> dict[str, list[tuple[BaseGeometry, int]]]:
    """Each glacier's (polygon, class index in the prediction) pairs, once the classes are checked."""
    names = [reference.class_names[c] for c in reference.class_indices]
    check_reference_classes(names, prediction)
    index = {name: i for i, name in enumerate(prediction.classes)}
    parts: dict[str, list[tuple[BaseGeometry, int]]] = {}
    for glacier_id, geometry, name in zip(reference.ids, reference.geometries, names, strict=True):
        parts.setdefault(glacier_id, []).append((geometry, index[name]))
    return parts


def evaluate_raster(prediction: RasterPrediction, outlines: dict[str, BaseGeometry], buffer_m: float,
                    monitor: Monitor = SILENT, classes: GlacierSet | None = None) -> Evaluation:
    """Score a prediction raster against reference ``outlines`` (in the raster's CRS), glacier by glacier.

    Only valid pixels (not nodata in the prediction) of each zone are counted, and each glacier's
    ``coverage`` says which share of its outline they cover: glaciers over nodata only are left out, those
    partly covered are named in a warning. Glaciers holding no pixel centre (smaller than a pixel) cannot be
    scored at the raster's resolution: they are left out with a warning (their outlines still bound their
    neighbours' zones). With ``prediction.std`` each glacier also gets its area interval and whether the
    reference area lies in it. With ``classes`` (the reference polygons, in the raster's CRS, classed by the
    names of the prediction's classes) each glacier also gets its class matrix and per-class scores.

    Raises:
        InputError: no glacier overlaps the raster, or every one is smaller than a pixel (REFERENCE); the
            prediction is nodata over every glacier (PREDICTION); with ``classes``, see
            :func:`check_reference_classes`.
    """
    parts = _class_parts(classes, prediction) if classes is not None else {}
    with contextlib.ExitStack() as files:
        source = files.enter_context(rasterio.open(prediction.path))
        std_source = files.enter_context(rasterio.open(prediction.std)) if prediction.std else None
        grid = Grid(source.crs, source.transform, source.width, source.height)
        tiny = set(skip_unresolved(outlines, grid, "REFERENCE", monitor, "reference glacier"))
        zones = glacier_zones(outlines, grid.crs, buffer_m, grid, [g for g in outlines if g not in tiny])
        results = []
        for i, zone in enumerate(zones):
            monitor.step(i, len(zones), 0, 90)
            results.append(_score_zone(source, std_source, zone, grid, prediction, parts.get(zone.glacier_id)))
    return Evaluation(_seen(results, monitor), grid.crs.to_wkt(), prediction.classes if classes is not None else ())


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
