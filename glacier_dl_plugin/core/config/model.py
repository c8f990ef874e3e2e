"""What a trained member records about itself (ONNX metadata) and the nodata conventions of every file."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..errors import InputError
from .choices import TASKS, Task

__all__ = ["ModelMetadata", "NODATA_FLOAT", "IGNORE_INDEX"]

NODATA_FLOAT = -9999.0
"""Nodata value of every float raster Glacier DL writes (image chips, probabilities, std)."""

IGNORE_INDEX = 255
"""Mask value of pixels without valid input: ignored by losses and metrics."""


@dataclass(frozen=True)
class ModelMetadata:
    """What a trained member needs at inference, stored as JSON inside its ONNX file (key ``glacierdl``).

    Attributes:
        bands: input band names in order (``<layer>:<band>``).
        classes: class names; index 0 is the background.
        chip_size: training chip size in pixels.
        pixel_size: training pixel width in ``pixel_unit``.
        mean: per-band mean used to standardise inputs (training folds only).
        std: per-band standard deviation used to standardise inputs.
        task: ``segmentation`` (probabilities per class) or ``regression`` (one value per pixel, output
            ``values``; ``classes`` is then empty).
        fold: the cross-validation fold held out from this member, or -1.
        seed: the member's random seed.
        architecture: smp architecture name.
        encoder: smp encoder name.
        test_glaciers: ids of the glaciers this member never saw (its test fold).
        target: name of the regressed value (``<layer>:<band>``); empty for segmentation.
        crs: WKT of the training grid's CRS; empty in models written before it was recorded (their
            ``pixel_size`` is metres and predict keeps the inputs' CRS).
        pixel_unit: unit of ``pixel_size`` and ``pixel_height``, that of ``crs``'s axes: ``degree`` on a
            geographic grid, else its linear unit (``metre``, ``US survey foot``).
        pixel_height: training pixel height in ``pixel_unit``; 0: equal to ``pixel_size``.
        pixel_size_m: pixel width and height in metres at the training grid's centre (informative: Deepness'
            resolution, logs); empty: ``pixel_size`` in metres.
        origin: top-left corner of the training grid in ``crs`` units; the pixel edges of any grid predict
            warps inputs onto line up with it. Empty: multiples of the pixel size.
        output_stride: how many pixels of a tile make one cell of the network's coarsest feature map (2^encoder
            depth for smp encoders): prediction tiles must be a multiple of it. 0: not recorded (models
            exported before it was; their ``ensemble.json`` training settings give the encoder depth).
    """

    bands: tuple[str, ...]
    classes: tuple[str, ...]
    chip_size: int
    pixel_size: float
    mean: tuple[float, ...]
    std: tuple[float, ...]
    task: Task = "segmentation"
    fold: int = -1
    seed: int = 0
    architecture: str = "Unet"
    encoder: str = "resnet18"
    test_glaciers: tuple[str, ...] = field(default_factory=tuple)
    target: str = ""
    crs: str = ""
    pixel_unit: str = "metre"
    pixel_height: float = 0.0
    pixel_size_m: tuple[float, ...] = field(default_factory=tuple)
    origin: tuple[float, ...] = field(default_factory=tuple)
    output_stride: int = 0

    def __post_init__(self) -> None:
        if not (len(self.bands) == len(self.mean) == len(self.std)):
            raise InputError(
                "MODEL", f"metadata lists {len(self.bands)} bands but {len(self.mean)} means and "
                f"{len(self.std)} standard deviations.", "Re-export the model with `python -m training fit`.",
            )
        if self.task not in TASKS:
            raise InputError("MODEL", f"metadata has an unknown task '{self.task}'.", "Re-export the model.")
        if self.task == "segmentation" and len(self.classes) < 2:
            raise InputError("MODEL", "metadata lists fewer than two classes.", "Re-export the model.")
        self._check_grid()

    def _check_grid(self) -> None:
        fix = "Re-export the model with `python -m training fit`."
        if self.pixel_unit != "metre" and not (self.crs and self.pixel_size_m):
            raise InputError("MODEL", f"metadata gives the pixel size in {self.pixel_unit} without its CRS and "
                             "its size in metres.", fix)
        if len(self.pixel_size_m) not in (0, 2) or len(self.origin) not in (0, 2):
            raise InputError("MODEL", "metadata pixel_size_m and origin must be (x, y) pairs.", fix)

    @property
    def pixel_sizes(self) -> tuple[float, float]:
        """Pixel width and height in ``pixel_unit``."""
        return self.pixel_size, self.pixel_height or self.pixel_size

    @property
    def ground_pixel_size(self) -> tuple[float, float]:
        """Pixel width and height on the ground in metres (at the training grid's centre)."""
        return tuple(self.pixel_size_m) if self.pixel_size_m else self.pixel_sizes

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ModelMetadata:
        """Parse and validate; unknown keys are ignored so newer files stay readable."""
        raw: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in known}
        return cls(**values)
