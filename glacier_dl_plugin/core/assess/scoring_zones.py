"""Where each reference glacier is scored: its zone, the pixel window around it, and its pixels' areas.

A glacier's *zone* is its outline grown by a buffer measured on the ground, minus the other reference
glaciers (a neighbour's ice is scored with that neighbour; ice divides between touching glaciers become
boundaries of both). Evaluation and calibration both score glaciers inside their zones.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rasterio.crs import CRS
from rasterio.features import rasterize
from rasterio.windows import Window, from_bounds
from shapely.affinity import scale
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..errors import InputError
from ..geo.geodesy import geodesic_area_km2, metres_per_unit
from ..geo.raster_stack import Grid
from ..geo.spatial_index import SpatialIndex

__all__ = ["GlacierZone", "buffer_in_crs_units", "buffer_on_ground", "glacier_zones", "zone_masks",
           "pixel_areas_km2"]


@dataclass(frozen=True)
class GlacierZone:
    """Where one reference glacier is scored; geometries in the grid CRS, window clipped to the grid."""

    glacier_id: str
    outline: BaseGeometry
    zone: BaseGeometry
    window: Window | None


def buffer_in_crs_units(buffer_m: float, crs: CRS, x: float, y: float) -> tuple[float, float]:
    """``buffer_m`` metres in units of ``crs`` along x and along y, at the point (x, y) in ``crs``.

    Projected CRSs: the linear unit, the same on both axes. Geographic CRSs: each axis at its own ellipsoidal
    scale there (``core.geo.geodesy.metres_per_unit``): at 60° N, 100 m are 0.00179° of longitude but 0.000898°
    of latitude. Each axis gets its own number because one number of degrees would be wrong on one axis:
    along a meridian it leaves out surroundings east and west (half of them at 60° N), along a parallel it
    reaches 1/cos(latitude) too far north and south (twice at 60° N, five times on Svalbard), changing
    which predicted ice and how much background a glacier is scored with.
    """
    metres_x, metres_y = metres_per_unit(crs, x, y)
    return buffer_m / metres_x, buffer_m / metres_y


def buffer_on_ground(geometry: BaseGeometry, buffer_m: float, crs: CRS) -> BaseGeometry:
    """``geometry`` grown by ``buffer_m`` metres on the ground (the CRS's scale at the geometry's centre).

    On geographic CRSs a ground circle is an ellipse in degrees: the geometry is stretched to equal scales on
    both axes, buffered, and stretched back.
    """
    centre = geometry.centroid
    along_x, along_y = buffer_in_crs_units(buffer_m, crs, centre.x, centre.y)
    if along_x == along_y:
        return geometry.buffer(along_x)
    stretched = scale(geometry, along_y / along_x, 1.0, origin=centre)
    return scale(stretched.buffer(along_y), along_x / along_y, 1.0, origin=centre)


def _grid_window(bounds: Sequence[float], grid: Grid) -> Window | None:
    """The pixel window covering ``bounds``, clipped to the grid; None when it misses the grid."""
    window = from_bounds(*bounds, transform=grid.transform)
    row0, col0 = max(math.floor(window.row_off), 0), max(math.floor(window.col_off), 0)
    row1 = min(math.ceil(window.row_off + window.height), grid.height)
    col1 = min(math.ceil(window.col_off + window.width), grid.width)
    return Window(col0, row0, col1 - col0, row1 - row0) if row1 > row0 and col1 > col0 else None


def glacier_zones(outlines: dict[str, BaseGeometry], crs: CRS, buffer_m: float, grid: Grid | None = None,
                  ids: Sequence[str] | None = None) -> list[GlacierZone]:
    """The zones of the glaciers ``ids`` (default: all), in ``ids`` order.

    With a ``grid``, only glaciers overlapping it are kept, each with its pixel window.

    Raises:
        InputError: no glacier overlaps the grid.
    """
    names, geometries = list(outlines), list(outlines.values())
    tree = SpatialIndex(geometries)
    raster_box, zones = box(*grid.bounds) if grid else None, []
    for glacier_id in ids if ids is not None else names:
        outline = outlines[glacier_id]
        if raster_box is not None and not outline.intersects(raster_box):
            continue
        around = buffer_on_ground(outline, buffer_m, crs)
        others = [geometries[i] for i in tree.query(around) if names[i] != glacier_id]
        zone = around.difference(unary_union(others).difference(outline)) if others else around
        window = _grid_window(zone.bounds, grid) if grid else None
        if grid is None or window is not None:
            zones.append(GlacierZone(glacier_id, outline, zone, window))
    if not zones:
        raise InputError("REFERENCE", "no reference glacier overlaps the prediction raster.",
                         "Check that the layers cover the same area (and that their CRSs are set correctly).")
    return zones


def zone_masks(zone: GlacierZone, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """Boolean ``(in zone, in outline)`` arrays of the zone's window (pixel centres inside)."""
    out_shape, window_transform = (zone.window.height, zone.window.width), grid.window_transform(zone.window)
    inside = [rasterize([(g, 1)], out_shape=out_shape, transform=window_transform, dtype=np.uint8).astype(bool)
              for g in (zone.zone, zone.outline)]
    return inside[0], inside[1] & inside[0]


def pixel_areas_km2(grid: Grid, window: Window) -> np.ndarray:
    """Ellipsoidal area in km² of the pixels of each window row, as a ``[rows, 1]`` column.

    Areas change with latitude (row) on geographic grids; across one glacier window the change along a
    row of a projected grid is below 0.1 %, so the pixel at the window's centre column stands for its row.
    """
    width, height = grid.pixel_size
    centre_col = window.col_off + window.width // 2
    areas = []
    for row in range(int(window.row_off), int(window.row_off + window.height)):
        x, y = grid.transform * (centre_col, row)
        areas.append(geodesic_area_km2(box(x, y - height, x + width, y), grid.crs.to_wkt()))
    return np.asarray(areas, np.float64)[:, None]
