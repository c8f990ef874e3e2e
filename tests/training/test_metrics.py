"""Validation and test metrics through segmentation_models_pytorch.metrics: per class, per glacier and
regression, against counts worked out by hand."""
from __future__ import annotations

import math

import pytest
import torch

from training.metrics import RegressionMetrics, SegmentationMetrics

IGNORE = 255


def _logits(classes: torch.Tensor, n_classes: int = 2, confidence: float = 4.0) -> torch.Tensor:
    """Logits ``[N, C, H, W]`` predicting ``classes`` with the given margin."""
    return torch.nn.functional.one_hot(classes, n_classes).permute(0, 3, 1, 2).float() * confidence


def test_per_class_metrics_from_a_known_confusion():
    truth = torch.tensor([[[0, 0, 1, 1], [1, 1, IGNORE, 0]]])
    pred = torch.tensor([[[0, 1, 1, 1], [1, 0, 1, 0]]])  # glacier: TP 3, FP 1, FN 1; background: TP 2, FP 1, FN 1
    metrics = SegmentationMetrics(["background", "glacier"], IGNORE)
    metrics.add(_logits(pred), truth, ["RGI-a"])
    glacier = metrics.per_class()["glacier"]
    assert glacier["iou"] == pytest.approx(3 / 5) and glacier["precision"] == pytest.approx(3 / 4)
    assert glacier["recall"] == pytest.approx(3 / 4) and glacier["f1"] == pytest.approx(6 / 8)
    assert glacier["accuracy"] == pytest.approx(5 / 7) and glacier["pixels"] == 4
    assert metrics.per_class()["background"]["iou"] == pytest.approx(2 / 4)
    assert metrics.iou() == pytest.approx(3 / 5) and metrics.summary()["accuracy"] == pytest.approx(5 / 7)


def test_glacier_iou_is_weighted_by_glacier_area():
    big_truth = torch.ones(1, 4, 4, dtype=torch.long)  # 16 px glacier, predicted perfectly
    small_truth = torch.zeros(1, 4, 4, dtype=torch.long)
    small_truth[0, 0, :2] = 1  # 2 px glacier, predicted as 4 px: IoU 0.5
    small_pred = torch.zeros(1, 4, 4, dtype=torch.long)
    small_pred[0, 0, :] = 1
    metrics = SegmentationMetrics(["background", "glacier"], IGNORE)
    metrics.add(_logits(torch.cat([big_truth, small_pred])), torch.cat([big_truth, small_truth]), ["big", "small"])
    assert metrics.glacier_iou() == pytest.approx((16 * 1.0 + 2 * 0.5) / 18)
    assert metrics.summary()["glaciers"] == 2 and metrics.summary()["glacier_pixels"] == 18


def test_regression_metrics_in_target_units():
    metrics = RegressionMetrics(mean=100.0, std=10.0)
    output = torch.tensor([[[[0.0, 1.0, -1.0, 7.0]]]])  # 100, 110, 90, (ignored)
    metrics.add(output, torch.tensor([[[100.0, 120.0, 90.0, math.nan]]]))
    summary = metrics.summary()
    assert summary["rmse"] == pytest.approx(math.sqrt(100 / 3)) and summary["mae"] == pytest.approx(10 / 3)
    truth = torch.tensor([100.0, 120.0, 90.0])
    assert summary["r2"] == pytest.approx(1 - 100 / float(((truth - truth.mean()) ** 2).sum()))


def test_three_classes_over_two_batches_with_an_absent_class():
    """Counts by hand, ignored pixels left out: truth ``[0 0 1 2 | 1 1 255 0]``, prediction ``[0 2 1 2 | 1 0 2 0]``.

    background: TP 2, FP 1, FN 1; clean ice (1): TP 2, FP 0, FN 1; debris (2): TP 1, FP 1, FN 0; 7 valid pixels.
    A fourth class that never occurs and is never predicted has no IoU and leaves the mean glacier IoU alone.
    """
    metrics = SegmentationMetrics(["background", "clean_ice", "debris", "firn"], IGNORE)
    truth = torch.tensor([[[0, 0, 1, 2]], [[1, 1, IGNORE, 0]]])
    predicted = torch.tensor([[[0, 2, 1, 2]], [[1, 0, 2, 0]]])
    for batch in range(2):  # one chip per batch: counts add up across batches
        metrics.add(_logits(predicted[batch:batch + 1], 4), truth[batch:batch + 1], [f"G{batch}"])
    per_class = metrics.per_class()
    assert per_class["background"]["iou"] == pytest.approx(2 / 4)
    ice, debris = per_class["clean_ice"], per_class["debris"]
    assert (ice["iou"], ice["precision"], ice["recall"], ice["f1"]) == pytest.approx((2 / 3, 1, 2 / 3, 4 / 5))
    assert (debris["iou"], debris["precision"], debris["recall"]) == pytest.approx((1 / 2, 1 / 2, 1))
    assert (ice["accuracy"], ice["pixels"], debris["pixels"]) == pytest.approx((6 / 7, 3, 1))
    assert math.isnan(per_class["firn"]["iou"]) and per_class["firn"]["pixels"] == 0
    assert metrics.iou() == pytest.approx((2 / 3 + 1 / 2) / 2) and metrics.accuracy() == pytest.approx(5 / 7)
    # per glacier the glacier classes count as one: G0 truth ice at 2 px, predicted at 3 (one of them debris)
    assert metrics.glaciers["G0"] == [2.0, 3.0, 2.0] and metrics.glaciers["G1"] == [1.0, 2.0, 2.0]
    assert metrics.glacier_iou() == pytest.approx((2 * 2 / 3 + 2 * 1 / 2) / 4)


def test_a_batch_of_nodata_only_leaves_every_score_undefined():
    metrics = SegmentationMetrics(["background", "glacier"], IGNORE)
    metrics.add(_logits(torch.zeros(1, 2, 2, dtype=torch.long)), torch.full((1, 2, 2), IGNORE), ["G"])
    summary = metrics.summary()
    assert math.isnan(summary["iou"]) and math.isnan(summary["accuracy"]) and math.isnan(summary["glacier_iou"])
    assert summary["glaciers"] == 0 and summary["per_class"]["glacier"]["pixels"] == 0
