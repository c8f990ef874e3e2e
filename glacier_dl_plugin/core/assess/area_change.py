"""Glacier area change between two dates, matched by glacier id, with its uncertainty.

Per glacier: ΔA = A₁ − A₀ (km²), σ_ΔA = √(σ₀² + σ₁²) (the two dates' errors are independent), rate = ΔA / Δt
(km²/yr, Δt in years of 365.25 days), σ_rate = σ_ΔA / Δt, SNR = |ΔA| / σ_ΔA. Regional totals add the areas,
changes and rates, and add the σ's too (Σσ): neighbouring glaciers share the image, the model and its
calibration, so their errors are treated as fully dependent rather than averaging out.

A glacier the image saw only in part at either date (``coverage`` below 1, e.g. off the raster's edge) has
the area of that part only: its "change" would mostly be the edge of the image. It keeps its row (with
``in_total`` 0) but is left out of the totals, with a warning listing it.
"""
from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rasterio.crs import CRS
from rasterio.warp import transform_geom
from shapely import wkb
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import Polygon
from shapely.ops import unary_union

from ..atomic import atomic_path
from ..config.dates import parse_date
from ..errors import InputError
from ..geo.coverage import listed
from ..geo.geodesy import geodesic_area_km2
from ..geo.polygons import layer_crs
from ..progress import SILENT, Monitor
from .area_change_outputs import write_change_csv, write_change_layer, write_change_plot

__all__ = ["OutlineRecord", "OutlineLayer", "GlacierChange", "RegionalChange", "AreaChangeSummary", "glacier_changes",
           "regional_change", "compute_area_change"]

_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class OutlineRecord:
    """One glacier's outline at one date, as read from a layer.

    Attributes:
        geometry_wkb: the outline in the layer's CRS; empty for a glacier without ice (area 0).
        area_km2: the area when the layer has one (e.g. polygonize's ``area``); None: measured on the ellipsoid.
        sigma_km2: its 1-sigma uncertainty (polygonize's ``sigma_area``); None counts as 0.
        date: the acquisition date from the layer's date field (``YYYY-MM-DD`` or RGI's ``YYYYMMDD``), if any.
        coverage: the share of the glacier the image saw (polygonize's ``coverage``); None: all of it.
    """

    glacier_id: str
    geometry_wkb: bytes = b""
    area_km2: float | None = None
    sigma_km2: float | None = None
    date: str | None = None
    coverage: float | None = None


@dataclass(frozen=True)
class OutlineLayer:
    """The outlines of one date: records, their CRS (WKT) and the parameter they came from."""

    records: tuple[OutlineRecord, ...]
    crs: str
    parameter: str
    date: str | None = None  # the date parameter, which wins over the records' dates


@dataclass(frozen=True)
class GlacierChange:
    """One glacier's change. Areas and σ in km², rates in km²/yr, relative change in % of A₀; coverage_0/1: the
    share of the glacier each image saw; in_total: 1 when it counts in the totals (seen whole at both dates)."""

    glacier_id: str
    date_0: str
    date_1: str
    years: float
    area_0: float
    sigma_0: float
    area_1: float
    sigma_1: float
    change: float
    sigma_change: float
    rate: float
    sigma_rate: float
    snr: float
    relative_change: float
    coverage_0: float = 1.0
    coverage_1: float = 1.0
    in_total: int = 1


@dataclass(frozen=True)
class RegionalChange:
    """Sums over the glaciers seen whole at both dates (``excluded``: the others); every σ is the sum of the
    glaciers' σ (dependent errors)."""

    glaciers: int
    area_0: float
    sigma_0: float
    area_1: float
    sigma_1: float
    change: float
    sigma_change: float
    rate: float
    sigma_rate: float
    snr: float
    relative_change: float
    excluded: int = 0


@dataclass(frozen=True)
class AreaChangeSummary:
    changes: tuple[GlacierChange, ...]
    total: RegionalChange
    csv: Path
    layer: Path
    plot: Path


