"""Validation shared by the configuration classes: each rule written once, each error naming its parameter
and the values it allows."""
from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from ..errors import InputError

__all__ = ["Limits", "POSITIVE", "NON_NEGATIVE", "AT_LEAST_ONE", "FRACTION", "PROBABILITY", "check_range",
           "check_positive", "check_choice", "check_choices", "check_threshold", "check_device", "parse_date"]


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


def check_device(parameter: str, device: str) -> None:
    """``auto``, ``cpu``, ``cuda`` or ``cuda:N``."""
    if device in ("auto", "cpu", "cuda") or (device.startswith("cuda:") and device[5:].isdigit()):
        return
    raise InputError(parameter, f"unknown device '{device}'.", "Use auto, cpu, cuda or cuda:N.")


def parse_date(parameter: str, text: str) -> datetime.date:
    """``YYYY-MM-DD`` (a time part after it is ignored) as a date.

    Raises:
        InputError: (``parameter``) anything else.
    """
    try:
        return datetime.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        raise InputError(parameter, f"'{text}' is not a date.", "Write dates as YYYY-MM-DD.") from None
