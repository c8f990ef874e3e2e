"""Sliding-window ensemble inference: blended per-member probabilities, then their mean and std.

The raster is processed in strips one tile high. A pixel row is final once no later tile can cover it,
so finished rows are written and dropped at once: memory is bounded by two tile rows of the raster's
width, whatever its height.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import rasterio
from rasterio.windows import Window

from .atomic import atomic_path
from .config import NODATA_FLOAT, PredictConfig
from .ensemble import Ensemble, load_ensemble
from .errors import InputError
from .progress import SILENT, Monitor
from .raster_stack import Grid, RasterInput, RasterStack, open_stack
from .tiling import blend_weights, tile_starts

__all__ = ["PredictSummary", "predict_raster", "check_bands"]


@dataclass(frozen=True)
class PredictSummary:
    """What :func:`predict_raster` wrote and how."""

    mean: Path
    std: Path
    classes: tuple[str, ...]
    tiles: int
    skipped_tiles: int
    providers: tuple[str, ...]


class _StripBlender:
    """Weighted sums of member probabilities over the rows not yet written."""

    def __init__(self, members: int, classes: int, width: int) -> None:
        self.base = 0
        self.sums = np.zeros((members, classes, 0, width), np.float32)
        self.weight = np.zeros((0, width), np.float32)
        self.valid = np.zeros((0, width), bool)

    def extend_to(self, row: int, valid_rows: np.ndarray, first_row: int) -> None:
        """Grow the buffer to end at ``row`` and record validity of rows from ``first_row``."""
        grow = row - self.base - self.weight.shape[0]
        if grow > 0:
            self.sums = np.concatenate([self.sums, np.zeros(self.sums.shape[:2] + (grow,) + self.sums.shape[3:],
                                                            np.float32)], axis=2)
            self.weight = np.concatenate([self.weight, np.zeros((grow, self.weight.shape[1]), np.float32)])
            self.valid = np.concatenate([self.valid, np.zeros((grow, self.valid.shape[1]), bool)])
        start = first_row - self.base
        self.valid[start:start + valid_rows.shape[0]] = valid_rows

    def add(self, row: int, col: int, probabilities: np.ndarray, weights: np.ndarray) -> None:
        """Accumulate ``[members, classes, t, t]`` probabilities of one tile with its weights."""
        r, t = row - self.base, weights.shape[0]
        self.sums[:, :, r:r + t, col:col + t] += probabilities * weights
        self.weight[r:r + t, col:col + t] += weights

    def pop(self, row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Finish rows ``[base, row)``: returns mean, std (``[classes, rows, width]``) and validity."""
        n = row - self.base
        blended = self.sums[:, :, :n] / np.maximum(self.weight[:n], 1e-12)
        valid = self.valid[:n] & (self.weight[:n] > 0)
        mean, std = blended.mean(axis=0), blended.std(axis=0)
        self.sums, self.weight, self.valid = self.sums[:, :, n:], self.weight[n:], self.valid[n:]
        self.base = row
        return mean, std, valid


def check_bands(stack: RasterStack, ensemble: Ensemble, log) -> None:
    """The inputs must give as many bands as the model expects; differing names are only reported."""
    expected = ensemble.metadata.bands
    if stack.count != len(expected):
        raise InputError(
            "INPUTS", f"the model expects {len(expected)} bands ({', '.join(expected)}) but the inputs give "
            f"{stack.count} ({', '.join(stack.band_names)}).",
            "Select the same raster layers, in the same order, as for the training dataset.",
        )
    if tuple(stack.band_names) != tuple(expected):
        log(f"Band names differ from training ({', '.join(expected)}); using them in the given order.")


@contextlib.contextmanager
def _output(path: Path, grid: Grid, names: Sequence[str]) -> Iterator[rasterio.io.DatasetWriter]:
    profile = dict(driver="GTiff", width=grid.width, height=grid.height, count=len(names), dtype="float32",
                   crs=grid.crs, transform=grid.transform, nodata=NODATA_FLOAT, tiled=True, blockxsize=256,
                   blockysize=256, compress="deflate", predictor=3, BIGTIFF="IF_SAFER")
    with rasterio.open(path, "w", **profile) as dst:
        for i, name in enumerate(names, start=1):
            dst.set_band_description(i, name)
        yield dst


