"""Predict's run: the engine's blended blocks written as GeoTIFFs (mean, std, class map, one per member).

The engine (:mod:`core.predict.engine`) computes the output grid block by block; each block is combined
across members (:func:`core.predict.writers.combine_block`) and written once, when final. Memory is flat
in the raster's size.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio

from ..atomic import check_writable_folder
from ..config.predict import PredictConfig
from ..errors import InputError
from ..geo.raster_stack import Grid, RasterInput
from ..progress import SILENT, Monitor
from .blocks import Block
from .engine import Area, Engine, load_model, open_engine
from .ensemble import Ensemble
from .writers import OutputPaths, PredictWriter, check_writable, combine_block

__all__ = ["PredictSummary", "predict_raster"]

GDAL_CACHE_BYTES = 16 * 2 ** 20
"""GDAL block cache during a run (rasterio passes GDAL_CACHEMAX to GDALSetCacheMax64: bytes). Small on
purpose: GDAL compresses a written block only when the cache evicts it (rasterio cannot flush), so a
small cache compresses finished blocks during the run, on the reader and writer threads, instead of all
at once when the outputs are closed, after the last model call."""


@dataclass(frozen=True)
class PredictSummary:
    """What :func:`predict_raster` wrote and how.

    Attributes:
        tiles: tiles computed; skipped_tiles: tiles skipped as entirely nodata; outside_tiles: tiles
            never computed because they touch no buffered glacier.
    """

    mean: Path
    std: Path
    classes: tuple[str, ...]
    tiles: int
    skipped_tiles: int
    providers: tuple[str, ...]
    outside_tiles: int = 0
    class_map: Path | None = None
    members: tuple[Path, ...] = ()
    grid: Grid | None = None


def _tags(ensemble: Ensemble, threshold: float) -> dict[str, str]:
    """Dataset tags of the mean raster (docs/formats.md, contracts)."""
    calibration = ensemble.calibration
    return {"GLACIERDL_TASK": ensemble.metadata.task,
            "GLACIERDL_CLASSES": json.dumps(list(ensemble.metadata.classes)),
            "GLACIERDL_MODEL": str(ensemble.path),
            "GLACIERDL_CALIBRATED": "1" if calibration.get("temperatures") else "0",
            "GLACIERDL_THRESHOLD": str(threshold),
            "GLACIERDL_K": str(calibration.get("k", 1.0))}


def _check_outputs(outputs: OutputPaths, config: PredictConfig) -> None:
    """Before any work: every output is writable, and a class map has somewhere to go."""
    check_writable([("OUTPUT_MEAN", outputs.mean), ("OUTPUT_STD", outputs.std)]
                   + ([("OUTPUT_CLASSES", outputs.classes)] if outputs.classes else []))
    if outputs.members:
        check_writable_folder(outputs.members, "OUTPUT_MEMBERS")
    if config.class_map != "none" and not outputs.classes:
        raise InputError("OUTPUT_CLASSES", f"CLASS_MAP={config.class_map} needs an output file.",
                         "Give OUTPUT_CLASSES, or set CLASS_MAP to none.")


def predict_raster(inputs: Sequence[RasterInput], model: str, config: PredictConfig, mean_path: str,
                   std_path: str, monitor: Monitor = SILENT, class_path: str = "", members_dir: str = "",
                   area: Area | None = None, threads: int = 0) -> PredictSummary:
    """Classify the stacked ``inputs`` with every ensemble member, tile by tile, block by block.

    Writes float32 GeoTIFFs on the output grid (the model grid: the first input's, warped to the model's
    pixel size when it differs, cropped to the area), one band per non-background class (or the regression
    target): the mean and the standard deviation across members of the blended outputs, nodata -9999
    where any input band is nodata or outside the area. Optionally a uint8 class map (nodata 255) and one
    raster per member. Each file appears only when complete. GDAL's block cache is capped for the run
    (every block is written once and whole, so a large cache would only hold finished blocks, make memory
    grow with the raster and leave their compression to the end, see GDAL_CACHE_BYTES).

    Raises:
        InputError: an unwritable output, a model or inputs that do not fit, or an OVERLAP not below the
            tile, all before any tile is computed.
    """
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES):
        return _predict(inputs, model, config, OutputPaths(mean_path, std_path, class_path, members_dir),
                        monitor, area, threads)


def _write(engine: Engine, outputs: OutputPaths, config: PredictConfig, threshold: float):
    """Run the engine over the whole area, writing each final block into the open outputs."""
    members = [m.name for m in engine.ensemble.members]
    with PredictWriter.open(outputs, engine.aoi.grid, engine.band_names, members,
                            _tags(engine.ensemble, threshold)) as writer:

        def finish(block: Block, block_sums: np.ndarray, weight: np.ndarray) -> None:
            combined = combine_block(block_sums, weight, engine.eligibility(block.window), config.class_map,
                                     threshold)
            writer.write(block.window, combined)

        counts = engine.run(engine.blocks, finish, progress=(5.0, 99.0))
        if counts.computed == 0 and counts.skipped_nodata:  # raised inside: no output appears
            raise InputError("INPUTS", f"every one of the {counts.skipped_nodata} tiles to predict is nodata in the "
                             "inputs: there is nothing to predict.", "Check the rasters' nodata value and that they "
                             "cover the area (or the GLACIERS / EXTENT asked for).")
        return counts


def _predict(inputs: Sequence[RasterInput], model: str, config: PredictConfig, outputs: OutputPaths,
             monitor: Monitor, area: Area | None, threads: int = 0) -> PredictSummary:
    _check_outputs(outputs, config)
    loaded = load_model(model, config, monitor, threads)
    metadata = loaded.ensemble.metadata
    if outputs.classes and metadata.task == "regression":
        raise InputError("OUTPUT_CLASSES", "a regression model has no classes.", "Leave OUTPUT_CLASSES empty.")
    threshold = config.threshold if config.threshold is not None else float(
        loaded.ensemble.calibration.get("threshold", 0.5))
    with open_engine(inputs, loaded, config, monitor, area) as engine:
        counts = _write(engine, outputs, config, threshold)
        grid, outside, providers = engine.aoi.grid, engine.outside_tiles, tuple(engine.ensemble.providers)
        names, glaciers = [m.name for m in engine.ensemble.members], bool(engine.aoi.glaciers)
    monitor.log(f"{counts.computed} tiles computed, {counts.skipped_nodata} all-nodata tiles skipped"
                + (f", {outside} tiles outside the glacier buffers never computed" if glaciers else "")
                + f", {len(names)} member(s), {loaded.tile} px tiles, {loaded.overlap} px overlap.")
    member_paths = tuple(Path(outputs.members) / f"{name}.tif" for name in names) if outputs.members else ()
    return PredictSummary(Path(outputs.mean), Path(outputs.std), metadata.classes, counts.computed,
                          counts.skipped_nodata, providers, outside, Path(outputs.classes) if outputs.classes else None,
                          member_paths, grid)
