"""A tiny seeded dataset folder (docs/formats.md) for the training tier, and the tiny training configuration.

The dataset is written with rasterio exactly as ``glacierdl:createdataset`` lays it out (except the
footprints and preview, which training does not read): bright round blobs are glacier (class 1) on a
darker noisy background, and some chips carry a block of nodata pixels (-9999 in every band, mask 255).
A module of its own (not conftest): test files import it by a name no other test folder uses.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import rasterio
import torch
from rasterio.transform import from_origin

from glacier_dl_plugin.core.config import TrainConfig

torch.set_num_threads(2)

PIXEL = 30.0  # metres
CRS = "EPSG:32645"
THICKNESS = 120.0  # metres of "ice" under the blobs of a regression dataset
TINY_CONFIG = TrainConfig(members=2, epochs=1, batch_size=8, encoder="resnet18", encoder_depth=3, device="cpu",
                          loader_workers=0)
"""The configuration of the shared trained model: about a second per member on two CPU cores (chips are read
in the loop: reader processes would cost more than they save on 32 px chips)."""


def _chip(rng: np.random.Generator, size: int, n_bands: int, nodata_block: bool) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.mgrid[:size, :size]
    centre, radius = rng.uniform(size * 0.3, size * 0.7, 2), rng.uniform(size * 0.15, size * 0.35)
    mask = (((rows - centre[0]) ** 2 + (cols - centre[1]) ** 2) < radius**2).astype(np.uint8)
    base = np.arange(1, n_bands + 1, dtype=np.float32)[:, None, None] * 100.0  # bands differ in level
    image = base + rng.normal(0, 20, (n_bands, size, size)).astype(np.float32) + mask * 300.0
    if nodata_block:
        image[:, : size // 8, : size // 4] = -9999.0
        mask[: size // 8, : size // 4] = 255
    return image.astype(np.float32), mask


def _write_tif(path: Path, array: np.ndarray, transform, nodata: float) -> None:
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[-1], height=array.shape[-2], count=array.shape[0],
                       dtype=array.dtype, crs=CRS, transform=transform, nodata=nodata, compress="deflate") as dst:
        dst.write(array)


def _stats(chips: list[tuple[np.ndarray, np.ndarray, int]], folds: list[int]) -> dict[str, list[float]]:
    """Per-band mean and std of the valid pixels of the chips in ``folds`` (float64 sums, as core does)."""
    values = np.concatenate([img[:, msk != 255] for img, msk, f in chips if f in folds], axis=1).astype(np.float64)
    return {"mean": values.mean(axis=1).tolist(), "std": np.maximum(values.std(axis=1), 1e-6).tolist()}


def write_tiny_dataset(folder: Path, n_chips: int = 24, size: int = 32, n_bands: int = 3, n_folds: int = 3,
                       n_glaciers: int = 6, seed: int = 0, regression: bool = False) -> Path:
    """Write a dataset folder; glacier ``g`` owns chips ``g * per .. (g + 1) * per - 1`` and lies in fold
    ``g * n_folds // n_glaciers``. Every third chip has a nodata block in its top-left corner.

    ``regression``: a ``"task": "regression"`` dataset whose float32 target is :data:`THICKNESS` m on the
    blobs and 0 elsewhere (-9999 where there is no input)."""
    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(parents=True)
    (folder / "masks").mkdir()
    glacier_ids = [f"RGI60-15.{g:05d}" for g in range(n_glaciers)]
    glacier_folds = {gid: g * n_folds // n_glaciers for g, gid in enumerate(glacier_ids)}
    chips, rows = [], []
    for i in range(n_chips):
        glacier = glacier_ids[i * n_glaciers // n_chips]
        image, mask = _chip(rng, size, n_bands, nodata_block=i % 3 == 0)
        xmin, ymax = 500_000.0 + i * size * PIXEL, 3_100_000.0
        transform = from_origin(xmin, ymax, PIXEL, PIXEL)
        _write_tif(folder / "images" / f"chip_{i:05d}.tif", image, transform, -9999.0)
        if regression:
            target = np.where(mask == 255, -9999.0, mask * THICKNESS).astype(np.float32)
            _write_tif(folder / "masks" / f"chip_{i:05d}_mask.tif", target[None], transform, -9999.0)
        else:
            _write_tif(folder / "masks" / f"chip_{i:05d}_mask.tif", mask[None], transform, 255)
        chips.append((image, mask, glacier_folds[glacier]))
        valid = mask != 255
        rows.append(dict(id=f"chip_{i:05d}", glacier_id=glacier, fold=glacier_folds[glacier], row_off=0,
                         col_off=i * size, xmin=xmin, ymin=ymax - size * PIXEL, xmax=xmin + size * PIXEL, ymax=ymax,
                         nodata_fraction=round(1 - valid.mean(), 6),
                         glacier_fraction=round(float((mask == 1).sum() / valid.sum()), 6)))
    with open(folder / "manifest.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    everything = list(range(n_folds))
    fold_stats = {str(k): _stats(chips, [f for f in everything if f != k] or everything) for k in everything}
    fold_stats["all"] = _stats(chips, everything)
    description = {
        "format": "glacierdl-dataset", "version": 1,
        "bands": [f"stack:b{b + 1}" for b in range(n_bands)], "classes": ["background", "glacier"],
        "chip_size": size, "crs": rasterio.crs.CRS.from_string(CRS).to_wkt(), "pixel_size": [PIXEL, PIXEL],
        "nodata": -9999.0, "ignore_index": 255, "n_folds": n_folds, "glacier_folds": glacier_folds,
        "fold_stats": fold_stats, "parameters": {"chip_size": size, "n_folds": n_folds, "seed": seed},
    }
    if regression:
        description.update(task="regression", classes=[], target="thickness:1")
    (folder / "dataset.json").write_text(json.dumps(description, indent=1))
    return folder
