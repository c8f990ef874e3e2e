"""Void values in rasters that declare no nodata: SRTM's -32768 read as an elevation of -32 km.

A band without a nodata value (and without a mask) whose pixels hold a usual void value is almost surely
using it as nodata: every reader then takes the voids for real values. The check reads each band once,
decimated to at most :data:`SAMPLE_SIDE` pixels along its longer side (GDAL's overviews when there are
some), so it is quick on any raster; voids smaller than the decimation step may go unseen.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.enums import MaskFlags

__all__ = ["Void", "VOID_VALUES", "SAMPLE_SIDE", "undeclared_voids"]

VOID_VALUES = (-32768.0, -32767.0, -9999.0)
"""Values used for voids by SRTM and other DEMs (int16 minimum, its neighbour, and the common -9999)."""
SAMPLE_SIDE = 2048
"""Longest side in pixels of the decimated read of each band."""


@dataclass(frozen=True)
class Void:
    """A void value found in a band without nodata: 1-based band, the value, its share of the sampled pixels."""

    band: int
    value: float
    share: float


def undeclared_voids(path: str) -> list[Void]:
    """The void values (:data:`VOID_VALUES`) held by bands of ``path`` that declare no nodata value and no mask.

    Returns:
        One :class:`Void` per band and value found (empty for rasters with nodata, or without voids).
    """
    with rasterio.open(path) as dataset:
        step = max(1, -(-max(dataset.width, dataset.height) // SAMPLE_SIDE))
        shape = (max(1, dataset.height // step), max(1, dataset.width // step))
        found = []
        for band in dataset.indexes:
            if dataset.nodatavals[band - 1] is not None or dataset.mask_flag_enums[band - 1] != [MaskFlags.all_valid]:
                continue
            values = dataset.read(band, out_shape=shape)
            for void in VOID_VALUES:
                share = float(np.mean(values == void))
                if share > 0:
                    found.append(Void(band, void, share))
    return found
