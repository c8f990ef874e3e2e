"""Sliding-window ensemble inference: blended per-member outputs, then their mean, std and class map.

The output grid is processed block by block (:mod:`core.predict.blocks`) through a reader / model / writer
pipeline (:mod:`core.predict.pipeline`): each block's halo window is read once, every member runs on each batch
of tiles, and each block is written once when final. Memory is flat in the raster's size.
"""
from __future__ import annotations

import contextlib
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import rasterio
from rasterio.windows import Window

from .regions import AreaOfInterest, whole_raster
from .blocks import Block, BlockSums, block_size_for, plan_blocks
from ..config import PredictConfig
from .ensemble import Ensemble, Member, execution_providers, load_ensemble, run_split_on_oom
from ..errors import InputError
from ..dataset.features import DerivedStack, plan_from_recipe
from .model_grid import model_grid
from .pipeline import BlockData, TileBatch, run_pipeline
from .writers import OutputPaths, PredictWriter, check_writable, combine_block
from ..progress import SILENT, Monitor
from .quantize import calibration_tiles, float16_ensemble, quantize_ensemble
from ..geo.raster_stack import Grid, RasterInput, RasterStack, open_stack
from ..geo.target_grid import metres_per_pixel
from .tiling import blend_weights, overlap_pixels

__all__ = ["PredictSummary", "predict_raster", "check_bands", "check_tile_size", "Area"]

Area = Callable[[Grid], AreaOfInterest]
"""Builds the area of interest once the input grid is known (default: the whole raster)."""

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


def check_bands(stack: RasterStack, ensemble: Ensemble, log) -> None:
    """The inputs must give as many bands as the model expects; differing names are only reported."""
    expected = ensemble.metadata.bands
    derived = [name for name in expected if name.startswith("derived:")]
    if derived and not ensemble.derived_features:
        raise InputError(
            "MODEL", f"the model was trained with derived bands ({', '.join(derived)}) but does not say how to "
            "compute them (a single .onnx file, or a model trained before Glacier DL 0.2).",
            "Choose the model folder written by Train Ensemble (its ensemble.json records the features).",
        )
    if stack.count != len(expected):
        raise InputError(
            "INPUTS", f"the model expects {len(expected)} bands ({', '.join(expected)}) but the inputs give "
            f"{stack.count} ({', '.join(stack.band_names)}).",
            "Select the same raster layers, in the same order, as for the training dataset.",
        )
    if tuple(stack.band_names) != tuple(expected):
        log(f"Band names differ from training ({', '.join(expected)}); using them in the given order.")


def _with_derived_bands(stack: RasterStack, ensemble: Ensemble, log):
    """The stack, plus the derived bands (slope, NDSI, ...) the model's dataset recipe asks for."""
    spec = ensemble.derived_features
    if not spec:
        return stack
    plan = plan_from_recipe(spec, stack.band_names)
    log(f"Deriving {', '.join(plan.band_names)} from the inputs, as for the training dataset.")
    return DerivedStack(stack, plan, metres_per_pixel(stack.grid))


def check_tile_size(member: Member, tile: int) -> None:
    """The tile must fit the model: equal to fixed input sizes, and a size the network can halve.

    U-Nets halve the tile once per encoder stage (32 for depth 5): a tile that is not a multiple of 32
    is tried once on a blank input, so an unusable size fails here with advice, not deep inside
    onnxruntime.
    """
    shape = member.session.get_inputs()[0].shape
    fixed = [s for s in shape[2:] if isinstance(s, int)]
    if fixed and any(s != tile for s in fixed):
        raise InputError("TILE_SIZE", f"the model only takes {fixed[0]} px tiles, not {tile} px.",
                         f"Use TILE_SIZE={fixed[0]} (or 0 for the model's size).")
    if tile % 32 == 0:
        return
    try:
        member.run(np.zeros((1, len(member.metadata.bands), tile, tile), np.float32))
    except Exception as error:  # onnxruntime's shape errors are untyped
        raise InputError(
            "TILE_SIZE", f"the model cannot process {tile} px tiles ({str(error).splitlines()[0][:160]}).",
            f"Use a multiple of 32 such as {max(32, tile // 32 * 32)} (of 2^depth for shallower encoders), "
            "or 0 for the model's chip size.") from error


