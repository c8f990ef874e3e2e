"""Configuration of Predict, and of the tiled inference that Predict and Calibrate share."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from .checks import AT_LEAST_ONE, NON_NEGATIVE, PROBABILITY, check_device
from .choices import BLENDINGS, CLASS_MAPS, PRECISIONS, Blending, ClassMap, Device, Precision
from .fields import check_fields, setting

__all__ = ["InferenceConfig", "PredictConfig"]


def _largest_percent(tile: int) -> int:
    """The largest whole percentage of a ``tile`` px tile that rounds to fewer pixels than the tile."""
    return next(p for p in range(99, -1, -1) if round(tile * p / 100.0) < tile)


@dataclass(frozen=True)
class InferenceConfig:
    """How an ensemble runs over rasters tile by tile (Predict and Calibrate compute the same way).

    Attributes:
        tile_size: tile width and height in pixels; ``0`` takes the model's chip size.
        overlap: overlap between neighbouring tiles, in pixels (or percent of the tile, see
            ``overlap_percent``); it must stay below the tile (:meth:`overlap_pixels`).
        batch_size: tiles per model call.
        device: ``auto`` (CUDA when onnxruntime can use a GPU, else the CPU with a warning), ``cpu``, ``cuda``
            or ``cuda:N`` (GPU N; an error when it cannot be used).
        overlap_percent: ``overlap`` is a percentage of the tile size.
        blending: ``hann`` or ``gaussian`` weights, or ``centre`` (each pixel from its most central tile).
        tta: test-time augmentation: also predict the horizontally and vertically flipped tiles and
            average (three model calls per tile).
        held_out_only: with glacier areas, each glacier is predicted only by the members that never saw
            it in training (their test fold); pixels no such member covers are nodata.
        block_size: side of the output blocks processed at once, in pixels.
        precision: ``fp32``; ``int8`` (CPU only: members quantised on tiles of the raster first; 2-4x
            faster on CPUs with int8 instructions); ``fp16`` (GPU only: members converted to float16 for the
            tensor cores). Both need the ``onnx`` package; on the other device the float32 members run.
        ignore_band_names: use the inputs in the given order even when their band names do not match the
            model's (by default inputs are matched to the model's bands by name, and reordered when the same
            layers come in another order).
    """

    tile_size: int = setting(0, limits=NON_NEGATIVE, flags=("--tile",))
    overlap: int = setting(32, limits=NON_NEGATIVE)
    batch_size: int = setting(8, limits=AT_LEAST_ONE)
    device: Device = "auto"
    overlap_percent: bool = False
    blending: Blending = setting("hann", choices=BLENDINGS)
    tta: bool = False
    held_out_only: bool = False
    block_size: int = setting(1024, limits=AT_LEAST_ONE)
    precision: Precision = setting("fp32", choices=PRECISIONS)
    ignore_band_names: bool = False

    def __post_init__(self) -> None:
        check_fields(self)
        check_device("DEVICE", self.device)
        if self.overlap_percent and self.overlap >= 100:
            raise InputError("OVERLAP", f"{self.overlap} % is not below 100 %.", "Use 0-50 % (25 % is a good start).")
        if self.tile_size:
            self.overlap_pixels(self.tile_size)

    def overlap_pixels(self, tile: int) -> int:
        """The overlap in pixels for ``tile`` px tiles (percentages rounded to the nearest pixel).

        Tiles advance by ``tile - overlap`` pixels, so the overlap must stay below the tile; there is no
        silent clamp (one pixel of advance would multiply the tiles by the tile size).

        Raises:
            InputError: (OVERLAP) the overlap is not smaller than the tile; the message gives the largest
                allowed value.
        """
        if not self.overlap_percent:
            if self.overlap >= tile:
                raise InputError("OVERLAP", f"{self.overlap} px is not smaller than the {tile} px tile.",
                                 f"Use at most {tile - 1} px (a quarter of the tile, {tile // 4} px, is a good start).")
            return self.overlap
        pixels = int(round(tile * self.overlap / 100.0))
        if pixels >= tile:
            raise InputError("OVERLAP", f"{self.overlap} % of the {tile} px tile rounds to {pixels} px, not smaller "
                             "than the tile.", f"Use at most {_largest_percent(tile)} % (25 % is a good start).")
        return pixels


@dataclass(frozen=True)
class PredictConfig(InferenceConfig):
    """How Predict classifies a raster: the tiled inference, plus the class map it writes (validated by
    :meth:`InferenceConfig.__post_init__`, which checks every declared field).

    Attributes:
        class_map: ``none``, ``argmax`` (most probable class, background included) or ``threshold``
            (the most probable glacier class where its mean probability reaches ``threshold``).
        threshold: probability threshold of ``class_map=threshold``; ``None``: the calibration's, else 0.5.
    """

    class_map: ClassMap = setting("none", choices=CLASS_MAPS)
    threshold: float | None = setting(None, limits=PROBABILITY)
