"""One ensemble member from start to finish: build, train, test, save, export, into ``<work>/member_XX``.

:func:`fit_member` runs in the training process itself or, when members run in parallel, in a worker
task of :mod:`training.distributed_fit`; it talks to its caller only through the callables it is given.
A member whose ``entry.json`` exists is complete (a resumed run skips it); one with ``resume.pt`` continues.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from rasterio.crs import CRS
from rasterio.transform import from_origin
from torch.utils.data import DataLoader

from glacier_dl_plugin.core.config import ModelMetadata, TrainConfig
from glacier_dl_plugin.core.errors import GlacierDLError
from glacier_dl_plugin.core.geo.ground import pixel_scale, unit_name

from .checkpoints import read_checkpoint, write_checkpoint
from .chip_dataset import ChipDataset, target_statistics
from .data import DatasetInfo
from .export import export_member
from .loop import EpochRecord, LoopSettings, MemberResult, evaluate, train_member
from .losses import build_loss
from .metrics import RegressionMetrics, SegmentationMetrics
from .model import build_model, load_encoder_weights, output_stride
from .outputs import json_metrics, json_number, score_name, write_curves, write_history
from .splits import MemberPlan

__all__ = ["MemberJob", "fit_member", "member_metadata"]

TRAIN_SHARE = 0.9  # of each member's progress span; the rest is testing and export
VERIFY_CHIPS = 8  # chips in the batch that checks each ONNX export against torch


@dataclass(frozen=True)
class MemberJob:
    """Everything a member needs, picklable so that a worker process can receive it."""

    info: DatasetInfo
    config: TrainConfig
    plan: MemberPlan
    learning_rate: float
    work: Path


def grid_metadata(info: DatasetInfo) -> dict[str, Any]:
    """The dataset's grid as :class:`ModelMetadata` records it: CRS, pixel size in its unit, in metres, and
    origin. A plain image folder has no CRS: only its pixel size (taken as metres) is recorded."""
    width, height = (float(abs(v)) for v in info.pixel_size)
    if not info.crs:
        return {"pixel_size": width}
    crs = CRS.from_wkt(info.crs)
    if info.pixel_size_m:
        metres = tuple(info.pixel_size_m)
    else:  # a dataset.json without pixel_size_m: measured at the grid's origin (or at 0, 0 if unknown)
        origin = tuple(info.origin) or (0.0, 0.0)
        scale = pixel_scale(crs, from_origin(*origin, width, height), *origin)
        metres = (scale.x, scale.y)
    return {"pixel_size": width, "pixel_height": height, "crs": info.crs, "pixel_unit": unit_name(crs),
            "pixel_size_m": metres, "origin": tuple(info.origin)}


def member_metadata(info: DatasetInfo, config: TrainConfig, plan: MemberPlan) -> ModelMetadata:
    """The metadata embedded in the member's ONNX file; inputs are standardised with the band mean and std
    of the plan's training folds, the grid is the dataset's (:func:`grid_metadata`)."""
    mean, std = info.stats(plan.fold)
    return ModelMetadata(bands=info.bands, classes=info.classes, chip_size=info.chip_size, mean=tuple(mean),
                         std=tuple(std), task="regression" if info.regression else "segmentation", fold=plan.fold,
                         seed=plan.seed, architecture=config.architecture, encoder=config.encoder,
                         test_glaciers=plan.test_glaciers, target=info.target, **grid_metadata(info))


def _loader(dataset: ChipDataset, config: TrainConfig, device: torch.device,
            generator: torch.Generator | None = None) -> DataLoader:
    """Shuffled (seeded) when ``generator`` is given, else in manifest order. A last batch of one chip is
    dropped from training: batch norm cannot normalise a single 1 x 1 bottleneck value.

    Reader processes are started anew every epoch (not persistent): their augmentation seeds are then drawn
    from ``generator`` each epoch, so a resumed run, which restores the generator, continues identically."""
    shuffle = generator is not None
    drop_last = shuffle and len(dataset) > config.batch_size and len(dataset) % config.batch_size == 1
    return DataLoader(dataset, batch_size=config.batch_size, shuffle=shuffle, drop_last=drop_last, generator=generator,
                      num_workers=config.loader_workers,
                      pin_memory=device.type == "cuda")


def _settings(job: MemberJob, device: torch.device) -> LoopSettings:
    """The loop's settings from the job's configuration (mixed precision applies on GPUs only)."""
    config = job.config
    higher = config.criterion == "val_iou" and not job.info.regression  # regression's score is an RMSE
    return LoopSettings(epochs=config.epochs, learning_rate=job.learning_rate, patience=config.patience,
                        criterion=config.criterion, higher_is_better=higher, schedule=config.schedule,
                        lr_patience=config.lr_patience,
                        min_lr=config.min_lr, mixed_precision=config.mixed_precision and device.type == "cuda",
                        freeze_encoder=config.freeze_encoder, encoder_lr_factor=config.encoder_lr_factor,
                        layer_decay=config.layer_decay)


def _summaries(metrics: Any, loss: float, prefix: str, regression: bool) -> dict[str, Any]:
    """The headline numbers of a split for the member's ``metrics`` entry (``val_iou``, ``test_rmse`` ...)."""
    summary = metrics.summary()
    keys = ("rmse", "mae", "r2") if regression else ("iou", "glacier_iou", "accuracy")
    return {f"{prefix}_loss": loss, **{f"{prefix}_{key}": summary[key] for key in keys}}


