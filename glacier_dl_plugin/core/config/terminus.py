"""Configuration of Terminus."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

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
    min_length_m: float = 500.0
    smoothing: int = 0
    band: int = 1

    def __post_init__(self) -> None:
        if not self.ice_classes or not self.ocean_classes:
            raise InputError("ICE_CLASSES" if not self.ice_classes else "OCEAN_CLASSES", "is empty.",
                             "Give at least one class value.")
        shared = sorted(set(self.ice_classes) & set(self.ocean_classes))
        if shared:
            raise InputError("OCEAN_CLASSES", f"values {shared} are also ice classes.",
                             "A class value is either ice or ocean.")
        if self.min_length_m < 0 or self.smoothing < 0:
            raise InputError("MIN_LENGTH" if self.min_length_m < 0 else "SMOOTHING", "is negative.",
                             "Give zero or a positive value.")
