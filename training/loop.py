"""The optimisation loop of one member: Adam epochs (parameter groups of :mod:`training.encoders`: a frozen or
slower encoder), validation, the best epoch kept, early stopping, the learning rate halved on a plateau or
decayed on a cosine, mixed precision on GPUs, and a resumable state after every epoch.

After every epoch the loop saves everything it needs to continue (weights, optimiser, scheduler, random
generators, history) to ``resume.pt`` in the member's folder (a ``torch.save`` of tensors and plain values,
loaded with ``weights_only=True``), so a killed run continues where it stopped.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Union

import torch
from torch.utils.data import DataLoader

from .checkpoints import atomic_save, load_resume_state
from .encoders import parameter_groups
from .metrics import RegressionMetrics, SegmentationMetrics

__all__ = ["EpochRecord", "LoopSettings", "MemberResult", "evaluate", "train_member"]

Progress = Callable[[float], None]
"""Called with the member's completed fraction (0-1) after every batch; raises to cancel."""
Metrics = Union[SegmentationMetrics, RegressionMetrics]


@dataclass(frozen=True)
class EpochRecord:
    """One row of ``history.csv``.

    Attributes:
        val_score: validation IoU of the glacier classes (regression: RMSE in target units).
        lr: learning rate used in this epoch.
        data_wait: share of the epoch's step time spent waiting for the next batch of chips.
    """

    epoch: int
    train_loss: float
    val_loss: float
    val_score: float
    lr: float
    seconds: float
    data_wait: float


@dataclass(frozen=True)
class LoopSettings:
    """What :func:`train_member` needs from ``TrainConfig`` (``criterion`` already resolved for the task)."""

    epochs: int
    learning_rate: float
    patience: int = 0
    criterion: str = "val_loss"
    higher_is_better: bool = False
    schedule: str = "plateau"
    lr_patience: int = 0
    min_lr: float = 1e-6
    mixed_precision: bool = False
    freeze_encoder: bool = False
    encoder_lr_factor: float = 1.0
    layer_decay: float = 1.0


@dataclass
class MemberResult:
    """The history of a member and its best epoch (whose weights ``on_best`` saved)."""

    history: list[EpochRecord] = field(default_factory=list)
    best_epoch: int = 0
    stopped_early: bool = False

    @property
    def best(self) -> EpochRecord:
        return self.history[self.best_epoch - 1]


