"""Measures on the WGS 84 ellipsoid: glacier areas in km² and metres per CRS unit, whatever the projection."""
from __future__ import annotations

import functools

from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import transform

_GEOD = Geod(ellps="WGS84")


@functools.lru_cache(maxsize=16)
def _to_lonlat(crs_wkt: str) -> Transformer:
    return Transformer.from_crs(CRS.from_user_input(crs_wkt), CRS.from_epsg(4326), always_xy=True)


def to_lonlat(geometry: BaseGeometry, crs: str) -> BaseGeometry:
    """``geometry`` (in ``crs``: WKT, ``EPSG:n`` or PROJ string) in WGS 84 longitude/latitude."""
    return transform(_to_lonlat(str(crs)).transform, geometry)


def geodesic_area_km2(geometry: BaseGeometry, crs: str) -> float:
    """Area on the WGS 84 ellipsoid in km² of a (multi)polygon given in ``crs``; holes are subtracted."""
    if geometry.is_empty:
        return 0.0
    area, _ = _GEOD.geometry_area_perimeter(_oriented(to_lonlat(geometry, crs)))
    return abs(area) / 1e6


def _oriented(geometry: BaseGeometry) -> BaseGeometry:
    """Shells anticlockwise and holes clockwise in every part: pyproj adds the signed areas of the rings, so a
    hole wound like its shell, or a clockwise part beside an anticlockwise one, would be added or cancel."""
    if geometry.geom_type == "Polygon":
        return orient(geometry, 1.0)
    if hasattr(geometry, "geoms"):
        return type(geometry)([_oriented(part) for part in geometry.geoms])
    return geometry


def metres_per_unit(crs, x: float, y: float) -> tuple[float, float]:
    """Metres per unit of ``crs`` (a rasterio CRS) along x and y at (x, y): the linear unit when projected;
    for degrees, the ellipsoid's scale there (a 0.01° step centred on the point)."""
    if not crs.is_geographic:
        factor = crs.linear_units_factor[1]
        return factor, factor
    lat = min(max(y, -89.0), 89.0)
    _, _, east = _GEOD.inv(x - 0.005, lat, x + 0.005, lat)
    _, _, north = _GEOD.inv(x, lat - 0.005, x, lat + 0.005)
    return east / 0.01, north / 0.01