def _predict_tiles(ensemble: Ensemble, strip: np.ndarray, valid: np.ndarray, cols: list[int], tile: int,
                   batch_size: int) -> Iterator[tuple[int, np.ndarray]]:
    """Per-member non-background probabilities ``[members, classes-1, t, t]`` for each tile of a strip."""
    for first in range(0, len(cols), batch_size):
        batch_cols = cols[first:first + batch_size]
        x = np.stack([strip[:, :, c:c + tile] for c in batch_cols])
        v = np.stack([valid[:, c:c + tile] for c in batch_cols]).astype(np.float32)
        outputs = np.stack([member.predict(x, v)[:, 1:] for member in ensemble.members], axis=1)
        yield from zip(batch_cols, outputs)


def _write_rows(mean_dst, std_dst, row: int, mean: np.ndarray, std: np.ndarray, valid: np.ndarray,
                grid: Grid) -> None:
    rows = min(mean.shape[1], grid.height - row)
    if rows <= 0:
        return
    window = Window(0, row, grid.width, rows)
    keep = valid[:rows, :grid.width]
    for dst, values in ((mean_dst, mean), (std_dst, std)):
        dst.write(np.where(keep, values[:, :rows, :grid.width], NODATA_FLOAT).astype(np.float32), window=window)


def _run_strips(stack: RasterStack, ensemble: Ensemble, config: PredictConfig, tile: int, mean_dst, std_dst,
                monitor: Monitor) -> tuple[int, int]:
    grid, overlap = stack.grid, min(config.overlap, tile - 1)
    rows, cols = tile_starts(grid.height, tile, overlap), tile_starts(grid.width, tile, overlap)
    weights = blend_weights(tile, overlap)
    blender = _StripBlender(len(ensemble.members), len(ensemble.metadata.classes) - 1, max(grid.width, tile))
    done = skipped = 0
    for i, row in enumerate(rows):
        monitor.step(i, len(rows), 5, 99)
        strip, valid = stack.read(Window(0, row, max(grid.width, tile), tile))
        blender.extend_to(row + tile, valid, row)
        live = [c for c in cols if valid[:, c:c + tile].any()]  # all-nodata tiles are never computed
        skipped += len(cols) - len(live)
        for col, probabilities in _predict_tiles(ensemble, strip, valid, live, tile, config.batch_size):
            blender.add(row, col, probabilities, weights)
            done += 1
        final = rows[i + 1] if i + 1 < len(rows) else row + tile
        first = blender.base
        _write_rows(mean_dst, std_dst, first, *blender.pop(final), grid)
    return done, skipped


def predict_raster(inputs: Sequence[RasterInput], model: str, config: PredictConfig, mean_path: str,
                   std_path: str, monitor: Monitor = SILENT) -> PredictSummary:
    """Classify the stacked ``inputs`` with every ensemble member, tile by tile.

    Writes two float32 GeoTIFFs on the first input's grid, one band per non-background class: the mean
    and the standard deviation across members of the blended class probabilities (0-1), nodata -9999
    where any input band is nodata. Each file appears only when complete.
    """
    ensemble = load_ensemble(model, config.device, monitor.log)
    metadata = ensemble.metadata
    tile = config.tile_size or metadata.chip_size
    names = [f"{name} probability" for name in metadata.classes[1:]]
    with open_stack(inputs) as stack:
        check_bands(stack, ensemble, monitor.log)
        with atomic_path(mean_path) as mean_tmp, atomic_path(std_path) as std_tmp:
            with _output(mean_tmp, stack.grid, names) as mean_dst, _output(std_tmp, stack.grid, names) as std_dst:
                done, skipped = _run_strips(stack, ensemble, config, tile, mean_dst, std_dst, monitor)
    monitor.log(f"{done} tiles computed, {skipped} all-nodata tiles skipped, {len(ensemble.members)} member(s).")
    return PredictSummary(Path(mean_path), Path(std_path), metadata.classes, done, skipped,
                          tuple(ensemble.providers))
