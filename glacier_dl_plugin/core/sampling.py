"""The chip plan: every chip window with the glacier and fold it belongs to, and whether it straddles folds."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence, TypeVar

from rasterio.windows import Window
from shapely.geometry import box
from shapely.ops import unary_union

from .chips import glacier_windows, grid_windows, margin_windows, to_pixels
from .config import DatasetConfig
from .glaciers import PolygonSet
from .progress import SILENT, Monitor
from .raster_stack import Grid
from .spatial_index import SpatialIndex
from .target_grid import metres_per_pixel

__all__ = ["PlannedChip", "plan_chips"]

T = TypeVar("T")


@dataclass(frozen=True)
class PlannedChip:
    """One chip window; ``straddles``: it also covers glaciers of another fold than its own."""

    window: Window
    glacier_id: str
    fold: int
    straddles: bool


def _stepped(items: Sequence[T], monitor: Monitor, start: float, end: float) -> Iterator[T]:
    """``items``, reporting progress from ``start`` to ``end`` percent (and checking for cancel) before each."""
    for n, item in enumerate(items):
        monitor.step(n, len(items), start, end)
        yield item


def _glacier_origins(glaciers_px: dict, shape: tuple[int, int], config: DatasetConfig, buffer_px: float,
                     monitor: Monitor, percent: tuple[float, float]) -> set:
    """Stride, centre and margin chip origins of every glacier, reporting progress within ``percent``."""
    start, end = percent
    middle = start + (end - start) * 2 / 3  # stride chips take about twice as long as margin chips
    origins: set = set()
    for glacier in _stepped(list(glaciers_px.values()), monitor, start, middle):
        origins |= glacier_windows(glacier, shape, config.chip_size, config.stride, buffer_px)
    # after the grid, so that margins already seen need no chip
    for glacier in _stepped(list(glaciers_px.values()), monitor, middle, end):
        origins |= margin_windows(glacier, shape, config.chip_size, config.chip_size, origins)
    return origins


def plan_chips(glaciers: dict, folds: dict[str, int], grid: Grid, config: DatasetConfig,
               mask: PolygonSet | None = None, monitor: Monitor = SILENT,
               percent: tuple[float, float] = (0.0, 100.0)) -> list[PlannedChip]:
    """Chip windows in row-major order, each owned by the glacier covering most of it (or the nearest one).

    Args:
        glaciers: glacier id -> polygon in the grid CRS.
        folds: glacier id -> fold.
        mask: for ``grid`` sampling, the area to sample (None: the whole grid).
        monitor: progress (reported within ``percent``, glacier by glacier and chip by chip) and cancel.

    Raises:
        CancelledError: the user cancelled.
    """
    start, end = percent
    middle = start + (end - start) / 3  # finding owners takes about twice as long as placing origins (Everest)
    ids = list(glaciers)
    pixels = [to_pixels(glaciers[g], grid) for g in ids]
    shape, chip = (grid.height, grid.width), config.chip_size
    if config.sampling == "grid":
        area = None if mask is None else to_pixels(unary_union(mask.geometries), grid)
        origins = grid_windows(shape, chip, config.stride, area)
    else:
        buffer_px = config.buffer_m / min(metres_per_pixel(grid))
        origins = sorted(_glacier_origins(dict(zip(ids, pixels)), shape, config, buffer_px, monitor, (start, middle)))
    tree, plan = SpatialIndex(pixels), []
    for row, col in _stepped(origins, monitor, middle, end):
        footprint = box(col, row, col + chip, row + chip)
        overlap = {i: pixels[i].intersection(footprint).area for i in tree.query(footprint)}
        overlap = {i: a for i, a in overlap.items() if a > 0}
        owner = ids[max(overlap, key=overlap.get) if overlap else tree.nearest(footprint)]
        straddles = any(folds[ids[i]] != folds[owner] for i in overlap)
        plan.append(PlannedChip(Window(col, row, chip, chip), owner, folds[owner], straddles))
    monitor.step(1, 1, start, end)
    return plan
