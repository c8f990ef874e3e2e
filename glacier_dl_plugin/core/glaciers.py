"""Glacier polygons brought onto the raster grid's CRS, repaired, classed and grouped into folds."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

import numpy as np
from rasterio.crs import CRS
from rasterio.warp import transform_geom
from shapely import wkb
from shapely.geometry import MultiPolygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.validation import make_valid

from .errors import InputError

__all__ = ["GlacierRecord", "GlacierSet", "PolygonSet", "load_glaciers", "load_polygons", "parse_class_map",
           "spatial_folds", "random_folds"]


@dataclass(frozen=True)
class GlacierRecord:
    """One input polygon feature: glacier id, WKB geometry in the layer's CRS, optional class value."""

    glacier_id: str
    geometry_wkb: bytes
    class_value: str | None = None


@dataclass(frozen=True)
class GlacierSet:
    """Glacier polygons in one CRS (the grid's).

    Attributes:
        ids: glacier id of each polygon (a glacier may have several polygons, e.g. clean and debris parts).
        geometries: shapely polygons in ``crs``.
        class_indices: class of each polygon (1..K, 0 is the background).
        class_names: ``("background", ...)`` in class-index order.
        repaired: how many invalid geometries were repaired.
        crs: WKT of the CRS of ``geometries`` (empty: unknown, taken to be the grid's).
    """

    ids: tuple[str, ...]
    geometries: tuple[BaseGeometry, ...]
    class_indices: tuple[int, ...]
    class_names: tuple[str, ...]
    repaired: int = 0
    crs: str = ""

    def glacier_ids(self) -> list[str]:
        return sorted(set(self.ids))

    def by_glacier(self) -> dict[str, BaseGeometry]:
        """The union of each glacier's polygons."""
        parts: dict[str, list[BaseGeometry]] = {}
        for glacier_id, geometry in zip(self.ids, self.geometries):
            parts.setdefault(glacier_id, []).append(geometry)
        return {glacier_id: unary_union(geoms) for glacier_id, geoms in parts.items()}

    def to_crs(self, crs: CRS) -> "GlacierSet":
        """The same polygons in ``crs`` (itself when already there or its CRS is unknown)."""
        if not self.crs or CRS.from_wkt(self.crs) == crs:
            return self
        source = CRS.from_wkt(self.crs)
        return replace(self, geometries=tuple(_reproject(g, source, crs) for g in self.geometries), crs=crs.to_wkt())


@dataclass(frozen=True)
class PolygonSet:
    """Polygons of an auxiliary layer (an extra class to burn, or a sampling mask) in one CRS."""

    geometries: tuple[BaseGeometry, ...]
    crs: str
    repaired: int = 0

    def to_crs(self, crs: CRS) -> "PolygonSet":
        if CRS.from_wkt(self.crs) == crs:
            return self
        source = CRS.from_wkt(self.crs)
        return PolygonSet(tuple(_reproject(g, source, crs) for g in self.geometries), crs.to_wkt(), self.repaired)


def parse_class_map(text: str) -> dict[str, str]:
    """``"clean_ice=clean ice, debris=debris"`` -> ``{"clean_ice": "clean ice", "debris": "debris"}``.

    Several values may map to one class; classes are numbered in the order they first appear.

    Raises:
        InputError: (CLASS_MAP) an entry without ``=`` or with an empty side.
    """
    mapping_ = {}
    for entry in filter(None, (e.strip() for e in text.split(","))):
        value, sep, name = (part.strip() for part in entry.partition("="))
        if not sep or not value or not name or name == "background":
            raise InputError("CLASS_MAP", f"cannot read the entry '{entry}'.",
                             "Write value=class pairs separated by commas, e.g. clean_ice=clean ice,debris=debris "
                             "(the class name 'background' is reserved).")
        mapping_[value] = name
    return mapping_


def _class_names(records: Sequence[GlacierRecord], class_map: dict[str, str]) -> tuple[str, ...]:
    values = {r.class_value for r in records}
    if values == {None}:
        return ("background", "glacier")
    if None in values:
        raise InputError(
            "CLASS_FIELD", "some features have no class value.",
            "Fill the class field for every glacier, or leave CLASS_FIELD empty for one glacier class.",
        )
    if not class_map:
        return ("background", *sorted(values))
    unmapped = sorted(values - set(class_map))
    if unmapped:
        raise InputError("CLASS_MAP", f"the class field has values that do not map: {', '.join(unmapped)}.",
                         f"Add them to CLASS_MAP (e.g. {unmapped[0]}=glacier), or fix the attribute values.")
    return ("background", *dict.fromkeys(class_map.values()))


def _reproject(geometry: BaseGeometry, source_crs: CRS, target_crs: CRS) -> BaseGeometry:
    if source_crs == target_crs:
        return geometry
    return shape(transform_geom(source_crs, target_crs, mapping(geometry)))


