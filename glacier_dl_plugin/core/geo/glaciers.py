"""Glacier polygons brought onto the raster grid's CRS, repaired and classed (folds: :mod:`core.dataset.folds`)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rasterio.crs import CRS
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..errors import InputError
from ..progress import SILENT, Monitor
from .polygons import layer_crs, parse_and_reproject, reproject_all

__all__ = ["GlacierRecord", "GlacierSet", "PolygonSet", "load_glaciers", "load_polygons", "parse_class_map"]


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

    def without(self, glacier_ids: Iterable[str]) -> GlacierSet:
        """The same set less every polygon of the glaciers ``glacier_ids`` (e.g. glaciers smaller than a pixel)."""
        left_out = set(glacier_ids)
        keep = [n for n, glacier_id in enumerate(self.ids) if glacier_id not in left_out]
        if len(keep) == len(self.ids):
            return self
        return replace(self, ids=tuple(self.ids[n] for n in keep),
                       geometries=tuple(self.geometries[n] for n in keep),
                       class_indices=tuple(self.class_indices[n] for n in keep))

    def to_crs(self, crs: CRS) -> GlacierSet:
        """The same polygons in ``crs`` (itself when already there or its CRS is unknown)."""
        if not self.crs or CRS.from_wkt(self.crs) == crs:
            return self
        labels = [f"glacier '{glacier_id}'" for glacier_id in self.ids]
        geometries = reproject_all(self.geometries, CRS.from_wkt(self.crs), crs, "GLACIERS", labels)
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

    def to_crs(self, crs: CRS) -> PolygonSet:
        if CRS.from_wkt(self.crs) == crs:
            return self
        labels = [f"feature {n}" for n in range(len(self.geometries))]
        geometries = reproject_all(self.geometries, CRS.from_wkt(self.crs), crs, self.parameter, labels)
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


def load_glaciers(records: Iterable[GlacierRecord], source_crs: str | CRS, target_crs: str | CRS,
                  class_map: dict[str, str] | None = None, monitor: Monitor = SILENT,
                  percent: tuple[float, float] = (0.0, 100.0), parameter: str = "GLACIERS") -> GlacierSet:
    """Parse, repair, reproject and class polygon records; the source layer itself is never modified.

    Args:
        source_crs: the layer's CRS (WKT, code or CRS); empty: the layer has none (an error).
        class_map: attribute value -> class name; ``None`` or empty: one class per distinct value.
        monitor: progress (reported within ``percent``, every few hundred polygons) and cancel.
        parameter: the parameter the layer came from (GLACIERS, REFERENCE...), named by errors.

    Raises:
        InputError: (``parameter``) no polygon at all, a layer without CRS, a non-polygon geometry or a polygon
            that cannot be reprojected; a missing class value (CLASS_FIELD) or a value the map does not cover
            (CLASS_MAP).
        CancelledError: the user cancelled.
    """
    records = [r for r in records if r.geometry_wkb]
    if not records:
        raise InputError(parameter, "contains no glacier polygon.", "Select or digitise at least one glacier.")
    source_crs, target_crs = layer_crs(source_crs, parameter), CRS.from_user_input(target_crs)
    class_map = class_map or {}
    class_names = _class_names(records, class_map)
    labels = [f"glacier '{r.glacier_id}'" for r in records]
    geometries, repaired = parse_and_reproject([r.geometry_wkb for r in records], source_crs, target_crs,
                                                parameter, labels, monitor, percent)
    classes = tuple(1 if r.class_value is None else class_names.index(class_map.get(r.class_value, r.class_value))
                    for r in records)
    return GlacierSet(tuple(str(r.glacier_id) for r in records), geometries, classes, class_names, repaired,
                      target_crs.to_wkt())


def load_polygons(geometries_wkb: Iterable[bytes], source_crs: str | CRS, target_crs: str | CRS,
                  parameter: str) -> PolygonSet:
    """Polygons of an auxiliary layer, repaired and reprojected; errors name ``parameter``."""
    source_crs, target_crs = layer_crs(source_crs, parameter), CRS.from_user_input(target_crs)
    geometries_wkb = [g for g in geometries_wkb if g]
    if not geometries_wkb:
        raise InputError(parameter, "contains no polygon.", "Choose a layer with polygons, or leave it empty.")
    labels = [f"feature {n}" for n in range(len(geometries_wkb))]
    parts, repaired = parse_and_reproject(geometries_wkb, source_crs, target_crs, parameter, labels)
    return PolygonSet(parts, target_crs.to_wkt(), repaired, parameter)
