"""A plain image folder as a training source: ``images/<id>.<ext>`` + ``masks/<id>_mask.<ext>``, no
``dataset.json`` or ``manifest.csv`` (e.g. near-infrared snow-pit photographs, not georeferenced).

Every image is its own "glacier" (the unit of the per-glacier metrics, and of the folds: all tiles of an
image share its fold); images are dealt into random folds with a seed, and the per-fold band statistics are
computed here, as 'Create training dataset' would. Masks hold class values 0..K (e.g. snow layers; 0 is the
first class) and 255 for pixels to ignore.

Square images of one size up to :data:`WHOLE_MAX` px are chips as they are. Otherwise square tiles of
:func:`tile_side` px (a multiple of :data:`TILE_MULTIPLE`, so every encoder's stride divides it) are cut from
each image with :data:`OVERLAP` overlap, the last tile of a row or column flush with the image's edge.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError

from .data import Chip, DatasetInfo, dataset_error

__all__ = ["load_image_folder", "SUFFIXES", "MAX_FOLDS", "FOLD_SEED", "TILE_MAX", "TILE_MULTIPLE", "OVERLAP",
           "WHOLE_MAX", "tile_side", "tile_starts"]

SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg")
TILE_MAX = 256
"""Largest tile side (px) cut from images."""
TILE_MULTIPLE = 32
"""Tile sides are multiples of this: the stride of 5-stage CNN encoders and of SAM2 Hiera."""
OVERLAP = 0.25
"""Share of a tile that its neighbour overlaps."""
WHOLE_MAX = 512
"""Square images of one size up to this side are used whole (one chip each)."""
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


def tile_side(shapes: list[tuple[int, int]]) -> int:
    """The tile side for images of ``shapes`` (rows, cols): the smallest side rounded down to a multiple of
    :data:`TILE_MULTIPLE`, at most :data:`TILE_MAX`.

    Raises:
        InputError: (DATASET) an image smaller than :data:`TILE_MULTIPLE` px.
    """
    smallest = min(min(shape) for shape in shapes)
    if smallest < TILE_MULTIPLE:
        raise dataset_error(f"an image is only {smallest} px on a side; tiles need at least {TILE_MULTIPLE} px.",
                            "Remove or enlarge the small images.")
    return min(TILE_MAX, smallest // TILE_MULTIPLE * TILE_MULTIPLE)


def tile_starts(length: int, tile: int, overlap: float = OVERLAP) -> list[int]:
    """First pixels of the tiles along an axis of ``length`` px: every ``round(tile * (1 - overlap))`` px, the
    last one at ``length - tile`` (flush with the edge). ``length >= tile``."""
    step = max(1, round(tile * (1 - overlap)))
    starts = list(range(0, length - tile + 1, step))
    if starts[-1] != length - tile:
        starts.append(length - tile)
    return starts


def _statistics(sums: np.ndarray, squares: np.ndarray, counts: np.ndarray, folds: list[int]) -> dict[str, list[float]]:
    """Mean and std of the valid pixels of the images in ``folds`` from per-image float64 sums."""
    n = counts[folds].sum()
    mean = sums[folds].sum(axis=0) / max(n, 1)
    variance = squares[folds].sum(axis=0) / max(n, 1) - mean**2
    return {"mean": mean.tolist(), "std": np.maximum(np.sqrt(np.maximum(variance, 0)), 1e-6).tolist()}


def _scan(folder: Path, ids: list[str], suffix: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, list]:
    """Per-image band sums, squares and valid counts, the largest class value and the image shapes."""
    sums, squares, counts, top_class, shapes = [], [], [], 0, []
    for chip_id in ids:
        image = _read(folder / "images" / f"{chip_id}{suffix}").astype(np.float64)
        mask = _read(folder / "masks" / f"{chip_id}_mask{suffix}")[0]
        if image.shape[1:] != mask.shape or (shapes and image.shape[0] != shapes[0][0]):
            raise dataset_error(f"image {chip_id} is {image.shape[1:]} px with {image.shape[0]} bands (mask "
                                f"{mask.shape}), the first image has {shapes[0][0] if shapes else '?'} bands.",
                                "Give every image one band count, and a mask of its own size.")
        valid = mask != 255
        pixels = image[:, valid]
        if not np.isfinite(pixels).all():
            raise dataset_error(f"image {chip_id} has NaN or infinite pixels outside the ignored (255) ones.",
                                "Set those pixels to 255 in the mask, or fix the image.")
        sums.append(pixels.sum(axis=1))
        squares.append((pixels**2).sum(axis=1))
        counts.append(valid.sum())
        top_class = max(top_class, int(mask[valid].max()) if valid.any() else 0)
        shapes.append(image.shape)
    return np.array(sums), np.array(squares), np.array(counts), top_class, shapes


def _windows(ids: list[str], shapes: list) -> tuple[int, dict[str, tuple[str, int, int]]]:
    """The chip side and the tiles (empty: whole square images of one size are the chips)."""
    sizes = {shape[1:] for shape in shapes}
    if len(sizes) == 1:
        rows, cols = next(iter(sizes))
        if rows == cols <= WHOLE_MAX:
            return rows, {}
    tile, windows = tile_side([shape[1:] for shape in shapes]), {}
    for chip_id, shape in zip(ids, shapes, strict=True):
        for row in tile_starts(shape[1], tile):
            for col in tile_starts(shape[2], tile):
                windows[f"{chip_id}_r{row}_c{col}"] = (chip_id, row, col)
    return tile, windows


def load_image_folder(folder: Path) -> DatasetInfo:
    """Describe a plain image folder as a dataset: random folds by image, tiles, classes from the mask values,
    statistics.

    Raises:
        InputError: (DATASET) no images, a missing mask, images of different band counts, images too small
            for a tile, non-finite pixels, a constant band, or masks without any class above 0.
    """
    ids, suffix = _image_ids(folder)
    n_folds = max(1, min(MAX_FOLDS, len(ids) // 2))
    fold_of = np.random.default_rng(FOLD_SEED).permutation(len(ids)) % n_folds
    sums, squares, counts, top_class, shapes = _scan(folder, ids, suffix)
    chip_size, windows = _windows(ids, shapes)
    if top_class == 0:
        raise dataset_error("every mask is background (0) only.", "Label the objects with 1 (2, ...) in the masks.")
    everything = list(range(len(ids)))
    fold_stats = {str(k): _statistics(sums, squares, counts, [i for i in everything if fold_of[i] != k]
                                      or everything) for k in range(n_folds)}
    fold_stats["all"] = _statistics(sums, squares, counts, everything)
    flat = [b for b, std in enumerate(fold_stats["all"]["std"]) if std <= 1e-6]
    if flat:
        raise dataset_error(f"band {flat[0] + 1} has the same value in every valid pixel; it cannot be "
                            "standardised.", "Drop the constant band from the images.")
    fold = {chip_id: int(fold_of[i]) for i, chip_id in enumerate(ids)}
    chips = (tuple(Chip(tile_id, image_id, fold[image_id]) for tile_id, (image_id, _, _) in windows.items())
             if windows else tuple(Chip(chip_id, chip_id, fold[chip_id]) for chip_id in ids))
    return DatasetInfo(
        path=folder, bands=tuple(f"image:{b + 1}" for b in range(shapes[0][0])),
        classes=("background",) + tuple(f"class_{k}" for k in range(1, top_class + 1)), chip_size=chip_size,
        pixel_size=(1.0, 1.0), crs="", nodata=-9999.0, ignore_index=255, n_folds=n_folds, glacier_folds=fold,
        fold_stats=fold_stats, chips=chips, suffix=suffix, windows=windows,
    )
