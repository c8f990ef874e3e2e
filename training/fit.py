"""Train an ensemble from a dataset folder and write the model folder: the function API of training.

:func:`fit_ensemble` is what ``python -m training fit`` runs and what other Python code may call. Every
input is validated before anything is written. The model folder is built in a hidden sibling
(:mod:`training.work_folder`) and renamed only when complete: cancelling removes it, while a run that is
killed or fails leaves it, so that ``resume`` can continue from the members' last checkpoints.
"""
from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import DataLoader

from glacier_dl_plugin.core.atomic import check_output_folder
from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.config.cluster import ClusterConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.jobs.model_card import write_model_card
from glacier_dl_plugin.core.progress import SILENT, Monitor

from .chip_dataset import ChipDataset
from .data import DatasetInfo, load_dataset
from .distributed_fit import run_members
from .losses import resolve_loss
from .lr_finder import find_learning_rate, plot_lr_finder
from .member import MemberJob, fit_member, seeded_model
from .model import build_model, load_encoder_weights, output_stride, training_devices
from .outputs import json_number, write_manifest
from .report import cross_validation, write_report
from .splits import MemberPlan, no_test_fold_warning, plan_member
from .work_folder import kept_for_resume, open_work, publish

__all__ = ["fit_ensemble", "deterministic"]

EpochCallback = Callable[[dict[str, Any]], None]
"""Receives the protocol's epoch event fields: member (1-based), members, epoch, epochs, metrics."""


class _RunLog:
    """Passes log lines to the monitor and appends them, time-stamped, to ``train.log`` once it exists."""

    def __init__(self, monitor: Monitor) -> None:
        self.monitor, self.lines, self.path = monitor, [], None

    def __call__(self, message: str) -> None:
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}"
        self.monitor.log(message)
        if self.path is None:
            self.lines.append(line)
        else:
            with open(self.path, "a") as handle:
                handle.write(line + "\n")

    def attach(self, path: Path) -> None:
        """Write the lines so far to ``path`` (appending: a resumed run continues its log) and keep on."""
        self.path = path
        with open(path, "a") as handle:
            handle.writelines(line + "\n" for line in self.lines)


@dataclass(frozen=True)
class _Inputs:
    """The checked inputs of a run: the dataset, the model folder to write (absolute), the devices to train on
    and one plan (seed, folds, chips) per member."""

    info: DatasetInfo
    folder: Path
    devices: list[torch.device]
    plans: list[MemberPlan]


def _check_inputs(dataset_dir: str | Path, out_dir: str | Path, config: TrainConfig, overwrite: bool,
                  log: _RunLog) -> _Inputs:
    """Read the dataset and check every input (output folder, devices, model, folds) before anything is
    written; then log what will be trained, and on what."""
    info = load_dataset(dataset_dir)
    folder = _check_output(out_dir, overwrite, info.path)
    devices = training_devices(config.device, config.allow_cpu_fallback)
    weights_note = _check_config(info, config)
    plans = [plan_member(info, i, config.seed) for i in range(config.members)]
    _check_plans(info, plans)
    _log_plan(info, config, devices, weights_note, log)
    return _Inputs(info, folder, devices, plans)


def _log_plan(info: DatasetInfo, config: TrainConfig, devices: list[torch.device], weights_note: str | None,
              log: _RunLog) -> None:
    """The device fallback, if any, the dataset and members to train, and the encoder weights loaded."""
    if config.device not in ("auto", "cpu") and devices[0].type == "cpu":
        log(f"{config.device} is not available: training on the CPU (fallback allowed).")
    log(f"Dataset {info.path}: {len(info.chips)} chips of {info.chip_size} px, {len(info.bands)} bands, "
        f"{info.task} ({', '.join(info.classes) or info.target}), {info.n_folds} folds. Training {config.members} x "
        f"{config.architecture}/{config.encoder} (depth {config.encoder_depth}) for up to {config.epochs} epochs on "
        f"{', '.join(str(d) for d in devices)}.")
    if weights_note:
        log(weights_note)
    if no_test_fold_warning(info.n_folds):
        log(no_test_fold_warning(info.n_folds))


def _check_output(path: str | Path, overwrite: bool, dataset: Path) -> Path:
    """The rule of every output folder (core.atomic), and never the dataset folder or one containing it:
    replacing it would delete the training data."""
    folder = check_output_folder(path, overwrite).resolve()
    if folder == dataset.resolve() or folder in dataset.resolve().parents:
        raise InputError("OUTPUT", f"'{folder}' is (or contains) the dataset folder.",
                         "Choose a separate folder for the model.")
    return folder


