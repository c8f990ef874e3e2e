"""Configuration of Train ensemble and of ``python -m training fit``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import InputError
from .checks import Device, check_device, check_positive

__all__ = ["TrainConfig", "TRAIN_LOSSES"]


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
        check_positive("MEMBERS", self.members)
        check_positive("EPOCHS", self.epochs)
        check_positive("BATCH_SIZE", self.batch_size)
        check_positive("LEARNING_RATE", self.learning_rate)
        check_positive("MIN_LR", self.min_lr)
        check_positive("PARALLEL", self.parallel)
        if not 3 <= self.encoder_depth <= 5:
            raise InputError("ENCODER_DEPTH", f"must be 3, 4 or 5, got {self.encoder_depth}.", "Pick 3-5.")
        check_device("DEVICE", self.device)
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
