"""Losses masked by nodata, focal damping, sums and class weights, regression losses on standardised targets."""
from __future__ import annotations

import math

import pytest
import torch

from glacier_dl_plugin.core.errors import InputError
from training.losses import RegressionLoss, SegmentationLoss, build_loss, resolve_loss

IGNORE = 255


def test_nodata_pixels_do_not_change_any_loss():
    torch.manual_seed(0)
    logits, target = torch.randn(2, 2, 8, 8), torch.randint(0, 2, (2, 8, 8))
    masked = target.clone()
    masked[:, :3] = IGNORE
    wild = logits.clone()
    wild[:, :, :3] = 100.0 * torch.randn(2, 2, 3, 8)  # whatever the model says over nodata
    for name in ("ce", "focal", "dice", "ce+dice", "focal+dice"):
        loss = SegmentationLoss(name, IGNORE)
        assert float(loss(logits, masked)) == pytest.approx(float(loss(wild, masked)), rel=1e-6), name


def test_focal_loss_is_cross_entropy_damped_by_confidence():
    target = torch.zeros(1, 1, 2, dtype=torch.long)
    logits = torch.tensor([[[[2.0, 0.0]], [[0.0, 0.0]]]])  # pixel 0 confident (p=0.88), pixel 1 unsure (p=0.5)
    p = torch.softmax(logits, dim=1)[0, 0, 0]
    expected = float((((1 - p) ** 2) * -p.log()).mean())
    assert float(SegmentationLoss("focal", IGNORE)(logits, target)) == pytest.approx(expected, rel=1e-5)
    ce = float(SegmentationLoss("ce", IGNORE)(logits, target))
    assert ce == pytest.approx(float(-p.log().mean()), rel=1e-5) and expected < ce


def test_sum_of_losses_and_class_weights():
    torch.manual_seed(1)
    logits, target = torch.randn(2, 3, 8, 8), torch.randint(0, 3, (2, 8, 8))
    ce, dice = SegmentationLoss("ce", IGNORE)(logits, target), SegmentationLoss("dice", IGNORE)(logits, target)
    assert float(SegmentationLoss("ce+dice", IGNORE)(logits, target)) == pytest.approx(float(ce + dice), rel=1e-6)
    weighted = SegmentationLoss("ce", IGNORE, (1.0, 0.0, 0.0))(logits, target)
    only_background = torch.where(target == 0, target, torch.full_like(target, IGNORE))
    assert float(weighted) == pytest.approx(float(SegmentationLoss("ce", IGNORE)(logits, only_background)), rel=1e-6)


def test_regression_losses_use_standardised_targets_and_skip_nan():
    output = torch.tensor([[[[1.0, 0.0, 5.0]]]])  # standardised predictions
    target = torch.tensor([[[120.0, 20.0, math.nan]]])  # metres; (t - 20) / 100 = 1.0 and 0.0
    assert float(RegressionLoss("mse", 20.0, 100.0)(output, target)) == pytest.approx(0.0)
    target = torch.tensor([[[220.0, 20.0, math.nan]]])  # standardised errors 1 and 0
    assert float(RegressionLoss("mse", 20.0, 100.0)(output, target)) == pytest.approx(0.5)
    assert float(RegressionLoss("l1", 20.0, 100.0)(output, target)) == pytest.approx(0.5)


def test_unmeasured_pixels_of_a_point_target_change_neither_loss_nor_gradient():
    """Point targets measure a few pixels: the others (NaN) carry no loss and no gradient; none measured: 0."""
    output = torch.tensor([[[[3.0, -7.0, 0.5, 9.0]]]], requires_grad=True)
    target = torch.tensor([[[math.nan, 30.0, math.nan, math.nan]]])  # one measured pixel: (30 - 20) / 10 = 1
    loss = RegressionLoss("mse", 20.0, 10.0)(output, target)
    loss.backward()
    assert float(loss.detach()) == pytest.approx((-7.0 - 1.0) ** 2)
    assert output.grad[0, 0, 0].tolist() == pytest.approx([0.0, 2 * (-7.0 - 1.0), 0.0, 0.0])
    nothing = RegressionLoss("mse", 20.0, 10.0)(output, torch.full((1, 1, 4), math.nan))
    assert float(nothing) == 0.0 and nothing.requires_grad


def test_auto_loss_follows_the_task_and_mismatches_name_loss():
    assert resolve_loss("auto", False) == "ce+dice" and resolve_loss("auto", True) == "mse"
    assert isinstance(build_loss("l1", True, IGNORE, target_stats=(0.0, 2.0)), RegressionLoss)
    for name, regression in (("mse", False), ("dice", True)):
        with pytest.raises(InputError) as error:
            resolve_loss(name, regression)
        assert error.value.parameter == "LOSS"
