"""Configuration of Train ensemble and of ``python -m training fit``: how to train (:class:`TrainConfig`)
and one whole run (:class:`TrainingRun`, the JSON file the training process reads)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .checks import AT_LEAST_ONE, NON_NEGATIVE, POSITIVE, Limits, check_device
from .choices import CRITERIA, LOSSES, SCHEDULES, Criterion, Device, Loss, Schedule
from .cluster import ClusterConfig
from .fields import check_fields, convert, field_type, from_mapping, parameter, setting, to_mapping

__all__ = ["TrainConfig", "TrainingRun", "TRAIN_LOSSES"]

TRAIN_LOSSES = LOSSES  # the name earlier versions exported


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
        encoder_weights: path to a local state-dict file for the encoder (never downloaded), or none; for
            ``sam2_hiera_*`` encoders Meta's SAM2 checkpoint (docs/foundation.md).
        freeze_encoder: train only the decoder and head; the encoder keeps its (loaded) weights.
        encoder_lr_factor: the encoder's learning rate is ``learning_rate`` times this (e.g. 0.1 when
            fine-tuning loaded weights); ignored with ``freeze_encoder``.
        layer_decay: layer-wise learning-rate decay of the encoder: layer ``i`` of ``n`` (patch embedding
            0, the last block ``n``) trains at ``encoder_lr_factor * layer_decay ** (n - i)``; 1 disables it.
        loss: ``auto`` (``ce+dice`` for segmentation, ``mse`` for regression), ``ce``, ``focal``, ``dice``,
            ``ce+dice``, ``focal+dice``, ``mse`` or ``l1``; every loss ignores nodata pixels.
        class_weights: one weight per class for cross-entropy/focal, background first (empty: all 1).
        patience: epochs without improvement of ``criterion`` before a member stops (0: never).
        criterion: ``val_loss`` (lower is better) or ``val_iou`` (higher is better; RMSE for regression)
            chooses the best epoch and drives early stopping and learning-rate reduction.
        schedule: ``plateau`` (halve the learning rate after ``lr_patience`` epochs without improvement) or
            ``cosine`` (decay from ``learning_rate`` to ``min_lr`` over ``epochs``: the most from a fixed
            budget, and no decision taken on a noisy validation fold; ``lr_patience`` is then unused).
        lr_patience: epochs without improvement before the learning rate is halved (0: never).
        min_lr: the learning rate is never reduced below this.
        find_lr: run the learning-rate finder and train with its suggestion instead of ``learning_rate``.
        jitter: strength of the photometric jitter (random per-band gain and offset, in standard
            deviations); 0 disables it.
        allow_cpu_fallback: train on the CPU when a requested GPU is absent instead of failing.
        mixed_precision: float16 autocast on GPUs (CPU runs always use float32).
        parallel: members trained at the same time per device (each in its own process).
        loader_workers: background processes reading chips per member while it computes (0: read in the
            training loop, which then waits for every batch).
        resume: continue an interrupted run into the same output folder from its last checkpoints.
        cluster: where members train: ``local`` (worker processes on this machine, ``parallel`` per
            device), ``tcp://host:port`` (an existing Dask scheduler) or a YAML cluster file for Slurm/PBS
            (docs/scaleout.md).
    """

    members: int = setting(2, limits=AT_LEAST_ONE)
    epochs: int = setting(30, limits=AT_LEAST_ONE)
    batch_size: int = setting(8, limits=AT_LEAST_ONE)
    learning_rate: float = setting(1e-3, limits=POSITIVE, flags=("--lr",))
    architecture: str = "Unet"
    encoder: str = "resnet18"
    encoder_depth: int = setting(5, limits=Limits(3, 5))
    device: Device = "auto"
    seed: int = 0
    encoder_weights: str | None = None
    freeze_encoder: bool = False
    encoder_lr_factor: float = setting(1.0, limits=POSITIVE)
    layer_decay: float = setting(1.0, limits=Limits(0, 1, open_min=True))
    loss: Loss = setting("auto", choices=LOSSES)
    class_weights: tuple[float, ...] = ()
    patience: int = setting(5, limits=NON_NEGATIVE)
    criterion: Criterion = setting("val_loss", choices=CRITERIA)
    schedule: Schedule = setting("plateau", choices=SCHEDULES)
    lr_patience: int = setting(2, limits=NON_NEGATIVE)
    min_lr: float = setting(1e-6, limits=POSITIVE)
    find_lr: bool = False
    jitter: float = setting(0.1, limits=NON_NEGATIVE)
    allow_cpu_fallback: bool = False
    mixed_precision: bool = True
    parallel: int = setting(1, limits=AT_LEAST_ONE)
    loader_workers: int = setting(2, limits=NON_NEGATIVE)
    resume: bool = False
    cluster: str = setting("local", parameter="CLUSTER")

    def __post_init__(self) -> None:
        check_fields(self)
        check_device("DEVICE", self.device)
        ClusterConfig(self.cluster)  # a bad address or cluster file fails before anything runs
        if any(w < 0 for w in self.class_weights) or (self.class_weights and not any(self.class_weights)):
            raise InputError("CLASS_WEIGHTS", f"weights {list(self.class_weights)} are unusable.",
                             "Give one non-negative weight per class, at least one above zero.")


