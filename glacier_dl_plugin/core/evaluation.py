"""Scores of predicted glacier outlines against reference outlines, one glacier window at a time.

Each reference glacier is scored inside its *zone*: its outline buffered by ``buffer_m`` minus the other
reference glaciers (a neighbour's ice is scored with that neighbour, and ice divides between touching
glaciers become boundaries of both). Areas are km² on the WGS 84 ellipsoid (``core.geodesy``), boundary
distances metres on a local azimuthal equidistant projection, whatever the CRS of the inputs.

A raster prediction is read one glacier window at a time, never whole: memory is bounded by the largest
zone. Polygon predictions are scored exactly with vector overlays.
"""
from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from typing import Literal, Sequence

import numpy as np
import rasterio
from pyproj import CRS as ProjCRS
from pyproj import Transformer
from rasterio.crs import CRS
from rasterio.features import rasterize, shapes
from rasterio.windows import Window, from_bounds
from scipy.spatial import cKDTree
from shapely.geometry import Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform, unary_union

from .errors import InputError
from .geodesy import geodesic_area_km2, to_lonlat
from .progress import SILENT, Monitor
from .raster_stack import Grid
from .spatial_index import SpatialIndex

__all__ = ["GlacierZone", "Confusion", "GlacierScores", "Evaluation", "RasterPrediction", "glacier_zones",
           "zone_masks", "pixel_areas_km2", "mean_boundary_distance_m", "evaluate_raster", "evaluate_polygons",
           "SCORE_NAMES", "INTERVAL_NAMES", "raster_prediction"]

_METRES_PER_DEGREE = 111_320.0  # along a meridian; converts buffers for geographic grids
SCORE_NAMES = ("iou", "precision", "recall", "f1", "accuracy", "accuracy_background", "accuracy_glacier",
               "rel_area_error", "boundary_distance_m")
INTERVAL_NAMES = ("area_low_km2", "area_high_km2", "in_interval")  # with a std raster: the area interval


@dataclass(frozen=True)
class GlacierZone:
    """Where one reference glacier is scored; geometries in the grid CRS, window clipped to the grid."""

    glacier_id: str
    outline: BaseGeometry
    zone: BaseGeometry
    window: Window | None


def buffer_in_crs_units(buffer_m: float, crs: CRS) -> float:
    """``buffer_m`` metres in units of ``crs`` (degrees along a meridian for a geographic CRS)."""
    return buffer_m / _METRES_PER_DEGREE if crs.is_geographic else buffer_m / crs.linear_units_factor[1]


def _grid_window(bounds: Sequence[float], grid: Grid) -> Window | None:
    """The pixel window covering ``bounds``, clipped to the grid; None when it misses the grid."""
    window = from_bounds(*bounds, transform=grid.transform)
    row0, col0 = max(math.floor(window.row_off), 0), max(math.floor(window.col_off), 0)
    row1 = min(math.ceil(window.row_off + window.height), grid.height)
    col1 = min(math.ceil(window.col_off + window.width), grid.width)
    return Window(col0, row0, col1 - col0, row1 - row0) if row1 > row0 and col1 > col0 else None


def glacier_zones(outlines: dict[str, BaseGeometry], crs: CRS, buffer_m: float, grid: Grid | None = None,
                  ids: Sequence[str] | None = None) -> list[GlacierZone]:
    """The zones of the glaciers ``ids`` (default: all), in ``ids`` order.

    With a ``grid``, only glaciers overlapping it are kept, each with its pixel window.

    Raises:
        InputError: no glacier overlaps the grid.
    """
    names, geometries = list(outlines), list(outlines.values())
    tree, buffer = SpatialIndex(geometries), buffer_in_crs_units(buffer_m, crs)
    raster_box, zones = box(*grid.bounds) if grid else None, []
    for glacier_id in ids if ids is not None else names:
        outline = outlines[glacier_id]
        if raster_box is not None and not outline.intersects(raster_box):
            continue
        around = outline.buffer(buffer)
        others = [geometries[i] for i in tree.query(around) if names[i] != glacier_id]
        zone = around.difference(unary_union(others).difference(outline)) if others else around
        window = _grid_window(zone.bounds, grid) if grid else None
        if grid is None or window is not None:
            zones.append(GlacierZone(glacier_id, outline, zone, window))
    if not zones:
        raise InputError("REFERENCE", "no reference glacier overlaps the prediction raster.",
                         "Check that the layers cover the same area (and that their CRSs are set correctly).")
    return zones