def _epoch_metrics(record: EpochRecord, regression: bool) -> dict[str, float | None]:
    """The ``metrics`` of the protocol's epoch event (docs/formats.md); NaN becomes null."""
    return {"train_loss": json_number(record.train_loss), "val_loss": json_number(record.val_loss),
            score_name(regression): json_number(record.val_score), "lr": record.lr,
            "data_wait": json_number(record.data_wait)}


def fit_member(job: MemberJob, device: torch.device, progress: Callable[[float], None], log: Callable[[str], None],
               on_epoch: Callable[[int, dict[str, Any]], None]) -> dict[str, Any]:
    """Train, test and export one member; returns its ``ensemble.json`` entry (also written as entry.json).

    ``on_epoch(epoch, metrics)`` follows every epoch. Raises GlacierDLError when the GPU runs out of memory.
    """
    folder = job.work / job.plan.name
    if (folder / "entry.json").is_file():
        log(f"{job.plan.name}: complete in the interrupted run, kept")
        progress(1.0)
        return json.loads((folder / "entry.json").read_text())
    folder.mkdir(exist_ok=True)
    try:
        return _fit(job, folder, device, progress, log, on_epoch)
    except torch.cuda.OutOfMemoryError as error:
        raise GlacierDLError(f"{device} ran out of memory training {job.plan.name} with batch size "
                             f"{job.config.batch_size}. Use a smaller BATCH_SIZE (e.g. "
                             f"{max(job.config.batch_size // 2, 1)}), fewer PARALLEL members per GPU, or a smaller "
                             "encoder.") from error


@dataclass(frozen=True)
class _Parts:
    """What a member is built from: the model (on its device), its ONNX metadata (the training folds'
    band statistics), the regression target's mean and std ((0, 1) for segmentation) and the loss."""

    model: torch.nn.Module
    metadata: ModelMetadata
    target: tuple[float, float]
    loss_fn: torch.nn.Module


@dataclass(frozen=True)
class _Scores:
    """The best weights' scores: the headline numbers (``val_loss``, ``test_iou`` ...) and the full metrics."""

    numbers: dict[str, Any]
    validation: SegmentationMetrics | RegressionMetrics
    test: SegmentationMetrics | RegressionMetrics


