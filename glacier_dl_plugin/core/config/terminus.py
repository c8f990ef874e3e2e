"""Configuration of Terminus."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from .checks import AT_LEAST_ONE, NON_NEGATIVE
from .fields import check_fields, setting

__all__ = ["TerminusConfig"]


@dataclass(frozen=True)
class TerminusConfig:
    """What a front is.

    Attributes:
        ice_classes, ocean_classes: class values of ice and of ocean in the raster.
        min_length_m: lines shorter than this (metres) are dropped.
        smoothing: Chaikin iterations (0: the pixel-edge staircase).
        band: band of the class raster.
    """

    ice_classes: tuple[int, ...] = (2,)
    ocean_classes: tuple[int, ...] = (3,)
    min_length_m: float = setting(500.0, limits=NON_NEGATIVE, parameter="MIN_LENGTH")
    smoothing: int = setting(0, limits=NON_NEGATIVE)
    band: int = setting(1, limits=AT_LEAST_ONE)

    def __post_init__(self) -> None:
        check_fields(self)
        if not self.ice_classes or not self.ocean_classes:
            raise InputError("ICE_CLASSES" if not self.ice_classes else "OCEAN_CLASSES", "is empty.",
                             "Give at least one class value.")
        shared = sorted(set(self.ice_classes) & set(self.ocean_classes))
        if shared:
            raise InputError("OCEAN_CLASSES", f"values {shared} are also ice classes.",
                             "A class value is either ice or ocean.")