def zone_masks(zone: GlacierZone, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """Boolean ``(in zone, in outline)`` arrays of the zone's window (pixel centres inside)."""
    out_shape, window_transform = (zone.window.height, zone.window.width), grid.window_transform(zone.window)
    inside = [rasterize([(g, 1)], out_shape=out_shape, transform=window_transform, dtype=np.uint8).astype(bool)
              for g in (zone.zone, zone.outline)]
    return inside[0], inside[1] & inside[0]


def pixel_areas_km2(grid: Grid, window: Window) -> np.ndarray:
    """Ellipsoidal area in km² of the pixels of each window row, as a ``[rows, 1]`` column.

    Areas change with latitude (row) on geographic grids; across one glacier window the change along a
    row of a projected grid is below 0.1 %, so the pixel at the window's centre column stands for its row.
    """
    width, height = grid.pixel_size
    centre_col = window.col_off + window.width // 2
    areas = []
    for row in range(int(window.row_off), int(window.row_off + window.height)):
        x, y = grid.transform * (centre_col, row)
        areas.append(geodesic_area_km2(box(x, y - height, x + width, y), grid.crs.to_wkt()))
    return np.asarray(areas, np.float64)[:, None]


@dataclass(frozen=True)
class Confusion:
    """Areas in km² of true/false positives and negatives (glacier is the positive class)."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    tn: float = 0.0

    def __add__(self, other: "Confusion") -> "Confusion":
        return Confusion(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn)

    def scores(self) -> dict[str, float]:
        """IoU, precision, recall, F1, accuracy (overall and per class), relative area error (NaN: 0/0)."""
        ratio = lambda a, b: a / b if b > 0 else math.nan  # noqa: E731 - a local safe division
        reference, predicted = self.tp + self.fn, self.tp + self.fp
        return {"iou": ratio(self.tp, self.tp + self.fp + self.fn), "precision": ratio(self.tp, predicted),
                "recall": ratio(self.tp, reference), "f1": ratio(2 * self.tp, predicted + reference),
                "accuracy": ratio(self.tp + self.tn, self.tp + self.fp + self.fn + self.tn),
                "accuracy_background": ratio(self.tn, self.tn + self.fp), "accuracy_glacier": ratio(self.tp, reference),
                "rel_area_error": ratio(predicted - reference, reference), "ref_area_km2": reference,
                "pred_area_km2": predicted}


def confusion_from_masks(predicted: np.ndarray, reference: np.ndarray, counted: np.ndarray,
                         areas: np.ndarray) -> Confusion:
    """Confusion areas over the ``counted`` pixels, each weighted by its area (``[rows, 1]`` km²)."""
    weight = np.broadcast_to(areas, counted.shape)
    total = lambda m: float(weight[m & counted].sum())  # noqa: E731
    return Confusion(total(predicted & reference), total(predicted & ~reference), total(~predicted & reference),
                     total(~predicted & ~reference))


def confusion_from_polygons(predicted: BaseGeometry, reference: BaseGeometry, zone: BaseGeometry,
                            crs: str) -> Confusion:
    """Exact confusion areas of polygons clipped to ``zone``, on the ellipsoid."""
    area = lambda g: geodesic_area_km2(g, crs)  # noqa: E731
    rest = zone.difference(predicted.union(reference))
    return Confusion(area(predicted.intersection(reference)), area(predicted.difference(reference)),
                     area(reference.difference(predicted)), area(rest))


def _local_metric(geometries: Sequence[BaseGeometry], crs: str) -> list[BaseGeometry]:
    """Geometries on an azimuthal equidistant projection centred on the first one (metres)."""
    lonlat = [to_lonlat(g, crs) for g in geometries]
    centre = lonlat[0].centroid
    aeqd = ProjCRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
    project = Transformer.from_crs(ProjCRS.from_epsg(4326), aeqd, always_xy=True).transform
    return [transform(project, g) for g in lonlat]


def _rings(geometry: BaseGeometry) -> list[np.ndarray]:
    parts = getattr(geometry, "geoms", [geometry])  # overlays may return collections with lines or points
    return [np.asarray(ring.coords) for p in parts if p.geom_type == "Polygon" and not p.is_empty
            for ring in (p.exterior, *p.interiors)]


def _densify(rings: list[np.ndarray], spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every ~``spacing`` along the rings (segment midpoints of equal pieces) and their lengths."""
    starts = np.concatenate([r[:-1] for r in rings])
    steps = np.concatenate([np.diff(r, axis=0) for r in rings])
    lengths = np.hypot(steps[:, 0], steps[:, 1])
    pieces = np.maximum(np.ceil(lengths / spacing), 1).astype(int)
    segment = np.repeat(np.arange(len(pieces)), pieces)
    first = np.repeat(np.cumsum(pieces) - pieces, pieces)
    fraction = (np.arange(len(segment)) - first + 0.5) / pieces[segment]
    return starts[segment] + fraction[:, None] * steps[segment], (lengths / pieces)[segment]


def mean_boundary_distance_m(a: BaseGeometry, b: BaseGeometry, crs: str, spacing_m: float = 1.0) -> float:
    """Symmetric mean distance between the boundaries of two (multi)polygons, in metres.

    ``(∫_∂a d(x, ∂b) dx + ∫_∂b d(x, ∂a) dx) / (|∂a| + |∂b|)``, summed over points every ``spacing_m``
    (coarser beyond 200,000 points in all); NaN when either polygon is empty.
    """
    if a.is_empty or b.is_empty:
        return math.nan
    a_m, b_m = _local_metric([a, b], crs)
    if not (_rings(a_m) and _rings(b_m)):
        return math.nan
    spacing = max(spacing_m, (a_m.length + b_m.length) / 200_000)
    (pa, wa), (pb, wb) = _densify(_rings(a_m), spacing), _densify(_rings(b_m), spacing)
    da, _ = cKDTree(pb).query(pa)
    db, _ = cKDTree(pa).query(pb)
    return float((np.dot(da, wa) + np.dot(db, wb)) / (wa.sum() + wb.sum()))


@dataclass
class GlacierScores:
    """One reference glacier's confusion areas and scores, and the prediction clipped to its zone."""

    zone: GlacierZone
    confusion: Confusion
    boundary_distance_m: float
    predicted: BaseGeometry = field(repr=False)
    interval: tuple[float, float] | None = None  # (area_low, area_high) km², with a std raster

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

    def _sums(self) -> dict[str, float]:
        return {name: sum(g.scores[name] for g in self.glaciers)
                for name in ("ref_area_km2", "pred_area_km2", "area_low_km2", "area_high_km2")}

    def overall(self) -> dict[str, float]:
        """Mean over glaciers of every score (NaNs skipped; ``in_interval``: the share covered); summed areas."""
        columns = [g.scores for g in self.glaciers]
        means = {name: float(np.nanmean(values)) if not np.isnan(values).all() else math.nan
                 for name in (*SCORE_NAMES, "in_interval") for values in [np.array([c[name] for c in columns], float)]}
        return {**means, **self._sums()}

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


@dataclass(frozen=True)
class RasterPrediction:
    """A prediction raster: ``probability`` (bands summed, ≥ threshold is glacier) or ``classes`` (> 0)."""

    path: str
    kind: Literal["probability", "classes"] = "probability"
    threshold: float = 0.5
    std: str | None = None  # ensemble std on the same grid: area intervals [mean ∓ k·std ≥ threshold]
    k: float = 1.0


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
    kind = ("probability" if np.dtype(dtype).kind == "f" else "classes") if kind == "auto" else kind
    if kind != "probability":
        return RasterPrediction(path, kind)
    calibrated = tags.get("GLACIERDL_CALIBRATED") == "1"
    if not calibrated and (threshold is None or std):
        monitor.log("Warning: the prediction is not calibrated (no GLACIERDL_CALIBRATED=1 tag); using threshold "
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
    return RasterPrediction(path, kind, threshold, std, k)


def _read_prediction(source, window: Window, prediction: RasterPrediction) -> tuple[np.ndarray, np.ndarray]:
    """Glacier probability (class rasters: 0/1) and validity of one window."""
    data = source.read(window=window, boundless=True, masked=True)
    valid = ~np.ma.getmaskarray(data).any(axis=0) & np.isfinite(data.filled(0)).all(axis=0)
    values = data.filled(0)
    glacier = values.sum(axis=0) if prediction.kind == "probability" else (values[0] > 0).astype(np.float32)
    return glacier, valid


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


def _score_zone(source, std_source, zone: GlacierZone, grid: Grid, prediction: RasterPrediction) -> GlacierScores:
    in_zone, reference = zone_masks(zone, grid)
    probability, valid = _read_prediction(source, zone.window, prediction)
    predicted = (probability >= (prediction.threshold if prediction.kind == "probability" else 0.5)) & valid
    counted, areas = in_zone & valid, pixel_areas_km2(grid, zone.window)
    window_transform = grid.window_transform(zone.window)
    outline = _polygons_of(predicted & counted, window_transform)
    # outlines reaching off the raster or over nodata are compared on their valid part only
    seen = zone.outline.intersection(_polygons_of(valid, window_transform))
    interval = _area_interval(std_source, zone.window, probability, counted, areas, prediction) if std_source \
        else None
    return GlacierScores(zone, confusion_from_masks(predicted, reference, counted, areas),
                         mean_boundary_distance_m(outline, seen, grid.crs.to_wkt()), outline, interval)


def evaluate_raster(prediction: RasterPrediction, outlines: dict[str, BaseGeometry], buffer_m: float,
                    monitor: Monitor = SILENT) -> Evaluation:
    """Score a prediction raster against reference ``outlines`` (in the raster's CRS), glacier by glacier.

    Only valid pixels (not nodata in the prediction) of each zone are counted. With ``prediction.std`` each
    glacier also gets its area interval and whether the reference area lies in it.
    """
    with contextlib.ExitStack() as files:
        source = files.enter_context(rasterio.open(prediction.path))
        std_source = files.enter_context(rasterio.open(prediction.std)) if prediction.std else None
        grid = Grid(source.crs, source.transform, source.width, source.height)
        zones = glacier_zones(outlines, grid.crs, buffer_m, grid)
        results = []
        for i, zone in enumerate(zones):
            monitor.step(i, len(zones), 0, 90)
            results.append(_score_zone(source, std_source, zone, grid, prediction))
    return Evaluation(results, grid.crs.to_wkt())


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