def _by_id(layer: OutlineLayer) -> dict[str, OutlineRecord]:
    by_id: dict[str, OutlineRecord] = {}
    duplicated = set()
    for record in layer.records:
        if record.glacier_id in by_id:
            duplicated.add(record.glacier_id)
        by_id[record.glacier_id] = record
    if duplicated:
        raise InputError(layer.parameter, f"glacier ids appear more than once: {listed(sorted(duplicated))}.",
                         "Give one feature per glacier (e.g. Dissolve by the id field).")
    if not by_id:
        raise InputError(layer.parameter, "holds no outline.", "Choose a layer of glacier outlines.")
    return by_id


def _check_same_glaciers(first: dict, second: dict, layers: tuple[OutlineLayer, OutlineLayer]) -> None:
    for here, there, layer, other in ((first, second, layers[1], layers[0]), (second, first, layers[0], layers[1])):
        missing = sorted(set(here) - set(there))
        if missing:
            raise InputError(layer.parameter, f"has no outline for {len(missing)} glacier(s) of {other.parameter}: "
                             f"{listed(missing)}.", "Use outlines of the same glaciers at both dates (e.g. "
                             "polygonize both dates with the same inventory; an ice-free glacier keeps its row).")


def _date(layer: OutlineLayer, record: OutlineRecord) -> datetime.date:
    text = layer.date or record.date
    if not text:
        raise InputError(f"DATE_{layer.parameter[-1]}", f"no date for glacier {record.glacier_id} in "
                         f"{layer.parameter}.", "Give the date parameter, or a date field filled for every glacier.")
    return parse_date(f"DATE_{layer.parameter[-1]}", text)


def _geometry(record: OutlineRecord, source: str, target: str) -> BaseGeometry:
    if not record.geometry_wkb:
        return Polygon()
    geometry = wkb.loads(record.geometry_wkb)
    if CRS.from_user_input(source) != CRS.from_user_input(target):
        geometry = shape(transform_geom(source, target, mapping(geometry)))
    return geometry


def _area(record: OutlineRecord, crs: str) -> float:
    if record.area_km2 is not None:
        return record.area_km2
    return geodesic_area_km2(_geometry(record, crs, crs), crs)


def _ratio(numerator: float, denominator: float) -> float:
    if denominator == 0:
        return math.inf if numerator else math.nan
    return numerator / denominator


def _change(glacier_id: str, dates: tuple[datetime.date, datetime.date], areas: tuple[float, float],
            sigmas: tuple[float, float], coverages: tuple[float, float] = (1.0, 1.0)) -> GlacierChange:
    years = (dates[1] - dates[0]).days / _DAYS_PER_YEAR
    change, sigma_change = areas[1] - areas[0], math.hypot(*sigmas)
    return GlacierChange(glacier_id, dates[0].isoformat(), dates[1].isoformat(), years, areas[0], sigmas[0],
                         areas[1], sigmas[1], change, sigma_change, change / years, sigma_change / years,
                         _ratio(abs(change), sigma_change), 100 * _ratio(change, areas[0]), *coverages,
                         int(min(coverages) >= 1))


def _coverage(record: OutlineRecord) -> float:
    return 1.0 if record.coverage is None else float(record.coverage)


def glacier_changes(first: OutlineLayer, second: OutlineLayer) -> list[GlacierChange]:
    """Per-glacier change from ``first`` (date 0) to ``second`` (date 1), sorted by glacier id.

    Raises:
        InputError: duplicated or unmatched ids (listed), a missing date, or date 1 not after date 0.
    """
    by_id = _by_id(first), _by_id(second)
    _check_same_glaciers(*by_id, (first, second))
    changes = []
    for glacier_id in sorted(by_id[0]):
        records = by_id[0][glacier_id], by_id[1][glacier_id]
        dates = _date(first, records[0]), _date(second, records[1])
        if dates[1] <= dates[0]:
            raise InputError("DATE_1", f"glacier {glacier_id}: date 1 ({dates[1]}) is not after date 0 "
                             f"({dates[0]}).", "Give the later outlines as OUTLINES_1, with a later date.")
        areas = _area(records[0], first.crs), _area(records[1], second.crs)
        sigmas = records[0].sigma_km2 or 0.0, records[1].sigma_km2 or 0.0
        changes.append(_change(glacier_id, dates, areas, sigmas, (_coverage(records[0]), _coverage(records[1]))))
    return changes