@dataclass(frozen=True)
class TrainingRun:
    """One ``python -m training fit`` run, as the JSON file ``--config`` reads (one flat object: these
    keys and those of :class:`TrainConfig`).

    Attributes:
        dataset: dataset folder made by Create training dataset (or a plain image folder).
        output: model folder to write.
        config: how to train.
        overwrite: replace an existing model folder.
    """

    dataset: str = ""
    output: str = setting("", flags=("--out",))
    config: TrainConfig = field(default_factory=TrainConfig)
    overwrite: bool = False

    def __post_init__(self) -> None:
        for name, flag, value in (("DATASET", "--dataset", self.dataset), ("OUTPUT", "--out", self.output)):
            if not value:
                raise InputError(name, "is missing.", f"Give the folder ({flag}, or \"{name.lower()}\" in the "
                                 "--config file).")

    def to_mapping(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "output": self.output, "overwrite": self.overwrite,
                **to_mapping(self.config)}

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> TrainingRun:
        """Validated from one flat mapping (JSON values or command-line text).

        Raises:
            InputError: unknown keys (CONFIG), missing folders, a value of the wrong type or outside its rules.
        """
        own = {key: convert(field_type(cls, key), values[key], parameter(cls, key))
               for key in ("dataset", "output", "overwrite") if key in values}
        config = from_mapping(TrainConfig, {k: v for k, v in values.items() if k not in own})
        return cls(**own, config=config)

    def write(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_mapping(), indent=1))

    @classmethod
    def read(cls, path: str | Path) -> TrainingRun:
        """The run described by the JSON file ``path``.

        Raises:
            InputError: (CONFIG) unreadable or not a JSON object; see :meth:`from_mapping`.
        """
        return cls.from_mapping(read_settings(path))


def read_settings(path: str | Path) -> dict[str, Any]:
    """The JSON object in ``path``.

    Raises:
        InputError: (CONFIG) the file is missing, unreadable or not a JSON object.
    """
    try:
        values = json.loads(Path(path).read_text())
    except OSError as error:
        raise InputError("CONFIG", f"'{path}' cannot be read ({error.strerror}).",
                         "Give the path of a JSON file.") from None
    except ValueError as error:
        raise InputError("CONFIG", f"'{path}' is not valid JSON ({error}).", "Fix the file, or write it again.") \
            from None
    if not isinstance(values, dict):
        raise InputError("CONFIG", f"'{path}' does not hold one JSON object.",
                         'Write {"dataset": ..., "output": ..., and settings}.')
    return values