def _channels(ensemble: Ensemble) -> tuple[slice, list[str]]:
    """Output channels kept per member and their band names (background probability is implied)."""
    metadata = ensemble.metadata
    if metadata.task == "regression":
        return slice(0, 1), [metadata.target or "value"]
    return slice(1, None), [f"{name} probability" for name in metadata.classes[1:]]


def _standardiser(members: Sequence[Member]) -> Callable[[TileBatch], TileBatch]:
    """Standardises each batch once per distinct normalisation of ``members`` (run on the reader thread)."""
    by_normalisation: dict = {}
    for member in members:
        by_normalisation.setdefault(member.normalisation, member)

    def prepare(batch: TileBatch) -> TileBatch:
        batch.inputs = {key: m.standardise(batch.pixels, batch.valid) for key, m in by_normalisation.items()}
        return batch

    return prepare


def _member_outputs(member: Member, batch: TileBatch, channels: slice, tta: bool, log) -> np.ndarray:
    """``[N, bands, t, t]`` outputs of one member on the batch's standardised input; with ``tta`` averaged
    with the flipped tiles'."""
    x = batch.inputs[member.normalisation]

    def run(part: np.ndarray) -> np.ndarray:
        return member.calibrate(member.run(part))[:, channels]

    out = run_split_on_oom(run, x, log)
    if tta:
        for axis in (-1, -2):
            out = out + np.flip(run_split_on_oom(run, np.ascontiguousarray(np.flip(x, axis)), log), axis)
        out = out / 3.0
    return out


def _tags(ensemble: Ensemble, threshold: float) -> dict[str, str]:
    """Dataset tags of the mean raster (docs/formats.md, contracts)."""
    calibration = ensemble.calibration
    return {"GLACIERDL_TASK": ensemble.metadata.task,
            "GLACIERDL_CLASSES": json.dumps(list(ensemble.metadata.classes)),
            "GLACIERDL_MODEL": str(ensemble.path),
            "GLACIERDL_CALIBRATED": "1" if calibration.get("temperatures") else "0",
            "GLACIERDL_THRESHOLD": str(threshold),
            "GLACIERDL_K": str(calibration.get("k", 1.0))}


def _plan(aoi: AreaOfInterest, tile: int, overlap: int, block: int) -> tuple[list[Block], int]:
    """Blocks with only the tiles touching the area of interest, and how many tiles were dropped."""
    plan = plan_blocks(aoi.grid.height, aoi.grid.width, tile, overlap, block)
    if not aoi.glaciers:
        return plan, 0
    kept, outside = [], 0
    for b in plan:
        tiles = tuple(t for t in b.tiles if aoi.tile_touches(t[0], t[1], tile))
        outside += len(b.tiles) - len(tiles)
        read = b.read if tiles else b.window
        kept.append(Block(b.index, b.window, tiles, read))
    return kept, outside


def _reader(stack: RasterStack, aoi: AreaOfInterest) -> Callable[[Block], BlockData]:
    row0, col0 = int(aoi.window.row_off), int(aoi.window.col_off)

    def read(block: Block) -> BlockData:
        if not block.tiles:
            return BlockData(block, None, None, None)
        w = block.read
        data, valid = stack.read(Window(col0 + w.col_off, row0 + w.row_off, w.width, w.height))
        area = aoi.mask(w)
        return BlockData(block, data, valid, valid if area is None else valid & area)

    return read


