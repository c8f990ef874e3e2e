"""The learning-rate finder (L. Smith's range test): a short run with an exponentially rising learning rate.

The loss first falls faster as the rate grows, then diverges. The suggestion is the rate at the minimum of
the smoothed loss divided by 10: safely before divergence, still on the steep part of the curve. The model
given is trained on a copy, so the member itself starts from its own initial weights.
"""
from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

import torch
from torch.utils.data import DataLoader

__all__ = ["LRFinderResult", "find_learning_rate", "plot_lr_finder", "START_LR", "END_LR", "STEPS"]

START_LR, END_LR, STEPS = 1e-6, 1.0, 60
SMOOTHING = 0.8
"""Exponential smoothing of the batch losses (single batches are noisy)."""
DIVERGENCE = 4.0
"""The sweep stops when the smoothed loss exceeds this multiple of its minimum."""


@dataclass(frozen=True)
class LRFinderResult:
    learning_rates: list[float]
    losses: list[float]
    """Smoothed (bias-corrected) batch losses, one per learning rate."""
    suggestion: float


def _suggest(rates: list[float], losses: list[float]) -> float:
    finite = [(loss, rate) for rate, loss in zip(rates, losses) if math.isfinite(loss)]
    if not finite:
        return START_LR
    return max(min(finite)[1] / 10.0, START_LR)


def find_learning_rate(model: torch.nn.Module, loader: DataLoader, loss_fn: torch.nn.Module, device: torch.device,
                       check: Callable[[], None] = lambda: None, steps: int = STEPS) -> LRFinderResult:
    """Sweep ``START_LR`` -> ``END_LR`` over ``steps`` Adam steps (cycling ``loader``) on a copy of ``model``."""
    trial = copy.deepcopy(model).to(device).train()
    optimiser = torch.optim.Adam(trial.parameters(), lr=START_LR)
    factor = (END_LR / START_LR) ** (1 / max(steps - 1, 1))
    rates, losses, average, best = [], [], 0.0, math.inf
    for step, (x, y) in zip(range(steps), cycle(loader)):
        check()
        rate = START_LR * factor**step
        for group in optimiser.param_groups:
            group["lr"] = rate
        x, y = x.to(device), y.to(device)
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(trial(x).float(), y)
        if not torch.isfinite(loss):
            break
        loss.backward()
        optimiser.step()
        average = SMOOTHING * average + (1 - SMOOTHING) * loss.item()
        smoothed = average / (1 - SMOOTHING ** (step + 1))
        rates.append(rate)
        losses.append(smoothed)
        best = min(best, smoothed)
        if smoothed > DIVERGENCE * best:
            break
    return LRFinderResult(rates, losses, _suggest(rates, losses))


def plot_lr_finder(result: LRFinderResult, path: Path) -> None:
    """PNG of smoothed loss against learning rate (log axis), with the suggestion marked."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(5, 3.5))
    axes.plot(result.learning_rates, result.losses)
    axes.axvline(result.suggestion, color="tab:red", linestyle="--", label=f"suggested {result.suggestion:.1e}")
    axes.set_xscale("log")
    axes.set_xlabel("learning rate")
    axes.set_ylabel("smoothed training loss")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    pyplot.close(figure)
