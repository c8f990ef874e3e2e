"""Reading and checking a Glacier DL dataset folder (``docs/formats.md``): its description, manifest and chips.

A folder without ``dataset.json`` and ``manifest.csv`` is read as a plain image folder
(:mod:`training.folder_source`); :mod:`training.chip_dataset` serves the chips to torch.
"""
from __future__ import annotations

import csv
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
import rasterio.windows
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError

from glacier_dl_plugin.core.dataset.features import recipe
from glacier_dl_plugin.core.errors import InputError

__all__ = ["Chip", "DatasetInfo", "load_dataset", "read_chip", "dataset_error", "check_chips"]

_FIX = "Choose the folder written by 'Create training dataset', or create the dataset again."
_REQUIRED_KEYS = ("bands", "classes", "chip_size", "crs", "pixel_size", "n_folds", "glacier_folds", "fold_stats")
_REQUIRED_COLUMNS = ("id", "glacier_id", "fold")


def _fail(problem: str, fix: str = _FIX) -> InputError:
    return InputError("DATASET", problem, fix)


dataset_error = _fail


@dataclass(frozen=True)
class Chip:
    """One manifest row: chip id, the glacier it belongs to and its cross-validation fold."""

    id: str
    glacier_id: str
    fold: int


@dataclass(frozen=True)
class DatasetInfo:
    """The parts of ``dataset.json`` and ``manifest.csv`` training needs.

    Attributes:
        pixel_size: (x, y) pixel size in units of ``crs`` (degrees on a geographic grid).
        pixel_size_m: (x, y) pixel size in metres at the grid's centre; empty when dataset.json lacks it.
        origin: the grid's top-left corner (x, y) in ``crs`` units; empty when dataset.json lacks it.
        fold_stats: ``{"<k>" | "all": {"mean": [...], "std": [...]}}``, statistics without fold k.
        task: ``segmentation`` (uint8 class masks) or ``regression`` (float32 target masks, ``classes``
            empty, nodata = ``nodata``).
        target: the regressed layer band (``<layer>:<band>``), empty for segmentation.
        suffix: file extension of the chips (``.tif``; photographs in a plain folder may be ``.png``).
        windows: tiles cut from larger images (a plain image folder): chip id -> (image id, row, col) of the
            tile's top-left pixel; empty when every chip is its own file.
    """

    path: Path
    bands: tuple[str, ...]
    classes: tuple[str, ...]
    chip_size: int
    pixel_size: tuple[float, float]
    crs: str
    nodata: float
    ignore_index: int
    n_folds: int
    glacier_folds: dict[str, int]
    fold_stats: dict[str, dict[str, list[float]]]
    chips: tuple[Chip, ...]
    task: str = "segmentation"
    target: str = ""
    derived_features: dict = field(default_factory=dict)
    suffix: str = ".tif"
    pixel_size_m: tuple[float, ...] = ()
    origin: tuple[float, ...] = ()
    windows: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    @property
    def regression(self) -> bool:
        return self.task == "regression"

    @property
    def n_outputs(self) -> int:
        """Channels the model predicts: one per class, or one value for regression."""
        return 1 if self.regression else len(self.classes)

    def image_path(self, chip_id: str) -> Path:
        return self.path / "images" / f"{self._file(chip_id)}{self.suffix}"

    def mask_path(self, chip_id: str) -> Path:
        return self.path / "masks" / f"{self._file(chip_id)}_mask{self.suffix}"

    def _file(self, chip_id: str) -> str:
        return self.windows[chip_id][0] if chip_id in self.windows else chip_id

    def stats(self, fold: int) -> tuple[list[float], list[float]]:
        """Mean and std a member holding out ``fold`` must use; fold -1 (no test fold) uses ``"all"``."""
        entry = self.fold_stats["all" if fold < 0 else str(fold)]
        return list(entry["mean"]), list(entry["std"])

    def glaciers_in_fold(self, fold: int) -> list[str]:
        return sorted(g for g, f in self.glacier_folds.items() if f == fold)


def _read_description(folder: Path) -> dict[str, Any]:
    path = folder / "dataset.json"
    if not path.is_file():
        raise _fail(f"'{folder}' has no dataset.json.")
    try:
        description = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise _fail(f"'{path}' is not valid JSON ({error}).") from error
    if not isinstance(description, dict) or description.get("format") != "glacierdl-dataset":
        raise _fail(f"'{path}' is not a Glacier DL dataset description (format 'glacierdl-dataset').")
    missing = [key for key in _REQUIRED_KEYS if key not in description]
    if missing:
        raise _fail(f"'{path}' lacks {', '.join(missing)}.")
    return description


def _check_stats(description: dict[str, Any], n_bands: int) -> None:
    stats = description["fold_stats"]
    wanted = [str(k) for k in range(int(description["n_folds"]))] + ["all"]
    for key in wanted:
        entry = stats.get(key) if isinstance(stats, dict) else None
        if not entry or len(entry.get("mean", ())) != n_bands or len(entry.get("std", ())) != n_bands:
            raise _fail(f"dataset.json has no usable fold_stats['{key}'] ({n_bands} means and stds).")


def _read_manifest(folder: Path) -> tuple[Chip, ...]:
    path = folder / "manifest.csv"
    if not path.is_file():
        raise _fail(f"'{folder}' has no manifest.csv.")
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise _fail(f"'{path}' lacks the column(s) {', '.join(missing)}.")
        try:
            chips = tuple(Chip(row["id"], row["glacier_id"], int(row["fold"])) for row in reader)
        except (TypeError, ValueError) as error:
            raise _fail(f"'{path}' has a row with an invalid fold ({error}).") from error
    if not chips:
        raise _fail(f"'{path}' lists no chips.")
    return chips


