"""Writing a synthetic scene: tiled GeoTIFFs and the glacier outlines polygonised from the truth's own pixels."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.features import shapes
from rasterio.transform import Affine
from shapely.geometry import MultiPolygon, mapping, shape
from shapely.ops import unary_union

from glacier_dl_plugin.core.atomic import atomic_path

__all__ = ["outline_records", "write_raster", "write_outlines"]


def _area_km2(crs: CRS) -> Callable:
    """Polygon -> km²: geodesic on the CRS's ellipsoid for a geographic CRS, planar otherwise."""
    if crs.is_geographic:
        import pyproj  # only geographic grids need it

        geod = pyproj.CRS.from_wkt(crs.to_wkt()).get_geod()
        return lambda geometry: abs(geod.geometry_area_perimeter(geometry)[0]) / 1e6
    metres = crs.linear_units_factor[1]
    return lambda geometry: geometry.area * metres**2 / 1e6


def outline_records(labels: np.ndarray, debris: np.ndarray, transform: Affine, crs: CRS) -> list[dict]:
    """One MultiPolygon feature per glacier (``labels`` 1..n) and surface (``debris`` or clean ice), polygonised
    from the truth's own pixels."""
    code = np.where(labels > 0, 2 * labels + debris, 0).astype(np.int32)
    parts: dict[int, list] = {}
    for geometry, value in shapes(code, mask=code > 0, transform=transform):
        parts.setdefault(int(value), []).append(shape(geometry))
    area_km2, records = _area_km2(crs), []
    for value in sorted(parts):
        merged = unary_union(parts[value])
        merged = merged if isinstance(merged, MultiPolygon) else MultiPolygon([merged])
        records.append({"geometry": mapping(merged), "properties": {
            "glacier_id": f"G{value // 2:03d}", "surface": "debris" if value % 2 else "clean_ice",
            "area_km2": float(area_km2(merged))}})
    return records


def write_raster(path: Path, data: np.ndarray, transform: Affine, crs: CRS, nodata: float,
                  descriptions: Sequence[str]) -> None:
    """A tiled, deflated GeoTIFF of ``data`` (band, row, col), written under a temporary name."""
    # zlevel 1: noisy data barely compresses, and the fastest level writes files as small as the default.
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                   dtype=data.dtype, crs=crs, transform=transform, nodata=nodata, tiled=True, blockxsize=256,
                   blockysize=256, compress="deflate", zlevel=1, predictor=3 if data.dtype.kind == "f" else 2)
    with atomic_path(path) as temporary:
        with rasterio.open(temporary, "w", **profile) as dst:
            dst.write(data)
            dst.descriptions = tuple(descriptions)


def write_outlines(path: Path, records: list[dict], crs: CRS) -> None:
    """The outlines as GeoPackage layer ``glaciers``, written under a temporary name."""
    import fiona  # as in core.dataset.preview: only the writers of vector files need it

    schema = {"geometry": "MultiPolygon", "properties": {"glacier_id": "str", "surface": "str", "area_km2": "float"}}
    with atomic_path(path) as temporary:
        with fiona.open(temporary, "w", driver="GPKG", layer="glaciers", crs_wkt=crs.to_wkt(), schema=schema) as sink:
            sink.writerecords(records)