def _int8(ensemble: Ensemble, stack: RasterStack, aoi: AreaOfInterest, plan: list[Block], tile: int,
          folder: Path, monitor: Monitor) -> Ensemble:
    """int8 members calibrated on tiles of this raster (CPU); on a GPU the float32 members are kept."""
    if ensemble.on_gpu:
        monitor.warning("PRECISION=int8 is a CPU path; the GPU runs the float32 members "
                        "(PRECISION=fp16 is the GPU's).")
        return ensemble
    started = time.perf_counter()
    origins = [t for b in plan for t in b.tiles] or [(0, 0)]
    tiles = calibration_tiles(stack, origins, tile, (int(aoi.window.row_off), int(aoi.window.col_off)))
    quantized = quantize_ensemble(ensemble, tiles, folder)
    monitor.log(f"Members quantised to int8 on {len(tiles)} tiles in {time.perf_counter() - started:.0f} s.")
    return quantized


def _fp16(ensemble: Ensemble, device: str, folder: Path, monitor: Monitor) -> Ensemble:
    """float16 members on the GPU; on the CPU (where float16 runs slower) the float32 members are kept."""
    if not ensemble.on_gpu:
        monitor.warning("PRECISION=fp16 is a GPU path (the CPU runs float16 about 2× slower than float32); "
                        "the CPU runs the float32 members (PRECISION=int8 is the CPU's).")
        return ensemble
    started = time.perf_counter()
    half = float16_ensemble(ensemble, folder, execution_providers(device, ensemble.providers))
    monitor.log(f"Members converted to float16 in {time.perf_counter() - started:.0f} s.")
    return half


def _reduced_precision(ensemble: Ensemble, config: PredictConfig, stack: RasterStack, aoi: AreaOfInterest,
                       plan: list[Block], tile: int, folder: Path, monitor: Monitor) -> Ensemble:
    """The members at ``config.precision``, int8 or fp16 (copies written into ``folder``)."""
    if config.precision == "int8":
        return _int8(ensemble, stack, aoi, plan, tile, folder, monitor)
    return _fp16(ensemble, config.device, folder, monitor)


def _eligibility(ensemble: Ensemble, aoi: AreaOfInterest, window: Window) -> np.ndarray:
    """``[members, rows, cols]``: a member counts where every buffered glacier there is one it never saw."""
    masks = []
    for member in ensemble.members:
        unseen = set(member.test_glaciers)
        seen = [g for g in aoi.glaciers if g not in unseen]
        masks.append(aoi.inside(window, sorted(unseen)) & ~aoi.inside(window, seen))
    return np.stack(masks)


def predict_raster(inputs: Sequence[RasterInput], model: str, config: PredictConfig, mean_path: str,
                   std_path: str, monitor: Monitor = SILENT, class_path: str = "", members_dir: str = "",
                   area: Area | None = None) -> PredictSummary:
    """See :func:`_predict`; GDAL's block cache is capped for the run (every block is written once and
    whole, so a large cache would only hold finished blocks, make memory grow with the raster and leave
    their compression to the end, see GDAL_CACHE_BYTES)."""
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES):
        return _predict(inputs, model, config, mean_path, std_path, monitor, class_path, members_dir, area)


def _check_outputs(outputs: OutputPaths, config: PredictConfig) -> None:
    """Before any work: every output is writable, and a class map has somewhere to go."""
    check_writable([("OUTPUT_MEAN", outputs.mean), ("OUTPUT_STD", outputs.std)]
                   + ([("OUTPUT_CLASSES", outputs.classes)] if outputs.classes else []))
    if config.class_map != "none" and not outputs.classes:
        raise InputError("OUTPUT_CLASSES", f"CLASS_MAP={config.class_map} needs an output file.",
                         "Give OUTPUT_CLASSES, or set CLASS_MAP to none.")