def _check_files(info: DatasetInfo) -> None:
    for chip in info.chips:
        for path in (info.image_path(chip.id), info.mask_path(chip.id)):
            if not path.is_file():
                raise _fail(f"chip file '{path}' listed in manifest.csv is missing.")
    read_chip(info, info.chips[0].id)  # band count and size, checked once up front
    check_chips(info)


def check_chips(info: DatasetInfo) -> None:
    """Every chip's band count and size (file headers) and class values (masks): a chip that disagrees
    with the description fails now, before training, not in the middle of an epoch.

    Raises:
        InputError: (DATASET) naming the first inconsistent chip.
    """
    for chip in info.chips:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NotGeoreferencedWarning)
                with rasterio.open(info.image_path(chip.id)) as src:
                    bands, shape = src.count, (src.height, src.width)
                with rasterio.open(info.mask_path(chip.id)) as src:
                    mask = src.read(1)
        except RasterioIOError as error:
            raise _fail(f"chip {chip.id} could not be read ({error}).") from error
        if bands != len(info.bands):
            raise _fail(f"chip {chip.id} has {bands} bands but dataset.json lists {len(info.bands)}; the chips "
                        "are inconsistent.")
        if shape != mask.shape or shape != (info.chip_size, info.chip_size):
            raise _fail(f"chip {chip.id}: image {shape} or mask {mask.shape} is not {info.chip_size} x "
                        f"{info.chip_size} px as the other chips.")
        if not info.regression:
            values = np.unique(mask[mask != info.ignore_index])
            if values.size and values.max() >= len(info.classes):
                raise _fail(f"chip {chip.id} has mask value {int(values.max())} but dataset.json lists only "
                            f"{len(info.classes)} classes ({', '.join(info.classes)}); the chips are inconsistent.")


def load_dataset(path: str | Path) -> DatasetInfo:
    """Read and validate a dataset folder.

    Raises:
        InputError: (DATASET) the folder, its description, manifest or chips are missing or unusable.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise _fail(f"'{folder}' is not a folder.")
    if not (folder / "dataset.json").exists() and not (folder / "manifest.csv").exists():
        from .folder_source import load_image_folder

        return load_image_folder(folder)
    description = _read_description(folder)
    chips = _read_manifest(folder)
    try:
        bands = tuple(str(b) for b in description["bands"])
        _check_stats(description, len(bands))
        info = DatasetInfo(
            path=folder, bands=bands, classes=tuple(str(c) for c in description["classes"]),
            chip_size=int(description["chip_size"]), pixel_size=tuple(float(v) for v in description["pixel_size"]),
            crs=str(description["crs"]), nodata=float(description.get("nodata", -9999.0)),
            ignore_index=int(description.get("ignore_index", 255)), n_folds=int(description["n_folds"]),
            glacier_folds={str(k): int(v) for k, v in description["glacier_folds"].items()},
            fold_stats=description["fold_stats"], chips=chips, task=str(description.get("task", "segmentation")),
            target=str(description.get("target", "")), derived_features=recipe(description.get("parameters") or {}),
            pixel_size_m=tuple(float(v) for v in description.get("pixel_size_m") or ()),
            origin=tuple(float(description["transform"][i]) for i in (2, 5)) if "transform" in description else (),
        )
    except (TypeError, ValueError, AttributeError) as error:  # wrong JSON types: a hand-edited file
        raise _fail(f"dataset.json has a value of the wrong type ({error}).") from error
    outside = sorted({c.fold for c in info.chips} - set(range(info.n_folds)))
    if outside:
        raise _fail(f"manifest.csv uses fold(s) {outside} but dataset.json has n_folds={info.n_folds}.")
    if info.task not in ("segmentation", "regression"):
        raise _fail(f"dataset.json has an unknown task '{info.task}' (segmentation or regression).")
    if not info.regression and len(info.classes) < 2:
        raise _fail("dataset.json lists fewer than two classes (background and at least one glacier class).")
    _check_files(info)
    return info


def read_chip(info: DatasetInfo, chip_id: str) -> tuple[np.ndarray, np.ndarray]:
    """Raw image ``float32 [bands, H, W]`` and mask ``[H, W]`` of one chip (``uint8`` classes, or the
    ``float32`` target of a regression dataset)."""
    window = None
    if chip_id in info.windows:
        _, row, col = info.windows[chip_id]
        window = rasterio.windows.Window(col, row, info.chip_size, info.chip_size)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)  # photographs of a plain image folder
            with rasterio.open(info.image_path(chip_id)) as src:
                image = src.read(window=window).astype(np.float32, copy=False)
            with rasterio.open(info.mask_path(chip_id)) as src:
                mask = src.read(1, window=window)
    except RasterioIOError as error:
        raise _fail(f"chip {chip_id} could not be read ({error}).") from error
    if image.shape[0] != len(info.bands):
        raise _fail(f"chip {chip_id} has {image.shape[0]} bands but dataset.json lists {len(info.bands)}.")
    if image.shape[1:] != mask.shape or mask.shape != (info.chip_size, info.chip_size):
        raise _fail(f"chip {chip_id}: image {image.shape[1:]} or mask {mask.shape} is not "
                    f"{info.chip_size} x {info.chip_size} px as dataset.json says.")
    return image, mask
