"""Configuration of Polygonize."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..errors import InputError

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
        date: acquisition date written into every feature (ISO ``YYYY-MM-DD`` or empty).
    """

    threshold: float | None = None
    k: float | None = None
    band: int = 1
    buffer_m: float = 300.0
    min_area_km2: float = 0.01
    fill_holes: bool = False
    simplify_m: float = 0.0
    date: str = ""

    def __post_init__(self) -> None:
        if self.threshold is not None and not 0 < self.threshold < 1:
            raise InputError("THRESHOLD", f"{self.threshold} is not a probability.", "Give a value between 0 and 1.")
        if self.k is not None and self.k < 0:
            raise InputError("K", f"{self.k} is negative.", "Give k >= 0 (the half-width of the bounds in std).")
        for parameter, value in (("BUFFER", self.buffer_m), ("MIN_AREA", self.min_area_km2),
                                 ("SIMPLIFY", self.simplify_m)):
            if value < 0:
                raise InputError(parameter, f"{value} is negative.", "Give zero or a positive value.")
        if self.band < 1:
            raise InputError("BAND", f"band {self.band} does not exist.", "Bands are numbered from 1.")
        try:
            self.date and datetime.date.fromisoformat(self.date)
        except ValueError:
            raise InputError("DATE", f"'{self.date}' is not a date.", "Write it as YYYY-MM-DD, or leave it empty.")
