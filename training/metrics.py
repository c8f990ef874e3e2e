"""Validation and test metrics, accumulated over batches of a split.

Segmentation: ``segmentation_models_pytorch.metrics`` counts each class's true/false positives and negatives
over valid pixels and turns the summed counts into per class IoU, F1, precision, recall and (one-vs-rest)
accuracy; per glacier, the IoU of "any glacier class" is weighted by the glacier's true area.
Regression: RMSE, MAE and R² in the target's units (smp has no regression metrics: a few running sums).
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import segmentation_models_pytorch as smp
import torch

__all__ = ["SegmentationMetrics", "RegressionMetrics"]


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


def _counts(predicted: torch.Tensor, target: torch.Tensor, n_classes: int, ignore_index: int) -> torch.Tensor:
    """``[4, chips, classes]`` float64 TP, FP, FN, TN of class maps ``[chips, H, W]`` (ignored pixels left out)."""
    stats = smp.metrics.get_stats(predicted, target, mode="multiclass", num_classes=n_classes,
                                  ignore_index=ignore_index)
    return torch.stack(stats).double()


def _scores(tp: torch.Tensor, fp: torch.Tensor, fn: torch.Tensor, tn: torch.Tensor) -> dict[str, torch.Tensor]:
    """smp's per-class scores of summed counts, NaN where a score is 0/0."""
    args = dict(reduction="none", zero_division=math.nan)
    return {"iou": smp.metrics.iou_score(tp, fp, fn, tn, **args), "f1": smp.metrics.f1_score(tp, fp, fn, tn, **args),
            "precision": smp.metrics.precision(tp, fp, fn, tn, **args),
            "recall": smp.metrics.recall(tp, fp, fn, tn, **args),
            "accuracy": smp.metrics.accuracy(tp, fp, fn, tn, **args)}


class SegmentationMetrics:
    """Per-class counts of a split plus per-glacier foreground intersections and unions.

    ``IoU_c = TP / (TP + FP + FN)``, ``precision_c = TP / (TP + FP)``, ``recall_c = TP / (TP + FN)``,
    ``F1_c = 2 TP / (2 TP + FP + FN)``, ``accuracy_c = (TP + TN) / valid pixels``. ``iou`` (the value early
    stopping and ``val_iou`` use) is the mean IoU of the glacier classes 1..C-1 that occur.
    """

    def __init__(self, classes: Sequence[str], ignore_index: int) -> None:
        self.classes, self.ignore_index = list(classes), ignore_index
        self.counts = torch.zeros(4, len(classes), dtype=torch.float64)  # TP, FP, FN, TN per class
        self.glaciers: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])  # intersection, union, area

    def add(self, logits: torch.Tensor, target: torch.Tensor, glacier_ids: Sequence[str] = ()) -> None:
        """One batch; ``glacier_ids`` names each chip's glacier (empty: no per-glacier metrics)."""
        predicted, target = logits.argmax(dim=1).cpu(), target.cpu()
        self.counts += _counts(predicted, target, len(self.classes), self.ignore_index).sum(dim=1)
        if not glacier_ids:
            return
        # "any glacier class" as class 1 of a two-class map; smp drops the ignored pixels from both maps
        ice = torch.where(target == self.ignore_index, target, (target > 0).long())
        tp, fp, fn, _ = _counts((predicted > 0).long(), ice, 2, self.ignore_index)[:, :, 1]
        for chip, glacier in enumerate(glacier_ids):
            totals = self.glaciers[glacier]
            totals[0] += float(tp[chip])
            totals[1] += float(tp[chip] + fp[chip] + fn[chip])
            totals[2] += float(tp[chip] + fn[chip])

    def per_class(self) -> dict[str, dict[str, float]]:
        """``{class: {"iou", "f1", "precision", "recall", "accuracy", "pixels"}}`` (NaN where undefined)."""
        tp, fp, fn, tn = self.counts
        scores = _scores(tp, fp, fn, tn)
        pixels = tp + fn
        return {name: {**{key: float(values[c]) for key, values in scores.items()}, "pixels": float(pixels[c])}
                for c, name in enumerate(self.classes)}

    def iou(self) -> float:
        values = [m["iou"] for m in list(self.per_class().values())[1:] if not math.isnan(m["iou"])]
        return sum(values) / len(values) if values else math.nan

    def glacier_iou(self) -> float:
        """Area-weighted mean of per-glacier IoUs: ``sum_g area_g IoU_g / sum_g area_g`` (true glacier pixels)."""
        weighted = sum(area * _ratio(i, u) for i, u, area in self.glaciers.values() if area > 0)
        area = sum(a for _, _, a in self.glaciers.values() if a > 0)
        return _ratio(weighted, area)

    def accuracy(self) -> float:
        """Share of valid pixels of the right class: smp's micro-averaged recall, ``sum_c TP_c / valid``."""
        tp, fp, fn, tn = self.counts
        return float(smp.metrics.recall(tp, fp, fn, tn, reduction="micro"))

    def summary(self) -> dict[str, object]:
        """The JSON of ``ensemble.json`` metrics: mean glacier IoU, area-weighted glacier IoU, accuracy, per class."""
        return {"iou": self.iou(), "glacier_iou": self.glacier_iou(), "accuracy": self.accuracy(),
                "glaciers": len([g for g in self.glaciers.values() if g[2] > 0]),
                "glacier_pixels": sum(g[2] for g in self.glaciers.values()), "per_class": self.per_class()}


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
