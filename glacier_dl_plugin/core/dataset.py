"""Create a training dataset: image and mask chips, manifest, folds and normalisation statistics.

The layout is described in ``docs/formats.md``. Everything is written into a temporary folder that
replaces the requested one only when complete.
"""
from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import rasterio
from rasterio.features import rasterize
from rasterio.windows import Window
from shapely.geometry import box

from .atomic import atomic_dir, check_output_folder
from .chips import chip_windows
from .config import IGNORE_INDEX, NODATA_FLOAT, DatasetConfig
from .errors import InputError
from .glaciers import GlacierSet, spatial_folds
from .progress import SILENT, Monitor
from .raster_stack import Grid, RasterInput, RasterStack, open_stack
from .spatial_index import SpatialIndex
from .statistics import BandStatistics

__all__ = ["DatasetSummary", "create_dataset"]


@dataclass(frozen=True)
class DatasetSummary:
    """What :func:`create_dataset` wrote."""

    path: Path
    chips: int
    dropped_nodata: int
    glaciers: int
    repaired_geometries: int
    folds: dict[str, int]


@dataclass(frozen=True)
class _Chip:
    window: Window
    glacier_id: str
    fold: int


def _check_overlap(glaciers: GlacierSet, grid: Grid) -> None:
    raster_box = box(*grid.bounds)
    if not any(raster_box.intersects(g) for g in glaciers.geometries):
        raise InputError(
            "GLACIERS", "no glacier polygon overlaps the input rasters.",
            "Check that the layers cover the same area (and that their CRSs are set correctly).",
        )


def _check_chip_size(config: DatasetConfig, grid: Grid) -> None:
    if config.chip_size > min(grid.width, grid.height):
        raise InputError(
            "CHIP_SIZE", f"{config.chip_size} px is larger than the raster ({grid.width} x {grid.height} px).",
            f"Use a chip size of at most {min(grid.width, grid.height)} px.",
        )


def _plan_chips(glaciers: GlacierSet, grid: Grid, config: DatasetConfig, folds: dict[str, int]) -> list[_Chip]:
    """Chip windows of all glaciers, de-duplicated; each chip belongs to the glacier covering most of it."""
    by_glacier = glaciers.by_glacier()
    ids, shapes = list(by_glacier), list(by_glacier.values())
    tree = SpatialIndex(shapes)
    buffer = config.buffer_m  # CRS units; metres for the projected grids this tool is meant for
    chips: dict[tuple[int, int], _Chip] = {}
    for glacier_id, shape in by_glacier.items():
        for window in chip_windows(shape, grid, config.chip_size, config.stride, buffer):
            key = (window.row_off, window.col_off)
            if key in chips:
                continue
            footprint = box(*grid.window_bounds(window))
            overlap = {i: shapes[i].intersection(footprint).area for i in tree.query(footprint)}
            owner = ids[max(overlap, key=overlap.get)] if overlap else glacier_id
            chips[key] = _Chip(window, owner, folds[owner])
    return [chips[k] for k in sorted(chips)]


def _label(window: Window, grid: Grid, glaciers: GlacierSet, tree: SpatialIndex, valid: np.ndarray) -> np.ndarray:
    """Class mask of one chip from the polygons the spatial index finds under it; nodata -> ignore."""
    footprint = box(*grid.window_bounds(window))
    shapes = [(glaciers.geometries[i], glaciers.class_indices[i]) for i in tree.query(footprint)]
    mask = np.zeros(valid.shape, dtype=np.uint8)
    if shapes:
        mask = rasterize(shapes, out_shape=valid.shape, transform=grid.window_transform(window), dtype=np.uint8)
    mask[~valid] = IGNORE_INDEX
    return mask


def _write_chip(folder: Path, chip_id: str, grid: Grid, window: Window, image: np.ndarray, mask: np.ndarray,
                band_names: Sequence[str]) -> None:
    profile = dict(driver="GTiff", width=window.width, height=window.height, crs=grid.crs,
                   transform=grid.window_transform(window), compress="deflate")
    with rasterio.open(folder / "images" / f"{chip_id}.tif", "w", count=image.shape[0], dtype="float32",
                       nodata=NODATA_FLOAT, **profile) as dst:
        dst.write(image)
        for i, name in enumerate(band_names, start=1):
            dst.set_band_description(i, name)
    with rasterio.open(folder / "masks" / f"{chip_id}_mask.tif", "w", count=1, dtype="uint8",
                       nodata=IGNORE_INDEX, **profile) as dst:
        dst.write(mask, 1)


