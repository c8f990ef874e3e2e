"""Where each reference glacier is scored: its zone, the pixel window around it, and its pixels' areas.

A glacier's *zone* is its outline grown by a buffer measured on the ground (:func:`core.geo.ground.buffer_on_ground`:
the same number of metres east-west and north-south at any latitude), minus the other reference
glaciers (a neighbour's ice is scored with that neighbour; ice divides between touching glaciers become
boundaries of both). Evaluation and calibration both score glaciers inside their zones.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rasterio.crs import CRS
from rasterio.features import rasterize
from rasterio.windows import Window
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..errors import InputError
from ..geo.geodesy import geodesic_area_km2
from ..geo.ground import buffer_on_ground
from ..geo.pixel_windows import clipped, covering_window
from ..geo.raster_stack import Grid
from ..geo.spatial_index import SpatialIndex

__all__ = ["GlacierZone", "glacier_zones", "zone_masks", "pixel_areas_km2"]


@dataclass(frozen=True)
class GlacierZone:
    """Where one reference glacier is scored; geometries in the grid CRS, window clipped to the grid."""

    glacier_id: str
    outline: BaseGeometry
    zone: BaseGeometry
    window: Window | None


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
        around = buffer_on_ground(outline, buffer_m, crs)  # on geographic grids an ellipse in degrees
        others = [geometries[i] for i in tree.query(around) if names[i] != glacier_id]
        zone = around.difference(unary_union(others).difference(outline)) if others else around
        window = clipped(covering_window(zone.bounds, grid.transform), grid.width, grid.height) if grid else None
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
