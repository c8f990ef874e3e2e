"""A regression raster (e.g. predicted ice thickness) scored against point measurements: RMSE, MAE and bias
per fold and overall, a table of the measured pixels and a scatter plot.

Measurements are averaged per pixel of the prediction raster first (:func:`core.dataset.point_targets.pixel_means`),
as they were for training, so a dense GPR profile does not weigh more than the pixels it crosses. A pixel's
fold comes from the dataset's block split (``dataset.json`` ``blocks``): the block holding the pixel centre
on the dataset grid; pixels in blocks without chips, or without a dataset, are in no fold (-1) and count
towards the overall scores only.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.windows import Window

from ..atomic import atomic_path
from ..dataset.point_targets import PointMeasurements, pixel_means
from ..errors import InputError
from ..geo.raster_stack import read_grid

__all__ = ["PointScore", "MeasuredPixels", "measured_pixels", "fold_scores", "block_folds_of", "write_point_scores",
           "read_dataset_description"]


@dataclass(frozen=True)
class PointScore:
    """Scores of ``n`` measured pixels (units of the raster, e.g. metres): bias is predicted − measured."""

    fold: str
    n: int
    rmse: float
    mae: float
    bias: float


@dataclass(frozen=True, eq=False)
class MeasuredPixels:
    """The measured pixels of the prediction raster: centres (raster CRS), means, predictions, folds."""

    x: np.ndarray
    y: np.ndarray
    measured: np.ndarray
    predicted: np.ndarray
    fold: np.ndarray


def _score(name: str, measured: np.ndarray, predicted: np.ndarray) -> PointScore:
    error = predicted.astype(np.float64) - measured
    return PointScore(name, len(error), float(np.sqrt(np.mean(error**2))), float(np.mean(np.abs(error))),
                      float(np.mean(error)))


def read_dataset_description(folder: str | Path) -> dict:
    """``dataset.json`` of a dataset folder.

    Raises:
        InputError: (DATASET) no such file, or not JSON.
    """
    path = Path(folder) / "dataset.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise InputError("DATASET", f"'{folder}' holds no readable dataset.json ({error}).",
                         "Give the folder written by Create training dataset, or none.") from error


def block_folds_of(description: dict, crs: CRS, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The fold of each point (``crs``) from a dataset's block split; -1 outside blocks holding chips.

    Raises:
        InputError: (DATASET) the dataset was not made with the block split.
    """
    blocks = description.get("blocks")  # absent when the dataset was split by glacier
    if not blocks:
        raise InputError("DATASET", "the dataset has no block folds (it was not created with the block split).",
                         "Give the dataset created with the block split, or none for overall scores only.")
    to_dataset = Transformer.from_crs(crs, CRS.from_wkt(description["crs"]), always_xy=True)
    cols, rows = ~Affine(*description["transform"]) * to_dataset.transform(x, y)
    size = int(blocks["size_px"])
    keys = [f"{int(r // size)},{int(c // size)}" for r, c in zip(np.floor(rows), np.floor(cols))]
    return np.array([int(blocks["folds"].get(key, -1)) for key in keys], dtype=int)


def measured_pixels(prediction: str, measurements: PointMeasurements, description: dict | None = None,
                    band: int = 1) -> MeasuredPixels:
    """The per-pixel means of the measurements beside the raster's values there (nodata pixels skipped).

    Raises:
        InputError: (PREDICTION) no CRS, or no measured pixel with a prediction; see also
            :func:`pixel_means` and :func:`block_folds_of`.
    """
    grid = read_grid(prediction, "PREDICTION")
    means = pixel_means(measurements, grid)
    rows, cols = means.pixels // grid.width, means.pixels % grid.width
    with rasterio.open(prediction) as src:
        window = Window(int(cols.min()), int(rows.min()), int(cols.max() - cols.min() + 1),
                        int(rows.max() - rows.min() + 1))
        values = src.read(band, window=window, masked=True)
    predicted = values[rows - int(window.row_off), cols - int(window.col_off)]
    keep = ~np.ma.getmaskarray(predicted) & np.isfinite(np.ma.getdata(predicted))
    if not keep.any():
        raise InputError("PREDICTION", f"no measured pixel of '{measurements.label}' has a predicted value.",
                         "Predict over the surveyed area, or check the raster's nodata value.")
    x, y = grid.transform * (cols[keep] + 0.5, rows[keep] + 0.5)
    x, y = np.asarray(x), np.asarray(y)
    fold = block_folds_of(description, grid.crs, x, y) if description else np.full(len(x), -1)
    return MeasuredPixels(x, y, means.means[keep].astype(np.float64),
                          np.ma.getdata(predicted)[keep].astype(np.float64), fold)


def fold_scores(pixels: MeasuredPixels) -> list[PointScore]:
    """One score per fold present (ascending; fold -1 is left out) and ``overall`` last."""
    scores = [_score(str(k), pixels.measured[pixels.fold == k], pixels.predicted[pixels.fold == k])
              for k in sorted(set(pixels.fold.tolist()) - {-1})]
    return [*scores, _score("overall", pixels.measured, pixels.predicted)]


def _write_tables(pixels: MeasuredPixels, scores: Sequence[PointScore], table: Path, summary: Path) -> None:
    with atomic_path(table) as work, open(work, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["x", "y", "fold", "measured", "predicted", "error"])
        for row in zip(pixels.x, pixels.y, pixels.fold, pixels.measured, pixels.predicted):
            writer.writerow([f"{row[0]:.3f}", f"{row[1]:.3f}", row[2], f"{row[3]:.4f}", f"{row[4]:.4f}",
                             f"{row[4] - row[3]:.4f}"])
    with atomic_path(summary) as work, open(work, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["fold", "pixels", "rmse", "mae", "bias"])
        writer.writerows([s.fold, s.n, f"{s.rmse:.4f}", f"{s.mae:.4f}", f"{s.bias:.4f}"] for s in scores)


def _plot(pixels: MeasuredPixels, overall: PointScore, path: Path, unit: str) -> None:
    """Predicted against measured, one colour per fold, with the 1:1 line (matplotlib's Agg canvas)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5, 5), dpi=100)
    axes = figure.add_subplot()
    for fold in sorted(set(pixels.fold.tolist())):
        chosen = pixels.fold == fold
        axes.scatter(pixels.measured[chosen], pixels.predicted[chosen], s=6,
                     label="no fold" if fold < 0 else f"fold {fold}")
    low, high = float(min(pixels.measured.min(), pixels.predicted.min())), float(
        max(pixels.measured.max(), pixels.predicted.max()))
    axes.plot([low, high], [low, high], color="black", linewidth=0.8)
    axes.set(xlabel=f"measured ({unit})", ylabel=f"predicted ({unit})",
             title=f"RMSE {overall.rmse:.1f}, MAE {overall.mae:.1f}, bias {overall.bias:+.1f} (n = {overall.n})")
    axes.legend(fontsize=8)
    with atomic_path(path) as work:
        FigureCanvasAgg(figure).print_png(str(work))


def write_point_scores(pixels: MeasuredPixels, table: str, summary: str, plot: str = "",
                       unit: str = "m") -> list[PointScore]:
    """Write the pixel table, the scores per fold and overall, and the scatter plot; returns the scores."""
    scores = fold_scores(pixels)
    _write_tables(pixels, scores, Path(table), Path(summary))
    if plot:
        _plot(pixels, scores[-1], Path(plot), unit)
    return scores
