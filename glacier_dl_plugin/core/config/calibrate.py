"""Configuration of Calibrate."""
from __future__ import annotations

from dataclasses import dataclass, field

from .checks import AT_LEAST_ONE, NON_NEGATIVE, PROBABILITY
from .fields import check_fields, setting
from .predict import InferenceConfig

__all__ = ["CalibrationConfig"]

ONE_SIGMA = 0.6827
"""Share of a normal distribution within one standard deviation of its mean."""


@dataclass(frozen=True)
class CalibrationConfig:
    """How the ensemble is calibrated.

    Attributes:
        threshold: glacier probability above which a pixel is glacier.
        coverage: share of validation glaciers whose reference area the interval must contain.
        buffer_m: metres of surroundings scored around each glacier.
        max_pixels: most pixels kept for fitting temperatures (a seeded uniform sample).
        bins: reliability-diagram bins.
        seed: seed of the pixel sample.
        inference: how the members run over the rasters (tiles, overlap, blending, TTA, precision, held-out
            members, device): the same settings, validated the same way, as Predict's.
    """

    threshold: float = setting(0.5, limits=PROBABILITY)
    coverage: float = setting(ONE_SIGMA, limits=PROBABILITY)
    buffer_m: float = setting(300.0, limits=NON_NEGATIVE, parameter="BUFFER")
    max_pixels: int = setting(500_000, limits=AT_LEAST_ONE)
    bins: int = setting(15, limits=AT_LEAST_ONE)
    seed: int = 0
    inference: InferenceConfig = field(default_factory=InferenceConfig)

    def __post_init__(self) -> None:
        check_fields(self)
