"""Glacier polygons brought onto the raster grid's CRS, repaired, classed and grouped into spatial folds."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from rasterio.crs import CRS
from rasterio.warp import transform_geom
from shapely import wkb
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from .errors import InputError

__all__ = ["GlacierRecord", "GlacierSet", "load_glaciers", "spatial_folds"]


@dataclass(frozen=True)
class GlacierRecord:
    """One input polygon feature: glacier id, WKB geometry in the layer's CRS, optional class value."""

    glacier_id: str
    geometry_wkb: bytes
    class_value: str | None = None


@dataclass(frozen=True)
class GlacierSet:
    """Glacier polygons in the grid CRS.

    Attributes:
        ids: glacier id of each polygon (a glacier may have several polygons, e.g. clean and debris parts).
        geometries: shapely polygons in the grid CRS.
        class_indices: class of each polygon (1..K, 0 is the background).
        class_names: ``("background", ...)`` in class-index order.
        repaired: how many invalid geometries were repaired.
    """

    ids: tuple[str, ...]
    geometries: tuple[BaseGeometry, ...]
    class_indices: tuple[int, ...]
    class_names: tuple[str, ...]
    repaired: int = 0

    def glacier_ids(self) -> list[str]:
        return sorted(set(self.ids))

    def by_glacier(self) -> dict[str, BaseGeometry]:
        """The union of each glacier's polygons."""
        parts: dict[str, list[BaseGeometry]] = {}
        for glacier_id, geometry in zip(self.ids, self.geometries):
            parts.setdefault(glacier_id, []).append(geometry)
        return {glacier_id: unary_union(geoms) for glacier_id, geoms in parts.items()}


def _class_names(records: Sequence[GlacierRecord]) -> tuple[str, ...]:
    values = {r.class_value for r in records}
    if values == {None}:
        return ("background", "glacier")
    if None in values:
        raise InputError(
            "CLASS_FIELD", "some features have no class value.",
            "Fill the class field for every glacier, or leave CLASS_FIELD empty for one glacier class.",
        )
    return ("background", *sorted(values))


def _reproject(geometry: BaseGeometry, source_crs: CRS, target_crs: CRS) -> BaseGeometry:
    if source_crs == target_crs:
        return geometry
    return shape(transform_geom(source_crs, target_crs, mapping(geometry)))


def load_glaciers(records: Iterable[GlacierRecord], source_crs: str | CRS, target_crs: str | CRS) -> GlacierSet:
    """Parse, reproject and repair polygon records; the source layer itself is never modified.

    Raises:
        InputError: no polygon at all, or a non-polygon geometry.
    """
    records = [r for r in records if r.geometry_wkb]
    if not records:
        raise InputError("GLACIERS", "contains no glacier polygon.", "Select or digitise at least one glacier.")
    source_crs, target_crs = CRS.from_user_input(source_crs), CRS.from_user_input(target_crs)
    class_names = _class_names(records)
    ids, geometries, classes, repaired = [], [], [], 0
    for record in records:
        geometry = wkb.loads(record.geometry_wkb)
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputError(
                "GLACIERS", f"has a {geometry.geom_type} geometry (glacier '{record.glacier_id}').",
                "Use a polygon layer of glacier outlines.",
            )
        if not geometry.is_valid:
            geometry, repaired = geometry.buffer(0), repaired + 1
        ids.append(str(record.glacier_id))
        geometries.append(_reproject(geometry, source_crs, target_crs))
        classes.append(1 if record.class_value is None else class_names.index(record.class_value))
    return GlacierSet(tuple(ids), tuple(geometries), tuple(classes), class_names, repaired)


def _fold_cuts(areas: np.ndarray, n_folds: int) -> list[int]:
    """Indices splitting area-sorted glaciers into ``n_folds`` contiguous, non-empty, near-equal groups."""
    cumulative, cuts, previous = np.cumsum(areas), [], 0
    for k in range(1, n_folds):
        cut = int(np.searchsorted(cumulative, k * cumulative[-1] / n_folds)) + 1
        cut = min(max(cut, previous + 1), len(areas) - (n_folds - k))
        cuts.append(cut)
        previous = cut
    return cuts


def spatial_folds(glaciers: dict[str, BaseGeometry], n_folds: int) -> dict[str, int]:
    """Assign whole glaciers to folds: ordered west to east, grouped into folds of near-equal total area.

    A glacier is never split between folds, so a model tested on fold k never saw any part of its glaciers.

    Raises:
        InputError: more folds than glaciers.
    """
    if n_folds > len(glaciers):
        raise InputError(
            "FOLDS", f"{n_folds} folds need at least {n_folds} glaciers, but only {len(glaciers)} were given.",
            f"Use at most {len(glaciers)} folds or add glaciers.",
        )
    order = sorted(glaciers, key=lambda g: (glaciers[g].centroid.x, g))
    areas = np.array([glaciers[g].area for g in order], dtype=float)
    groups = np.split(np.arange(len(order)), _fold_cuts(areas, n_folds))
    return {order[i]: fold for fold, members in enumerate(groups) for i in members}
