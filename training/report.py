"""The ensemble's cross-validation summary (``ensemble.json`` ``cross_validation``) and ``report.md``."""
from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from glacier_dl_plugin.core.config import TrainConfig

from .data import DatasetInfo
from .outputs import json_number

__all__ = ["cross_validation", "write_report"]


def _weighted(members: Sequence[dict[str, Any]], value: str, weight: str) -> float:
    pairs = [(m["test"][value], m["test"][weight]) for m in members
             if m.get("test") and m["test"].get(value) is not None and m["test"].get(weight)]
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else math.nan


def cross_validation(members: Sequence[dict[str, Any]], regression: bool) -> dict[str, Any]:
    """Test-fold figures over all members: for segmentation the area-weighted per-glacier IoU
    (``sum area_g IoU_g / sum area_g`` over every member's test glaciers) and the mean test IoU; for
    regression the means of the members' test RMSE, MAE and R²."""
    tested = [m for m in members if m.get("test")]
    if regression:
        return {f"test_{key}": _mean([m["test"][key] for m in tested]) for key in ("rmse", "mae", "r2")} | {
            "tested_members": len(tested)}
    return {"test_glacier_iou": _weighted(tested, "glacier_iou", "glacier_pixels"),
            "test_iou": _mean([m["test"]["iou"] for m in tested]), "tested_members": len(tested)}


def _mean(values: Sequence[float | None]) -> float:
    finite = [v for v in values if v is not None]
    return sum(finite) / len(finite) if finite else math.nan


def _cell(value: Any) -> str:
    number = json_number(value) if isinstance(value, float) else value
    return "–" if number is None else (f"{number:.3f}" if isinstance(number, float) else str(number))


def _member_rows(members: Sequence[dict[str, Any]], regression: bool) -> list[str]:
    keys = ("val_loss", "val_rmse", "test_rmse", "test_mae", "test_r2") if regression else \
        ("val_loss", "val_iou", "test_iou", "test_glacier_iou", "test_accuracy")
    rows = ["| member | fold | seed | best epoch | epochs | " + " | ".join(keys) + " |",
            "|" + "---|" * (5 + len(keys))]
    for m in members:
        rows.append(f"| {m['name']} | {m['fold']} | {m['seed']} | {m['best_epoch']} | {m['epochs_trained']} | "
                    + " | ".join(_cell(m["metrics"].get(k)) for k in keys) + " |")
    return rows


def _class_rows(member: dict[str, Any]) -> list[str]:
    per_class = (member.get("test") or member["validation"])["per_class"]
    rows = ["| class | IoU | F1 | precision | recall | accuracy |", "|---|---|---|---|---|---|"]
    for name, values in per_class.items():
        rows.append(f"| {name} | " + " | ".join(_cell(values[k]) for k in ("iou", "f1", "precision", "recall",
                                                                          "accuracy")) + " |")
    return rows


def write_report(path: Path, info: DatasetInfo, config: TrainConfig, members: Sequence[dict[str, Any]],
                 summary: dict[str, Any], lr_plot: bool) -> None:
    """A Markdown report: configuration, cross-validation summary, member table, per-class metrics, plots."""
    lines = [f"# Glacier DL ensemble: {len(members)} × {config.architecture}/{config.encoder}", "",
             f"Dataset `{info.path}` ({info.task}, {len(info.chips)} chips of {info.chip_size} px, "
             f"{info.n_folds} folds); loss {config.loss}, up to {config.epochs} epochs, patience {config.patience} "
             f"on {config.criterion}.", "", "## Cross-validation (test folds: glaciers the member never saw)", ""]
    lines += [f"- {key}: {_cell(value)}" for key, value in summary.items()]
    lines += ["", "## Members", ""] + _member_rows(members, info.regression)
    if not info.regression:
        for member in members:
            split = "test fold" if member.get("test") else "validation"
            lines += ["", f"### {member['name']}: per class ({split})", ""] + _class_rows(member)
    lines += ["", "## Curves", ""]
    lines += [f"![{m['name']}]({m['name']}/curves.png)" for m in members]
    if lr_plot:
        lines += ["", "## Learning-rate finder", "", "![learning-rate finder](lr_finder.png)"]
    path.write_text("\n".join(lines) + "\n")