def _to(device: torch.device, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return x.to(device, non_blocking=True), y.to(device, non_blocking=True)


def _has_target(y: torch.Tensor, loss_fn: torch.nn.Module) -> bool:
    """False for a batch of nodata only: nothing to learn from, and the masked means would be NaN."""
    if y.is_floating_point():
        return bool(torch.isfinite(y).any())
    return bool((y != loss_fn.ignore_index).any())


def _valid_pixels(y: torch.Tensor, loss_fn: torch.nn.Module) -> int:
    return int(torch.isfinite(y).sum()) if y.is_floating_point() else int((y != loss_fn.ignore_index).sum())


@torch.no_grad()
def evaluate(model: torch.nn.Module, loader: DataLoader, loss_fn: torch.nn.Module, metrics: Metrics,
             device: torch.device, check: Callable[[], None] = lambda: None) -> float:
    """Mean loss of ``model`` over ``loader`` (weighted by valid pixels); fills ``metrics``.

    ``loader`` must not shuffle: chips are matched to their glaciers by position.
    """
    model.eval()
    chips = getattr(loader.dataset, "chips", [])
    total, weight, done = 0.0, 0, 0
    for x, y in loader:
        check()
        x, y = _to(device, x, y)
        output = model(x).float()
        n_valid = _valid_pixels(y, loss_fn)
        if n_valid:
            total += float(loss_fn(output, y)) * n_valid
            weight += n_valid
        metrics.add(output, y, [c.glacier_id for c in chips[done: done + len(x)]])
        done += len(x)
    return total / weight if weight else math.nan


def _score(metrics: Metrics) -> float:
    return metrics.rmse() if isinstance(metrics, RegressionMetrics) else metrics.iou()


class _Epoch:
    """One pass of Adam steps, timing how long each step waited for its batch."""

    def __init__(self, model: torch.nn.Module, loss_fn: torch.nn.Module, optimiser: torch.optim.Optimizer,
                 scaler: torch.amp.GradScaler, device: torch.device, amp: bool) -> None:
        self.model, self.loss_fn, self.optimiser, self.scaler = model, loss_fn, optimiser, scaler
        self.device, self.amp = device, amp

    def run(self, loader: DataLoader, report: Callable[[int], None]) -> tuple[float, float]:
        """Mean batch loss and the share of step time spent waiting for data."""
        self.model.train()
        total, steps, waited, elapsed = 0.0, 0, 0.0, 0.0
        last = time.perf_counter()
        for batch, (x, y) in enumerate(loader, start=1):
            arrived = time.perf_counter()
            x, y = _to(self.device, x, y)
            if _has_target(y, self.loss_fn):
                total, steps = total + self._step(x, y), steps + 1
            report(batch)
            done = time.perf_counter()
            waited, elapsed, last = waited + arrived - last, elapsed + done - last, done
        return (total / steps if steps else math.nan), (waited / elapsed if elapsed else 0.0)

    def _step(self, x: torch.Tensor, y: torch.Tensor) -> float:
        self.optimiser.zero_grad(set_to_none=True)
        with torch.autocast(self.device.type, dtype=torch.float16, enabled=self.amp):
            output = self.model(x)
        loss = self.loss_fn(output.float(), y)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimiser)
        self.scaler.update()
        return loss.item()  # also waits for the GPU, so step times are real


def _cpu_copy(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {key: value.detach().to("cpu", copy=True).contiguous() for key, value in model.state_dict().items()}


def _scheduler(optimiser: torch.optim.Optimizer, settings: LoopSettings) -> torch.optim.lr_scheduler.LRScheduler | None:
    """Cosine from the initial rates to ``min_lr`` over the epochs; or halving after ``lr_patience`` epochs
    without improvement (none when 0)."""
    if settings.schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=settings.epochs, eta_min=settings.min_lr)
    if settings.lr_patience:
        return torch.optim.lr_scheduler.ReduceLROnPlateau(optimiser, mode="max" if settings.higher_is_better else "min",
                                                          factor=0.5, patience=settings.lr_patience,
                                                          min_lr=settings.min_lr)
    return None


