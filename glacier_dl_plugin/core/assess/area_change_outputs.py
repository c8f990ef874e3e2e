"""The outputs of Glacier area change: the per-glacier table (CSV, last row TOTAL), the GeoPackage layer of
footprints and the relative-change plot (PNG).

The plot uses matplotlib's object API with the Agg canvas (no pyplot, no global backend switch), so it is
safe inside QGIS.
"""
from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:  # area_change imports this module to write its results
    from .area_change import GlacierChange, RegionalChange

__all__ = ["write_change_csv", "write_change_layer", "write_change_plot"]


def _csv_value(value):
    return "" if isinstance(value, float) and math.isnan(value) else value


def write_change_csv(path: Path, changes: Sequence[GlacierChange], total: RegionalChange) -> None:
    """One row per glacier (the columns of :class:`GlacierChange`), then the row ``TOTAL`` of the glaciers counted
    (``in_total``); NaN: an empty cell."""
    names = [f.name for f in fields(changes[0])]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for change in changes:
            writer.writerow([_csv_value(getattr(change, n)) for n in names])
        # The regional total is the last row; its dates, years and coverages are left empty (they vary per glacier).
        row = {"glacier_id": "TOTAL", "date_0": "", "date_1": "", "years": "", "in_total": total.glaciers}
        writer.writerow([row[n] if n in row else _csv_value(getattr(total, n, "")) for n in names])


def write_change_layer(path: Path, changes: Sequence[GlacierChange], geometries: dict[str, BaseGeometry],
                       crs: str) -> None:
    """GeoPackage layer ``area_change``: each glacier's footprint (``geometries``, in ``crs``) with its change;
    NULL where a value is not finite, no geometry for a glacier without ice at both dates."""
    import fiona  # only the vector writers need it (as in core.dataset.preview)

    properties = {f.name: (f.type if f.type in ("str", "int") else "float") for f in fields(changes[0])}
    schema = {"geometry": "MultiPolygon", "properties": properties}
    with fiona.open(path, "w", driver="GPKG", layer="area_change", crs_wkt=crs, schema=schema) as sink:
        for change in changes:
            geometry = geometries[change.glacier_id]
            values = {n: getattr(change, n) for n in properties}
            sink.write({"geometry": None if geometry.is_empty else mapping(_multipolygon(geometry)),
                        "properties": {n: (None if isinstance(v, float) and not math.isfinite(v) else v)
                                       for n, v in values.items()}})


def _multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    parts = [geometry] if geometry.geom_type == "Polygon" else [g for g in getattr(geometry, "geoms", [])
                                                                if g.geom_type == "Polygon"]
    return MultiPolygon(parts)


def write_change_plot(path: Path, changes: Sequence[GlacierChange], total: RegionalChange) -> None:
    """Relative change (%) against the glacier's area at date 0 (log axis), ±1σ bars; hollow when SNR < 2. Only
    the glaciers of the total (seen whole at both dates) are drawn."""
    shown = [c for c in changes if c.area_0 > 0 and c.in_total]
    fig = Figure(figsize=(7, 4.5))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    for significant in (True, False):
        group = [c for c in shown if (c.snr >= 2) == significant]
        if group:
            ax.errorbar([c.area_0 for c in group], [c.relative_change for c in group],
                        yerr=[100 * c.sigma_change / c.area_0 for c in group], fmt="o", capsize=2, ms=5,
                        color="tab:blue", mfc="tab:blue" if significant else "white",
                        label="SNR ≥ 2" if significant else "SNR < 2")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("glacier area at date 0 (km²)")
    ax.set_ylabel("relative area change (%)")
    ax.set_title(f"{total.glaciers} glaciers: ΔA = {total.change:.3f} ± {total.sigma_change:.3f} km² "
                 f"({total.relative_change:.1f} %)", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100, format="png")
