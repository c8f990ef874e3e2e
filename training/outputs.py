"""The files of a model folder besides the ONNX members (``docs/formats.md``): histories, curves,
``ensemble.json``, the report and ``train.log``."""
from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rasterio.crs import CRS

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.geo.ground import unit_name

from .data import DatasetInfo
from .loop import EpochRecord

__all__ = ["write_history", "write_manifest", "write_curves", "json_number", "json_metrics", "score_name"]


def json_number(value: float | None) -> float | None:
    """``value`` rounded for JSON, or ``None`` for NaN (no test fold, no glacier pixels): JSON has no NaN."""
    return None if value is None or math.isnan(value) else round(float(value), 6)


def json_metrics(metrics: Any) -> Any:
    """Nested metrics with every float passed through :func:`json_number`."""
    if isinstance(metrics, dict):
        return {key: json_metrics(value) for key, value in metrics.items()}
    return json_number(metrics) if isinstance(metrics, float) else metrics


def score_name(regression: bool) -> str:
    """The validation score's name: ``val_iou`` (segmentation) or ``val_rmse`` (regression)."""
    return "val_rmse" if regression else "val_iou"


def write_history(path: Path, history: Sequence[EpochRecord], regression: bool) -> None:
    """``epoch, train_loss, val_loss, val_iou|val_rmse, lr, seconds, data_wait`` per epoch (NaN: empty cell)."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["epoch", "train_loss", "val_loss", score_name(regression), "lr", "seconds", "data_wait"])
        for r in history:
            values = (r.train_loss, r.val_loss, r.val_score, r.lr, r.seconds, r.data_wait)
            writer.writerow([r.epoch] + ["" if json_number(v) is None else json_number(v) for v in values])


def write_curves(path: Path, history: Sequence[EpochRecord], title: str, regression: bool, best_epoch: int) -> None:
    """PNG of the training/validation loss, the validation score and the learning rate per epoch."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display in a background process
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    epochs = [r.epoch for r in history]
    figure, (losses, score) = pyplot.subplots(1, 2, figsize=(9, 3.5))
    losses.plot(epochs, [r.train_loss for r in history], "o-", label="training loss")
    losses.plot(epochs, [r.val_loss for r in history], "o-", label="validation loss")
    losses.axvline(best_epoch, color="grey", linestyle=":", label=f"best epoch ({best_epoch})")
    losses.set_xlabel("epoch")
    losses.legend()
    score.plot(epochs, [r.val_score for r in history], "o-", color="tab:green")
    score.set_xlabel("epoch")
    score.set_ylabel("validation RMSE" if regression else "validation IoU")
    rate = score.twinx()
    rate.plot(epochs, [r.lr for r in history], "--", color="tab:grey")
    rate.set_yscale("log")
    rate.set_ylabel("learning rate (dashed)")
    for axes in (losses, score):
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    pyplot.close(figure)


def write_manifest(path: Path, info: DatasetInfo, config: TrainConfig, members: Sequence[dict[str, Any]],
                   summary: dict[str, Any]) -> None:
    """``ensemble.json``: what every member shares, one entry per member, and the cross-validation summary.

    The training configuration and dataset folder are recorded too (extra keys readers ignore).
    """
    manifest = {
        "format": "glacierdl-ensemble", "version": 1, "task": info.task,
        "bands": list(info.bands), "classes": list(info.classes), "chip_size": info.chip_size,
        "pixel_size": list(info.pixel_size), "crs": info.crs, "pixel_size_m": list(info.pixel_size_m),
        "pixel_unit": unit_name(CRS.from_wkt(info.crs)) if info.crs else "",
        "members": list(members), "cross_validation": summary,
        "train_config": asdict(config), "dataset": str(info.path.resolve()),
    }
    if info.regression:
        manifest["target"] = info.target
    if info.derived_features:
        manifest["derived_features"] = info.derived_features
    path.write_text(json.dumps(manifest, indent=1))
