"""Configuration of Glacier area change."""
from __future__ import annotations

from dataclasses import dataclass

from .dates import parse_date

__all__ = ["AreaChangeConfig"]


@dataclass(frozen=True)
class AreaChangeConfig:
    """How two sets of outlines are matched and dated.

    Attributes:
        id_field: glacier id field of both layers; empty: ``glacier_id``, ``RGIId`` or another usual id field.
        area_field: area field in km²; empty: ``area``, else the area measured from the geometry.
        sigma_field: area σ field in km²; empty: ``sigma_area``, else σ = 0.
        date_field: acquisition date field; empty: ``date``, else RGI's ``BgnDate`` or ``src_date``.
        coverage_field: share (0-1) of each glacier the image saw (polygonize's ``coverage``); empty:
            ``coverage``, else every glacier counts as fully seen. Partly seen glaciers are left out of the totals.
        date_0, date_1: the dates of the two layers (``YYYY-MM-DD``, or RGI's ``YYYYMMDD`` with 99 for unknown
            parts, :mod:`core.config.dates`), overriding the date field; empty: from the date field.
    """

    id_field: str = ""
    area_field: str = ""
    sigma_field: str = ""
    date_field: str = ""
    coverage_field: str = ""
    date_0: str = ""
    date_1: str = ""

    def __post_init__(self) -> None:
        for name, text in (("DATE_0", self.date_0), ("DATE_1", self.date_1)):
            if text:
                parse_date(name, text)  # the order of the dates is checked per glacier, with the fields' dates
