"""The files of a model folder besides the ONNX members (``docs/formats.md``): checkpoints, histories,
``ensemble.json`` and ``train.log``."""
from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any, Sequence

import torch
from safetensors.torch import save_file

from glacier_dl_plugin.core.config import TrainConfig

from .data import DatasetInfo
from .loop import EpochRecord

__all__ = ["write_checkpoint", "write_history", "write_manifest", "json_number"]


def json_number(value: float) -> float | None:
    """``value`` rounded for JSON, or ``None`` for NaN (no test fold, no glacier pixels): JSON has no NaN."""
    return None if value is None or math.isnan(value) else round(float(value), 6)


def write_checkpoint(path: Path, state: dict[str, torch.Tensor], metadata_json: str) -> None:
    """The member's state dict as safetensors, with its ``ModelMetadata`` JSON in the file header."""
    save_file({key: value.contiguous() for key, value in state.items()}, str(path),
              metadata={"glacierdl": metadata_json})


def write_history(path: Path, history: Sequence[EpochRecord]) -> None:
    """``epoch, train_loss, val_loss, val_iou`` per epoch (NaN written as an empty cell)."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["epoch", "train_loss", "val_loss", "val_iou"])
        for record in history:
            writer.writerow([record.epoch] + ["" if json_number(v) is None else json_number(v)
                                              for v in (record.train_loss, record.val_loss, record.val_iou)])


def write_manifest(path: Path, info: DatasetInfo, config: TrainConfig, members: Sequence[dict[str, Any]]) -> None:
    """``ensemble.json``: what every member shares, then one entry per member.

    The training configuration and dataset folder are recorded too (extra keys readers ignore).
    """
    manifest = {
        "format": "glacierdl-ensemble", "version": 1,
        "bands": list(info.bands), "classes": list(info.classes), "chip_size": info.chip_size,
        "pixel_size": list(info.pixel_size), "crs": info.crs,
        "members": list(members),
        "train_config": asdict(config), "dataset": str(info.path.resolve()),
    }
    path.write_text(json.dumps(manifest, indent=1))
