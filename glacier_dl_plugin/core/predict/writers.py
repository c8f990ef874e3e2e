"""Predict's output rasters and how one finished block of blended member values becomes their pixels.

Every output is a tiled, deflate-compressed GeoTIFF on the output grid, written under a temporary name
and renamed when the run completes (see :mod:`core.atomic`).
"""
from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.windows import Window

from ..atomic import atomic_path, check_output_file
from ..config import NODATA_FLOAT
from ..geo.raster_stack import Grid
from .blocks import GTIFF_BLOCK

__all__ = ["OutputPaths", "Combined", "combine_block", "member_statistics", "PredictWriter", "check_writable",
           "CLASS_NODATA"]

CLASS_NODATA = 255
"""Nodata value of the class map (uint8)."""


@dataclass(frozen=True)
class OutputPaths:
    """Where predict writes: mean and std always; class map and per-member folder when given."""

    mean: str
    std: str
    classes: str = ""
    members: str = ""


@dataclass
class Combined:
    """One block's results: ``valid`` ``[rows, cols]`` and per-band ``[bands, rows, cols]`` arrays."""

    valid: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    members: np.ndarray
    classes: np.ndarray | None = None


def check_writable(paths: Sequence[tuple[str, str]]) -> None:
    """Refuse output paths that are empty, folders, or in a folder that cannot be written, before any work
    (the writing half of the output rule, :func:`core.atomic.check_output_file`; whether an existing file
    may be replaced is the caller's OVERWRITE decision).

    Args:
        paths: ``(parameter, path)`` pairs; empty optional paths are skipped by the caller.
    """
    for parameter, path in paths:
        check_output_file(path, True, parameter)


def class_map(mean: np.ndarray, mode: str, threshold: float) -> np.ndarray:
    """Class index per pixel from the mean probabilities of the non-background classes ``[K, rows, cols]``.

    ``argmax``: the most probable of background (1 − Σ p_k) and the K classes; ``threshold``: the most
    probable class k (1..K) where its probability is at least ``threshold``, else background (0).
    """
    best = mean.argmax(axis=0)
    top = np.take_along_axis(mean, best[None], axis=0)[0]
    if mode == "threshold":
        return np.where(top >= threshold, best + 1, 0).astype(np.uint8)
    background = 1.0 - mean.sum(axis=0)
    return np.where(top > background, best + 1, 0).astype(np.uint8)


def combine_block(sums: np.ndarray, weight: np.ndarray, eligible: np.ndarray | None = None,
                  class_mode: str = "none", threshold: float = 0.5) -> Combined:
    """Blend, then combine members: blended_m = Σ w·p_m / Σ w, then mean and population std over members.

    Args:
        sums: ``[members, bands, rows, cols]`` weighted sums; weight: ``[rows, cols]`` their weight (0 where
            no valid tile pixel fell: nodata).
        eligible: optional ``[members, rows, cols]``: which members count at each pixel (held-out mode);
            pixels without any are nodata.
    """
    valid = weight > 0
    members = sums / np.where(valid, weight, 1.0)
    if eligible is not None:
        valid &= eligible.any(axis=0)
    mean, std = member_statistics(members, eligible)
    classes = class_map(mean, class_mode, threshold) if class_mode != "none" else None
    return Combined(valid, mean, std, members, classes)


def member_statistics(members: np.ndarray, eligible: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population standard deviation across members of ``[members, bands, rows, cols]`` values.

    Args:
        eligible: optional ``[members, rows, cols]``: only these members count at each pixel (0 where none).
    """
    if eligible is None:
        return members.mean(axis=0), members.std(axis=0)
    e = eligible[:, None].astype(np.float32)
    n = np.maximum(eligible.sum(axis=0), 1)[None]
    mean = (members * e).sum(axis=0) / n
    return mean, np.sqrt(((members - mean) ** 2 * e).sum(axis=0) / n)


def _profile(grid: Grid, count: int, dtype: str, nodata: float) -> dict:
    return dict(driver="GTiff", width=grid.width, height=grid.height, count=count, dtype=dtype, crs=grid.crs,
                transform=grid.transform, nodata=nodata, tiled=True, blockxsize=GTIFF_BLOCK,
                blockysize=GTIFF_BLOCK, compress="deflate", predictor=3 if dtype == "float32" else 2,
                zlevel=1, num_threads="ALL_CPUS", BIGTIFF="IF_SAFER")


def _open(stack: contextlib.ExitStack, path: str, grid: Grid, names: Sequence[str], dtype: str = "float32",
          nodata: float = NODATA_FLOAT, tags: dict | None = None):
    temporary = stack.enter_context(atomic_path(path))
    dataset = stack.enter_context(rasterio.open(temporary, "w", **_profile(grid, len(names), dtype, nodata)))
    for i, name in enumerate(names, start=1):
        dataset.set_band_description(i, name)
    if tags:
        dataset.update_tags(**tags)
    return dataset


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` (and missing parents); returns those created, innermost first."""
    created = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return created


def _remove_if_empty(folders: list[Path]) -> None:
    """After the run: the folders it created stay only when they hold something (a cancelled run's do not)."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


class PredictWriter:
    """The open output rasters; :meth:`write` puts one block's results into each (use :meth:`open`)."""

    def __init__(self, mean, std, classes, members: list) -> None:
        self._mean, self._std, self._classes, self._members = mean, std, classes, members

    @classmethod
    @contextlib.contextmanager
    def open(cls, paths: OutputPaths, grid: Grid, band_names: Sequence[str], member_names: Sequence[str],
             tags: dict[str, str]) -> Iterator[PredictWriter]:
        """Open every requested output; each appears at its path only when the block exits normally."""
        with contextlib.ExitStack() as stack:
            mean = _open(stack, paths.mean, grid, band_names, tags=tags)
            std = _open(stack, paths.std, grid, [f"standard deviation of {name}" for name in band_names])
            classes = None
            if paths.classes:
                names = json.loads(tags["GLACIERDL_CLASSES"])
                classes = _open(stack, paths.classes, grid, ["class"], "uint8", CLASS_NODATA,
                                {"GLACIERDL_CLASSES": tags["GLACIERDL_CLASSES"],
                                 **{f"CLASS_{i}": name for i, name in enumerate(names)}})
            members = []
            if paths.members:
                stack.callback(_remove_if_empty, _make_folder(Path(paths.members)))
                members = [_open(stack, str(Path(paths.members) / f"{name}.tif"), grid, band_names)
                           for name in member_names]
            yield cls(mean, std, classes, members)

    def write(self, window: Window, combined: Combined) -> None:
        """Write one block: values where valid, nodata elsewhere."""
        keep = combined.valid
        for dataset, values in ((self._mean, combined.mean), (self._std, combined.std)):
            dataset.write(np.where(keep, values, NODATA_FLOAT).astype(np.float32), window=window)
        if self._classes is not None:
            self._classes.write(np.where(keep, combined.classes, CLASS_NODATA)[None].astype(np.uint8), window=window)
        if self._members:  # one raster per member, or none
            for dataset, values in zip(self._members, combined.members, strict=True):
                dataset.write(np.where(keep, values, NODATA_FLOAT).astype(np.float32), window=window)
