"""Train an ensemble from a dataset folder and write the model folder: the function API of training.

:func:`fit_ensemble` is what ``python -m training fit`` runs and what other Python code may call. Every
input is validated before anything is written; the model folder is built in a temporary sibling and
renamed only when complete, so a failure or cancellation leaves nothing behind.
"""
from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import torch
from torch.utils.data import DataLoader

from glacier_dl_plugin.core.atomic import atomic_dir, check_output_folder
from glacier_dl_plugin.core.config import ModelMetadata, TrainConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.progress import SILENT, Monitor

from .data import ChipDataset, DatasetInfo, load_dataset
from .export import export_member
from .loop import SegmentationLoss, evaluate, train_member
from .model import build_model, load_encoder_weights, output_stride, resolve_device
from .outputs import json_number, write_checkpoint, write_history, write_manifest
from .splits import MemberPlan, plan_member

__all__ = ["fit_ensemble"]

_TRAIN_SHARE = 0.9  # of each member's progress span; the rest is testing and export
_VERIFY_CHIPS = 8  # chips in the batch that checks each ONNX export against torch


class _RunLog:
    """Passes log lines to the monitor and keeps them, time-stamped, for ``train.log``."""

    def __init__(self, monitor: Monitor) -> None:
        self.monitor, self.lines = monitor, []

    def __call__(self, message: str) -> None:
        self.lines.append(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}")
        self.monitor.log(message)

    def write(self, path: Path) -> None:
        path.write_text("\n".join(self.lines) + "\n")


def _check_output(path: str | Path, overwrite: bool, dataset: Path) -> Path:
    """The rule of every output folder (core.atomic), and never the dataset folder or one containing it:
    replacing it would delete the training data."""
    folder = check_output_folder(path, overwrite).resolve()
    if folder == dataset.resolve() or folder in dataset.resolve().parents:
        raise InputError("OUTPUT", f"'{folder}' is (or contains) the dataset folder.",
                         "Choose a separate folder for the model.")
    return folder


def _check_model(info: DatasetInfo, config: TrainConfig) -> str | None:
    """Build one throwaway model so that bad names, depths or weight files fail before any output exists.

    Returns the encoder-weights log line, if weights were given.
    """
    model = build_model(config, len(info.bands), len(info.classes))
    stride = output_stride(model, config.encoder_depth)
    if info.chip_size % stride:
        raise InputError("ENCODER_DEPTH", f"{info.chip_size} px chips cannot pass an encoder that downsamples "
                         f"{stride} times.", f"Lower ENCODER_DEPTH, or create chips of a multiple of {stride} px.")
    return load_encoder_weights(model, config.encoder_weights) if config.encoder_weights else None


@contextlib.contextmanager
def _deterministic(device: torch.device) -> Iterator[None]:
    """Deterministic kernels while training (bit-identical CPU runs for a seed); restored afterwards.

    ``warn_only``: a few CUDA kernels (e.g. upsampling backward) have no deterministic version; GPU runs are
    then close, not identical, instead of failing.
    """
    previous = (torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(),
                torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic = False, True
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(previous[0], warn_only=previous[1])
        torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic = previous[2], previous[3]


def _loader(dataset: ChipDataset, batch_size: int, device: torch.device, seed: int | None = None) -> DataLoader:
    """Shuffled (seeded) when ``seed`` is given, else in manifest order. A last batch of one chip is dropped
    from training: batch norm cannot normalise a single 1 x 1 bottleneck value."""
    shuffle = seed is not None
    drop_last = shuffle and len(dataset) > batch_size and len(dataset) % batch_size == 1
    generator = torch.Generator().manual_seed(seed) if shuffle else None
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, generator=generator,
                      num_workers=0, pin_memory=device.type == "cuda")


def _metadata(info: DatasetInfo, config: TrainConfig, plan: MemberPlan) -> ModelMetadata:
    mean, std = info.stats(plan.fold)
    return ModelMetadata(bands=info.bands, classes=info.classes, chip_size=info.chip_size,
                         pixel_size=float(abs(info.pixel_size[0])), mean=tuple(mean), std=tuple(std),
                         fold=plan.fold, seed=plan.seed, architecture=config.architecture, encoder=config.encoder,
                         test_glaciers=plan.test_glaciers)


def _member_progress(monitor: Monitor, plan: MemberPlan, members: int) -> Callable[[float], None]:
    """Maps a member's completed fraction onto its equal share of 0-100 %, checking for cancellation."""
    start, end = 100.0 * plan.index / members, 100.0 * (plan.index + 1) / members

    def progress(fraction: float) -> None:
        monitor.check()
        monitor.progress(start + (end - start) * fraction)
    return progress


