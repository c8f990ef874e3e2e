"""Which pixels Polygonize may give each glacier: within a buffer on the ground, and nearer to it than to any other.

A glacier's territory is the set of pixels within ``buffer_m`` metres on the ground of its inventory outline
and nearer to it than to any other glacier (a pixel two buffers claim goes to the nearer glacier). Distances
come from a distance transform whose spacing is the glacier's metres per pixel along rows and along columns
(:func:`core.geo.ground.pixel_scale_at`), so the buffer is the same number of metres along both axes at any
latitude and agrees with :func:`core.geo.ground.buffer_on_ground` to within a pixel.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.features import rasterize
from rasterio.transform import Affine
from rasterio.windows import Window
from scipy import ndimage
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..geo.ground import GroundScale, pixel_scale_at
from ..geo.pixel_windows import clipped, covering_window, padded
from ..geo.spatial_index import SpatialIndex

__all__ = ["GlacierWindow", "glacier_window", "Territories"]


@dataclass(frozen=True)
class GlacierWindow:
    """Where one glacier is outlined.

    Attributes:
        window: its bounds grown by the buffer, clipped to the raster (pixels).
        pad: pixels (rows, columns) around ``window`` a distance transform must see: the buffer, plus one.
        scale: metres per pixel at the glacier (x: along a row, y: along a column).
    """

    window: Window
    pad: tuple[int, int]
    scale: GroundScale


def glacier_window(geometry: BaseGeometry, crs: CRS, transform: Affine, width: int, height: int,
                   buffer_m: float) -> GlacierWindow | None:
    """The window of a ``width`` x ``height`` raster around ``geometry`` (in ``crs``), None when it misses it."""
    scale = pixel_scale_at(geometry, crs, transform)
    along_x, along_y = scale.units(buffer_m)
    pad = (math.ceil(along_y) + 1, math.ceil(along_x) + 1)
    window = clipped(padded(covering_window(geometry.bounds, transform), *pad), width, height)
    return None if window is None else GlacierWindow(window, pad, scale)


class Territories:
    """Which pixels of a window belong to which glacier: within the buffer and nearest to it."""

    def __init__(self, glaciers: dict[str, BaseGeometry], transform: Affine, buffer_m: float) -> None:
        self.ids = list(glaciers)
        self.geometries = list(glaciers.values())
        # Larger glaciers first: later shapes win in rasterize, so where inventory outlines overlap the smaller
        # glacier keeps the shared pixels instead of vanishing inside the larger one.
        self.order = sorted(range(len(self.ids)), key=lambda i: -self.geometries[i].area)
        self.index = SpatialIndex(self.geometries)
        self.transform = transform
        self.buffer_m = buffer_m

    def labels(self, window: Window) -> np.ndarray:
        """Glacier numbers (index + 1, 0 none) in ``window``; pixel centres decide, touches fill the rest."""
        transform = rasterio.windows.transform(window, self.transform)
        hits = set(self.index.query(box(*rasterio.windows.bounds(window, self.transform))))
        ordered = [i for i in self.order if i in hits]
        out_shape = (int(window.height), int(window.width))
        shapes_ = [(self.geometries[i], i + 1) for i in ordered]
        # Touched pixels give glaciers thinner than a pixel a seed; centres then decide every other pixel.
        labels = rasterize(shapes_, out_shape, transform=transform, all_touched=True, dtype="int32")
        centres = rasterize(shapes_, out_shape, transform=transform, all_touched=False, dtype="int32")
        return np.where(centres > 0, centres, labels)

    def mask(self, number: int, place: GlacierWindow) -> np.ndarray:
        """Territory of glacier ``number`` in ``place.window``; ``place.pad`` pixels around it see rival
        glaciers, and distances are in metres along rows and columns (``place.scale``)."""
        (pad_rows, pad_cols), window = place.pad, place.window
        labels = self.labels(padded(window, pad_rows, pad_cols))
        distance, (rows, cols) = ndimage.distance_transform_edt(
            labels == 0, sampling=(place.scale.y, place.scale.x), return_indices=True)
        inner = (slice(pad_rows, pad_rows + int(window.height)), slice(pad_cols, pad_cols + int(window.width)))
        owner = labels[rows[inner], cols[inner]]
        return (owner == number) & (distance[inner] <= self.buffer_m)
