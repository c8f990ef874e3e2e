"""Create a training dataset: image and mask chips, manifest, folds and normalisation statistics.

The layout is described in ``docs/formats.md`` and ``docs/dataset.md``. Everything is written into a
temporary folder that replaces the requested one only when complete.
"""
from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rasterio.windows import Window
from shapely.geometry import box

from ..atomic import atomic_dir, check_output_folder
from ..config import IGNORE_INDEX, NODATA_FLOAT, DatasetConfig
from ..errors import InputError
from ..geo.glaciers import GlacierSet, PolygonSet
from ..geo.ground import metres_per_pixel
from ..geo.raster_stack import BandReader, Grid, RasterInput, RasterStack, open_on_grid, open_stack
from ..geo.target_grid import target_grid
from ..geo.window_cache import WindowCache
from ..progress import SILENT, Monitor
from .features import FeaturePlan, derive, plan_features
from .files import ChipWriter, write_description, write_manifest
from .folds import block_folds, random_folds, single_fold_warning, spatial_folds
from .labels import Labeller, class_fractions
from .point_targets import PixelMeans, PointMeasurements, pixel_means
from .sampling import PlannedChip, plan_chips
from .statistics import BandStatistics

__all__ = ["DatasetSummary", "create_dataset", "dataset_grid", "PLANNED"]

PLANNED = 20
"""Progress (percent) when planning ends and chip writing starts: planning (reprojecting, grouping glaciers,
placing chips, finding their owners) takes about a fifth of a run on the Everest sample."""
_FILTER_PARAMETERS = {"straddle": "STRADDLE", "nodata": "MAX_NODATA", "class_fraction": "MIN_CLASS_FRACTION",
                      "target": "MIN_MEASURED"}


@dataclass(frozen=True)
class DatasetSummary:
    """What :func:`create_dataset` wrote: chips kept, chips dropped per filter, glaciers and folds."""

    path: Path
    chips: int
    dropped: dict[str, int]
    glaciers: int
    repaired_geometries: int
    folds: dict[str, int]
    grid: Grid

    @property
    def dropped_nodata(self) -> int:
        return self.dropped["nodata"]


@dataclass(frozen=True)
class _Sources:
    """Everything a chip is cut from, open for the whole run."""

    stack: RasterStack
    cache: WindowCache  # strip reads of the stack and its labels, for chips visited row by row
    features: FeaturePlan
    labeller: Labeller
    target: BandReader | PixelMeans | None  # the regression target on the grid (a raster, or point means)
    spacing: tuple[float, float]  # pixel size in metres, for slope


Target = RasterInput | PointMeasurements
"""A regression target: a single-band raster, or point/line measurements averaged per pixel."""


def dataset_grid(inputs: Sequence[RasterInput], config: DatasetConfig, target: Target | None = None) -> Grid:
    """The target grid of a dataset: ``config.target_crs`` / ``target_resolution_m`` over the first raster,
    aligned with any input (or a regression target raster) already on that CRS and pixel size."""
    if not inputs:
        raise InputError("INPUTS", "no raster was given.", "Select at least one raster layer.")
    others = [i.path for i in inputs[1:]] + ([target.path] if isinstance(target, RasterInput) else [])
    return target_grid(inputs[0].path, config.target_crs or None, config.target_resolution_m, others)


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


def _fraction_index(config: DatasetConfig, class_names: Sequence[str]) -> int | None:
    """Class index the class-fraction filter counts; None: every class but the background."""
    if not config.fraction_class:
        return None
    if config.fraction_class not in class_names[1:]:
        raise InputError("FRACTION_CLASS", f"'{config.fraction_class}' is not a class of this dataset.",
                         f"Use one of: {', '.join(class_names[1:])} (or leave it empty for any glacier class).")
    return list(class_names).index(config.fraction_class)


