"""One ensemble member from start to finish: build, train, test, save, export, into ``<work>/member_XX``.

:func:`fit_member` runs in the training process itself or, when members run in parallel, in a worker
process of :mod:`training.scheduler`; it talks to its caller only through the callables it is given.
A member whose ``entry.json`` exists is complete (a resumed run skips it); one with ``resume.pt`` continues.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import torch
from torch.utils.data import DataLoader

from glacier_dl_plugin.core.config import ModelMetadata, TrainConfig
from glacier_dl_plugin.core.errors import GlacierDLError

from .checkpoints import read_checkpoint, write_checkpoint
from .data import ChipDataset, DatasetInfo, target_statistics
from .export import export_member
from .losses import build_loss
from .loop import EpochRecord, LoopSettings, evaluate, train_member
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


def member_metadata(info: DatasetInfo, config: TrainConfig, plan: MemberPlan) -> ModelMetadata:
    mean, std = info.stats(plan.fold)
    return ModelMetadata(bands=info.bands, classes=info.classes, chip_size=info.chip_size,
                         pixel_size=float(abs(info.pixel_size[0])), mean=tuple(mean), std=tuple(std),
                         task="regression" if info.regression else "segmentation", fold=plan.fold, seed=plan.seed,
                         architecture=config.architecture, encoder=config.encoder,
                         test_glaciers=plan.test_glaciers, target=info.target)


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
    config = job.config
    higher = config.criterion == "val_iou" and not job.info.regression  # regression's score is an RMSE
    return LoopSettings(epochs=config.epochs, learning_rate=job.learning_rate, patience=config.patience,
                        criterion=config.criterion, higher_is_better=higher, lr_patience=config.lr_patience,
                        min_lr=config.min_lr, mixed_precision=config.mixed_precision and device.type == "cuda")


def _summaries(metrics: Any, loss: float, prefix: str, regression: bool) -> dict[str, Any]:
    """The headline numbers of a split for the member's ``metrics`` entry (``val_iou``, ``test_rmse`` ...)."""
    summary = metrics.summary()
    keys = ("rmse", "mae", "r2") if regression else ("iou", "glacier_iou", "accuracy")
    return {f"{prefix}_loss": loss, **{f"{prefix}_{key}": summary[key] for key in keys}}


def _epoch_metrics(record: EpochRecord, regression: bool) -> dict[str, float | None]:
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


def _fit(job: MemberJob, folder: Path, device: torch.device, progress: Callable[[float], None],
         log: Callable[[str], None], on_epoch: Callable[[int, dict[str, Any]], None]) -> dict[str, Any]:
    info, config, plan = job.info, job.config, job.plan
    log(f"{plan.name}: seed {plan.seed}, test fold {plan.fold} ({len(plan.test_glaciers)} glaciers), "
        f"{len(plan.train)} training / {len(plan.val)} validation / {len(plan.test)} test chips, on {device}")
    torch.manual_seed(plan.seed)  # weights, augmentation: everything random in this member follows its seed
    model = build_model(config, len(info.bands), info.n_outputs)
    if config.encoder_weights:
        load_encoder_weights(model, config.encoder_weights)
    model.to(device)
    metadata = member_metadata(info, config, plan)
    target = target_statistics(info, plan.train) if info.regression else (0.0, 1.0)
    loss_fn = build_loss(config.loss, info.regression, info.ignore_index, config.class_weights, target).to(device)

    def new_metrics() -> SegmentationMetrics | RegressionMetrics:
        return RegressionMetrics(*target) if info.regression else SegmentationMetrics(info.classes, info.ignore_index)

    def split(chips: tuple, generator: torch.Generator | None = None) -> DataLoader:
        dataset = ChipDataset(info, chips, metadata.mean, metadata.std, augment=generator is not None,
                              jitter_strength=config.jitter)
        return _loader(dataset, config, device, generator)

    def best(state: dict[str, torch.Tensor]) -> None:
        write_checkpoint(folder / "checkpoint.safetensors", state, metadata.to_json())

    generator = torch.Generator().manual_seed(plan.seed)
    result = train_member(model, split(plan.train, generator), split(plan.val), loss_fn, new_metrics,
                          _settings(job, device), device, lambda f: progress(TRAIN_SHARE * f),
                          lambda m: log(f"{plan.name} {m}"), folder, best,
                          lambda r: on_epoch(r.epoch, _epoch_metrics(r, info.regression)), generator)
    model.load_state_dict(read_checkpoint(folder / "checkpoint.safetensors"))
    validation, test = new_metrics(), new_metrics()
    numbers = _summaries(validation, evaluate(model, split(plan.val), loss_fn, validation, device), "val",
                         info.regression)
    test_loader = split(plan.test or plan.val)  # without a test fold, the export is verified on validation chips
    test_loss = evaluate(model, test_loader, loss_fn, test, device) if plan.test else math.nan
    numbers.update(_summaries(test, test_loss, "test", info.regression))  # all NaN (null) without a test fold
    progress(0.95)
    write_history(folder / "history.csv", result.history, info.regression)
    write_curves(folder / "curves.png", result.history, f"{plan.name} (fold {plan.fold}, seed {plan.seed})",
                 info.regression, result.best_epoch)
    batch = next(iter(DataLoader(test_loader.dataset, batch_size=VERIFY_CHIPS)))[0]
    difference = export_member(model, job.work / f"{plan.name}.onnx", metadata, batch,
                               output_stride(model, config.encoder_depth), target)
    score = numbers.get("test_rmse" if info.regression else "test_iou", math.nan)
    tested = f"test {'RMSE' if info.regression else 'IoU'} {score:.3f}" if plan.test else "no test fold"
    log(f"{plan.name}: best epoch {result.best_epoch} of {len(result.history)}, val loss "
        f"{numbers['val_loss']:.4f}, {tested}; ONNX matches torch (max difference {difference:.1e})")
    entry = {"name": plan.name, "onnx": f"{plan.name}.onnx", "seed": plan.seed, "fold": plan.fold,
             "test_glaciers": list(plan.test_glaciers), "best_epoch": result.best_epoch,
             "epochs_trained": len(result.history), "stopped_early": result.stopped_early,
             "learning_rate": job.learning_rate,
             "data_wait_share": json_number(sum(r.data_wait for r in result.history) / len(result.history)),
             "metrics": json_metrics(numbers),
             "validation": json_metrics(validation.summary()),
             "test": json_metrics(test.summary()) if plan.test else None}
    if info.regression:
        entry["target_mean"], entry["target_std"] = target
    temporary = folder / ".entry.json.writing"  # entry.json marks the member complete: never half-written
    temporary.write_text(json.dumps(entry, indent=1))
    temporary.replace(folder / "entry.json")
    (folder / "resume.pt").unlink(missing_ok=True)  # optimiser state: only needed to continue training
    return entry
