"""A plain image folder as a training source: ``images/<id>.<ext>`` + ``masks/<id>_mask.<ext>``, no
``dataset.json`` or ``manifest.csv`` (e.g. near-infrared snow-pit photographs, not georeferenced).

Every image is its own "glacier" (the unit of the per-glacier metrics); images are dealt into random folds
with a seed, and the per-fold band statistics are computed here, as 'Create training dataset' would.
Masks hold class values 0..K (0 background) and 255 for pixels to ignore.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError

from .data import Chip, DatasetInfo, dataset_error

__all__ = ["load_image_folder", "SUFFIXES", "MAX_FOLDS", "FOLD_SEED"]

SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg")
MAX_FOLDS = 5
FOLD_SEED = 0
"""Seed of the random fold assignment (fixed: the same folder always gives the same folds)."""

_FIX = "Put images/<id>.tif (or .png) and masks/<id>_mask.tif (same size, 0 = background) in the folder."


def _image_ids(folder: Path) -> tuple[list[str], str]:
    images = sorted(p for p in (folder / "images").glob("*") if p.suffix.lower() in SUFFIXES)
    if not (folder / "images").is_dir() or not images:
        raise dataset_error(f"'{folder}' has no dataset.json and no images/ folder with .tif or .png images.", _FIX)
    suffixes = {p.suffix for p in images}
    if len(suffixes) > 1:
        raise dataset_error(f"images/ mixes file types {sorted(suffixes)}.", "Use one file type for all images.")
    suffix = suffixes.pop()
    ids = [p.stem for p in images]
    missing = [i for i in ids if not (folder / "masks" / f"{i}_mask{suffix}").is_file()]
    if missing:
        raise dataset_error(f"image {missing[0]}{suffix} has no mask masks/{missing[0]}_mask{suffix}.", _FIX)
    return ids, suffix


def _read(path: Path) -> np.ndarray:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)  # photographs have no georeferencing
            with rasterio.open(path) as src:
                return src.read()
    except RasterioIOError as error:
        raise dataset_error(f"'{path}' could not be read ({error}).", _FIX) from error


def _statistics(sums: np.ndarray, squares: np.ndarray, counts: np.ndarray, folds: list[int]) -> dict[str, list[float]]:
    """Mean and std of the valid pixels of the images in ``folds`` from per-image float64 sums."""
    n = counts[folds].sum()
    mean = sums[folds].sum(axis=0) / max(n, 1)
    variance = squares[folds].sum(axis=0) / max(n, 1) - mean**2
    return {"mean": mean.tolist(), "std": np.maximum(np.sqrt(np.maximum(variance, 0)), 1e-6).tolist()}


def load_image_folder(folder: Path) -> DatasetInfo:
    """Describe a plain image folder as a dataset: random folds, classes from the mask values, statistics.

    Raises:
        InputError: (DATASET) no images, a missing mask, or images of different sizes or band counts.
    """
    ids, suffix = _image_ids(folder)
    n_folds = max(1, min(MAX_FOLDS, len(ids) // 2))
    fold_of = np.random.default_rng(FOLD_SEED).permutation(len(ids)) % n_folds
    sums, squares, counts, top_class, shape = [], [], [], 0, None
    for chip_id in ids:
        image = _read(folder / "images" / f"{chip_id}{suffix}").astype(np.float64)
        mask = _read(folder / "masks" / f"{chip_id}_mask{suffix}")[0]
        if shape is None:
            shape = image.shape
        if image.shape != shape or mask.shape != shape[1:]:
            raise dataset_error(f"image {chip_id} is {image.shape[1:]} px with {image.shape[0]} bands (mask "
                                f"{mask.shape}), the first image {shape[1:]} px with {shape[0]} bands.",
                                "Crop or resize every image and mask to one size with one band count.")
        valid = mask != 255
        pixels = image[:, valid]
        sums.append(pixels.sum(axis=1))
        squares.append((pixels**2).sum(axis=1))
        counts.append(valid.sum())
        top_class = max(top_class, int(mask[valid].max()) if valid.any() else 0)
    if shape[1] != shape[2]:
        raise dataset_error(f"the images are {shape[1]} x {shape[2]} px; training needs square chips.",
                            "Crop the images (and masks) to squares.")
    if top_class == 0:
        raise dataset_error("every mask is background (0) only.", "Label the objects with 1 (2, ...) in the masks.")
    sums_, squares_, counts_ = np.array(sums), np.array(squares), np.array(counts)
    everything = list(range(len(ids)))
    fold_stats = {str(k): _statistics(sums_, squares_, counts_, [i for i in everything if fold_of[i] != k]
                                      or everything) for k in range(n_folds)}
    fold_stats["all"] = _statistics(sums_, squares_, counts_, everything)
    return DatasetInfo(
        path=folder, bands=tuple(f"image:{b + 1}" for b in range(shape[0])),
        classes=("background",) + tuple(f"class_{k}" for k in range(1, top_class + 1)), chip_size=shape[1],
        pixel_size=(1.0, 1.0), crs="", nodata=-9999.0, ignore_index=255, n_folds=n_folds,
        glacier_folds={chip_id: int(fold_of[i]) for i, chip_id in enumerate(ids)}, fold_stats=fold_stats,
        chips=tuple(Chip(chip_id, chip_id, int(fold_of[i])) for i, chip_id in enumerate(ids)), suffix=suffix,
    )
