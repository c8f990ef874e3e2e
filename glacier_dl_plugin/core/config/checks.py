"""Validation shared by the configuration classes: each rule written once."""
from __future__ import annotations

from ..errors import InputError

__all__ = ["Device", "check_positive", "check_device"]

Device = str  # "auto", "cpu" or "cuda:N"


def check_positive(parameter: str, value: float) -> None:
    if value <= 0:
        raise InputError(parameter, f"must be positive, got {value}.", "Give a value above zero.")


def check_device(parameter: str, device: str) -> None:
    if device in ("auto", "cpu") or (device.startswith("cuda") and device[5:].isdigit() or device == "cuda"):
        return
    raise InputError(parameter, f"unknown device '{device}'.", "Use auto, cpu, cuda or cuda:N.")
