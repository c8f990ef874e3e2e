"""The optimisation loop of one member: epochs of Adam steps, validation, the best epoch kept.

Loss = cross-entropy + Dice (multiclass), both ignoring mask value 255: cross-entropy gives stable
gradients per pixel, Dice counters the imbalance of small glaciers in large backgrounds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import torch
from segmentation_models_pytorch.losses import DiceLoss
from torch.utils.data import DataLoader

__all__ = ["EpochRecord", "MemberResult", "SegmentationLoss", "IoU", "evaluate", "train_member"]

Progress = Callable[[float], None]
"""Called with the member's completed fraction (0-1) after every batch; raises to cancel."""


@dataclass(frozen=True)
class EpochRecord:
    """One row of ``history.csv``; losses are means over pixels of the split, IoU as :class:`IoU`."""

    epoch: int
    train_loss: float
    val_loss: float
    val_iou: float


@dataclass
class MemberResult:
    """The best epoch's weights (on the CPU) and the history that chose it."""

    state: dict[str, torch.Tensor]
    history: list[EpochRecord] = field(default_factory=list)
    best_epoch: int = 0

    @property
    def best(self) -> EpochRecord:
        return self.history[self.best_epoch - 1]


class SegmentationLoss(torch.nn.Module):
    """Cross-entropy plus multiclass Dice on logits ``[N, C, H, W]`` and targets ``[N, H, W]``."""

    def __init__(self, ignore_index: int) -> None:
        super().__init__()
        self.cross_entropy = torch.nn.CrossEntropyLoss(ignore_index=ignore_index)
        self.dice = DiceLoss("multiclass", ignore_index=ignore_index)

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return self.cross_entropy(logits, target) + self.dice(logits, target)


class IoU:
    """Intersection over union of the glacier classes (1..C-1), accumulated over batches.

    ``IoU_c = |pred = c and true = c| / |pred = c or true = c|`` over valid pixels of the whole split; the
    value is the mean over classes that occur (in prediction or truth), NaN when none does.
    """

    def __init__(self, n_classes: int, ignore_index: int) -> None:
        self.ignore_index = ignore_index
        self.intersection = torch.zeros(n_classes, dtype=torch.float64)
        self.union = torch.zeros(n_classes, dtype=torch.float64)

    def add(self, logits: torch.Tensor, target: torch.Tensor) -> None:
        valid = target != self.ignore_index
        predicted = logits.argmax(dim=1)
        for c in range(1, len(self.union)):
            is_pred, is_true = (predicted == c) & valid, (target == c) & valid
            self.intersection[c] += (is_pred & is_true).sum().item()
            self.union[c] += (is_pred | is_true).sum().item()

    def value(self) -> float:
        present = self.union[1:] > 0
        if not present.any():
            return math.nan
        return float((self.intersection[1:][present] / self.union[1:][present]).mean())


def _to(device: torch.device, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return x.to(device, non_blocking=True), y.to(device, non_blocking=True)


@torch.no_grad()
def evaluate(model: torch.nn.Module, loader: DataLoader, loss_fn: SegmentationLoss, n_classes: int,
             device: torch.device, check: Callable[[], None] = lambda: None) -> tuple[float, float]:
    """Mean loss (weighted by valid pixels) and glacier IoU of ``model`` over ``loader``."""
    model.eval()
    iou = IoU(n_classes, loss_fn.cross_entropy.ignore_index)
    total, weight = 0.0, 0
    for x, y in loader:
        check()
        x, y = _to(device, x, y)
        logits = model(x)
        n_valid = int((y != iou.ignore_index).sum())
        if n_valid:  # a batch of nodata only has no loss (cross-entropy would be NaN)
            total += float(loss_fn(logits, y)) * n_valid
            weight += n_valid
        iou.add(logits, y)
    return (total / weight if weight else math.nan), iou.value()


def _train_epoch(model: torch.nn.Module, loader: DataLoader, loss_fn: SegmentationLoss,
                 optimiser: torch.optim.Optimizer, device: torch.device, report: Callable[[int], None]) -> float:
    """One pass of Adam steps; returns the mean batch loss. ``report(batches_done)`` after each batch."""
    model.train()
    total, steps = 0.0, 0
    for batch, (x, y) in enumerate(loader, start=1):
        x, y = _to(device, x, y)
        if (y == loss_fn.cross_entropy.ignore_index).all():
            continue  # nothing to learn from; cross-entropy would be NaN
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimiser.step()
        total, steps = total + loss.item(), steps + 1
        report(batch)
    return total / steps if steps else math.nan


def _cpu_copy(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {key: value.detach().to("cpu", copy=True).contiguous() for key, value in model.state_dict().items()}


def train_member(model: torch.nn.Module, train: DataLoader, val: DataLoader, n_classes: int, ignore_index: int,
                 epochs: int, learning_rate: float, device: torch.device, progress: Progress,
                 log: Callable[[str], None]) -> MemberResult:
    """Train ``model`` in place for ``epochs`` and load the weights of the epoch with the lowest
    validation loss back into it (the first epoch when validation loss is NaN throughout)."""
    loss_fn = SegmentationLoss(ignore_index)
    optimiser = torch.optim.Adam(model.parameters(), lr=learning_rate)
    result = MemberResult(state=_cpu_copy(model))
    best_loss = math.inf
    batches = max(len(train), 1)
    for epoch in range(1, epochs + 1):
        def report(batch: int, epoch: int = epoch) -> None:
            progress(((epoch - 1) * batches + batch) / (epochs * batches))

        train_loss = _train_epoch(model, train, loss_fn, optimiser, device, report)
        val_loss, val_iou = evaluate(model, val, loss_fn, n_classes, device, lambda: progress(epoch / epochs))
        result.history.append(EpochRecord(epoch, train_loss, val_loss, val_iou))
        if val_loss < best_loss or result.best_epoch == 0:
            best_loss, result.best_epoch, result.state = val_loss, epoch, _cpu_copy(model)
        log(f"epoch {epoch}/{epochs}: train loss {train_loss:.3f}, val loss {val_loss:.3f}, val IoU {val_iou:.3f}")
    model.load_state_dict(result.state)
    return result
