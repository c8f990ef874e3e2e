"""Configuration of Calibrate."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

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
        overlap: tile overlap in pixels (tiles are the model's chip size).
        bins: reliability-diagram bins.
        device: onnxruntime device (``auto``, ``cpu``, ``cuda``).
        seed: seed of the pixel sample.
    """

    threshold: float = 0.5
    coverage: float = ONE_SIGMA
    buffer_m: float = 300.0
    max_pixels: int = 500_000
    overlap: int = 32
    bins: int = 15
    device: str = "auto"
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise InputError("THRESHOLD", f"must lie in (0, 1), got {self.threshold}.", "Use e.g. 0.5.")
        if not 0 < self.coverage < 1:
            raise InputError("COVERAGE", f"must lie in (0, 1), got {self.coverage}.", "Use 0.6827 (1 sigma).")
        if self.buffer_m < 0:
            raise InputError("BUFFER", f"must not be negative, got {self.buffer_m}.", "Use 0 or more metres.")
