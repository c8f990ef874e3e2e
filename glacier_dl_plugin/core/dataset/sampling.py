"""The chip plan: every chip window with the glacier and fold it belongs to, and whether it straddles folds."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from rasterio.windows import Window
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.ops import clip_by_rect, unary_union

from ..config import DatasetConfig
from ..geo.glaciers import PolygonSet
from ..geo.ground import pixel_scale_at
from ..geo.raster_stack import Grid
from ..geo.spatial_index import SpatialIndex
from ..progress import SILENT, Monitor
from .chips import glacier_windows, grid_windows, margin_windows, to_pixels

__all__ = ["PlannedChip", "plan_chips"]

T = TypeVar("T")
Bounds = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax (pixels)


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


class _Piece(NamedTuple):
    """The part of a glacier in one cell, with its bounds and area (pixels)."""

    geometry: BaseGeometry
    bounds: Bounds
    area: float


def _inside(inner: Bounds, outer: Bounds) -> bool:
    """Whether the rectangle ``inner`` lies within ``outer``."""
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _overlap(a: Bounds, b: Bounds) -> bool:
    """Whether two rectangles share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _area_in(piece: _Piece, bounds: Bounds) -> float:
    """Area in pixels of ``piece`` inside the rectangle ``bounds``; clipped only when it crosses the edge."""
    if not _overlap(piece.bounds, bounds):
        return 0.0
    if _inside(piece.bounds, bounds):
        return piece.area
    return clip_by_rect(piece.geometry, *bounds).area


