"""Configuration of Predict."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import InputError
from .checks import Device, check_device, check_positive

__all__ = ["PredictConfig"]


@dataclass(frozen=True)
class PredictConfig:
    """How a raster is classified tile by tile.

    Attributes:
        tile_size: tile width and height in pixels; ``0`` takes the model's chip size.
        overlap: overlap between neighbouring tiles, in pixels (or percent of the tile, see
            ``overlap_percent``).
        batch_size: tiles per model call.
        device: ``auto``, ``cpu`` or ``cuda:N`` (onnxruntime execution provider).
        overlap_percent: ``overlap`` is a percentage of the tile size.
        blending: ``hann`` or ``gaussian`` weights, or ``centre`` (each pixel from its most central tile).
        tta: test-time augmentation: also predict the horizontally and vertically flipped tiles and
            average (three model calls per tile).
        class_map: ``none``, ``argmax`` (most probable class, background included) or ``threshold``
            (the most probable glacier class where its mean probability reaches ``threshold``).
        threshold: probability threshold of ``class_map=threshold``; ``None``: the calibration's, else 0.5.
        held_out_only: with glacier areas, each glacier is predicted only by the members that never saw
            it in training (their test fold); pixels no such member covers are nodata.
        block_size: side of the output blocks processed and written at once, in pixels.
        precision: ``fp32``; ``int8`` (CPU only: members quantised on tiles of the raster first; 2-4x
            faster on CPUs with int8 instructions); ``fp16`` (GPU only: members converted to float16 for the
            tensor cores). Both need the ``onnx`` package; on the other device the float32 members run.
    """

    tile_size: int = 0
    overlap: int = 32
    batch_size: int = 8
    device: Device = "auto"
    overlap_percent: bool = False
    blending: Literal["hann", "gaussian", "centre"] = "hann"
    tta: bool = False
    class_map: Literal["none", "argmax", "threshold"] = "none"
    threshold: float | None = None
    held_out_only: bool = False
    block_size: int = 1024
    precision: Literal["fp32", "int8", "fp16"] = "fp32"

    def __post_init__(self) -> None:
        if self.tile_size < 0:
            raise InputError("TILE_SIZE", f"must not be negative, got {self.tile_size}.", "Use 0 for the model's.")
        if self.overlap < 0:
            raise InputError("OVERLAP", f"must not be negative, got {self.overlap}.", "Use 0 or more pixels.")
        if self.overlap_percent and self.overlap >= 100:
            raise InputError("OVERLAP", f"{self.overlap} % is not below 100 %.", "Use 0-50 % (25 % is a good start).")
        if self.tile_size and not self.overlap_percent and self.overlap >= self.tile_size:
            raise InputError(
                "OVERLAP", f"{self.overlap} px is not smaller than the tile ({self.tile_size} px).",
                "Use an overlap below the tile size (a quarter of it is a good start).",
            )
        check_positive("BATCH_SIZE", self.batch_size)
        check_positive("BLOCK_SIZE", self.block_size)
        check_device("DEVICE", self.device)
        for parameter, value, valid in (("BLENDING", self.blending, ("hann", "gaussian", "centre")),
                                        ("CLASS_MAP", self.class_map, ("none", "argmax", "threshold")),
                                        ("PRECISION", self.precision, ("fp32", "int8", "fp16"))):
            if value not in valid:
                raise InputError(parameter, f"unknown value '{value}'.", f"Use one of: {', '.join(valid)}.")
        if self.threshold is not None and not 0 <= self.threshold <= 1:
            raise InputError("THRESHOLD", f"must lie in [0, 1], got {self.threshold}.", "Give a probability.")
