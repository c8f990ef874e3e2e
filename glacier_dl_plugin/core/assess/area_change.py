"""Glacier area change between two dates, matched by glacier id, with its uncertainty.

Per glacier: ΔA = A₁ − A₀ (km²), σ_ΔA = √(σ₀² + σ₁²) (the two dates' errors are independent), rate = ΔA / Δt
(km²/yr, Δt in years of 365.25 days), σ_rate = σ_ΔA / Δt, SNR = |ΔA| / σ_ΔA. Regional totals add the areas,
changes and rates, and add the σ's too (Σσ): neighbouring glaciers share the image, the model and its
calibration, so their errors are treated as fully dependent rather than averaging out.
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
from ..config.checks import parse_date
from ..errors import InputError
from ..geo.geodesy import geodesic_area_km2
from ..progress import SILENT, Monitor
from .area_change_outputs import write_change_csv, write_change_layer, write_change_plot

__all__ = ["OutlineRecord", "OutlineLayer", "GlacierChange", "RegionalChange", "AreaChangeSummary", "glacier_changes",
           "regional_change", "compute_area_change"]

_DAYS_PER_YEAR = 365.25
_LISTED = 10  # ids quoted in an error message; the rest are counted


@dataclass(frozen=True)
class OutlineRecord:
    """One glacier's outline at one date, as read from a layer.

    Attributes:
        geometry_wkb: the outline in the layer's CRS; empty for a glacier without ice (area 0).
        area_km2: the area when the layer has one (e.g. polygonize's ``area``); None: measured on the ellipsoid.
        sigma_km2: its 1-sigma uncertainty (polygonize's ``sigma_area``); None counts as 0.
        date: the acquisition date from the layer's date field (``YYYY-MM-DD``), if any.
    """

    glacier_id: str
    geometry_wkb: bytes = b""
    area_km2: float | None = None
    sigma_km2: float | None = None
    date: str | None = None


@dataclass(frozen=True)
class OutlineLayer:
    """The outlines of one date: records, their CRS (WKT) and the parameter they came from."""

    records: tuple[OutlineRecord, ...]
    crs: str
    parameter: str
    date: str | None = None  # the date parameter, which wins over the records' dates


@dataclass(frozen=True)
class GlacierChange:
    """One glacier's change. Areas and σ in km², rates in km²/yr, relative change in % of A₀."""

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


@dataclass(frozen=True)
class RegionalChange:
    """Sums over all glaciers; every σ is the sum of the glaciers' σ (dependent errors)."""

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


@dataclass(frozen=True)
class AreaChangeSummary:
    changes: tuple[GlacierChange, ...]
    total: RegionalChange
    csv: Path
    layer: Path
    plot: Path


def _listed(ids: Sequence[str]) -> str:
    more = f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else ""
    return ", ".join(ids[:_LISTED]) + more


def _by_id(layer: OutlineLayer) -> dict[str, OutlineRecord]:
    by_id: dict[str, OutlineRecord] = {}
    duplicated = set()
    for record in layer.records:
        if record.glacier_id in by_id:
            duplicated.add(record.glacier_id)
        by_id[record.glacier_id] = record
    if duplicated:
        raise InputError(layer.parameter, f"glacier ids appear more than once: {_listed(sorted(duplicated))}.",
                         "Give one feature per glacier (e.g. Dissolve by the id field).")
    if not by_id:
        raise InputError(layer.parameter, "holds no outline.", "Choose a layer of glacier outlines.")
    return by_id


def _check_same_glaciers(first: dict, second: dict, layers: tuple[OutlineLayer, OutlineLayer]) -> None:
    for here, there, layer, other in ((first, second, layers[1], layers[0]), (second, first, layers[0], layers[1])):
        missing = sorted(set(here) - set(there))
        if missing:
            raise InputError(layer.parameter, f"has no outline for {len(missing)} glacier(s) of {other.parameter}: "
                             f"{_listed(missing)}.", "Use outlines of the same glaciers at both dates (e.g. "
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
            sigmas: tuple[float, float]) -> GlacierChange:
    years = (dates[1] - dates[0]).days / _DAYS_PER_YEAR
    change, sigma_change = areas[1] - areas[0], math.hypot(*sigmas)
    return GlacierChange(glacier_id, dates[0].isoformat(), dates[1].isoformat(), years, areas[0], sigmas[0],
                         areas[1], sigmas[1], change, sigma_change, change / years, sigma_change / years,
                         _ratio(abs(change), sigma_change), 100 * _ratio(change, areas[0]))


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
        changes.append(_change(glacier_id, dates, areas, sigmas))
    return changes


def regional_change(changes: Sequence[GlacierChange]) -> RegionalChange:
    """Totals of :func:`glacier_changes`; σ's are summed (dependent errors)."""
    total = {name: sum(getattr(c, name) for c in changes) for name in
             ("area_0", "sigma_0", "area_1", "sigma_1", "change", "sigma_change", "rate", "sigma_rate")}
    return RegionalChange(len(changes), **total, snr=_ratio(abs(total["change"]), total["sigma_change"]),
                          relative_change=100 * _ratio(total["change"], total["area_0"]))


def _footprints(first: OutlineLayer, second: OutlineLayer) -> dict[str, BaseGeometry]:
    """Each glacier's outline at either date (their union) in the CRS of ``first``."""
    later = {r.glacier_id: _geometry(r, second.crs, first.crs) for r in second.records}
    return {r.glacier_id: unary_union([_geometry(r, first.crs, first.crs), later[r.glacier_id]])
            for r in first.records}


def compute_area_change(first: OutlineLayer, second: OutlineLayer, csv_path: str | Path, layer_path: str | Path,
                        plot_path: str | Path, monitor: Monitor = SILENT) -> AreaChangeSummary:
    """Write the per-glacier table (CSV, last row TOTAL), a GeoPackage layer ``area_change`` (each glacier's
    outline at either date) and a PNG plot. All three appear only when all are complete."""
    changes = glacier_changes(first, second)
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
    monitor.log(f"{total.glaciers} glaciers: ΔA = {total.change:.4f} ± {total.sigma_change:.4f} km² "
                f"({total.relative_change:.2f} %), {total.rate:.4f} ± {total.sigma_rate:.4f} km²/yr, "
                f"SNR {total.snr:.1f}.")
    monitor.progress(100)
    return AreaChangeSummary(tuple(changes), total, *paths)
