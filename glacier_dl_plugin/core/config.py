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
        n_folds: number of cross-validation folds (whole glaciers per fold).
        max_nodata_fraction: chips with more nodata pixels than this are dropped.
        seed: random seed for anything random in sampling (the random split, percentile sampling).
        sampling: ``glacier`` (chips around each glacier: stride grid, centroid and margin chips) or ``grid``
            (a moving window over the whole grid, or over the sampling mask).
        split: ``spatial`` (glaciers west to east in folds of near-equal area) or ``random`` (by glacier).
        straddle: chips touching glaciers of another fold are ``assign``-ed to their glacier's fold or
            ``drop``-ped.
        min_class_fraction: chips with less than this share of valid pixels in ``fraction_class`` are dropped.
        fraction_class: class name for ``min_class_fraction``; empty: any class but the background.
        target_crs: target grid CRS (EPSG code or WKT); empty: the first raster's.
        target_resolution_m: target pixel size in metres; 0: the first raster's.
        features: derived bands appended to the stack, from ``slope``, ``aspect`` (sin and cos), ``ndsi``,
            ``ndvi``, ``ndwi``.
        dem_band, green_band, red_band, nir_band, swir_band: stack band (``<layer>:<band>`` name or 1-based
            index) playing that role for the derived features.
        class_map: class field value -> class name, as ``value=name`` pairs separated by commas.
        extra_class: class name burnt from the optional second polygon layer.
    """

    chip_size: int = 128
    stride: int = 64
    buffer_m: float = 300.0
    n_folds: int = 5
    max_nodata_fraction: float = 0.5
    seed: int = 0
    sampling: Literal["glacier", "grid"] = "glacier"
    split: Literal["spatial", "random"] = "spatial"
    straddle: Literal["assign", "drop"] = "assign"
    min_class_fraction: float = 0.0
    fraction_class: str = ""
    target_crs: str = ""
    target_resolution_m: float = 0.0
    features: tuple[str, ...] = ()
    dem_band: str = ""
    green_band: str = ""
    red_band: str = ""
    nir_band: str = ""
    swir_band: str = ""
    class_map: str = ""
    extra_class: str = "debris"

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
        if not 0 <= self.min_class_fraction <= 1:
            raise InputError("MIN_CLASS_FRACTION", f"must lie in [0, 1], got {self.min_class_fraction}.",
                             "Give a fraction.")
        for name, value, choices in (("SAMPLING", self.sampling, ("glacier", "grid")),
                                     ("SPLIT", self.split, ("spatial", "random")),
                                     ("STRADDLE", self.straddle, ("assign", "drop"))):
            if value not in choices:
                raise InputError(name, f"unknown choice '{value}'.", f"Use one of: {', '.join(choices)}.")
        unknown = sorted(set(self.features) - {"slope", "aspect", "ndsi", "ndvi", "ndwi"})
        if unknown:
            raise InputError("FEATURES", f"unknown feature(s) {', '.join(unknown)}.",
                             "Use slope, aspect, ndsi, ndvi or ndwi.")
        if self.target_resolution_m < 0:
            raise InputError("TARGET_RESOLUTION", f"must not be negative, got {self.target_resolution_m}.",
                             "Use 0 (the first raster's) or a pixel size in metres.")


@dataclass(frozen=True)
class TrainConfig:
    """How an ensemble is trained (see ``python -m training fit --help``).

    Attributes:
        members: number of ensemble members; member ``i`` uses seed ``seed + i`` and holds out fold
            ``i % n_folds`` of the dataset as its test fold.
        epochs: most passes over the training chips per member (early stopping may end sooner).
        batch_size: chips per optimisation step.
        learning_rate: initial Adam learning rate (ignored when ``find_lr``).
        architecture: segmentation-models-pytorch architecture name (e.g. ``Unet``).
        encoder: encoder name (e.g. ``resnet18``); weights are random unless ``encoder_weights`` is a
            local file.
        encoder_depth: number of encoder stages (3 to 5); fewer is faster and needs smaller chips.
        device: ``auto``, ``cpu``, ``cuda`` (every GPU) or ``cuda:N``.
        seed: seed of the first member.
        encoder_weights: path to a local state-dict file for the encoder, or ``None``.
        loss: ``auto`` (``ce+dice`` for segmentation, ``mse`` for regression), ``ce``, ``focal``, ``dice``,
            ``ce+dice``, ``focal+dice``, ``mse`` or ``l1``; every loss ignores nodata pixels.
        class_weights: one weight per class for cross-entropy/focal (empty: all 1).
        patience: epochs without improvement of ``criterion`` before a member stops (0: never).
        criterion: ``val_loss`` (lower is better) or ``val_iou`` (higher is better; RMSE for regression)
            chooses the best epoch and drives early stopping and learning-rate reduction.
        lr_patience: epochs without improvement before the learning rate is halved (0: never).
        min_lr: the learning rate is never reduced below this.
        find_lr: run the learning-rate finder and train with its suggestion (``--lr auto``).
        jitter: strength of the photometric jitter (random per-band gain and offset, in standard
            deviations); 0 disables it.
        allow_cpu_fallback: train on the CPU when a requested GPU is absent instead of failing.
        mixed_precision: float16 autocast on GPUs (CPU runs always use float32).
        parallel: members trained at the same time per device (each in its own process).
        loader_workers: background processes reading chips per member while it computes (0: read in the
            training loop, which then waits for every batch).
        resume: continue an interrupted run into the same output folder from its last checkpoints.
    """

    members: int = 2
    epochs: int = 30
    batch_size: int = 8
    learning_rate: float = 1e-3
    architecture: str = "Unet"
    encoder: str = "resnet18"
    encoder_depth: int = 5
    device: Device = "auto"
    seed: int = 0
    encoder_weights: str | None = None
    loss: str = "auto"
    class_weights: tuple[float, ...] = ()
    patience: int = 5
    criterion: Literal["val_loss", "val_iou"] = "val_loss"
    lr_patience: int = 2
    min_lr: float = 1e-6
    find_lr: bool = False
    jitter: float = 0.1
    allow_cpu_fallback: bool = False
    mixed_precision: bool = True
    parallel: int = 1
    loader_workers: int = 2
    resume: bool = False

    def __post_init__(self) -> None:
        _check_positive("MEMBERS", self.members)
        _check_positive("EPOCHS", self.epochs)
        _check_positive("BATCH_SIZE", self.batch_size)
        _check_positive("LEARNING_RATE", self.learning_rate)
        _check_positive("MIN_LR", self.min_lr)
        _check_positive("PARALLEL", self.parallel)
        if not 3 <= self.encoder_depth <= 5:
            raise InputError("ENCODER_DEPTH", f"must be 3, 4 or 5, got {self.encoder_depth}.", "Pick 3-5.")
        _check_device("DEVICE", self.device)
        if self.loss not in TRAIN_LOSSES:
            raise InputError("LOSS", f"unknown loss '{self.loss}'.", f"Choose one of: {', '.join(TRAIN_LOSSES)}.")
        if self.criterion not in ("val_loss", "val_iou"):
            raise InputError("CRITERION", f"unknown criterion '{self.criterion}'.", "Use val_loss or val_iou.")
        if any(w < 0 for w in self.class_weights) or (self.class_weights and not any(self.class_weights)):
            raise InputError("CLASS_WEIGHTS", f"weights {list(self.class_weights)} are unusable.",
                             "Give one non-negative weight per class, at least one above zero.")
        for parameter, value in (("PATIENCE", self.patience), ("LR_PATIENCE", self.lr_patience),
                                 ("JITTER", self.jitter), ("LOADER_WORKERS", self.loader_workers)):
            if value < 0:
                raise InputError(parameter, f"must not be negative, got {value}.", "Use 0 or more.")


TRAIN_LOSSES = ("auto", "ce", "focal", "dice", "ce+dice", "focal+dice", "mse", "l1")
"""Loss names of :class:`TrainConfig` (``mse``/``l1`` for regression datasets, the others for classes)."""


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
        _check_positive("BATCH_SIZE", self.batch_size)
        _check_positive("BLOCK_SIZE", self.block_size)
        _check_device("DEVICE", self.device)
        for parameter, value, valid in (("BLENDING", self.blending, ("hann", "gaussian", "centre")),
                                        ("CLASS_MAP", self.class_map, ("none", "argmax", "threshold")),
                                        ("PRECISION", self.precision, ("fp32", "int8", "fp16"))):
            if value not in valid:
                raise InputError(parameter, f"unknown value '{value}'.", f"Use one of: {', '.join(valid)}.")
        if self.threshold is not None and not 0 <= self.threshold <= 1:
            raise InputError("THRESHOLD", f"must lie in [0, 1], got {self.threshold}.", "Give a probability.")


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