def _fit_member(work: Path, info: DatasetInfo, config: TrainConfig, plan: MemberPlan, device: torch.device,
                progress: Callable[[float], None], log: Callable[[str], None]) -> dict[str, Any]:
    """Train, test and export one member into ``work``; returns its ``ensemble.json`` entry."""
    log(f"{plan.name}: seed {plan.seed}, test fold {plan.fold} ({len(plan.test_glaciers)} glaciers), "
        f"{len(plan.train)} training / {len(plan.val)} validation / {len(plan.test)} test chips")
    torch.manual_seed(plan.seed)  # weights, augmentation: everything random in this member follows its seed
    model = build_model(config, len(info.bands), len(info.classes))
    if config.encoder_weights:
        load_encoder_weights(model, config.encoder_weights)
    model.to(device)
    metadata = _metadata(info, config, plan)

    def split(chips: tuple, augment: bool = False, seed: int | None = None) -> DataLoader:
        return _loader(ChipDataset(info, chips, metadata.mean, metadata.std, augment), config.batch_size, device, seed)

    result = train_member(model, split(plan.train, augment=True, seed=plan.seed), split(plan.val),
                          len(info.classes), info.ignore_index, config.epochs, config.learning_rate, device,
                          lambda f: progress(_TRAIN_SHARE * f), lambda m: log(f"{plan.name} {m}"))
    test_loader = split(plan.test or plan.val)  # without a test fold, the export is verified on validation chips
    test_iou = float("nan")
    if plan.test:
        _, test_iou = evaluate(model, test_loader, SegmentationLoss(info.ignore_index), len(info.classes), device)
    progress(0.95)
    (work / plan.name).mkdir()
    write_checkpoint(work / plan.name / "checkpoint.safetensors", result.state, metadata.to_json())
    write_history(work / plan.name / "history.csv", result.history)
    batch = next(iter(DataLoader(test_loader.dataset, batch_size=_VERIFY_CHIPS)))[0]
    difference = export_member(model, work / f"{plan.name}.onnx", metadata, batch,
                               output_stride(model, config.encoder_depth))
    best = result.best
    tested = f"test IoU {test_iou:.3f}" if plan.test else "no test fold"
    log(f"{plan.name}: best epoch {best.epoch}, val loss {best.val_loss:.4f}, val IoU {best.val_iou:.3f}, {tested}; "
        f"ONNX matches torch (max difference {difference:.1e})")
    return {"name": plan.name, "onnx": f"{plan.name}.onnx", "seed": plan.seed, "fold": plan.fold,
            "test_glaciers": list(plan.test_glaciers), "best_epoch": best.epoch,
            "metrics": {"val_loss": json_number(best.val_loss), "val_iou": json_number(best.val_iou),
                        "test_iou": json_number(test_iou)}}


def fit_ensemble(dataset_dir: str | Path, out_dir: str | Path, config: TrainConfig, monitor: Monitor = SILENT,
                 overwrite: bool = False) -> Path:
    """Train ``config.members`` members on a dataset folder and write the model folder (docs/formats.md).

    Args:
        dataset_dir: folder written by 'Create training dataset'.
        out_dir: model folder to create (replaced only with ``overwrite``).
        config: training parameters; member ``i`` uses seed ``config.seed + i`` and test fold ``i % n_folds``.
        monitor: progress 0-100 % across all members and epochs, log lines, cancellation (checked every batch).
        overwrite: replace an existing non-empty ``out_dir``.

    Returns:
        The absolute path of the model folder.

    Raises:
        InputError: a parameter cannot be used (the message names it); nothing was written.
        CancelledError: cancelled through ``monitor``; the partial output was removed.
        GlacierDLError: an ONNX export did not reproduce its torch model.
    """
    log = _RunLog(monitor)
    info = load_dataset(dataset_dir)
    folder = _check_output(out_dir, overwrite, info.path)
    device = resolve_device(config.device)
    weights_note = _check_model(info, config)
    plans = [plan_member(info, i, config.seed) for i in range(config.members)]
    log(f"Dataset {info.path}: {len(info.chips)} chips of {info.chip_size} px, {len(info.bands)} bands, "
        f"{len(info.classes)} classes, {info.n_folds} folds. Training {config.members} x {config.architecture}/"
        f"{config.encoder} (depth {config.encoder_depth}) for {config.epochs} epochs on {device}.")
    if weights_note:
        log(weights_note)
    monitor.progress(0.0)
    with _deterministic(device), atomic_dir(folder, overwrite=True) as work:
        members = []
        for plan in plans:
            progress = _member_progress(monitor, plan, len(plans))
            members.append(_fit_member(work, info, config, plan, device, progress, log))
        write_manifest(work / "ensemble.json", info, config, members)
        log(f"Wrote {len(members)} member(s) to {folder}.")
        log.write(work / "train.log")
    monitor.progress(100.0)
    return folder
