"""Class masks of chip windows: glacier polygons (and an optional extra polygon layer) burnt per window."""
from __future__ import annotations

import numpy as np
from rasterio.features import rasterize
from rasterio.windows import Window
from shapely.geometry import box, mapping

from ..geo.glaciers import GlacierSet, PolygonSet
from ..geo.raster_stack import Grid
from ..geo.spatial_index import SpatialIndex

__all__ = ["Labeller", "class_fractions"]


class Labeller:
    """Burns class indices into windows of a grid, finding the polygons under each window with an R-tree.

    Glacier polygons are burnt first, the extra layer on top (e.g. debris cover over a glacier); an extra
    class whose name is already a glacier class shares its index.
    """

    def __init__(self, glaciers: GlacierSet, extra: PolygonSet | None = None, extra_class: str = "") -> None:
        names = list(glaciers.class_names)
        shapes = list(zip(glaciers.geometries, glaciers.class_indices))
        if extra is not None:
            if extra_class not in names:
                names.append(extra_class)
            shapes += [(g, names.index(extra_class)) for g in extra.geometries]
        self.class_names = tuple(names)
        self._tree = SpatialIndex([g for g, _ in shapes])
        self._shapes = [(mapping(g), value) for g, value in shapes]  # converted once, not per window

    def mask(self, window: Window, grid: Grid) -> np.ndarray:
        """uint8 ``[rows, cols]`` class indices of ``window`` (0 = background); pixel centres decide."""
        footprint = box(*grid.window_bounds(window))
        hits = sorted(self._tree.query(footprint))  # burn order = input order: the extra layer on top
        shape = (int(window.height), int(window.width))
        if not hits:
            return np.zeros(shape, np.uint8)
        return rasterize([self._shapes[i] for i in hits], out_shape=shape, transform=grid.window_transform(window),
                         dtype=np.uint8)


def class_fractions(mask: np.ndarray, valid: np.ndarray, n_classes: int) -> np.ndarray:
    """Share of the valid pixels of each class 0..n_classes-1 (all zeros when nothing is valid)."""
    counts = np.bincount(mask[valid].ravel(), minlength=n_classes)[:n_classes]
    return counts / max(int(valid.sum()), 1)