class _Trainer:
    """The state of one member's training that ``resume.pt`` holds."""

    def __init__(self, model: torch.nn.Module, settings: LoopSettings, device: torch.device,
                 generator: torch.Generator | None) -> None:
        self.model, self.settings, self.device, self.generator = model, settings, device, generator
        # The decoder's group first: param_groups[0]["lr"] is the learning rate the history records.
        self.optimiser = torch.optim.Adam(parameter_groups(model, settings.learning_rate, settings.freeze_encoder,
                                                           settings.encoder_lr_factor, settings.layer_decay))
        self.scheduler = _scheduler(self.optimiser, settings)
        self.scaler = torch.amp.GradScaler(device.type, enabled=settings.mixed_precision)
        self.history: list[EpochRecord] = []
        self.best_epoch, self.best_value, self.bad_epochs = 0, math.nan, 0

    def step_schedule(self, value: float) -> None:
        """After an epoch: the plateau schedule looks at the criterion (a NaN one is skipped), cosine does not."""
        if isinstance(self.scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            if not math.isnan(value):
                self.scheduler.step(value)
        elif self.scheduler is not None:
            self.scheduler.step()

    def improved(self, value: float) -> bool:
        """The first epoch always counts; after a NaN best (e.g. no glacier pixel yet) any number does."""
        if self.best_epoch == 0:
            return True
        if math.isnan(self.best_value):
            return not math.isnan(value)
        return value > self.best_value if self.settings.higher_is_better else value < self.best_value

    def state(self) -> dict:
        return {"model": _cpu_copy(self.model), "optimiser": self.optimiser.state_dict(),
                "scheduler": self.scheduler.state_dict() if self.scheduler else {},
                "scaler": self.scaler.state_dict(), "history": [list(astuple(r)) for r in self.history],
                "best": [self.best_epoch, self.best_value, self.bad_epochs],
                "rng": torch.get_rng_state(), "loader_rng": self.generator.get_state() if self.generator else None}

    def restore(self, state: dict) -> None:
        self.model.load_state_dict(state["model"])
        self.optimiser.load_state_dict(state["optimiser"])
        if self.scheduler and state["scheduler"]:
            self.scheduler.load_state_dict(state["scheduler"])
        self.scaler.load_state_dict(state["scaler"])
        self.history = [EpochRecord(int(r[0]), *map(float, r[1:])) for r in state["history"]]
        best_epoch, best_value, bad_epochs = state["best"]
        self.best_epoch, self.best_value, self.bad_epochs = int(best_epoch), float(best_value), int(bad_epochs)
        torch.set_rng_state(state["rng"])
        if self.generator is not None and state["loader_rng"] is not None:
            self.generator.set_state(state["loader_rng"])


def train_member(model: torch.nn.Module, train: DataLoader, val: DataLoader, loss_fn: torch.nn.Module,
                 new_metrics: Callable[[], Metrics], settings: LoopSettings, device: torch.device,
                 progress: Progress, log: Callable[[str], None], folder: Path,
                 on_best: Callable[[dict[str, torch.Tensor]], None],
                 on_epoch: Callable[[EpochRecord], None] = lambda record: None,
                 generator: torch.Generator | None = None) -> MemberResult:
    """Train ``model`` in place (the caller loads the best weights back from what ``on_best`` saved).

    The best epoch has the best ``settings.criterion`` (the first epoch when it is NaN throughout);
    ``on_best(state)`` saves each new best. Training stops after ``settings.patience`` epochs without
    improvement; ``folder / "resume.pt"``, when present, is continued from.
    """
    trainer = _Trainer(model, settings, device, generator)
    resume = folder / "resume.pt"
    if resume.is_file():
        trainer.restore(load_resume_state(resume))
        log(f"resumed after epoch {len(trainer.history)}")
    epoch_pass = _Epoch(model, loss_fn, trainer.optimiser, trainer.scaler, device, settings.mixed_precision)
    batches, epochs = max(len(train), 1), settings.epochs
    stopped = bool(settings.patience) and trainer.bad_epochs >= settings.patience
    for epoch in range(len(trainer.history) + 1, epochs + 1):
        if stopped:
            break
        started, lr = time.perf_counter(), trainer.optimiser.param_groups[0]["lr"]
        train_loss, wait = epoch_pass.run(
            train, lambda b, e=epoch: progress(((e - 1) * batches + b) / (epochs * batches)))
        metrics = new_metrics()
        val_loss = evaluate(model, val, loss_fn, metrics, device, lambda e=epoch: progress(e / epochs))
        record = EpochRecord(epoch, train_loss, val_loss, _score(metrics), lr, time.perf_counter() - started, wait)
        trainer.history.append(record)
        value = val_loss if settings.criterion == "val_loss" else record.val_score
        if trainer.improved(value):
            trainer.best_epoch, trainer.best_value, trainer.bad_epochs = epoch, value, 0
            on_best(_cpu_copy(model))
        else:
            trainer.bad_epochs += 1
        trainer.step_schedule(value)
        stopped = bool(settings.patience) and trainer.bad_epochs >= settings.patience
        atomic_save(trainer.state(), resume)
        log(f"epoch {epoch}/{epochs}: train loss {train_loss:.3f}, val loss {val_loss:.3f}, val score "
            f"{record.val_score:.3f}, lr {lr:.2e}, data wait {wait:.0%}" + (" - early stop" if stopped else ""))
        on_epoch(record)
    progress(1.0)
    return MemberResult(history=trainer.history, best_epoch=trainer.best_epoch, stopped_early=stopped)