def _fit(job: MemberJob, folder: Path, device: torch.device, progress: Callable[[float], None],
         log: Callable[[str], None], on_epoch: Callable[[int, dict[str, Any]], None]) -> dict[str, Any]:
    """Build, train, test and export the member in ``folder``; its entry is written last (complete)."""
    parts = _build(job, device, log)
    result = _train(job, parts, folder, device, progress, log, on_epoch)
    parts.model.load_state_dict(read_checkpoint(folder / "checkpoint.safetensors"))
    scores, test_loader = _test(job, parts, device)
    progress(0.95)
    _write_history(job, folder, result)
    difference = _export(job, parts, test_loader.dataset)
    _log_outcome(job, result, scores, difference, log)
    entry = _entry(job, parts, result, scores)
    _write_entry(folder, entry)
    return entry


def _build(job: MemberJob, device: torch.device, log: Callable[[str], None]) -> _Parts:
    """The member's model, seeded first: weights, augmentation, everything random follows ``plan.seed``."""
    info, config, plan = job.info, job.config, job.plan
    log(f"{plan.name}: seed {plan.seed}, test fold {plan.fold} ({len(plan.test_glaciers)} glaciers), "
        f"{len(plan.train)} training / {len(plan.val)} validation / {len(plan.test)} test chips, on {device}")
    model, target, loss_fn = seeded_model(info, config, plan, device)
    return _Parts(model, member_metadata(info, config, plan), target, loss_fn)


def seeded_model(info: DatasetInfo, config: TrainConfig, plan: MemberPlan,
                 device: torch.device) -> tuple[torch.nn.Module, tuple[float, float], torch.nn.Module]:
    """The member's model (seeded with ``plan.seed`` first), the target's (mean, std) and the loss, on ``device``.

    Shared by the member and the learning-rate finder, so that the finder tries the very model it trains.
    """
    torch.manual_seed(plan.seed)
    model = build_model(config, len(info.bands), info.n_outputs)
    if config.encoder_weights:
        load_encoder_weights(model, config.encoder_weights)
    target = target_statistics(info, plan.train) if info.regression else (0.0, 1.0)
    loss_fn = build_loss(config.loss, info.regression, info.ignore_index, config.class_weights, target)
    return model.to(device), target, loss_fn.to(device)


def _new_metrics(info: DatasetInfo, target: tuple[float, float]) -> SegmentationMetrics | RegressionMetrics:
    """Empty metrics of the dataset's task (regression scores in target units: ``target`` = mean, std)."""
    return RegressionMetrics(*target) if info.regression else SegmentationMetrics(info.classes, info.ignore_index)


def _split(job: MemberJob, parts: _Parts, chips: tuple, device: torch.device,
           generator: torch.Generator | None = None) -> DataLoader:
    """A loader of ``chips`` standardised with the member's statistics; augmented and shuffled when given a
    ``generator`` (the training split)."""
    dataset = ChipDataset(job.info, chips, parts.metadata.mean, parts.metadata.std, augment=generator is not None,
                          jitter_strength=job.config.jitter)
    return _loader(dataset, job.config, device, generator)


def _train(job: MemberJob, parts: _Parts, folder: Path, device: torch.device, progress: Callable[[float], None],
           log: Callable[[str], None], on_epoch: Callable[[int, dict[str, Any]], None]) -> MemberResult:
    """Train with early stopping over the first :data:`TRAIN_SHARE` of the member's progress, each new best
    saved to ``checkpoint.safetensors``; continues from ``resume.pt`` when present."""
    plan, regression = job.plan, job.info.regression
    generator = torch.Generator().manual_seed(plan.seed)  # shuffling and reader seeds, kept in resume.pt

    def best(state: dict[str, torch.Tensor]) -> None:
        write_checkpoint(folder / "checkpoint.safetensors", state, parts.metadata.to_json())

    return train_member(parts.model, _split(job, parts, plan.train, device, generator),
                        _split(job, parts, plan.val, device), parts.loss_fn,
                        lambda: _new_metrics(job.info, parts.target), _settings(job, device), device,
                        lambda f: progress(TRAIN_SHARE * f), lambda m: log(f"{plan.name} {m}"), folder, best,
                        lambda r: on_epoch(r.epoch, _epoch_metrics(r, regression)), generator)


