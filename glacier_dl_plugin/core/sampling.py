"""The chip plan: every chip window with the glacier and fold it belongs to, and whether it straddles folds."""
from __future__ import annotations

from dataclasses import dataclass

from rasterio.windows import Window
from shapely.geometry import box
from shapely.ops import unary_union

from .chips import glacier_windows, grid_windows, margin_windows, to_pixels
from .config import DatasetConfig
from .glaciers import PolygonSet
from .raster_stack import Grid
from .spatial_index import SpatialIndex
from .target_grid import metres_per_pixel

__all__ = ["PlannedChip", "plan_chips"]


@dataclass(frozen=True)
class PlannedChip:
    """One chip window; ``straddles``: it also covers glaciers of another fold than its own."""

    window: Window
    glacier_id: str
    fold: int
    straddles: bool


def _glacier_origins(glaciers_px: dict, shape: tuple[int, int], config: DatasetConfig, buffer_px: float) -> set:
    origins: set = set()
    for glacier in glaciers_px.values():
        origins |= glacier_windows(glacier, shape, config.chip_size, config.stride, buffer_px)
    for glacier in glaciers_px.values():  # after the grid, so that margins already seen need no chip
        origins |= margin_windows(glacier, shape, config.chip_size, config.chip_size, origins)
    return origins


def plan_chips(glaciers: dict, folds: dict[str, int], grid: Grid, config: DatasetConfig,
               mask: PolygonSet | None = None) -> list[PlannedChip]:
    """Chip windows in row-major order, each owned by the glacier covering most of it (or the nearest one).

    Args:
        glaciers: glacier id -> polygon in the grid CRS.
        folds: glacier id -> fold.
        mask: for ``grid`` sampling, the area to sample (None: the whole grid).
    """
    ids = list(glaciers)
    pixels = [to_pixels(glaciers[g], grid) for g in ids]
    shape, chip = (grid.height, grid.width), config.chip_size
    if config.sampling == "grid":
        area = None if mask is None else to_pixels(unary_union(mask.geometries), grid)
        origins = grid_windows(shape, chip, config.stride, area)
    else:
        buffer_px = config.buffer_m / min(metres_per_pixel(grid))
        origins = sorted(_glacier_origins(dict(zip(ids, pixels)), shape, config, buffer_px))
    tree, plan = SpatialIndex(pixels), []
    for row, col in origins:
        footprint = box(col, row, col + chip, row + chip)
        overlap = {i: pixels[i].intersection(footprint).area for i in tree.query(footprint)}
        overlap = {i: a for i, a in overlap.items() if a > 0}
        owner = ids[max(overlap, key=overlap.get) if overlap else tree.nearest(footprint)]
        straddles = any(folds[ids[i]] != folds[owner] for i in overlap)
        plan.append(PlannedChip(Window(col, row, chip, chip), owner, folds[owner], straddles))
    return plan

