"""Losses masked by nodata: cross-entropy, focal, Dice and their sums for classes; MSE/L1 for regression.

Segmentation targets are class indices with ``ignore_index`` where there is no valid input; regression
targets are values with NaN there. No pixel without input contributes to a loss.
"""
from __future__ import annotations

from collections.abc import Sequence

import torch
from segmentation_models_pytorch.losses import DiceLoss

from glacier_dl_plugin.core.errors import InputError

__all__ = ["FOCAL_GAMMA", "SegmentationLoss", "RegressionLoss", "build_loss", "resolve_loss"]

FOCAL_GAMMA = 2.0
"""Focusing exponent of the focal loss (Lin et al. 2017): well-classified pixels weigh ``(1 - p)^2``."""


def resolve_loss(name: str, regression: bool) -> str:
    """The loss ``auto`` stands for, checked against the dataset's task.

    Raises:
        InputError: (LOSS) a class loss for a regression dataset or the reverse.
    """
    if name == "auto":
        return "mse" if regression else "ce+dice"
    if regression != (name in ("mse", "l1")):
        task = "a regression" if regression else "a segmentation"
        valid = "mse, l1" if regression else "ce, focal, dice, ce+dice, focal+dice"
        raise InputError("LOSS", f"'{name}' cannot train {task} dataset.", f"Choose auto or one of: {valid}.")
    return name


class SegmentationLoss(torch.nn.Module):
    """A sum of ``ce``, ``focal`` and ``dice`` terms (e.g. ``ce+dice``) on logits ``[N, C, H, W]`` and
    targets ``[N, H, W]``; class weights scale the cross-entropy and focal terms per target class."""

    def __init__(self, name: str, ignore_index: int, class_weights: Sequence[float] = ()) -> None:
        super().__init__()
        self.terms = name.split("+")
        self.ignore_index = ignore_index
        weight = torch.tensor(class_weights, dtype=torch.float32) if class_weights else None
        self.register_buffer("weight", weight)
        self.dice = DiceLoss("multiclass", ignore_index=ignore_index)

    def _focal(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """``mean over valid pixels of w_t (1 - p_t)^gamma (-log p_t)``, with ``p_t`` the true class's probability."""
        valid = target != self.ignore_index
        safe = torch.where(valid, target, torch.zeros_like(target))
        log_p = torch.log_softmax(logits.float(), dim=1).gather(1, safe[:, None]).squeeze(1)
        weight = self.weight[safe] if self.weight is not None else torch.ones_like(log_p)
        terms = weight * (1 - log_p.exp()) ** FOCAL_GAMMA * -log_p
        return terms[valid].sum() / weight[valid].sum().clamp_min(1e-12)

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        total = logits.new_zeros((), dtype=torch.float32)
        for term in self.terms:
            if term == "ce":
                total = total + torch.nn.functional.cross_entropy(logits.float(), target, weight=self.weight,
                                                                  ignore_index=self.ignore_index)
            elif term == "focal":
                total = total + self._focal(logits, target)
            else:
                total = total + self.dice(logits.float(), target)
        return total


class RegressionLoss(torch.nn.Module):
    """Mean squared (``mse``) or absolute (``l1``) error over valid pixels, on standardised targets.

    The model predicts ``(value - mean) / std`` so that the loss scale does not depend on the target's units;
    the export adds the inverse (``values = output * std + mean``).
    """

    def __init__(self, name: str, mean: float, std: float) -> None:
        super().__init__()
        self.name, self.mean, self.std = name, float(mean), float(std)

    def forward(self, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        valid = torch.isfinite(target)
        if not valid.any():  # a batch of sparse (point) targets may measure nothing: no gradient, not NaN
            return output.sum() * 0.0
        error = output[:, 0].float()[valid] - (target[valid] - self.mean) / self.std
        return (error**2).mean() if self.name == "mse" else error.abs().mean()


def build_loss(name: str, regression: bool, ignore_index: int, class_weights: Sequence[float] = (),
               target_stats: tuple[float, float] = (0.0, 1.0)) -> torch.nn.Module:
    """The loss of a member: :class:`RegressionLoss` or :class:`SegmentationLoss` for ``resolve_loss(name)``."""
    resolved = resolve_loss(name, regression)
    if regression:
        return RegressionLoss(resolved, *target_stats)
    return SegmentationLoss(resolved, ignore_index, class_weights)
