"""The shared rules (core.config.checks): ranges said in words, choices, devices, dates."""
from __future__ import annotations

import datetime

import pytest

from glacier_dl_plugin.core.config.checks import (
    Limits,
    check_choice,
    check_choices,
    check_device,
    check_range,
    check_threshold,
    parse_date,
)
from glacier_dl_plugin.core.errors import InputError


@pytest.mark.parametrize("limits,inside,outside,words,advice", [
    (Limits(0, 1, open_min=True, open_max=True), 0.5, 1.0, "in (0, 1)", "Give a value strictly between 0 and 1."),
    (Limits(3, 5), 5, 6, "in [3, 5]", "Give a value from 3 to 5."),
    (Limits(1), 1, 0, "at least 1", "Give 1 or more."),
    (Limits(0, open_min=True), 1e-9, 0, "above 0", "Give a value above 0."),
    (Limits(maximum=100, open_max=True), 99, 100, "below 100", "Give a value below 100."),
])
def test_a_range_says_which_values_it_allows(limits, inside, outside, words, advice):
    check_range("X", inside, limits)
    with pytest.raises(InputError) as error:
        check_range("X", outside, limits)
    assert str(error.value).startswith("X: must ") and words in error.value.problem and error.value.fix == advice


def test_threshold_none_means_calibrated_and_the_ends_are_refused():
    check_threshold("THRESHOLD", None)
    check_threshold("THRESHOLD", 0.01)
    with pytest.raises(InputError, match=r"THRESHOLD: must lie in \(0, 1\), got 0\."):
        check_threshold("THRESHOLD", 0.0)


def test_choices_devices_and_dates():
    check_choice("LOSS", "ce", ("ce", "dice"))
    with pytest.raises(InputError, match="^LOSS: unknown value 'hinge'. Use one of: ce, dice.$"):
        check_choice("LOSS", "hinge", ("ce", "dice"))
    with pytest.raises(InputError, match="^FEATURES: unknown value.s. ndbi. Use any of: slope, ndsi.$"):
        check_choices("FEATURES", ("slope", "ndbi"), ("slope", "ndsi"))
    for device in ("auto", "cpu", "cuda", "cuda:0", "cuda:12"):
        check_device("DEVICE", device)
    for device in ("gpu", "cuda:", "cuda:x"):
        with pytest.raises(InputError, match="^DEVICE: unknown device"):
            check_device("DEVICE", device)
    assert parse_date("DATE", " 2000-10-30T10:00 ") == datetime.date(2000, 10, 30)
    with pytest.raises(InputError, match="^DATE_0: '30.10.2000' is not a date. Write dates as YYYY-MM-DD.$"):
        parse_date("DATE_0", "30.10.2000")
