"""The shared rules (core.config.checks): ranges said in words, typed numbers and choices (by name or
position), devices, dates."""
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
    choice_values,
    is_device,
    number_value,
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
    with pytest.raises(InputError, match="^DATE_0: '30.10.2000' is not a date. Write dates as YYYY-MM-DD"):  # RGI: test_dates
        parse_date("DATE_0", "30.10.2000")


@pytest.mark.parametrize("value,integer,limits,expected", [
    ("8", True, Limits(1), 8), (2.0, True, Limits(1), 2), ("1e3", True, None, 1000), ("0.5", False, Limits(0, 1), 0.5),
])
def test_typed_numbers_are_read_and_checked(value, integer, limits, expected):
    assert number_value("X", value, integer, limits) == expected


@pytest.mark.parametrize("value,integer,limits,message", [
    ("-100", False, Limits(0), "^BUFFER: must be at least 0, got -100. Give 0 or more.$"),
    ("0", True, Limits(16), "^BUFFER: must be at least 16, got 0. Give 16 or more.$"),
    ("abc", True, Limits(1), "^BUFFER: 'abc' is not a whole number. Give 1 or more.$"),
    ("2.5", True, Limits(3, 5), "^BUFFER: '2.5' is not a whole number. Give a value from 3 to 5.$"),
    ("x", False, None, "^BUFFER: 'x' is not a number. Give a number.$"),
])
def test_a_bad_number_names_the_parameter_the_value_and_the_range(value, integer, limits, message):
    with pytest.raises(InputError, match=message):
        number_value("BUFFER", value, integer, limits)


def test_choices_are_taken_by_name_or_by_the_position_help_lists():
    features = ("slope", "aspect", "ndsi")
    assert choice_values("FEATURES", "0,1", features, multiple=True) == ("slope", "aspect")
    assert choice_values("FEATURES", ["ndsi", 0], features, multiple=True) == ("ndsi", "slope")
    assert choice_values("FEATURES", "slope, 2", features, multiple=True) == ("slope", "ndsi")
    assert choice_values("SPLIT", "1", ("spatial", "random")) == "random"
    devices = ("auto", "cpu", "cuda")
    assert choice_values("DEVICE", "1", devices, typed=is_device) == "cpu"  # a position, not GPU 1
    assert choice_values("DEVICE", "cuda:3", devices, typed=is_device) == "cuda:3"
    with pytest.raises(InputError, match=r"^DEVICE: unknown value 'gpu'. Use one of: auto, cpu, cuda, cuda:N \(names, "
                                         r"or the positions 0-2 that qgis_process help lists\).$"):
        choice_values("DEVICE", "gpu", devices, typed=is_device, typed_form="cuda:N")
    with pytest.raises(InputError, match="^FEATURES: unknown value '3'. Use any of: slope, aspect, ndsi"):
        choice_values("FEATURES", "0,3", features, multiple=True)
    with pytest.raises(InputError, match="^SPLIT: 2 values given, one is needed"):
        choice_values("SPLIT", ["spatial", "random"], ("spatial", "random"))
