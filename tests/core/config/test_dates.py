"""Dates typed by users and read from inventories: ISO, and RGI's YYYYMMDD with 99 for unknown parts."""
import datetime

import pytest

from glacier_dl_plugin.core.config.dates import iso_date, parse_date
from glacier_dl_plugin.core.errors import InputError


@pytest.mark.parametrize("text, expected", [
    ("2003-07-30", datetime.date(2003, 7, 30)), (" 2000-10-30T10:00 ", datetime.date(2000, 10, 30)),
    ("20030730", datetime.date(2003, 7, 30)),
    ("20030799", datetime.date(2003, 7, 15)),  # RGI: day unknown -> the 15th
    ("20039999", datetime.date(2003, 7, 1)),  # month (and day) unknown -> 1 July
    ("20039915", datetime.date(2003, 7, 1)),  # a day without its month says nothing more
    (20030799, datetime.date(2003, 7, 15)), (20030799.0, datetime.date(2003, 7, 15)),  # integer date fields
])
def test_iso_and_rgi_dates(text, expected):
    assert parse_date("DATE_0", text) == expected


@pytest.mark.parametrize("text, message", [
    ("30.10.2000", r"^DATE_0: '30.10.2000' is not a date. Write dates as YYYY-MM-DD, or as RGI's YYYYMMDD"),
    ("20031399", r"^DATE_0: '20031399' is not a date \(year 2003, month 13, day 15\)"),
    ("-9999999", r"^DATE_0: '-9999999' is RGI's 'date unknown'. Give the date yourself"),
])
def test_what_is_not_a_date_is_named_with_the_forms_allowed(text, message):
    with pytest.raises(InputError, match=message):
        parse_date("DATE_0", text)


def test_iso_date_normalises_and_keeps_empty():
    assert iso_date("DATE", "20030799") == "2003-07-15" and iso_date("DATE", "") == ""
