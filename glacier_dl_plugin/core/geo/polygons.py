"""Polygon geometries parsed from WKB, repaired and reprojected in batches, with progress and cancel checks."""
from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import numpy as np
from pyproj import CRS as ProjCRS
from pyproj import Transformer
from rasterio.crs import CRS
from rasterio.errors import CRSError
from shapely import wkb
from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform
from shapely.validation import make_valid

from ..errors import InputError
from ..progress import SILENT, Monitor

__all__ = ["layer_crs", "reproject_all", "parse_and_reproject", "NO_CRS_FIX"]

_BATCH = 500  # polygons between progress reports and cancel checks (a few tens of milliseconds)
_PARSING_SHARE = 0.3  # of the progress: parsing and repairing take ~30 % of loading (Everest, synthetic region)


def _batches(total: int, monitor: Monitor, percent: tuple[float, float]) -> Iterator[slice]:
    """Slices of ``_BATCH`` items out of ``total``, reporting progress within ``percent`` (and checking for
    cancel) before each and once all are done."""
    for begin in range(0, total, _BATCH):
        monitor.step(begin, total, *percent)
        yield slice(begin, begin + _BATCH)
    monitor.step(total, total, *percent)


NO_CRS_FIX = ("Add the .prj file beside the .shp (copy it from where the data came from), or assign the layer's "
              "CRS in QGIS (Layer Properties › Source › Assigned Coordinate Reference System) and save it "
              "(Export › Save Features As).")


def layer_crs(crs: str | CRS | None, parameter: str) -> CRS:
    """The CRS of a vector layer given as WKT, an authority code or a CRS.

    Raises:
        InputError: (``parameter``) the layer has no CRS (e.g. a shapefile without its ``.prj``), or one that
            cannot be read.
    """
    if isinstance(crs, CRS):
        return crs
    text = (crs or "").strip()
    if not text:
        raise InputError(parameter, "the layer has no coordinate reference system (a shapefile without its .prj "
                                    "file?), so it cannot be placed on the rasters.", NO_CRS_FIX)
    try:
        return CRS.from_user_input(text)
    except CRSError:
        raise InputError(parameter, f"the layer's coordinate reference system cannot be read ({text[:80]}).",
                         NO_CRS_FIX) from None


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


def reproject_all(geometries: Sequence[BaseGeometry], source_crs: CRS, target_crs: CRS, parameter: str,
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


def parse_and_reproject(geometries_wkb: Sequence[bytes], source_crs: CRS, target_crs: CRS, parameter: str,
                         labels: Sequence[str], monitor: Monitor = SILENT,
                         percent: tuple[float, float] = (0.0, 100.0)) -> tuple[tuple[BaseGeometry, ...], int]:
    """Polygons parsed, repaired and reprojected, with the number repaired; progress within ``percent``."""
    start, end = percent
    middle = start + (end - start) * _PARSING_SHARE
    polygons, repaired = _parse_all(geometries_wkb, parameter, labels, monitor, (start, middle))
    return reproject_all(polygons, source_crs, target_crs, parameter, labels, monitor, (middle, end)), repaired