def _predict(inputs: Sequence[RasterInput], model: str, config: PredictConfig, mean_path: str, std_path: str,
             monitor: Monitor, class_path: str, members_dir: str, area: Area | None) -> PredictSummary:
    """Classify the stacked ``inputs`` with every ensemble member, tile by tile, block by block.

    Writes float32 GeoTIFFs on the output grid (the first input's, cropped to an extent, or warped to the
    model's pixel size), one band per non-background class (or the regression target): the mean and the
    standard deviation across members of the blended outputs, nodata -9999 where any input band is
    nodata or outside the area. Optionally a uint8 class map (nodata 255) and one raster per member.
    Each file appears only when complete.
    """
    outputs = OutputPaths(mean_path, std_path, class_path, members_dir)
    _check_outputs(outputs, config)
    ensemble = load_ensemble(model, config.device, monitor.log, warn=monitor.warning)
    metadata = ensemble.metadata
    tile = config.tile_size or metadata.chip_size
    check_tile_size(ensemble.members[0], tile)
    if class_path and metadata.task == "regression":
        raise InputError("OUTPUT_CLASSES", "a regression model has no classes.", "Leave OUTPUT_CLASSES empty.")
    overlap = overlap_pixels(tile, config.overlap, config.overlap_percent)
    if overlap != config.overlap and not config.overlap_percent:
        monitor.log(f"Overlap {config.overlap} px reduced to {overlap} px, below the {tile} px tile.")
    threshold = config.threshold if config.threshold is not None else float(
        ensemble.calibration.get("threshold", 0.5))
    channels, band_names = _channels(ensemble)
    with contextlib.ExitStack() as resources:
        stack = _with_derived_bands(resources.enter_context(
            open_stack(inputs, model_grid(inputs, ensemble, monitor.log))), ensemble, monitor.log)
        check_bands(stack, ensemble, monitor.log)
        aoi = area(stack.grid) if area else whole_raster(stack.grid)
        held_out = config.held_out_only and bool(aoi.glaciers)
        if config.held_out_only and not aoi.glaciers:
            monitor.warning("HELD_OUT_ONLY needs glacier areas (GLACIERS); every member is used.")
        block = block_size_for(tile, config.block_size)
        plan, outside = _plan(aoi, tile, overlap, block)
        if config.precision != "fp32":
            ensemble = _reduced_precision(ensemble, config, stack, aoi, plan, tile, Path(resources.enter_context(
                tempfile.TemporaryDirectory(prefix=f"glacierdl-{config.precision}-"))), monitor)
        members = len(ensemble.members)
        sums = BlockSums(aoi.grid.height, aoi.grid.width, block, (members, len(band_names)))

        def compute(batch: TileBatch) -> np.ndarray:
            return np.stack([_member_outputs(m, batch, channels, config.tta, monitor.log)
                             for m in ensemble.members], axis=1)

        with PredictWriter.open(outputs, aoi.grid, band_names, [m.name for m in ensemble.members],
                                _tags(ensemble, threshold)) as writer:

            def finish(b: Block, block_sums: np.ndarray, weight: np.ndarray) -> None:
                eligible = _eligibility(ensemble, aoi, b.window) if held_out else None
                writer.write(b.window, combine_block(block_sums, weight, eligible, config.class_map, threshold))

            counts = run_pipeline(plan, _reader(stack, aoi), compute, finish, sums,
                                  blend_weights(tile, overlap, config.blending), config.batch_size, monitor,
                                  fixed_shape=ensemble.on_gpu, progress=(5.0, 99.0),
                                  prepare=_standardiser(ensemble.members))
    monitor.log(f"{counts.computed} tiles computed, {counts.skipped_nodata} all-nodata tiles skipped"
                + (f", {outside} tiles outside the glacier buffers never computed" if aoi.glaciers else "")
                + f", {members} member(s), {tile} px tiles, {overlap} px overlap.")
    member_paths = tuple(Path(members_dir) / f"{m.name}.tif" for m in ensemble.members) if members_dir else ()
    return PredictSummary(Path(mean_path), Path(std_path), metadata.classes, counts.computed,
                          counts.skipped_nodata, tuple(ensemble.providers), outside,
                          Path(class_path) if class_path else None, member_paths, aoi.grid)
