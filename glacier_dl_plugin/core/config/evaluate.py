"""Configuration of Evaluate against reference outlines."""
from __future__ import annotations

from dataclasses import dataclass

from .checks import AT_LEAST_ONE, NON_NEGATIVE, PROBABILITY
from .choices import PREDICTION_KINDS, PredictionKind
from .fields import check_fields, setting

__all__ = ["EvaluateConfig", "PointScoresConfig"]


@dataclass(frozen=True)
class EvaluateConfig:
    """How a prediction is scored against reference outlines.

    Attributes:
        kind: what a prediction raster holds: ``probability`` (bands summed, glacier where ≥ ``threshold``),
            ``classes`` (glacier where > 0) or ``auto`` (probability for float rasters).
        threshold: probability threshold; None: the raster's calibrated one, else 0.5.
        buffer_m: metres of surroundings scored around each reference glacier.
    """

    kind: PredictionKind = setting("auto", choices=PREDICTION_KINDS, parameter="PREDICTION_KIND")
    threshold: float | None = setting(None, limits=PROBABILITY)
    buffer_m: float = setting(300.0, limits=NON_NEGATIVE, parameter="BUFFER")

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass(frozen=True)
class PointScoresConfig:
    """How a regression raster is scored against point measurements.

    Attributes:
        band: band of the prediction raster holding the values (1: the Predict mean).
        unit: unit of the values, for the scatter plot's axes.
    """

    band: int = setting(1, limits=AT_LEAST_ONE)
    unit: str = "m"

    def __post_init__(self) -> None:
        check_fields(self)
