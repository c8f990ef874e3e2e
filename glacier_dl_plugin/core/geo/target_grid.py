"""The target grid every input is warped onto: a CRS and a pixel size in metres, on any raster's footprint.

Pixel edges are aligned with an existing raster of that CRS and pixel size when there is one (so that
raster is read as it is, never resampled), otherwise with multiples of the pixel size (``gdalwarp -tap``).
"""
from __future__ import annotations

import math
from typing import Sequence

import rasterio
from rasterio.crs import CRS
from rasterio.errors import CRSError
from rasterio.transform import from_origin
from rasterio.warp import transform_bounds

from ..errors import InputError
from .geodesy import metres_per_unit
from .raster_stack import Grid, read_grid

__all__ = ["target_grid", "metres_per_pixel"]


def _parse_crs(crs: str | CRS | None, default: CRS) -> CRS:
    if crs is None or (isinstance(crs, str) and not crs.strip()):
        return default
    try:
        return CRS.from_user_input(crs)
    except CRSError as error:
        raise InputError("TARGET_CRS", f"'{crs}' is not a coordinate reference system ({error}).",
                         "Give an EPSG code such as EPSG:32645 or a WKT string.") from error


def metres_per_pixel(grid: Grid) -> tuple[float, float]:
    """Pixel width and height in metres: from the CRS units when projected, geodesic at the grid centre
    when geographic."""
    xmin, ymin, xmax, ymax = grid.bounds
    mx, my = metres_per_unit(grid.crs, (xmin + xmax) / 2, (ymin + ymax) / 2)
    return grid.pixel_size[0] * mx, grid.pixel_size[1] * my


def _pixel_size(crs: CRS, resolution_m: float, bounds: Sequence[float]) -> tuple[float, float]:
    """Pixel size in ``crs`` units for ``resolution_m`` metres (on the ground at the centre if geographic)."""
    mx, my = metres_per_unit(crs, (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    return resolution_m / mx, resolution_m / my


def _alignment(crs: CRS, size: tuple[float, float], candidates: Sequence[str]) -> tuple[float, float]:
    """Origin of the first candidate raster already on ``crs`` with pixel ``size``, else (0, 0)."""
    for path in candidates:
        with rasterio.open(path) as dataset:
            t = dataset.transform
            if dataset.crs == crs and math.isclose(abs(t.a), size[0], rel_tol=1e-9) and math.isclose(
                    abs(t.e), size[1], rel_tol=1e-9):
                return t.c, t.f
    return 0.0, 0.0


def _snap(low: float, high: float, origin: float, size: float) -> tuple[float, int]:
    """The aligned interval covering [low, high]: its start and its length in pixels."""
    start = origin + math.floor((low - origin) / size + 1e-9) * size
    count = max(1, math.ceil((high - start) / size - 1e-9))
    return start, count


def target_grid(first: str, crs: str | CRS | None = None, resolution_m: float = 0.0,
                align_to: Sequence[str] = ()) -> Grid:
    """The grid covering raster ``first`` in ``crs`` with ``resolution_m`` metre pixels.

    Args:
        first: the raster whose footprint the grid covers (the first input layer).
        crs: target CRS (EPSG code, WKT, ...); empty: the CRS of ``first``.
        resolution_m: pixel size in metres; 0: that of ``first`` (projected targets only).
        align_to: rasters to align pixel edges with when one has the target CRS and pixel size.

    Raises:
        InputError: ``first`` has no CRS (INPUTS); ``crs`` cannot be parsed (TARGET_CRS); the target CRS is
            geographic and no metric resolution was given (TARGET_RESOLUTION).
    """
    source = read_grid(first)
    target = _parse_crs(crs, source.crs)
    if resolution_m < 0:
        raise InputError("TARGET_RESOLUTION", f"must not be negative, got {resolution_m}.", "Use 0 or metres.")
    if not resolution_m and target.is_geographic:
        raise InputError(
            "TARGET_RESOLUTION", f"the target grid would be in a geographic CRS ({target.to_string()}), whose "
            "pixel size in degrees is not a length.",
            "Give a target resolution in metres (e.g. 30), or a projected TARGET_CRS such as the UTM zone.")
    if target == source.crs and not resolution_m:
        return source
    bounds = transform_bounds(source.crs, target, *source.bounds, densify_pts=21)
    if resolution_m:
        size = _pixel_size(target, resolution_m, bounds)
    else:  # same footprint and pixel count as the source, as gdalwarp picks by default
        size = ((bounds[2] - bounds[0]) / source.width, (bounds[3] - bounds[1]) / source.height)
        size = (min(size), min(size))
    origin = _alignment(target, size, [first, *align_to])
    x0, width = _snap(bounds[0], bounds[2], origin[0], size[0])
    y0, height = _snap(bounds[1], bounds[3], origin[1], size[1])
    return Grid(target, from_origin(x0, y0 + height * size[1], *size), width, height)
