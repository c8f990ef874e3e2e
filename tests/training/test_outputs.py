"""The files of a model folder besides the ONNX members: history.csv, curves.png, JSON numbers without NaN."""
from __future__ import annotations

import csv
import math

from matplotlib.image import imread

from training.loop import EpochRecord
from training.outputs import json_metrics, json_number, score_name, write_curves, write_history

HISTORY = [EpochRecord(1, 0.9, 0.8, math.nan, 1e-3, 2.0, 0.1), EpochRecord(2, 0.7, 0.6, 0.41234567, 5e-4, 2.5, 0.05)]


def test_json_numbers_are_rounded_and_nan_becomes_null():
    assert (json_number(0.123456789), json_number(math.nan), json_number(None)) == (0.123457, None, None)
    assert json_metrics({"iou": math.nan, "per_class": {"glacier": {"f1": 0.5}}, "pixels": 3}) == {
        "iou": None, "per_class": {"glacier": {"f1": 0.5}}, "pixels": 3}


def test_history_has_one_row_per_epoch_with_empty_cells_for_nan(tmp_path):
    write_history(tmp_path / "history.csv", HISTORY, regression=False)
    rows = list(csv.reader((tmp_path / "history.csv").read_text().splitlines()))
    assert rows[0] == ["epoch", "train_loss", "val_loss", "val_iou", "lr", "seconds", "data_wait"]
    assert rows[1][3] == "" and rows[2] == ["2", "0.7", "0.6", "0.412346", "0.0005", "2.5", "0.05"]
    assert score_name(True) == "val_rmse"


def test_curves_are_a_png_of_both_panels(tmp_path):
    write_curves(tmp_path / "curves.png", HISTORY, "member_00", regression=False, best_epoch=2)
    height, width, _ = imread(tmp_path / "curves.png").shape
    assert height > 100 and width > 2 * height  # two panels side by side


def test_a_trained_member_has_its_curves_and_no_resume_state(trained_model):
    for name in ("member_00", "member_01"):
        image = imread(trained_model / name / "curves.png")
        assert image.shape[0] > 100 and image.shape[1] > 300
        assert not (trained_model / name / "resume.pt").exists()
