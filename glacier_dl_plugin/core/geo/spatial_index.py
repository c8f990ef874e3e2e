"""An R-tree over shapely geometries that answers with indices under shapely 1.8 (Debian 12) and 2.x."""
from __future__ import annotations

import warnings
from collections.abc import Sequence

from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

__all__ = ["SpatialIndex"]


class SpatialIndex:
    """Indices of the geometries whose bounding boxes meet a query geometry's bounding box, or nearest to it."""

    def __init__(self, geometries: Sequence[BaseGeometry]) -> None:
        self.geometries = list(geometries)
        self._position = {id(g): i for i, g in enumerate(self.geometries)}
        with warnings.catch_warnings():  # shapely 1.8 warns that 2.0 changes the query API, handled below
            warnings.simplefilter("ignore")
            self._tree = STRtree(self.geometries)

    def query(self, geometry: BaseGeometry) -> list[int]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = self._tree.query(geometry)
        # shapely 1.8 returns the geometries themselves, shapely 2 their indices
        return [self._position[id(h)] if isinstance(h, BaseGeometry) else int(h) for h in hits]

    def nearest(self, geometry: BaseGeometry) -> int:
        """Index of the geometry nearest to ``geometry``."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hit = self._tree.nearest(geometry)
        return self._position[id(hit)] if isinstance(hit, BaseGeometry) else int(hit)
