"""The one prediction engine: an ensemble opened on its inputs, computing blended per-member outputs over
windows of the output grid.

Opening happens once per run. :func:`load_model` loads the members and checks the tile size and the overlap
(before any work); :func:`open_engine` opens the inputs on the model's grid (warped once when their pixel
size differs), adds the derived bands (slope, NDSI, ...) the model's dataset recipe asks for, checks the band
count, and converts the members to the requested precision. :meth:`Engine.run` then computes the tiles of a
plan of blocks (:mod:`core.predict.blocks`) through the reader / model / writer pipeline
(:mod:`core.predict.pipeline`) with the configured blending and test-time augmentation and the members'
calibration temperatures, and hands each final block's weighted sums to its consumer: Predict's GeoTIFF
writer (:mod:`core.predict.geotiff_run`), or Calibrate's pixel sampler through :meth:`Engine.window`.
Nothing else cuts tiles, so both see the same values at the same pixels.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rasterio.windows import Window, union

from ..config.predict import InferenceConfig
from ..errors import InputError
from ..geo.raster_stack import Grid, RasterInput, RasterStack
from ..progress import SILENT, Monitor
from .blocks import Block, BlockSums, block_size_for, slices_within
from .ensemble import Ensemble, Member, load_ensemble, run_split_on_oom
from .model_inputs import open_model_inputs
from .pipeline import BlockData, PipelineCounts, TileBatch, run_pipeline
from .quantize import calibration_tiles, reduced_precision
from .regions import AreaOfInterest, plan_area, whole_raster
from .tiling import blend_weights, check_stride, nearest_multiples
from .writers import combine_block

__all__ = ["Area", "Engine", "WindowValues", "LoadedModel", "load_model", "open_engine", "check_tile_size"]

Area = Callable[[Grid], AreaOfInterest]
"""Builds the area of interest once the input grid is known (default: the whole raster)."""

Finish = Callable[[Block, np.ndarray, np.ndarray], None]
"""Receives each final block with its weighted sums ``[members, bands, rows, cols]`` and weight ``[rows, cols]``."""


def check_tile_size(ensemble: Ensemble, tile: int) -> None:
    """The tile must fit the model: equal to fixed input sizes, and a multiple of its output stride.

    An encoder of depth d halves the tile d times (stride 2^d: 32 for depth 5, 8 for depth 3); smp's decoders
    resize each stage to its skip, so other sizes run without error but misalign features. A model without a
    known stride (:attr:`Ensemble.output_stride`: an old single .onnx file) is tried on a blank tile instead.

    Raises:
        InputError: (TILE_SIZE) a size the model cannot take, naming the stride and the nearest valid sizes.
    """
    member, chip = ensemble.members[0], ensemble.metadata.chip_size
    shape = member.session.get_inputs()[0].shape
    fixed = [s for s in shape[2:] if isinstance(s, int)]
    if fixed and any(s != tile for s in fixed):
        raise InputError("TILE_SIZE", f"the model only takes {fixed[0]} px tiles, not {tile} px.",
                         f"Use TILE_SIZE={fixed[0]} (or 0 for the model's size).")
    check_stride(tile, ensemble.output_stride, chip)
    if ensemble.output_stride or tile % 32 == 0:
        return
    try:
        member.run(np.zeros((1, len(member.metadata.bands), tile, tile), np.float32))
    except Exception as error:  # onnxruntime's shape errors are untyped
        raise InputError(
            "TILE_SIZE", f"the model cannot process {tile} px tiles ({str(error).splitlines()[0][:160]}).",
            f"Use a multiple of 32 such as {' or '.join(str(s) for s in nearest_multiples(tile, 32))}, or 0 for "
            f"the model's chip size ({chip} px).") from error


@dataclass(frozen=True)
class LoadedModel:
    """An ensemble and the tile and overlap, in pixels, it runs with (both checked)."""

    ensemble: Ensemble
    tile: int
    overlap: int


def load_model(model: str, config: InferenceConfig, monitor: Monitor = SILENT, threads: int = 0) -> LoadedModel:
    """Load the members (folder, ensemble.json or .onnx); ``TILE_SIZE=0`` takes the model's chip size;
    ``threads``: onnxruntime intra-op threads (0: every core; a single-threaded Dask worker's task: 1).

    Raises:
        InputError: (MODEL) an unreadable model; (OVERLAP) an overlap not below the tile; (TILE_SIZE) a tile
            the model cannot take.
    """
    ensemble = load_ensemble(model, config.device, monitor.log, threads=threads, warn=monitor.warning)
    tile = config.tile_size or ensemble.metadata.chip_size
    overlap = config.overlap_pixels(tile)
    check_tile_size(ensemble, tile)
    return LoadedModel(ensemble, tile, overlap)


def _channels(ensemble: Ensemble, background: bool) -> tuple[slice, list[str]]:
    """Output channels kept per member and their band names (without ``background``, the background
    probability is implied: 1 − Σ of the others)."""
    metadata = ensemble.metadata
    if metadata.task == "regression":
        return slice(0, 1), [metadata.target or "value"]
    first = 0 if background else 1
    return slice(first, None), [f"{name} probability" for name in metadata.classes[first:]]


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


@dataclass(frozen=True)
class Engine:
    """An ensemble opened on its inputs (use :func:`open_engine`); windows are on the output grid
    (``aoi.grid``: the model grid, cropped to the area of interest).

    Attributes:
        blocks: the plan of the whole area of interest (Predict's); outside_tiles: tiles it never computes
            because they touch no buffered glacier.
        band_names: one per output channel of every member.
    """

    ensemble: Ensemble
    stack: RasterStack
    aoi: AreaOfInterest
    tile: int
    overlap: int
    block: int
    config: InferenceConfig
    monitor: Monitor
    channels: slice
    band_names: list[str]
    blocks: list[Block]
    outside_tiles: int

    @property
    def held_out(self) -> bool:
        """Whether each pixel counts only the members that never saw the glaciers whose buffers cover it."""
        return self.config.held_out_only and bool(self.aoi.glaciers)

    def eligibility(self, window: Window) -> np.ndarray | None:
        """``[members, rows, cols]``: a member counts where every buffered glacier there is one it never saw
        (None: every member counts everywhere)."""
        if not self.held_out:
            return None
        masks = []
        for member in self.ensemble.members:
            unseen = set(member.test_glaciers)
            seen = [g for g in self.aoi.glaciers if g not in unseen]
            masks.append(self.aoi.inside(window, sorted(unseen)) & ~self.aoi.inside(window, seen))
        return np.stack(masks)

    def run(self, plan: list[Block], finish: Finish, progress: tuple[float, float] = (0.0, 100.0)) -> PipelineCounts:
        """Compute every tile of ``plan`` with every member and blend them; ``finish`` gets each final block
        (on the writer thread). Progress is reported within ``progress`` percent."""
        members = self.ensemble.members
        region = union(*(b.window for b in plan))
        sums = BlockSums(region, self.block, (len(members), len(self.band_names)))

        def compute(batch: TileBatch) -> np.ndarray:
            return np.stack([_member_outputs(m, batch, self.channels, self.config.tta, self.monitor.log)
                             for m in members], axis=1)

        return run_pipeline(plan, _reader(self.stack, self.aoi), compute, finish, sums,
                            blend_weights(self.tile, self.overlap, self.config.blending), self.config.batch_size,
                            self.monitor, fixed_shape=self.ensemble.on_gpu, progress=progress,
                            prepare=_standardiser(members))

    def window(self, window: Window, progress: tuple[float, float] = (0.0, 100.0)) -> WindowValues:
        """Blended values over ``window``, exactly those a run over the whole area gives there.

        Only the area's tiles that overlap ``window`` are computed; memory grows with the window.
        """
        plan, _ = plan_area(self.aoi, self.stack.grid, self.tile, self.overlap, self.block, window)
        shape = (len(self.ensemble.members), len(self.band_names), int(window.height), int(window.width))
        values = WindowValues(np.zeros(shape, np.float32), np.zeros(shape[2:], bool),
                              np.zeros((shape[0],) + shape[2:], bool) if self.held_out else None)

        def finish(block: Block, block_sums: np.ndarray, weight: np.ndarray) -> None:
            here, eligible = slices_within(block.window, window), self.eligibility(block.window)
            combined = combine_block(block_sums, weight, eligible)
            values.members[(slice(None), slice(None)) + here] = combined.members
            values.valid[here] = combined.valid
            if eligible is not None:
                values.eligible[(slice(None),) + here] = eligible

        self.run(plan, finish, progress)
        return values


@dataclass(frozen=True)
class WindowValues:
    """Blended per-member values over one window (:meth:`Engine.window`).

    Attributes:
        members: float32 ``[members, bands, rows, cols]``.
        valid: where the values count: every input band valid, inside the area of interest and, with held-out
            members, covered by at least one of them.
        eligible: ``[members, rows, cols]``: which members count at each pixel; None: every member.
    """

    members: np.ndarray
    valid: np.ndarray
    eligible: np.ndarray | None


@contextlib.contextmanager
def open_engine(inputs: Sequence[RasterInput] | RasterStack, model: LoadedModel, config: InferenceConfig,
                monitor: Monitor = SILENT, area: Area | None = None, background: bool = False) -> Iterator[Engine]:
    """Open ``inputs`` for ``model``: on the model's grid, with the derived bands, the band count checked, the
    members at ``config.precision`` (int8 calibrated on tiles of the area). Closed (and reduced-precision
    copies deleted) on exit.

    Args:
        inputs: the rasters, or a stack already opened on the output grid and used as it is (a plain image
            without georeferencing, :mod:`core.predict.image_folder`; its band count is the caller's check).
        area: the area of interest, built on the model grid (default: the whole raster).
        background: also output the background probability (Calibrate's temperatures need every class).

    Raises:
        InputError: (INPUTS) band names or a band count other than the model's; (MODEL) derived bands without a
            recipe.
    """
    ensemble, tile = model.ensemble, model.tile
    with contextlib.ExitStack() as resources:
        stack = inputs if isinstance(inputs, RasterStack) else resources.enter_context(
            open_model_inputs(inputs, ensemble, monitor.log, config.ignore_band_names))
        aoi = area(stack.grid) if area else whole_raster(stack.grid)
        if config.held_out_only and not aoi.glaciers:
            monitor.warning("HELD_OUT_ONLY needs glacier areas (GLACIERS); every member is used.")
        block = block_size_for(tile, config.block_size)
        blocks, outside = plan_area(aoi, stack.grid, tile, model.overlap, block)
        if config.precision != "fp32":
            origins = [t for b in blocks for t in b.tiles] or [(0, 0)]
            offset = (int(aoi.window.row_off), int(aoi.window.col_off))
            ensemble = reduced_precision(
                ensemble, config.precision, config.device, lambda: calibration_tiles(stack, origins, tile, offset),
                Path(resources.enter_context(tempfile.TemporaryDirectory(prefix=f"glacierdl-{config.precision}-"))),
                monitor)
        channels, band_names = _channels(ensemble, background)
        yield Engine(ensemble, stack, aoi, tile, model.overlap, block, config, monitor, channels, band_names,
                     blocks, outside)
