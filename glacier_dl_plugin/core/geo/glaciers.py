"""Glacier polygons brought onto the raster grid's CRS, repaired, classed and grouped into folds."""
from __future__ import annotations

import functools
import random
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

import numpy as np
from pyproj import CRS as ProjCRS
from pyproj import Transformer
from rasterio.crs import CRS
from shapely import wkb
from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform, unary_union
from shapely.validation import make_valid

from ..errors import InputError
from ..progress import SILENT, Monitor

__all__ = ["GlacierRecord", "GlacierSet", "PolygonSet", "load_glaciers", "load_polygons", "parse_class_map",
           "spatial_folds", "random_folds"]

_BATCH = 500  # polygons between progress reports and cancel checks (a few tens of milliseconds)
_PARSING_SHARE = 0.3  # of the progress: parsing and repairing take ~30 % of loading (Everest, synthetic region)


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
        labels = [f"glacier '{glacier_id}'" for glacier_id in self.ids]
        geometries = _reproject_all(self.geometries, CRS.from_wkt(self.crs), crs, "GLACIERS", labels)
        return replace(self, geometries=geometries, crs=crs.to_wkt())


@dataclass(frozen=True)
class PolygonSet:
    """Polygons of an auxiliary layer (an extra class to burn, or a sampling mask) in one CRS.

    Attributes:
        parameter: the parameter the layer came from, named by errors.
    """

    geometries: tuple[BaseGeometry, ...]
    crs: str
    repaired: int = 0
    parameter: str = "POLYGONS"

    def to_crs(self, crs: CRS) -> "PolygonSet":
        if CRS.from_wkt(self.crs) == crs:
            return self
        labels = [f"feature {n}" for n in range(len(self.geometries))]
        geometries = _reproject_all(self.geometries, CRS.from_wkt(self.crs), crs, self.parameter, labels)
        return replace(self, geometries=geometries, crs=crs.to_wkt())


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


def _batches(total: int, monitor: Monitor, percent: tuple[float, float]) -> Iterator[slice]:
    """Slices of ``_BATCH`` items out of ``total``, reporting progress within ``percent`` (and checking for
    cancel) before each and once all are done."""
    for begin in range(0, total, _BATCH):
        monitor.step(begin, total, *percent)
        yield slice(begin, begin + _BATCH)
    monitor.step(total, total, *percent)


@functools.lru_cache(maxsize=16)
def _transformer(source_wkt: str, target_wkt: str) -> Transformer:
    """PROJ's transformation between two CRSs (WKT2), x first (longitude, easting) as GDAL's traditional GIS
    order; cached, as building one takes a few milliseconds."""
    return Transformer.from_crs(ProjCRS.from_wkt(source_wkt), ProjCRS.from_wkt(target_wkt), always_xy=True)


def _reproject(geometry: BaseGeometry, transformer: Transformer, parameter: str, label: str) -> BaseGeometry:
    """``geometry`` with its x/y coordinates reprojected, one PROJ call per ring (heights are kept).

    Raises:
        InputError: (``parameter``) a point where the target CRS is undefined.
    """
    def xy(x, y, z=None):
        new_x, new_y = transformer.transform(x, y)
        return (new_x, new_y) if z is None else (new_x, new_y, z)

    moved = transform(xy, geometry)
    if not np.all(np.isfinite(moved.bounds)):
        raise InputError(parameter, f"{label} lies outside the area where {transformer.target_crs.name} is defined "
                                    "(it cannot be reprojected there).",
                         "Use rasters (or a target CRS) covering all the polygons, or leave out those far away.")
    return moved


def _reproject_all(geometries: Sequence[BaseGeometry], source_crs: CRS, target_crs: CRS, parameter: str,
                   labels: Sequence[str], monitor: Monitor = SILENT,
                   percent: tuple[float, float] = (0.0, 100.0)) -> tuple[BaseGeometry, ...]:
    """``geometries`` from ``source_crs`` into ``target_crs``, ``_BATCH`` at a time, reporting progress within
    ``percent`` and honouring cancel between batches (``labels`` name them in errors).

    Raises:
        InputError: (``parameter``) a geometry that cannot be reprojected.
        CancelledError: the user cancelled.
    """
    if source_crs == target_crs:
        monitor.step(1, 1, *percent)
        return tuple(geometries)
    transformer = _transformer(source_crs.to_wkt(version="WKT2_2019"), target_crs.to_wkt(version="WKT2_2019"))
    reprojected: list[BaseGeometry] = []
    for part in _batches(len(geometries), monitor, percent):
        reprojected += [_reproject(g, transformer, parameter, label)
                        for g, label in zip(geometries[part], labels[part])]
    return tuple(reprojected)


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


