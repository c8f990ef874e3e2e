"""Validation shared by the configuration classes: each rule written once, each error naming its parameter
and the values it allows."""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from ..errors import InputError
from .dates import parse_date  # noqa: F401 (ISO and RGI dates, re-exported)

__all__ = ["Limits", "POSITIVE", "NON_NEGATIVE", "AT_LEAST_ONE", "FRACTION", "PROBABILITY", "check_range",
           "check_positive", "check_choice", "check_choices", "check_threshold", "check_device", "is_device",
           "parse_date", "number_value", "choice_values"]


@dataclass(frozen=True)
class Limits:
    """The values a number may take: ``minimum``/``maximum`` (None: unbounded), excluded when ``open_min``/
    ``open_max``."""

    minimum: float | None = None
    maximum: float | None = None
    open_min: bool = False
    open_max: bool = False

    def contains(self, value: float) -> bool:
        low = self.minimum is None or (value > self.minimum if self.open_min else value >= self.minimum)
        high = self.maximum is None or (value < self.maximum if self.open_max else value <= self.maximum)
        return low and high

    def describe(self) -> str:
        """``in (0, 1)``, ``in [0, 1]``, ``at least 1``, ``above 0``, ``at most 5`` or ``below 100``."""
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"in {'(' if self.open_min else '['}{low:g}, {high:g}{')' if self.open_max else ']'}"
        if low is not None:
            return f"{'above' if self.open_min else 'at least'} {low:g}"
        if high is not None:
            return f"{'below' if self.open_max else 'at most'} {high:g}"
        return "any number"

    def advice(self) -> str:
        """What to give instead, in words: ``Give a value from 3 to 5.``, ``Give 1 or more.``, …"""
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            between = "strictly between" if self.open_min and self.open_max else "from"
            return f"Give a value {between} {low:g} {'and' if between != 'from' else 'to'} {high:g}."
        if low is not None:
            return f"Give a value above {low:g}." if self.open_min else f"Give {low:g} or more."
        return f"Give a value below {high:g}." if self.open_max else f"Give {high:g} or less."


POSITIVE = Limits(0, open_min=True)
NON_NEGATIVE = Limits(0)
AT_LEAST_ONE = Limits(1)
FRACTION = Limits(0, 1)
PROBABILITY = Limits(0, 1, open_min=True, open_max=True)
"""The one rule for every probability THRESHOLD: 0 would make every pixel glacier, 1 none."""


def check_range(parameter: str, value: float, limits: Limits) -> None:
    """Raises InputError (``parameter``) when ``value`` lies outside ``limits``, saying which values are allowed."""
    if not limits.contains(value):
        verb = "lie" if limits.minimum is not None and limits.maximum is not None else "be"
        raise InputError(parameter, f"must {verb} {limits.describe()}, got {value:g}.", limits.advice())


def check_positive(parameter: str, value: float) -> None:
    check_range(parameter, value, POSITIVE)


def check_threshold(parameter: str, value: float | None) -> None:
    """A probability threshold: None (take the calibrated one) or a value in (0, 1)."""
    if value is not None:
        check_range(parameter, value, PROBABILITY)


def check_choice(parameter: str, value: str, choices: Collection[str]) -> None:
    if value not in choices:
        raise InputError(parameter, f"unknown value '{value}'.", f"Use one of: {', '.join(choices)}.")


def check_choices(parameter: str, values: Collection[str], choices: Collection[str]) -> None:
    unknown = [value for value in values if value not in choices]
    if unknown:
        raise InputError(parameter, f"unknown value(s) {', '.join(unknown)}.", f"Use any of: {', '.join(choices)}.")


def is_device(device: str) -> bool:
    """Whether ``device`` is ``auto``, ``cpu``, ``cuda`` or ``cuda:N`` (N: a GPU index, 0 the first)."""
    return device in ("auto", "cpu", "cuda") or re.fullmatch(r"cuda:\d+", device) is not None


def check_device(parameter: str, device: str) -> None:
    """``auto``, ``cpu``, ``cuda`` or ``cuda:N``."""
    if not is_device(device):
        raise InputError(parameter, f"unknown device '{device}'.", "Use auto, cpu, cuda or cuda:N (N: the GPU index, "
                         "0 for the first).")


def number_value(parameter: str, value: object, integer: bool, limits: Limits | None) -> float | int:
    """``value`` (a number, or its text as ``qgis_process`` passes it) as a number inside ``limits``.

    Raises:
        InputError: (``parameter``) not a number, not a whole number where one is needed, or outside
            ``limits``: the message gives the value found and the values allowed.
    """
    what = "a whole number" if integer else "a number"
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError
        number = float(value)
    except ValueError:
        raise InputError(parameter, f"'{value}' is not {what}.", limits.advice() if limits else f"Give {what}.") \
            from None
    if integer and not number.is_integer():
        raise InputError(parameter, f"'{value}' is not a whole number.",
                         limits.advice() if limits else "Give a whole number.")
    if limits is not None:
        check_range(parameter, number, limits)
    return int(number) if integer else number


def choice_values(parameter: str, value: object, options: Sequence[str], multiple: bool = False,
                  typed: Callable[[str], bool] | None = None, typed_form: str = "") -> str | tuple[str, ...]:
    """The option names ``value`` gives: names, or the 0-based positions ``qgis_process help`` lists
    (``FEATURES=0,1`` is ``slope,aspect``); several comma-separated (or a list) when ``multiple``.

    Args:
        typed: accepts values beyond the options (e.g. ``cuda:1`` for a DEVICE that lists auto, cpu, cuda);
            ``typed_form`` names them in the message (``cuda:N``).

    Raises:
        InputError: (``parameter``) a value that is neither an option, a position nor ``typed``; several
            values for a single choice.
    """
    if isinstance(value, (list, tuple)):
        items = list(value)
    else:
        items = [part for part in str(value).split(",") if part.strip()] if multiple else [value]
    if len(items) != 1 and not multiple:
        raise InputError(parameter, f"{len(items)} values given, one is needed.", f"Give one of: {', '.join(options)}.")
    names = []
    for item in items:
        text = str(item).strip()
        if text in options or (typed is not None and typed(text)):
            names.append(text)
        elif re.fullmatch(r"\d+", text) and int(text) < len(options):
            names.append(options[int(text)])
        else:
            listed = ", ".join([*options, typed_form] if typed_form else options)
            raise InputError(parameter, f"unknown value '{text}'.",
                             f"Use {'any' if multiple else 'one'} of: {listed} (names, or the positions "
                             f"0-{len(options) - 1} that qgis_process help lists).")
    return tuple(names) if multiple else names[0]
