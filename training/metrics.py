"""Validation and test metrics, accumulated over batches of a split.

Segmentation: a confusion matrix over valid pixels gives per class IoU, F1, precision, recall and
(one-vs-rest) accuracy; per glacier, the IoU of "any glacier class" is weighted by the glacier's true area.
Regression: RMSE, MAE and R² in the target's units.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Sequence

import torch

__all__ = ["SegmentationMetrics", "RegressionMetrics"]


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


class SegmentationMetrics:
    """Confusion matrix of a split plus per-glacier foreground intersections and unions.

    ``IoU_c = TP / (TP + FP + FN)``, ``precision_c = TP / (TP + FP)``, ``recall_c = TP / (TP + FN)``,
    ``F1_c = 2 TP / (2 TP + FP + FN)``, ``accuracy_c = (TP + TN) / valid pixels``. ``iou`` (the value early
    stopping and ``val_iou`` use) is the mean IoU of the glacier classes 1..C-1 that occur.
    """

    def __init__(self, classes: Sequence[str], ignore_index: int) -> None:
        self.classes, self.ignore_index = list(classes), ignore_index
        self.confusion = torch.zeros(len(classes), len(classes), dtype=torch.float64)  # [true, predicted]
        self.glaciers: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # intersection, union, area

    def add(self, logits: torch.Tensor, target: torch.Tensor, glacier_ids: Sequence[str] = ()) -> None:
        """One batch; ``glacier_ids`` names each chip's glacier (empty: no per-glacier metrics)."""
        n = len(self.classes)
        predicted, target = logits.argmax(dim=1).cpu(), target.cpu()
        valid = target != self.ignore_index
        pairs = target[valid] * n + predicted[valid]
        self.confusion += torch.bincount(pairs, minlength=n * n).reshape(n, n).double()
        for chip, glacier in enumerate(glacier_ids):
            ok = valid[chip]
            is_true, is_pred = (target[chip] > 0) & ok, (predicted[chip] > 0) & ok
            totals = self.glaciers[glacier]
            totals[0] += float((is_true & is_pred).sum())
            totals[1] += float((is_true | is_pred).sum())
            totals[2] += float(is_true.sum())

    def per_class(self) -> dict[str, dict[str, float]]:
        """``{class: {"iou", "f1", "precision", "recall", "accuracy", "pixels"}}`` (NaN where undefined)."""
        total = float(self.confusion.sum())
        result = {}
        for c, name in enumerate(self.classes):
            tp = float(self.confusion[c, c])
            fp, fn = float(self.confusion[:, c].sum()) - tp, float(self.confusion[c, :].sum()) - tp
            result[name] = {"iou": _ratio(tp, tp + fp + fn), "f1": _ratio(2 * tp, 2 * tp + fp + fn),
                            "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                            "accuracy": _ratio(total - fp - fn, total), "pixels": tp + fn}
        return result

    def iou(self) -> float:
        values = [m["iou"] for m in list(self.per_class().values())[1:] if not math.isnan(m["iou"])]
        return sum(values) / len(values) if values else math.nan

    def glacier_iou(self) -> float:
        """Area-weighted mean of per-glacier IoUs: ``sum_g area_g IoU_g / sum_g area_g`` (true glacier pixels)."""
        weighted = sum(area * _ratio(i, u) for i, u, area in self.glaciers.values() if area > 0)
        area = sum(a for _, _, a in self.glaciers.values() if a > 0)
        return _ratio(weighted, area)

    def summary(self) -> dict[str, object]:
        """The JSON of ``ensemble.json`` metrics: mean glacier IoU, area-weighted glacier IoU, accuracy, per class."""
        per_class = self.per_class()
        total = float(self.confusion.sum())
        return {"iou": self.iou(), "glacier_iou": self.glacier_iou(),
                "accuracy": _ratio(float(self.confusion.diag().sum()), total),
                "glaciers": len([g for g in self.glaciers.values() if g[2] > 0]),
                "glacier_pixels": sum(g[2] for g in self.glaciers.values()), "per_class": per_class}


class RegressionMetrics:
    """RMSE, MAE and ``R² = 1 - SSE / SST`` over valid pixels, in target units (predictions de-standardised)."""

    def __init__(self, mean: float, std: float) -> None:
        self.mean, self.std = mean, std
        self.n = self.sse = self.sae = self.sum = self.sum2 = 0.0

    def add(self, output: torch.Tensor, target: torch.Tensor, glacier_ids: Sequence[str] = ()) -> None:
        target = target.cpu().double()
        valid = torch.isfinite(target)
        value = output[:, 0].detach().cpu().double()[valid] * self.std + self.mean
        truth = target[valid]
        self.n += float(valid.sum())
        self.sse += float(((value - truth) ** 2).sum())
        self.sae += float((value - truth).abs().sum())
        self.sum += float(truth.sum())
        self.sum2 += float((truth**2).sum())

    def rmse(self) -> float:
        return math.sqrt(self.sse / self.n) if self.n else math.nan

    def summary(self) -> dict[str, object]:
        sst = self.sum2 - self.sum**2 / self.n if self.n else 0.0
        return {"rmse": self.rmse(), "mae": _ratio(self.sae, self.n), "r2": 1 - self.sse / sst if sst > 0 else math.nan}