def _polygon(geometry_wkb: bytes, parameter: str, what: str) -> tuple[BaseGeometry, bool]:
    """A polygon from WKB and whether it had to be repaired (``make_valid``, polygonal parts kept)."""
    geometry = wkb.loads(geometry_wkb)
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise InputError(parameter, f"has a {geometry.geom_type} geometry ({what}).", "Use a polygon layer.")
    if geometry.is_valid:
        return geometry, False
    fixed = make_valid(geometry)
    if fixed.geom_type == "GeometryCollection":
        fixed = MultiPolygon([p for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")
                              for p in getattr(g, "geoms", [g])])
    return fixed, True


def load_glaciers(records: Iterable[GlacierRecord], source_crs: str | CRS, target_crs: str | CRS,
                  class_map: dict[str, str] | None = None) -> GlacierSet:
    """Parse, repair, reproject and class polygon records; the source layer itself is never modified.

    Args:
        class_map: attribute value -> class name; ``None`` or empty: one class per distinct value.

    Raises:
        InputError: no polygon at all (GLACIERS), a non-polygon geometry (GLACIERS), a missing class value
            (CLASS_FIELD) or a value the map does not cover (CLASS_MAP).
    """
    records = [r for r in records if r.geometry_wkb]
    if not records:
        raise InputError("GLACIERS", "contains no glacier polygon.", "Select or digitise at least one glacier.")
    source_crs, target_crs = CRS.from_user_input(source_crs), CRS.from_user_input(target_crs)
    class_map = class_map or {}
    class_names = _class_names(records, class_map)
    ids, geometries, classes, repaired = [], [], [], 0
    for record in records:
        geometry, fixed = _polygon(record.geometry_wkb, "GLACIERS", f"glacier '{record.glacier_id}'")
        repaired += fixed
        ids.append(str(record.glacier_id))
        geometries.append(_reproject(geometry, source_crs, target_crs))
        name = class_map.get(record.class_value, record.class_value)
        classes.append(1 if record.class_value is None else class_names.index(name))
    return GlacierSet(tuple(ids), tuple(geometries), tuple(classes), class_names, repaired, target_crs.to_wkt())


def load_polygons(geometries_wkb: Iterable[bytes], source_crs: str | CRS, target_crs: str | CRS,
                  parameter: str) -> PolygonSet:
    """Polygons of an auxiliary layer, repaired and reprojected; errors name ``parameter``."""
    source_crs, target_crs = CRS.from_user_input(source_crs), CRS.from_user_input(target_crs)
    parts, repaired = [], 0
    for n, geometry_wkb in enumerate(g for g in geometries_wkb if g):
        geometry, fixed = _polygon(geometry_wkb, parameter, f"feature {n}")
        repaired += fixed
        parts.append(_reproject(geometry, source_crs, target_crs))
    if not parts:
        raise InputError(parameter, "contains no polygon.", "Choose a layer with polygons, or leave it empty.")
    return PolygonSet(tuple(parts), target_crs.to_wkt(), repaired)


def _fold_cuts(areas: np.ndarray, n_folds: int) -> list[int]:
    """Indices splitting ordered glaciers into ``n_folds`` contiguous, non-empty, near-equal-area groups."""
    cumulative, cuts, previous = np.cumsum(areas), [], 0
    for k in range(1, n_folds):
        cut = int(np.searchsorted(cumulative, k * cumulative[-1] / n_folds)) + 1
        cut = min(max(cut, previous + 1), len(areas) - (n_folds - k))
        cuts.append(cut)
        previous = cut
    return cuts


def _check_fold_count(glaciers: dict[str, BaseGeometry], n_folds: int) -> None:
    if n_folds > len(glaciers):
        raise InputError(
            "FOLDS", f"{n_folds} folds need at least {n_folds} glaciers, but only {len(glaciers)} were given.",
            f"Use at most {len(glaciers)} folds or add glaciers.",
        )


def _group(order: list[str], glaciers: dict[str, BaseGeometry], n_folds: int) -> dict[str, int]:
    areas = np.array([glaciers[g].area for g in order], dtype=float)
    groups = np.split(np.arange(len(order)), _fold_cuts(areas, n_folds))
    return {order[i]: fold for fold, members in enumerate(groups) for i in members}


def spatial_folds(glaciers: dict[str, BaseGeometry], n_folds: int) -> dict[str, int]:
    """Assign whole glaciers to folds: ordered west to east, grouped into folds of near-equal total area.

    A glacier is never split between folds, so a model tested on fold k never saw any part of its glaciers.

    Raises:
        InputError: more folds than glaciers.
    """
    _check_fold_count(glaciers, n_folds)
    return _group(sorted(glaciers, key=lambda g: (glaciers[g].centroid.x, g)), glaciers, n_folds)


def random_folds(glaciers: dict[str, BaseGeometry], n_folds: int, seed: int) -> dict[str, int]:
    """Assign whole glaciers to folds at random (seeded), grouped into folds of near-equal total area.

    Raises:
        InputError: more folds than glaciers.
    """
    _check_fold_count(glaciers, n_folds)
    order = sorted(glaciers)
    random.Random(seed).shuffle(order)
    return _group(order, glaciers, n_folds)