def _read_chip(sources: _Sources, window: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All stack and derived bands in ``window``, where all of them are valid, and the class labels."""
    h = sources.features.halo
    wide = Window(window.col_off - h, window.row_off - h, window.width + 2 * h, window.height + 2 * h)
    data, valid, labels = sources.cache.read(wide)
    if not sources.features.features:
        return data, valid, labels
    crop = (slice(h, h + int(window.height)), slice(h, h + int(window.width)))
    derived, derived_valid = derive(sources.features, data, valid, sources.spacing)
    return np.concatenate([data[(slice(None), *crop)], derived]), derived_valid, labels[crop]


def _cut(sources: _Sources, chip: PlannedChip, config: DatasetConfig, fraction_index: int | None):
    """The chip's image, valid mask, class fractions and mask array, or the name of the filter dropping it."""
    if chip.straddles and config.straddle == "drop":
        return "straddle"
    image, valid, classes = _read_chip(sources, chip.window)
    if 1 - valid.mean() > config.max_nodata_fraction:
        return "nodata"
    fractions = class_fractions(classes, valid, len(sources.labeller.class_names))
    wanted = 1 - fractions[0] if fraction_index is None else fractions[fraction_index]
    if valid.any() and wanted < config.min_class_fraction or not valid.any() and config.min_class_fraction > 0:
        return "class_fraction"
    complete = valid.all()
    if not complete:
        image[:, ~valid] = NODATA_FLOAT
    if sources.target is None:
        if not complete:
            classes[~valid] = IGNORE_INDEX
        return image, valid, fractions, classes
    values, target_valid = sources.target.read(chip.window)
    target_valid &= valid
    if target_valid.sum() < config.min_target_pixels:
        return "target"
    return image, valid, fractions, np.where(target_valid, values[0], NODATA_FLOAT).astype(np.float32)


def _folds(glaciers: dict, config: DatasetConfig) -> dict[str, int]:
    if config.split == "blocks":  # every glacier in fold 0 while chips are placed; blocks give their folds
        return dict.fromkeys(glaciers, 0)
    if config.split == "random":
        return random_folds(glaciers, config.n_folds, config.seed)
    return spatial_folds(glaciers, config.n_folds)


def _write_chips(writer: ChipWriter, sources: _Sources, plan: list[PlannedChip], config: DatasetConfig,
                 statistics: BandStatistics, monitor: Monitor) -> tuple[list[dict], dict[str, int]]:
    fraction_index = _fraction_index(config, sources.labeller.class_names)
    rows, dropped = [], dict.fromkeys(_FILTER_PARAMETERS, 0)
    for n, chip in enumerate(plan):
        monitor.step(n, len(plan), PLANNED, 90)
        cut = _cut(sources, chip, config, fraction_index)
        if isinstance(cut, str):
            dropped[cut] += 1
            continue
        image, valid, fractions, mask = cut
        rows.append(writer.write(f"chip_{len(rows):05d}", chip, image, mask, fractions))
        statistics.add(chip.fold, image, valid)
    return rows, dropped


def _block_pixels(config: DatasetConfig, grid: Grid) -> int:
    """The side of the ``blocks`` split's squares in pixels (the smaller metres-per-pixel axis; 0: two chips)."""
    if not config.block_size_m:
        return 2 * config.chip_size
    return max(1, round(config.block_size_m / min(metres_per_pixel(grid))))


def _nothing_left(plan: list[PlannedChip], dropped: dict[str, int]) -> InputError:
    worst = max(dropped, key=dropped.get)
    counts = ", ".join(f"{n} by {_FILTER_PARAMETERS[k]}" for k, n in dropped.items() if n)
    return InputError(_FILTER_PARAMETERS[worst], f"all {len(plan)} chips were dropped ({counts}).",
                      "Relax that filter (MAX_NODATA up, MIN_CLASS_FRACTION down, STRADDLE assign) or check the "
                      "rasters' nodata values.")


@contextlib.contextmanager
def _open_sources(inputs: Sequence[RasterInput], grid: Grid, glaciers: GlacierSet, extra: PolygonSet | None,
                  target: Target | None, config: DatasetConfig):
    with open_stack(inputs, grid) as stack, contextlib.ExitStack() as files:
        target_reader = pixel_means(target, grid) if isinstance(target, PointMeasurements) else None
        if isinstance(target, RasterInput):
            target_reader, names = open_on_grid(target, grid, files, "REGRESSION_TARGET")
            if len(names) != 1:
                raise InputError("REGRESSION_TARGET", f"'{target.label}' has {len(names)} bands.",
                                 "Choose a single-band raster (e.g. ice thickness).")
        labeller = Labeller(glaciers, extra, config.extra_class)
        cache = WindowCache(lambda window: (*stack.read(window), labeller.mask(window, grid)), grid.width)
        yield _Sources(stack, cache, plan_features(config, stack.band_names), labeller, target_reader,
                       metres_per_pixel(grid))


def create_dataset(inputs: Sequence[RasterInput], glaciers: GlacierSet, config: DatasetConfig, output: str,
                   overwrite: bool = False, monitor: Monitor = SILENT, extra: PolygonSet | None = None,
                   mask: PolygonSet | None = None, target: Target | None = None) -> DatasetSummary:
    """Cut chips from the ``inputs`` warped onto one target grid and write a dataset folder.

    Args:
        inputs: rasters; the grid is :func:`dataset_grid` (default: the first raster's).
        glaciers: glacier polygons (see :func:`core.geo.glaciers.load_glaciers`), reprojected to the grid if needed.
        config: sampling, filters, folds, target grid and derived features.
        output: dataset folder to create.
        overwrite: replace an existing non-empty folder.
        monitor: progress (planning up to :data:`PLANNED` %, chips up to 90 %) and cancellation.
        extra: optional second polygon layer burnt as class ``config.extra_class``.
        mask: optional area for ``grid`` sampling.
        target: optional regression target (masks then hold its values): a single-band raster, or point
            measurements averaged per pixel (unmeasured pixels are nodata).
    """
    folder = check_output_folder(output, overwrite)
    grid = dataset_grid(inputs, config, target)
    monitor.step(1, 100)  # planning reports 0-PLANNED %: each step also answers a cancel at once
    glaciers = glaciers.to_crs(grid.crs)
    extra, mask = (None if p is None else p.to_crs(grid.crs) for p in (extra, mask))
    _check_overlap(glaciers, grid)
    _check_chip_size(config, grid)
    monitor.step(2, 100)
    with _open_sources(inputs, grid, glaciers, extra, target, config) as sources:
        by_glacier = glaciers.by_glacier()
        folds = _folds(by_glacier, config)
        if single_fold_warning(config.n_folds):
            monitor.warning(single_fold_warning(config.n_folds))
        monitor.step(3, 100)
        plan = plan_chips(by_glacier, folds, grid, config, mask, monitor, (3, PLANNED))  # the slow part
        blocks = None
        if config.split == "blocks":  # glaciers then span folds: none is held out whole
            plan, block_of = block_folds(plan, _block_pixels(config, grid), config.n_folds, config.seed)
            folds, blocks = {}, {"size_px": _block_pixels(config, grid), "folds": block_of}
        monitor.log(f"{len(plan)} chip windows around {len(by_glacier)} glaciers on a {grid.width} x {grid.height} px "
                    f"grid ({glaciers.repaired} glacier geometries repaired).")
        bands = list(sources.stack.band_names) + list(sources.features.band_names)
        statistics = BandStatistics(len(bands), seed=config.seed)
        with atomic_dir(folder, overwrite=True) as work:
            writer = ChipWriter(work, grid, bands, sources.labeller.class_names, regression=target is not None)
            try:
                rows, dropped = _write_chips(writer, sources, plan, config, statistics, monitor)
            finally:
                writer.close()  # every queued file written (or the failure raised) before the folder moves
            if not rows:
                raise _nothing_left(plan, dropped)
            write_manifest(work, rows)
            write_description(work, grid, bands, sources.labeller.class_names, config, folds, statistics, inputs,
                              target, dropped, glaciers.repaired + sum(p.repaired for p in (extra, mask) if p),
                              blocks)
            monitor.progress(92)
            writer.finish(rows)
    monitor.log(f"Wrote {len(rows)} chips to {folder}; dropped: "
                + ", ".join(f"{n} by {_FILTER_PARAMETERS[k]}" for k, n in dropped.items()) + ".")
    return DatasetSummary(folder, len(rows), dropped, len(by_glacier), glaciers.repaired,
                          {str(k): sum(1 for r in rows if r["fold"] == k) for k in range(config.n_folds)}, grid)
