"""One member's entry in ensemble.json: per-class and per-glacier metrics of its validation and test splits."""
from __future__ import annotations

import json

import pytest


def test_metrics_per_class_and_per_glacier_for_validation_and_test(trained_model):
    manifest = json.loads((trained_model / "ensemble.json").read_text())
    members = manifest["members"]
    for member in members:
        for split in ("validation", "test"):
            per_class = member[split]["per_class"]
            assert set(per_class) == {"background", "glacier"}
            assert set(per_class["glacier"]) == {"iou", "f1", "precision", "recall", "accuracy", "pixels"}
            assert 0 <= member[split]["glacier_iou"] <= 1 and member[split]["glaciers"] >= 1
        assert member["metrics"]["test_iou"] == member["test"]["iou"]
        assert member["metrics"]["test_glacier_iou"] == member["test"]["glacier_iou"]
    weights = [m["test"]["glacier_pixels"] for m in members]
    pooled = sum(w * m["test"]["glacier_iou"] for w, m in zip(weights, members, strict=True)) / sum(weights)
    assert manifest["cross_validation"]["test_glacier_iou"] == pytest.approx(pooled, abs=1e-6)