def _test(job: MemberJob, parts: _Parts, device: torch.device) -> tuple[_Scores, DataLoader]:
    """Scores of the loaded best weights on the validation and test chips, and the test chips' loader
    (the validation chips' without a test fold: the export is verified on them)."""
    plan, regression = job.plan, job.info.regression
    validation, test = _new_metrics(job.info, parts.target), _new_metrics(job.info, parts.target)
    val_loss = evaluate(parts.model, _split(job, parts, plan.val, device), parts.loss_fn, validation, device)
    numbers = _summaries(validation, val_loss, "val", regression)
    test_loader = _split(job, parts, plan.test or plan.val, device)
    test_loss = evaluate(parts.model, test_loader, parts.loss_fn, test, device) if plan.test else math.nan
    numbers.update(_summaries(test, test_loss, "test", regression))  # all NaN (null) without a test fold
    return _Scores(numbers, validation, test), test_loader


def _write_history(job: MemberJob, folder: Path, result: MemberResult) -> None:
    """``history.csv`` and ``curves.png`` of the member's epochs, the best one marked."""
    plan, regression = job.plan, job.info.regression
    write_history(folder / "history.csv", result.history, regression)
    write_curves(folder / "curves.png", result.history, f"{plan.name} (fold {plan.fold}, seed {plan.seed})",
                 regression, result.best_epoch)


def _export(job: MemberJob, parts: _Parts, chips: ChipDataset) -> float:
    """Write ``<work>/<name>.onnx``; returns its largest difference from torch on the first
    :data:`VERIFY_CHIPS` of ``chips`` (model outputs: probabilities, or target units)."""
    batch = next(iter(DataLoader(chips, batch_size=VERIFY_CHIPS)))[0]
    return export_member(parts.model, job.work / f"{job.plan.name}.onnx", parts.metadata, batch,
                         output_stride(parts.model, job.config.encoder_depth), parts.target)


def _log_outcome(job: MemberJob, result: MemberResult, scores: _Scores, difference: float,
                 log: Callable[[str], None]) -> None:
    """One line: the best epoch, its validation loss, the test score and the export's check."""
    plan, regression, numbers = job.plan, job.info.regression, scores.numbers
    score = numbers.get("test_rmse" if regression else "test_iou", math.nan)
    tested = f"test {'RMSE' if regression else 'IoU'} {score:.3f}" if plan.test else "no test fold"
    log(f"{plan.name}: best epoch {result.best_epoch} of {len(result.history)}, val loss "
        f"{numbers['val_loss']:.4f}, {tested}; ONNX matches torch (max difference {difference:.1e})")


def _entry(job: MemberJob, parts: _Parts, result: MemberResult, scores: _Scores) -> dict[str, Any]:
    """The member's ``ensemble.json`` entry (docs/formats.md); NaN scores become null."""
    plan = job.plan
    entry = {"name": plan.name, "onnx": f"{plan.name}.onnx", "seed": plan.seed, "fold": plan.fold,
             "test_glaciers": list(plan.test_glaciers), "best_epoch": result.best_epoch,
             "epochs_trained": len(result.history), "stopped_early": result.stopped_early,
             "learning_rate": job.learning_rate,
             "data_wait_share": json_number(sum(r.data_wait for r in result.history) / len(result.history)),
             "metrics": json_metrics(scores.numbers),
             "validation": json_metrics(scores.validation.summary()),
             "test": json_metrics(scores.test.summary()) if plan.test else None}
    if job.info.regression:
        entry["target_mean"], entry["target_std"] = parts.target
    return entry


def _write_entry(folder: Path, entry: dict[str, Any]) -> None:
    """Write ``entry.json``, which marks the member complete (so never half-written), and drop ``resume.pt``
    (optimiser state: only needed to continue training)."""
    temporary = folder / ".entry.json.writing"
    temporary.write_text(json.dumps(entry, indent=1))
    temporary.replace(folder / "entry.json")
    (folder / "resume.pt").unlink(missing_ok=True)