def _manifest_row(chip_id: str, chip: _Chip, grid: Grid, mask: np.ndarray, classes: Sequence[str]) -> dict:
    valid = mask != IGNORE_INDEX
    n_valid = max(int(valid.sum()), 1)
    row = dict(id=chip_id, glacier_id=chip.glacier_id, fold=chip.fold,
               row_off=chip.window.row_off, col_off=chip.window.col_off)
    row.update(zip(("xmin", "ymin", "xmax", "ymax"), grid.window_bounds(chip.window)))
    row["nodata_fraction"] = round(1 - valid.mean(), 6)
    row["glacier_fraction"] = round(float(((mask > 0) & valid).sum()) / n_valid, 6)
    for k, name in enumerate(classes[1:], start=1):
        row[f"frac_{name}"] = round(float((mask == k).sum()) / n_valid, 6)
    return row


def _write_chips(folder: Path, stack: RasterStack, glaciers: GlacierSet, chips: list[_Chip],
                 config: DatasetConfig, statistics: BandStatistics, monitor: Monitor) -> tuple[list[dict], int]:
    (folder / "images").mkdir()
    (folder / "masks").mkdir()
    tree, rows, dropped = SpatialIndex(glaciers.geometries), [], 0
    for n, chip in enumerate(chips):
        monitor.step(n, len(chips), 5, 90)
        image, valid = stack.read(chip.window)
        if 1 - valid.mean() > config.max_nodata_fraction:
            dropped += 1
            continue
        chip_id = f"chip_{len(rows):05d}"
        mask = _label(chip.window, stack.grid, glaciers, tree, valid)
        image[:, ~valid] = NODATA_FLOAT
        _write_chip(folder, chip_id, stack.grid, chip.window, image, mask, stack.band_names)
        statistics.add(chip.fold, image, valid)
        rows.append(_manifest_row(chip_id, chip, stack.grid, mask, glaciers.class_names))
    return rows, dropped


def _write_manifest(folder: Path, rows: list[dict]) -> None:
    with open(folder / "manifest.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _write_description(folder: Path, stack: RasterStack, glaciers: GlacierSet, config: DatasetConfig,
                       folds: dict[str, int], statistics: BandStatistics, inputs: Sequence[RasterInput]) -> None:
    description = {
        "format": "glacierdl-dataset", "version": 1,
        "bands": stack.band_names, "classes": list(glaciers.class_names),
        "chip_size": config.chip_size, "crs": stack.grid.crs.to_wkt(), "pixel_size": list(stack.grid.pixel_size),
        "nodata": NODATA_FLOAT, "ignore_index": IGNORE_INDEX, "n_folds": config.n_folds,
        "glacier_folds": folds, "fold_stats": statistics.per_fold(config.n_folds),
        "parameters": {**asdict(config), "inputs": [asdict(i) for i in inputs]},
    }
    (folder / "dataset.json").write_text(json.dumps(description, indent=1))


def create_dataset(inputs: Sequence[RasterInput], glaciers: GlacierSet, config: DatasetConfig, output: str,
                   overwrite: bool = False, monitor: Monitor = SILENT) -> DatasetSummary:
    """Cut chips around every glacier from the stacked ``inputs`` and write a dataset folder.

    Args:
        inputs: rasters stacked on the first one's grid.
        glaciers: polygons already in the grid CRS (see :func:`core.glaciers.load_glaciers`).
        config: chip size, stride, buffer (metres), folds, nodata filter.
        output: dataset folder to create.
        overwrite: replace an existing non-empty folder.
        monitor: progress and cancellation.
    """
    folder = check_output_folder(output, overwrite)
    from .preview import write_footprints, write_preview  # matplotlib and fiona only when writing

    with open_stack(inputs) as stack:
        _check_overlap(glaciers, stack.grid)
        _check_chip_size(config, stack.grid)
        folds = spatial_folds(glaciers.by_glacier(), config.n_folds)
        chips = _plan_chips(glaciers, stack.grid, config, folds)
        monitor.log(f"{len(chips)} chip windows around {len(folds)} glaciers ({glaciers.repaired} geometries repaired).")
        statistics = BandStatistics(stack.count)
        with atomic_dir(folder, overwrite=True) as work:
            rows, dropped = _write_chips(work, stack, glaciers, chips, config, statistics, monitor)
            if not rows:
                raise InputError(
                    "MAX_NODATA", f"all {len(chips)} chips were dropped: more than {config.max_nodata_fraction:.0%} "
                    "nodata in each.", "Raise MAX_NODATA or check the rasters' nodata values.",
                )
            _write_manifest(work, rows)
            _write_description(work, stack, glaciers, config, folds, statistics, inputs)
            write_footprints(work / "footprints.gpkg", rows, stack.grid.crs.to_wkt())
            monitor.progress(95)
            write_preview(work, rows[:: max(1, len(rows) // 12)][:12])
    monitor.log(f"Wrote {len(rows)} chips ({dropped} dropped for nodata) to {folder}.")
    return DatasetSummary(folder, len(rows), dropped, len(folds), glaciers.repaired,
                          {str(k): sum(1 for r in rows if r["fold"] == k) for k in range(config.n_folds)})