def _parse_all(geometries_wkb: Sequence[bytes], parameter: str, labels: Sequence[str], monitor: Monitor,
               percent: tuple[float, float]) -> tuple[list[BaseGeometry], int]:
    """Polygons from WKB, repaired where invalid, and how many were; progress within ``percent``."""
    polygons, repaired = [], 0
    for part in _batches(len(geometries_wkb), monitor, percent):
        for geometry_wkb, label in zip(geometries_wkb[part], labels[part]):
            polygon, fixed = _polygon(geometry_wkb, parameter, label)
            polygons.append(polygon)
            repaired += fixed
    return polygons, repaired


def _parse_and_reproject(geometries_wkb: Sequence[bytes], source_crs: CRS, target_crs: CRS, parameter: str,
                         labels: Sequence[str], monitor: Monitor = SILENT,
                         percent: tuple[float, float] = (0.0, 100.0)) -> tuple[tuple[BaseGeometry, ...], int]:
    """Polygons parsed, repaired and reprojected, with the number repaired; progress within ``percent``."""
    start, end = percent
    middle = start + (end - start) * _PARSING_SHARE
    polygons, repaired = _parse_all(geometries_wkb, parameter, labels, monitor, (start, middle))
    return _reproject_all(polygons, source_crs, target_crs, parameter, labels, monitor, (middle, end)), repaired


def load_glaciers(records: Iterable[GlacierRecord], source_crs: str | CRS, target_crs: str | CRS,
                  class_map: dict[str, str] | None = None, monitor: Monitor = SILENT,
                  percent: tuple[float, float] = (0.0, 100.0)) -> GlacierSet:
    """Parse, repair, reproject and class polygon records; the source layer itself is never modified.

    Args:
        class_map: attribute value -> class name; ``None`` or empty: one class per distinct value.
        monitor: progress (reported within ``percent``, every few hundred polygons) and cancel.

    Raises:
        InputError: no polygon at all (GLACIERS), a non-polygon geometry (GLACIERS), a polygon that cannot be
            reprojected (GLACIERS), a missing class value (CLASS_FIELD) or a value the map does not cover
            (CLASS_MAP).
        CancelledError: the user cancelled.
    """
    records = [r for r in records if r.geometry_wkb]
    if not records:
        raise InputError("GLACIERS", "contains no glacier polygon.", "Select or digitise at least one glacier.")
    source_crs, target_crs = CRS.from_user_input(source_crs), CRS.from_user_input(target_crs)
    class_map = class_map or {}
    class_names = _class_names(records, class_map)
    labels = [f"glacier '{r.glacier_id}'" for r in records]
    geometries, repaired = _parse_and_reproject([r.geometry_wkb for r in records], source_crs, target_crs,
                                                "GLACIERS", labels, monitor, percent)
    classes = tuple(1 if r.class_value is None else class_names.index(class_map.get(r.class_value, r.class_value))
                    for r in records)
    return GlacierSet(tuple(str(r.glacier_id) for r in records), geometries, classes, class_names, repaired,
                      target_crs.to_wkt())


def load_polygons(geometries_wkb: Iterable[bytes], source_crs: str | CRS, target_crs: str | CRS,
                  parameter: str) -> PolygonSet:
    """Polygons of an auxiliary layer, repaired and reprojected; errors name ``parameter``."""
    source_crs, target_crs = CRS.from_user_input(source_crs), CRS.from_user_input(target_crs)
    geometries_wkb = [g for g in geometries_wkb if g]
    if not geometries_wkb:
        raise InputError(parameter, "contains no polygon.", "Choose a layer with polygons, or leave it empty.")
    labels = [f"feature {n}" for n in range(len(geometries_wkb))]
    parts, repaired = _parse_and_reproject(geometries_wkb, source_crs, target_crs, parameter, labels)
    return PolygonSet(parts, target_crs.to_wkt(), repaired, parameter)


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
