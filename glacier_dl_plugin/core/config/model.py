"""What a trained member records about itself (ONNX metadata) and the nodata conventions of every file."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from ..errors import InputError

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
        pixel_size: training pixel size in units of the dataset CRS (metres for projected CRSs).
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
    """

    bands: tuple[str, ...]
    classes: tuple[str, ...]
    chip_size: int
    pixel_size: float
    mean: tuple[float, ...]
    std: tuple[float, ...]
    task: Literal["segmentation", "regression"] = "segmentation"
    fold: int = -1
    seed: int = 0
    architecture: str = "Unet"
    encoder: str = "resnet18"
    test_glaciers: tuple[str, ...] = field(default_factory=tuple)
    target: str = ""

    def __post_init__(self) -> None:
        if not (len(self.bands) == len(self.mean) == len(self.std)):
            raise InputError(
                "MODEL", f"metadata lists {len(self.bands)} bands but {len(self.mean)} means and "
                f"{len(self.std)} standard deviations.", "Re-export the model with `python -m training fit`.",
            )
        if self.task not in ("segmentation", "regression"):
            raise InputError("MODEL", f"metadata has an unknown task '{self.task}'.", "Re-export the model.")
        if self.task == "segmentation" and len(self.classes) < 2:
            raise InputError("MODEL", "metadata lists fewer than two classes.", "Re-export the model.")

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "ModelMetadata":
        """Parse and validate; unknown keys are ignored so newer files stay readable."""
        raw: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in known}
        return cls(**values)
