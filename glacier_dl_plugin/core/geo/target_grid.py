"""The target grid every input is warped onto: a CRS and a pixel size, on any raster's footprint.

The pixel size is given in metres on the ground (converted along each axis at the footprint's centre) or
directly in the target CRS's units (a model's grid: degrees on a geographic CRS). Pixel edges are aligned
with an existing raster of that CRS and pixel size when there is one (so that raster is read as it is, never
resampled), else with a given origin (the grid a model was trained on), else with multiples of the pixel
size (``gdalwarp -tap``).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import rasterio
from rasterio.crs import CRS
from rasterio.errors import CRSError
from rasterio.transform import from_origin
from rasterio.warp import transform_bounds

from ..errors import InputError
from .ground import ground_scale
from .raster_stack import Grid, read_grid

__all__ = ["target_grid"]


def _parse_crs(crs: str | CRS | None, default: CRS) -> CRS:
    if crs is None or (isinstance(crs, str) and not crs.strip()):
        return default
    try:
        return CRS.from_user_input(crs)
    except CRSError as error:
        raise InputError("TARGET_CRS", f"'{crs}' is not a coordinate reference system ({error}).",
                         "Give an EPSG code such as EPSG:32645 or a WKT string.") from error


def _pixel_size(crs: CRS, resolution_m: float, bounds: Sequence[float]) -> tuple[float, float]:
    """Pixel size in ``crs`` units for ``resolution_m`` metres on the ground at the centre of ``bounds``."""
    return ground_scale(crs, (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2).units(resolution_m)


def _alignment(crs: CRS, size: tuple[float, float], candidates: Sequence[str],
               origin: tuple[float, float]) -> tuple[float, float]:
    """Origin of the first candidate raster already on ``crs`` with pixel ``size``, else ``origin``."""
    for path in candidates:
        with rasterio.open(path) as dataset:
            t = dataset.transform
            if dataset.crs == crs and math.isclose(abs(t.a), size[0], rel_tol=1e-9) and math.isclose(
                    abs(t.e), size[1], rel_tol=1e-9):
                return t.c, t.f
    return origin


def _snap(low: float, high: float, origin: float, size: float) -> tuple[float, int]:
    """The aligned interval covering [low, high]: its start and its length in pixels."""
    start = origin + math.floor((low - origin) / size + 1e-9) * size
    count = max(1, math.ceil((high - start) / size - 1e-9))
    return start, count


def target_grid(first: str, crs: str | CRS | None = None, resolution_m: float = 0.0,
                align_to: Sequence[str] = (), pixel_size: tuple[float, float] | None = None,
                origin: tuple[float, float] = (0.0, 0.0)) -> Grid:
    """The grid covering raster ``first`` in ``crs`` with ``resolution_m`` metre (or ``pixel_size``) pixels.

    Args:
        first: the raster whose footprint the grid covers (the first input layer).
        crs: target CRS (EPSG code, WKT, ...); empty: the CRS of ``first``.
        resolution_m: pixel size in metres on the ground; 0: that of ``first`` (projected targets only).
        align_to: rasters to align pixel edges with when one has the target CRS and pixel size.
        pixel_size: pixel width and height in units of the target CRS (degrees when geographic); replaces
            ``resolution_m``.
        origin: a corner of some pixel of the grid (target CRS units), when no raster of ``align_to`` is on it.

    Raises:
        InputError: ``first`` has no CRS (INPUTS); ``crs`` cannot be parsed (TARGET_CRS); the target CRS is
            geographic, differs from that of ``first`` and no pixel size was given (TARGET_RESOLUTION).
    """
    source = read_grid(first)
    target = _parse_crs(crs, source.crs)
    if resolution_m < 0:
        raise InputError("TARGET_RESOLUTION", f"must not be negative, got {resolution_m}.", "Use 0 or metres.")
    bounds = transform_bounds(source.crs, target, *source.bounds, densify_pts=21)
    if pixel_size is not None:
        return _covering(bounds, target, tuple(pixel_size), [first, *align_to], origin)
    if target == source.crs and not resolution_m:
        return source  # read as it is, geographic or not: models record their grid's CRS and pixel unit
    if not resolution_m and target.is_geographic:
        raise InputError(
            "TARGET_RESOLUTION", f"the target grid would be in a geographic CRS ({target.to_string()}), whose "
            "pixel size in degrees is not a length.",
            "Give a target resolution in metres (e.g. 30), or a projected TARGET_CRS such as the UTM zone.")
    if resolution_m:
        size = _pixel_size(target, resolution_m, bounds)
    else:  # same footprint and pixel count as the source, as gdalwarp picks by default
        size = ((bounds[2] - bounds[0]) / source.width, (bounds[3] - bounds[1]) / source.height)
        size = (min(size), min(size))
    return _covering(bounds, target, size, [first, *align_to], origin)


def _covering(bounds: Sequence[float], target: CRS, size: tuple[float, float], candidates: Sequence[str],
              origin: tuple[float, float]) -> Grid:
    """The aligned grid of ``target`` CRS and pixel ``size`` (its units) covering ``bounds`` (its units)."""
    origin = _alignment(target, size, candidates, origin)
    x0, width = _snap(bounds[0], bounds[2], origin[0], size[0])
    y0, height = _snap(bounds[1], bounds[3], origin[1], size[1])
    return Grid(target, from_origin(x0, y0 + height * size[1], *size), width, height)
