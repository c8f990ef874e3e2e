"""Dates as users and inventories write them: ISO ``YYYY-MM-DD``, or RGI's ``YYYYMMDD`` with 99 for unknown parts.

RGI (``BgnDate``, ``EndDate``) writes ``20030799`` for a day in July 2003 and ``20039999`` for a day in 2003;
``-9999999`` means no date at all. A partly known date is taken at the middle of what is known: an
unknown day is the **15th** of its month (at most about half a month off), an unknown month (and day)
is **1 July** (at most about half a year off). These are the dates a change rate is computed from.
"""
from __future__ import annotations

import datetime
import re

from ..errors import InputError

__all__ = ["parse_date", "iso_date", "UNKNOWN_DAY", "UNKNOWN_MONTH"]

UNKNOWN_DAY = 15
"""Day of the month taken when RGI gives the day as 99."""
UNKNOWN_MONTH = (7, 1)
"""Month and day taken when RGI gives the month as 99 (the middle of the year)."""
_RGI = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_FIX = "Write dates as YYYY-MM-DD, or as RGI's YYYYMMDD with 99 for an unknown month or day (e.g. 20030799)."


def _rgi(parameter: str, text: str, year: int, month: int, day: int) -> datetime.date:
    if month == 99:
        month, day = UNKNOWN_MONTH
    elif day == 99:
        day = UNKNOWN_DAY
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise InputError(parameter, f"'{text}' is not a date (year {year}, month {month}, day {day}).", _FIX) from None


def parse_date(parameter: str, text: object) -> datetime.date:
    """An ISO date (``YYYY-MM-DD``, a time part after it ignored) or an RGI date (``YYYYMMDD``, 99 for an
    unknown month or day: see the module's rule) as a date; numbers (an integer date field) are read as text.

    Raises:
        InputError: (``parameter``) anything else, RGI's "no date" ``-9999999`` included.
    """
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    value = str(text).strip()
    found = _RGI.match(value)
    if found:
        return _rgi(parameter, value, *(int(part) for part in found.groups()))
    if value.startswith("-9999"):
        raise InputError(parameter, f"'{value}' is RGI's 'date unknown'.",
                         "Give the date yourself (the date parameter), or use a layer whose dates are known.")
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(parameter, f"'{value}' is not a date.", _FIX) from None


def iso_date(parameter: str, text: object) -> str:
    """``text`` (see :func:`parse_date`) as ``YYYY-MM-DD``; empty stays empty."""
    return parse_date(parameter, text).isoformat() if str(text).strip() else ""
