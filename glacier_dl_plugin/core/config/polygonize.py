"""Configuration of Polygonize."""
from __future__ import annotations

from dataclasses import dataclass

from .checks import AT_LEAST_ONE, NON_NEGATIVE, PROBABILITY
from .dates import parse_date
from .fields import check_fields, setting

__all__ = ["OutlineConfig"]


@dataclass(frozen=True)
class OutlineConfig:
    """How outlines are drawn from the probability rasters.

    Attributes:
        threshold: probability at which a pixel is glacier; None takes the raster's ``GLACIERDL_THRESHOLD``.
        k: bounds are mean -/+ k*std; None takes the raster's calibrated ``GLACIERDL_K`` (1 when uncalibrated).
        band: band of the mean/std rasters (1-based: the glacier class).
        buffer_m: a glacier's outline may reach this many metres beyond its inventory outline.
        min_area_km2: patches smaller than this are dropped (4-connected, as the written polygons are).
        fill_holes: fill holes (nunataks) inside the outlines.
        simplify_m: Douglas-Peucker tolerance in metres for the written geometry (0: pixel edges).
        date: acquisition date written into every feature (ISO ``YYYY-MM-DD``, or RGI's ``YYYYMMDD`` with 99 for
            unknown parts, written as the ISO date of :mod:`core.config.dates`' rule; empty: none).
    """

    threshold: float | None = setting(None, limits=PROBABILITY)
    k: float | None = setting(None, limits=NON_NEGATIVE)
    band: int = setting(1, limits=AT_LEAST_ONE)
    buffer_m: float = setting(300.0, limits=NON_NEGATIVE, parameter="BUFFER")
    min_area_km2: float = setting(0.01, limits=NON_NEGATIVE, parameter="MIN_AREA")
    fill_holes: bool = False
    simplify_m: float = setting(0.0, limits=NON_NEGATIVE, parameter="SIMPLIFY")
    date: str = ""

    def __post_init__(self) -> None:
        check_fields(self)
        if self.date:
            parse_date("DATE", self.date)