class _Overlaps:
    """The area of a chip window inside each glacier (pixel coordinates).

    Intersecting a whole outline of thousands of vertices with every window was the slowest part of planning.
    Each glacier is instead cut, when first needed, into rows and then square cells of ``cell`` pixels
    (cached), and a window is clipped to the few small pieces under it. The areas equal whole-outline
    intersections' to rounding (within 1e-14 of the window's area), and glaciers are visited in the same
    R-tree order, so exact ties (a window inside two overlapping outlines) resolve as before.
    """

    def __init__(self, glaciers: Sequence[BaseGeometry], cell: int) -> None:
        self.glaciers, self.cell = list(glaciers), cell
        self.tree = SpatialIndex(self.glaciers)
        self._extents: dict[int, Bounds] = {}  # glacier -> its bounds (asking shapely 1.8 costs a clip's time)
        self._rows: dict[tuple[int, int], BaseGeometry] = {}  # (glacier, cell row) -> its part in that row
        self._pieces: dict[tuple[int, int, int], _Piece | None] = {}  # (glacier, cell row, cell column) -> part

    def _piece(self, glacier: int, row: int, col: int) -> _Piece | None:
        """The part of ``glacier`` in the cell at (``row``, ``col``) (cell units), None when there is none."""
        key = (glacier, row, col)
        if key not in self._pieces:
            self._pieces[key] = self._cut(glacier, row, col)
        return self._pieces[key]

    def _cut(self, glacier: int, row: int, col: int) -> _Piece | None:
        """Clip ``glacier`` to its row of cells (kept for the row's other cells), then to the cell."""
        outline, size = self.glaciers[glacier], self.cell
        if glacier not in self._extents:
            self._extents[glacier] = outline.bounds
        extent, cell = self._extents[glacier], (col * size, row * size, (col + 1) * size, (row + 1) * size)
        if not _overlap(extent, cell):
            return None
        if _inside(extent, cell):  # a small glacier: whole
            return _Piece(outline, extent, outline.area)
        if (glacier, row) not in self._rows:
            self._rows[glacier, row] = clip_by_rect(outline, extent[0], cell[1], extent[2], cell[3])
        part = clip_by_rect(self._rows[glacier, row], *cell)
        return None if part.is_empty else _Piece(part, part.bounds, part.area)

    def _cells(self, low: int, high: int) -> range:
        """Indices of the cells meeting the open pixel interval (``low``, ``high``)."""
        return range(low // self.cell, math.ceil(high / self.cell))

    def areas(self, col: int, row: int, size: int) -> dict[int, float]:
        """Glacier index -> area in pixels of the ``size`` x ``size`` window at (``col``, ``row``) inside that
        glacier, for every glacier covering some of it."""
        bounds: Bounds = (col, row, col + size, row + size)
        cells = [(r, c) for r in self._cells(row, row + size) for c in self._cells(col, col + size)]
        overlap = {}
        for glacier in self.tree.query(box(*bounds)):
            pieces = (self._piece(glacier, r, c) for r, c in cells)
            area = sum(_area_in(piece, bounds) for piece in pieces if piece is not None)
            if area > 0:
                overlap[glacier] = area
        return overlap

    def nearest(self, col: int, row: int, size: int) -> int:
        """Index of the glacier nearest to the window."""
        return self.tree.nearest(box(col, row, col + size, row + size))


class _Origins:
    """Planned chip origins (row, column), also bucketed by blocks of ``chip`` pixels, so that the chips near
    one glacier are found without scanning every chip of the region."""

    def __init__(self, chip: int) -> None:
        self.chip, self.all = chip, set()
        self._blocks: dict[tuple[int, int], set] = defaultdict(set)

    def add(self, origins: Iterable[tuple[int, int]]) -> None:
        for row, col in origins:
            self.all.add((row, col))
            self._blocks[row // self.chip, col // self.chip].add((row, col))

    def near(self, bounds: tuple[float, float, float, float]) -> set:
        """Origins of every chip that may contain a point within ``bounds`` (xmin, ymin, xmax, ymax; pixels),
        and perhaps a few more."""
        xmin, ymin, xmax, ymax = bounds
        rows = range(math.floor((ymin - self.chip) / self.chip) - 1, math.floor(ymax / self.chip) + 2)
        cols = range(math.floor((xmin - self.chip) / self.chip) - 1, math.floor(xmax / self.chip) + 2)
        return set().union(*(self._blocks.get((r, c), ()) for r in rows for c in cols))


def _glacier_origins(glaciers_px: dict, buffers_px: dict, shape: tuple[int, int], config: DatasetConfig,
                     monitor: Monitor, percent: tuple[float, float]) -> set:
    """Stride, centre and margin chip origins of every glacier, reporting progress within ``percent``.

    Args:
        buffers_px: glacier id -> the buffer in pixels along columns and rows (at the glacier's ground scale).
    """
    start, end = percent
    middle = start + (end - start) * 2 / 3  # stride chips take about twice as long as margin chips
    origins = _Origins(config.chip_size)
    for glacier_id in _stepped(list(glaciers_px), monitor, start, middle):
        origins.add(glacier_windows(glaciers_px[glacier_id], shape, config.chip_size, config.stride,
                                    buffers_px[glacier_id]))
    # after the grid, so that margins already seen need no chip; only chips near the glacier can hold its margin
    # (passing all of a region's chips made this quadratic in the number of glaciers)
    for glacier in _stepped(list(glaciers_px.values()), monitor, middle, end):
        origins.add(margin_windows(glacier, shape, config.chip_size, config.chip_size, origins.near(glacier.bounds)))
    return origins.all


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
    middle = start + (end - start) / 2  # placing origins and finding owners take about as long (Everest, synthetic)
    ids = list(glaciers)
    pixels = [to_pixels(glaciers[g], grid) for g in ids]
    shape, chip = (grid.height, grid.width), config.chip_size
    if config.sampling == "grid":
        area = None if mask is None else to_pixels(unary_union(mask.geometries), grid)
        origins = grid_windows(shape, chip, config.stride, area)
    else:
        buffers = {g: pixel_scale_at(glaciers[g], grid.crs, grid.transform).units(config.buffer_m) for g in ids}
        origins = sorted(_glacier_origins(dict(zip(ids, pixels)), buffers, shape, config, monitor, (start, middle)))
    overlaps, plan = _Overlaps(pixels, chip), []
    for row, col in _stepped(origins, monitor, middle, end):
        overlap = overlaps.areas(col, row, chip)
        owner = ids[max(overlap, key=overlap.get) if overlap else overlaps.nearest(col, row, chip)]
        straddles = any(folds[ids[i]] != folds[owner] for i in overlap)
        plan.append(PlannedChip(Window(col, row, chip, chip), owner, folds[owner], straddles))
    monitor.step(1, 1, start, end)
    return plan
