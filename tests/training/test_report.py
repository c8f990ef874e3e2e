"""The ensemble's cross-validation summary and report.md: area-weighted test IoU, means over members, tables."""
from __future__ import annotations

import math

import pytest

from training.data import load_dataset
from training.report import cross_validation, write_report
from training_fixtures import TINY_CONFIG


def member(name, fold, iou, glacier_iou, pixels, tested=True):
    scores = {"iou": iou, "glacier_iou": glacier_iou, "glacier_pixels": pixels, "accuracy": 0.9,
              "per_class": {"background": {k: 0.95 for k in ("iou", "f1", "precision", "recall", "accuracy")},
                            "glacier": {k: iou for k in ("iou", "f1", "precision", "recall", "accuracy")}}}
    return {"name": name, "fold": fold, "seed": fold, "best_epoch": 1, "epochs_trained": 2,
            "test": scores if tested else None, "validation": scores,
            "metrics": {"val_loss": 0.3, "val_iou": iou, "test_iou": iou if tested else math.nan,
                        "test_glacier_iou": glacier_iou, "test_accuracy": 0.9}}


def test_test_glacier_iou_is_weighted_by_each_members_test_glacier_area():
    members = [member("member_00", 0, 0.8, 0.9, 300), member("member_01", 1, 0.6, 0.5, 100),
               member("member_02", -1, 0.1, 0.1, 0, tested=False)]  # no test fold: left out
    summary = cross_validation(members, regression=False)
    assert summary["test_glacier_iou"] == pytest.approx((300 * 0.9 + 100 * 0.5) / 400)
    assert (summary["test_iou"], summary["tested_members"]) == (pytest.approx(0.7), 2)


def test_regression_summary_is_the_mean_of_the_members_test_scores():
    members = [{"test": {"rmse": 10.0, "mae": 8.0, "r2": 0.5}}, {"test": {"rmse": 20.0, "mae": 12.0, "r2": None}}]
    assert cross_validation(members, regression=True) == {"test_rmse": 15.0, "test_mae": 10.0, "test_r2": 0.5,
                                                          "tested_members": 2}


def test_the_report_lists_the_configuration_members_and_classes(tiny_dataset, tmp_path):
    info = load_dataset(tiny_dataset)
    members = [member("member_00", 0, 0.8, 0.9, 300), member("member_01", 1, 0.6, 0.5, 100)]
    write_report(tmp_path / "report.md", info, TINY_CONFIG, members, cross_validation(members, False), lr_plot=False)
    report = (tmp_path / "report.md").read_text()
    assert report.startswith("# Glacier DL ensemble: 2 × Unet/resnet18\n")
    assert "24 chips of 32 px, 3 folds" in report and "- test_glacier_iou: 0.800" in report
    assert "| member_01 | 1 | 1 | 1 | 2 | 0.300 | 0.600 | 0.600 | 0.500 | 0.900 |" in report
    assert "| glacier | 0.800 | 0.800 | 0.800 | 0.800 | 0.800 |" in report
    assert "![member_01](member_01/curves.png)" in report and "lr_finder" not in report


def test_a_trained_ensemble_has_its_report(trained_model):
    report = (trained_model / "report.md").read_text()
    assert "![member_01](member_01/curves.png)" in report and "| member_00 | 0 | 0 |" in report
    assert "test_glacier_iou" in report and "| glacier |" in report
