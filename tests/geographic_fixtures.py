"""Rasters for the geographic-grid tests: a projected (UTM) copy of a geographic DEM, made with rasterio.warp.

A module of its own (not conftest): test files of several folders import it.
"""
from __future__ import annotations

from pathlib import Path

import rasterio
from rasterio.warp import Resampling, calculate_default_transform, reproject

UTM_32N = "EPSG:32632"


def utm_warp(dem: str, path: Path, resolution: float = 30.0) -> str:
    """``dem`` warped onto UTM 32N at ``resolution`` metres (bilinear, float32, nodata -9999), as a user's
    projected copy of it would be; returns the path."""
    with rasterio.open(dem) as src:
        transform, width, height = calculate_default_transform(src.crs, UTM_32N, src.width, src.height, *src.bounds,
                                                               resolution=resolution)
        profile = dict(driver="GTiff", width=width, height=height, count=1, dtype="float32", crs=UTM_32N,
                       transform=transform, nodata=-9999.0)
        with rasterio.open(path, "w", **profile) as dst:
            reproject(rasterio.band(src, 1), rasterio.band(dst, 1), dst_nodata=-9999.0, resampling=Resampling.bilinear)
    return str(path)