def _check_config(info: DatasetInfo, config: TrainConfig) -> str | None:
    """Loss, class weights and one throwaway model, so that bad names, depths or weight files fail before
    any output exists. Returns the encoder-weights log line, if weights were given."""
    resolve_loss(config.loss, info.regression)
    if config.class_weights and (info.regression or len(config.class_weights) != len(info.classes)):
        raise InputError("CLASS_WEIGHTS", f"{len(config.class_weights)} weights given for classes "
                         f"{list(info.classes)}.", "Give one weight per class (background first), or none.")
    model = build_model(config, len(info.bands), info.n_outputs)
    stride = output_stride(model, config.encoder_depth)
    if info.chip_size % stride:
        raise InputError("ENCODER_DEPTH", f"{info.chip_size} px chips cannot pass an encoder that downsamples "
                         f"{stride} times.", f"Lower ENCODER_DEPTH, or create chips of a multiple of {stride} px.")
    return load_encoder_weights(model, config.encoder_weights) if config.encoder_weights else None


def _check_plans(info: DatasetInfo, plans: list[MemberPlan]) -> None:
    """Every member of a cross-validated dataset needs chips in its test fold."""
    for plan in plans:
        if info.n_folds > 1 and not plan.test:
            raise InputError("DATASET", f"fold {plan.fold} has no chips, so {plan.name} has nothing to be tested on.",
                             "Create the dataset with fewer folds (FOLDS), or train fewer MEMBERS.")


class _DeterministicFlags:
    """torch's process-wide determinism flags, shared by the members training in one process at once (the
    threads of a Dask worker whose GPUs take ``tasks_per_gpu`` > 1 members): the first member in sets them,
    the last one out restores them, so that no member's end switches them off under another."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.previous: tuple = ()

    def enter(self) -> None:
        with self.lock:
            if self.users == 0:
                self.previous = (torch.are_deterministic_algorithms_enabled(),
                                 torch.is_deterministic_algorithms_warn_only_enabled(),
                                 torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic)
                torch.use_deterministic_algorithms(True, warn_only=True)
                torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic = False, True
            self.users += 1

    def leave(self) -> None:
        with self.lock:
            self.users -= 1
            if self.users == 0:
                torch.use_deterministic_algorithms(self.previous[0], warn_only=self.previous[1])
                torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic = self.previous[2:]


_FLAGS = _DeterministicFlags()


@contextlib.contextmanager
def deterministic() -> Iterator[None]:
    """Deterministic kernels while training (bit-identical CPU runs for a seed); restored afterwards, when
    no other member of this process still trains.

    ``warn_only``: a few CUDA kernels (e.g. upsampling backward) have no deterministic version; GPU runs are
    then close, not identical, instead of failing.
    """
    _FLAGS.enter()
    try:
        yield
    finally:
        _FLAGS.leave()


def _learning_rate(work: Path, info: DatasetInfo, config: TrainConfig, plan: MemberPlan, device: torch.device,
                   monitor: Monitor, log: _RunLog) -> float:
    """``config.learning_rate``, or with ``find_lr`` the finder's suggestion on the first member's training
    chips (kept in ``lr_finder.json``, with the plot ``lr_finder.png``)."""
    if not config.find_lr:
        return config.learning_rate
    saved = work / "lr_finder.json"
    if saved.is_file():
        return float(json.loads(saved.read_text())["suggestion"])
    model, _, loss_fn = seeded_model(info, config, plan, device)
    mean, std = info.stats(plan.fold)
    dataset = ChipDataset(info, plan.train, mean, std, augment=True, jitter_strength=config.jitter)
    loader = DataLoader(dataset, batch_size=config.batch_size, shuffle=True, drop_last=len(dataset) > config.batch_size,
                        generator=torch.Generator().manual_seed(plan.seed))
    result = find_learning_rate(model, loader, loss_fn, device, monitor.check)
    plot_lr_finder(result, work / "lr_finder.png")
    saved.write_text(json.dumps({"suggestion": result.suggestion, "learning_rates": result.learning_rates,
                                 "losses": result.losses}))
    log(f"Learning-rate finder: {len(result.losses)} steps, suggested learning rate {result.suggestion:.2e}.")
    return result.suggestion


def _member_progress(monitor: Monitor, plan: MemberPlan, members: int) -> Callable[[float], None]:
    """Maps a member's completed fraction onto its equal share of 0-100 %, checking for cancellation."""
    start, end = 100.0 * plan.index / members, 100.0 * (plan.index + 1) / members

    def progress(fraction: float) -> None:
        monitor.check()
        monitor.progress(start + (end - start) * fraction)
    return progress


