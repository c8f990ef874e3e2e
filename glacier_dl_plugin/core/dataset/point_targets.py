"""Point (or line) measurements as a regression target: values averaged per pixel of the dataset grid.

Ice-thickness surveys come as points (GPR picks, boreholes) or profile lines with a value. On the target
grid every pixel holding at least one measurement gets their mean; the others are unmeasured, written as
nodata in the mask chips and ignored by the loss. Lines are sampled every half pixel along their length
(in the grid's CRS), so a profile crossing a pixel counts once per half pixel it runs through it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from pyproj import CRS, Transformer
from rasterio.transform import rowcol
from rasterio.windows import Window
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform as transform_geometry

from ..errors import InputError
from ..geo.raster_stack import Grid

__all__ = ["PointMeasurements", "PixelMeans", "pixel_means"]


@dataclass(frozen=True, eq=False)
class PointMeasurements:
    """Measured values at points or along lines, in the CRS ``crs`` (WKT or authority code).

    Attributes:
        label: the layer's name, for messages and ``dataset.json``.
        field: the attribute holding the values.
        geometries: one point, multipoint, line or multiline per measurement.
        values: the measured value of each geometry (e.g. ice thickness in metres).
        parameter, field_parameter: the names of the layer and field parameters, for messages.
    """

    label: str
    field: str
    crs: str
    geometries: Sequence[BaseGeometry]
    values: Sequence[float]
    parameter: str = "REGRESSION_TARGET"
    field_parameter: str = "REGRESSION_FIELD"

    def description(self) -> dict:
        """What ``dataset.json`` records of the target (no geometries)."""
        return {"label": self.label, "field": self.field, "measurements": len(self.values), "kind": "points"}


@dataclass(frozen=True, eq=False)
class PixelMeans:
    """The per-pixel means on a grid, read by window like a raster band.

    Attributes:
        width: the grid's width (pixels), to turn flat indices into rows and columns.
        pixels: flat indices ``row * width + col`` of the measured pixels, ascending.
        means: the mean value of each measured pixel.
        counts: how many samples each measured pixel averages.
    """

    width: int
    pixels: np.ndarray
    means: np.ndarray
    counts: np.ndarray

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        """float32 ``[1, rows, cols]`` of means (0 where unmeasured) and where a pixel is measured."""
        rows, cols = int(window.height), int(window.width)
        top, left = int(window.row_off), int(window.col_off)
        values, valid = np.zeros((1, rows, cols), np.float32), np.zeros((rows, cols), bool)
        # ascending flat indices: the window's rows are one slice of them, found without touching the others
        first, end = np.searchsorted(self.pixels, [top * self.width, (top + rows) * self.width])
        pixels, means = self.pixels[first:end], self.means[first:end]
        row, col = pixels // self.width - top, pixels % self.width - left
        inside = (col >= 0) & (col < cols)
        values[0, row[inside], col[inside]] = means[inside]
        valid[row[inside], col[inside]] = True
        return values, valid


def _line_samples(line: BaseGeometry, spacing: float) -> np.ndarray:
    """``[n, 2]`` points every ``spacing`` along a line (or each part of a multiline), both ends included."""
    parts = []
    for part in getattr(line, "geoms", [line]):
        if part.is_empty:
            continue
        distances = np.linspace(0, part.length, max(2, int(np.ceil(part.length / spacing)) + 1))
        parts.append(np.array([part.interpolate(d).coords[0][:2] for d in distances]))
    return np.concatenate(parts) if parts else np.empty((0, 2))


def _point_coordinates(geometry: BaseGeometry) -> np.ndarray:
    points = getattr(geometry, "geoms", [geometry])
    return np.array([p.coords[0][:2] for p in points], dtype=float).reshape(-1, 2)


def _samples_on_grid(geometries: Sequence[BaseGeometry], values: np.ndarray, to_grid: Transformer,
                     spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Sample coordinates in the grid's CRS and their values: points as they are (reprojected together, in
    one call: surveys hold many), lines reprojected vertex by vertex, then sampled every ``spacing``."""
    points = [(g, v) for g, v in zip(geometries, values) if g.geom_type in ("Point", "MultiPoint")]
    lines = [(g, v) for g, v in zip(geometries, values) if g.geom_type not in ("Point", "MultiPoint")]
    coordinates = [_point_coordinates(g) for g, _ in points]
    xy = [np.column_stack(to_grid.transform(*np.concatenate(coordinates).T))] if coordinates else []
    sampled = [np.repeat([v for _, v in points], [len(c) for c in coordinates])] if coordinates else []
    for line, value in lines:
        along = _line_samples(transform_geometry(to_grid.transform, line), spacing)
        xy.append(along)
        sampled.append(np.full(len(along), value))
    return (np.concatenate(xy), np.concatenate(sampled)) if xy else (np.empty((0, 2)), np.empty(0))


def _check_values(measurements: PointMeasurements) -> np.ndarray:
    values = np.asarray(measurements.values, dtype=np.float64)
    if not measurements.crs:
        raise InputError(measurements.parameter, f"layer '{measurements.label}' has no coordinate reference system.",
                         "Assign its CRS in QGIS (Layer Properties > Source), e.g. a shapefile without .prj.")
    kinds = {g.geom_type for g in measurements.geometries if g is not None and not g.is_empty}
    unknown = kinds - {"Point", "MultiPoint", "LineString", "MultiLineString"}
    if unknown:
        raise InputError(measurements.parameter, f"'{measurements.label}' holds {', '.join(sorted(unknown))} "
                         "geometries.", "Give a raster, or a point or line layer with a value field.")
    if not np.isfinite(values).any():
        raise InputError(measurements.field_parameter, f"field '{measurements.field}' of '{measurements.label}' holds no "
                         "numeric value.", "Choose the field with the measured values (e.g. thickness).")
    return values


def pixel_means(measurements: PointMeasurements, grid: Grid) -> PixelMeans:
    """Average the measurements per pixel of ``grid`` (reprojected to its CRS; outside or non-finite: skipped).

    Raises:
        InputError: (REGRESSION_TARGET) polygons, or no measurement on the grid; (REGRESSION_FIELD) no number.
    """
    values = _check_values(measurements)
    to_grid = Transformer.from_crs(CRS.from_user_input(measurements.crs), grid.crs, always_xy=True)
    kept = [(g, v) for g, v in zip(measurements.geometries, values) if g is not None and not g.is_empty
            and np.isfinite(v)]
    spacing = min(abs(grid.transform.a), abs(grid.transform.e)) / 2
    xy, sample_values = _samples_on_grid([g for g, _ in kept], np.array([v for _, v in kept]), to_grid, spacing)
    rows, cols = rowcol(grid.transform, xy[:, 0], xy[:, 1]) if len(xy) else ([], [])
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    inside = (rows >= 0) & (rows < grid.height) & (cols >= 0) & (cols < grid.width)
    if not inside.any():
        raise InputError(measurements.parameter, f"no measurement of '{measurements.label}' lies on the "
                         "grid.", "Check the layer's CRS and that the measurements lie inside the rasters.")
    flat = rows[inside] * grid.width + cols[inside]
    pixels, which = np.unique(flat, return_inverse=True)
    sums = np.bincount(which, weights=sample_values[inside])
    counts = np.bincount(which)
    return PixelMeans(grid.width, pixels, (sums / counts).astype(np.float32), counts)


def target_description(target) -> dict:
    """``dataset.json``'s record of a raster target (its :class:`RasterInput`) or of point measurements."""
    return target.description() if isinstance(target, PointMeasurements) else asdict(target)
