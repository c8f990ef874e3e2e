"""Frozen configuration objects: the one description of each job.

Processing parameters, the training command line and the ONNX metadata all build these same objects, and
loading validates them, so a value means the same thing wherever it is set.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from .errors import InputError

__all__ = [
    "DatasetConfig",
    "TrainConfig",
    "PredictConfig",
    "ModelMetadata",
    "NODATA_FLOAT",
    "IGNORE_INDEX",
]

NODATA_FLOAT = -9999.0
"""Nodata value of every float raster Glacier DL writes (image chips, probabilities, std)."""

IGNORE_INDEX = 255
"""Mask value of pixels without valid input: ignored by losses and metrics."""

Device = str  # "auto", "cpu" or "cuda:N"


def _check_positive(parameter: str, value: float) -> None:
    if value <= 0:
        raise InputError(parameter, f"must be positive, got {value}.", "Give a value above zero.")


def _check_device(parameter: str, device: str) -> None:
    if device in ("auto", "cpu") or (device.startswith("cuda") and device[5:].isdigit() or device == "cuda"):
        return
    raise InputError(parameter, f"unknown device '{device}'.", "Use auto, cpu, cuda or cuda:N.")


@dataclass(frozen=True)
class DatasetConfig:
    """How training chips are cut from the stacked rasters.

    Attributes:
        chip_size: chip width and height in pixels of the target grid.
        stride: distance between neighbouring chip origins, in pixels.
        buffer_m: chips are taken where they touch a glacier buffered by this many metres.
        n_folds: number of spatial cross-validation folds (glaciers grouped west to east).
        max_nodata_fraction: chips with more nodata pixels than this are dropped.
        seed: random seed for anything random in sampling.
    """

    chip_size: int = 128
    stride: int = 64
    buffer_m: float = 300.0
    n_folds: int = 5
    max_nodata_fraction: float = 0.5
    seed: int = 0

    def __post_init__(self) -> None:
        _check_positive("CHIP_SIZE", self.chip_size)
        _check_positive("STRIDE", self.stride)
        if self.buffer_m < 0:
            raise InputError("BUFFER", f"must not be negative, got {self.buffer_m}.", "Use 0 or more metres.")
        if self.n_folds < 1:
            raise InputError("FOLDS", f"must be at least 1, got {self.n_folds}.", "Use 1 or more folds.")
        if not 0 <= self.max_nodata_fraction <= 1:
            raise InputError(
                "MAX_NODATA", f"must lie in [0, 1], got {self.max_nodata_fraction}.", "Give a fraction."
            )


@dataclass(frozen=True)
class TrainConfig:
    """How an ensemble is trained (see ``python -m training fit --help``).

    Attributes:
        members: number of ensemble members; member ``i`` uses seed ``seed + i`` and holds out fold
            ``i % n_folds`` of the dataset as its test fold.
        epochs: passes over the training chips per member.
        batch_size: chips per optimisation step.
        learning_rate: Adam learning rate.
        architecture: segmentation-models-pytorch architecture name (e.g. ``Unet``).
        encoder: encoder name (e.g. ``resnet18``); weights are random unless ``encoder_weights`` is a
            local file.
        encoder_depth: number of encoder stages (3 to 5); fewer is faster and needs smaller chips.
        device: ``auto``, ``cpu`` or ``cuda:N``.
        seed: seed of the first member.
        encoder_weights: path to a local state-dict file for the encoder, or ``None``.
    """

    members: int = 2
    epochs: int = 2
    batch_size: int = 8
    learning_rate: float = 1e-3
    architecture: str = "Unet"
    encoder: str = "resnet18"
    encoder_depth: int = 5
    device: Device = "auto"
    seed: int = 0
    encoder_weights: str | None = None

    def __post_init__(self) -> None:
        _check_positive("MEMBERS", self.members)
        _check_positive("EPOCHS", self.epochs)
        _check_positive("BATCH_SIZE", self.batch_size)
        _check_positive("LEARNING_RATE", self.learning_rate)
        if not 3 <= self.encoder_depth <= 5:
            raise InputError("ENCODER_DEPTH", f"must be 3, 4 or 5, got {self.encoder_depth}.", "Pick 3-5.")
        _check_device("DEVICE", self.device)


@dataclass(frozen=True)
class PredictConfig:
    """How a raster is classified tile by tile.

    Attributes:
        tile_size: tile width and height in pixels; ``0`` takes the model's chip size.
        overlap: overlap between neighbouring tiles, in pixels.
        batch_size: tiles per model call.
        device: ``auto``, ``cpu`` or ``cuda:N`` (onnxruntime execution provider).
    """

    tile_size: int = 0
    overlap: int = 32
    batch_size: int = 8
    device: Device = "auto"

    def __post_init__(self) -> None:
        if self.tile_size < 0:
            raise InputError("TILE_SIZE", f"must not be negative, got {self.tile_size}.", "Use 0 for the model's.")
        if self.overlap < 0:
            raise InputError("OVERLAP", f"must not be negative, got {self.overlap}.", "Use 0 or more pixels.")
        if self.tile_size and self.overlap >= self.tile_size:
            raise InputError(
                "OVERLAP", f"{self.overlap} px is not smaller than the tile ({self.tile_size} px).",
                "Use an overlap below the tile size (a quarter of it is a good start).",
            )
        _check_positive("BATCH_SIZE", self.batch_size)
        _check_device("DEVICE", self.device)


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
        task: ``segmentation`` (probabilities per class).
        fold: the cross-validation fold held out from this member, or -1.
        seed: the member's random seed.
        architecture: smp architecture name.
        encoder: smp encoder name.
        test_glaciers: ids of the glaciers this member never saw (its test fold).
    """

    bands: tuple[str, ...]
    classes: tuple[str, ...]
    chip_size: int
    pixel_size: float
    mean: tuple[float, ...]
    std: tuple[float, ...]
    task: Literal["segmentation"] = "segmentation"
    fold: int = -1
    seed: int = 0
    architecture: str = "Unet"
    encoder: str = "resnet18"
    test_glaciers: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not (len(self.bands) == len(self.mean) == len(self.std)):
            raise InputError(
                "MODEL", f"metadata lists {len(self.bands)} bands but {len(self.mean)} means and "
                f"{len(self.std)} standard deviations.", "Re-export the model with `python -m training fit`.",
            )
        if len(self.classes) < 2:
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