def regional_change(changes: Sequence[GlacierChange]) -> RegionalChange:
    """Totals of :func:`glacier_changes` over the glaciers seen whole at both dates (``in_total``); σ's are
    summed (dependent errors)."""
    counted = [c for c in changes if c.in_total]
    total = {name: sum(getattr(c, name) for c in counted) for name in
             ("area_0", "sigma_0", "area_1", "sigma_1", "change", "sigma_change", "rate", "sigma_rate")}
    return RegionalChange(len(counted), **total, snr=_ratio(abs(total["change"]), total["sigma_change"]),
                          relative_change=100 * _ratio(total["change"], total["area_0"]),
                          excluded=len(changes) - len(counted))


def _warn_partial(changes: Sequence[GlacierChange], monitor: Monitor) -> None:
    partial = [f"{c.glacier_id} ({100 * c.coverage_0:.0f} % / {100 * c.coverage_1:.0f} %)" for c in changes
               if not c.in_total]
    if partial:
        monitor.warning(f"OUTLINES_0/OUTLINES_1: {len(partial)} glacier(s) were only partly covered by the image at "
                        f"one date (coverage at date 0 / date 1): {listed(partial)}. Their areas are those of the "
                        "part seen, so their change is left out of the TOTAL (their rows have in_total = 0); map "
                        "them from images covering them whole.")


def _footprints(first: OutlineLayer, second: OutlineLayer) -> dict[str, BaseGeometry]:
    """Each glacier's outline at either date (their union) in the CRS of ``first``."""
    later = {r.glacier_id: _geometry(r, second.crs, first.crs) for r in second.records}
    return {r.glacier_id: unary_union([_geometry(r, first.crs, first.crs), later[r.glacier_id]])
            for r in first.records}


def compute_area_change(first: OutlineLayer, second: OutlineLayer, csv_path: str | Path, layer_path: str | Path,
                        plot_path: str | Path, monitor: Monitor = SILENT) -> AreaChangeSummary:
    """Write the per-glacier table (CSV, last row TOTAL), a GeoPackage layer ``area_change`` (each glacier's
    outline at either date) and a PNG plot. All three appear only when all are complete.

    Raises:
        InputError: a layer without CRS, duplicated or unmatched ids, a missing date, date 1 not after date 0.
    """
    for layer in (first, second):
        layer_crs(layer.crs, layer.parameter)
    changes = glacier_changes(first, second)
    _warn_partial(changes, monitor)
    monitor.step(1, 4)
    total = regional_change(changes)
    geometries = _footprints(first, second)
    monitor.step(2, 4)
    paths = Path(csv_path), Path(layer_path), Path(plot_path)
    with atomic_path(paths[0]) as table, atomic_path(paths[1]) as layer, atomic_path(paths[2]) as plot:
        write_change_csv(table, changes, total)
        write_change_layer(layer, changes, geometries, first.crs)
        monitor.step(3, 4)
        write_change_plot(plot, changes, total)
    monitor.log(f"{total.glaciers} glaciers ({total.excluded} partly seen left out): ΔA = {total.change:.4f} ± "
                f"{total.sigma_change:.4f} km² "
                f"({total.relative_change:.2f} %), {total.rate:.4f} ± {total.sigma_rate:.4f} km²/yr, "
                f"SNR {total.snr:.1f}.")
    monitor.progress(100)
    return AreaChangeSummary(tuple(changes), total, *paths)