def _train_members(jobs: list[MemberJob], devices: list[torch.device], config: TrainConfig, monitor: Monitor,
                   log: _RunLog, on_epoch: EpochCallback) -> list[dict[str, Any]]:
    """All members: one after another in this process, or as Dask tasks (:mod:`training.distributed_fit`)
    on ``config.parallel`` local workers per device or on ``config.cluster``."""
    def epoch_event(index: int, epoch: int, metrics: dict[str, Any]) -> None:
        on_epoch({"member": index + 1, "members": len(jobs), "epoch": epoch, "epochs": config.epochs,
                  "metrics": metrics})

    workers = min(len(jobs), config.parallel * len(devices))
    if workers > 1 or not ClusterConfig(config.cluster).is_local:
        if ClusterConfig(config.cluster).is_local:
            log(f"Training up to {workers} members at once on {', '.join(str(d) for d in devices)}.")
        return run_members(jobs, devices, config.parallel, monitor, log, epoch_event)
    with deterministic():
        return [fit_member(job, devices[0], _member_progress(monitor, job.plan, len(jobs)), log,
                           lambda e, m, i=job.plan.index: epoch_event(i, e, m)) for job in jobs]


def _train_into(work: Path, inputs: _Inputs, config: TrainConfig, monitor: Monitor, log: _RunLog,
                on_epoch: EpochCallback) -> None:
    """Train every member into ``work``, then write ``ensemble.json`` (with the learning rate used) and
    ``report.md`` there."""
    info = inputs.info
    rate = _learning_rate(work, info, config, inputs.plans[0], inputs.devices[0], monitor, log)
    jobs = [MemberJob(info, config, plan, rate, work) for plan in inputs.plans]
    members = _train_members(jobs, inputs.devices, config, monitor, log, on_epoch)
    summary = cross_validation(members, info.regression)
    write_manifest(work / "ensemble.json", info, replace(config, learning_rate=rate), members, summary)
    write_model_card(work, log)  # the STAC item and the Deepness copies (docs/formats.md)
    write_report(work / "report.md", info, config, members, summary, (work / "lr_finder.png").is_file())
    log(f"Wrote {len(members)} member(s) to {inputs.folder}; cross-validation: "
        + ", ".join(f"{k} {json_number(v)}" for k, v in summary.items() if isinstance(v, float)))


def fit_ensemble(dataset_dir: str | Path, out_dir: str | Path, config: TrainConfig, monitor: Monitor = SILENT,
                 overwrite: bool = False, on_epoch: EpochCallback = lambda event: None) -> Path:
    """Train ``config.members`` members on a dataset folder and write the model folder (docs/formats.md).

    Args:
        dataset_dir: folder written by 'Create training dataset', or a plain ``images/`` + ``masks/`` folder.
        out_dir: model folder to create (replaced only with ``overwrite``).
        config: training parameters; member ``i`` uses seed ``config.seed + i`` and test fold ``i % n_folds``.
        monitor: progress 0-100 % across all members and epochs, log lines, cancellation (checked every batch).
        overwrite: replace an existing non-empty ``out_dir`` (and an interrupted run's work folder).
        on_epoch: called after every epoch of every member with the fields of the protocol's epoch event.

    Returns:
        The absolute path of the model folder.

    Raises:
        InputError: a parameter cannot be used (the message names it); nothing was written.
        CancelledError: cancelled through ``monitor``; the partial output was removed.
        GlacierDLError: an ONNX export did not reproduce its torch model, the GPU ran out of memory, or a
            checkpoint could not be written; the interrupted run can be resumed.
    """
    log = _RunLog(monitor)
    inputs = _check_inputs(dataset_dir, out_dir, config, overwrite, log)
    monitor.progress(0.0)
    work = open_work(inputs.folder, config, inputs.info, overwrite, log)
    log.attach(work / "train.log")
    with kept_for_resume(work, log, monitor.is_cancelled):
        _train_into(work, inputs, config, monitor, log, on_epoch)
    publish(work, inputs.folder, overwrite)
    monitor.progress(100.0)
    return inputs.folder
