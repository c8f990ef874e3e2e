"""Helpers of the polygonize tests (tests/core/assess/test_outlines.py, test_outline_bounds.py): mean/std
rasters written in code, the output layers read back, the Everest RGI outlines and an independent area."""
from __future__ import annotations

import fiona
import numpy as np
import rasterio
from pyproj import Geod
from shapely.geometry import shape

from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers

GEOD = Geod(ellps="WGS84")
UTM = "EPSG:32645"


def write_raster(path, data, transform, crs, tags=None):
    """A single-band float32 GeoTIFF (nodata -9999) of ``data`` with ``tags``; returns ``path``."""
    profile = dict(driver="GTiff", width=data.shape[1], height=data.shape[0], count=1, dtype="float32", crs=crs,
                   transform=transform, nodata=-9999.0, tiled=True, compress="deflate")
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data.astype(np.float32), 1)
        dst.update_tags(**(tags or {}))
    return path


def read_layer(path, layer="outlines"):
    """A polygonize layer: glacier id -> (outline or None, attributes)."""
    with fiona.open(path, layer=layer) as src:
        return {f["properties"]["glacier_id"]: (shape(f["geometry"]) if f["geometry"] else None,
                                                dict(f["properties"])) for f in src}


def everest_originals(outlines):
    """The RGI outlines as read from the file: id -> list of lon/lat polygons (EPSG:4326)."""
    with fiona.open(outlines) as src:
        crs, originals = src.crs_wkt, {}
        for feature in src:
            originals.setdefault(feature["properties"]["RGIId"], []).append(shape(feature["geometry"]))
    return crs, originals


def everest_glaciers(outlines):
    """The RGI outlines in UTM 45N as a GlacierSet, and the originals (see :func:`everest_originals`)."""
    crs, originals = everest_originals(outlines)
    records = [GlacierRecord(i, g.wkb) for i, parts in originals.items() for g in parts]
    return load_glaciers(records, crs, UTM), originals


def geod_area_km2(polygons):
    """Independent reference: pyproj's geodesic area of the original lon/lat polygons."""
    return sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in polygons) / 1e6
