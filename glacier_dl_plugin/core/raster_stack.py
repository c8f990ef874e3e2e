"""Several rasters read as one band stack on the grid of the first.

Secondary rasters are warped on the fly through GDAL's warped VRT, once per read window, so nothing is
ever read whole into memory and every reader sees the same pixels on the same grid.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.transform import Affine, array_bounds
from rasterio.vrt import WarpedVRT
from rasterio.warp import transform_bounds
from rasterio.windows import Window

from .errors import InputError

__all__ = ["RasterInput", "Grid", "RasterStack", "open_stack", "read_grid"]


@dataclass(frozen=True)
class RasterInput:
    """One input raster layer: a file path and the name its bands are listed under."""

    path: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or Path(self.path).stem


@dataclass(frozen=True)
class Grid:
    """A north-up pixel grid: CRS, affine transform (pixel -> CRS units) and size in pixels."""

    crs: CRS
    transform: Affine
    width: int
    height: int

    @property
    def pixel_size(self) -> tuple[float, float]:
        """Pixel width and height in CRS units (metres for projected CRSs)."""
        return abs(self.transform.a), abs(self.transform.e)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) in CRS units."""
        west, south, east, north = array_bounds(self.height, self.width, self.transform)
        return west, south, east, north

    def window_transform(self, window: Window) -> Affine:
        return rasterio.windows.transform(window, self.transform)

    def window_bounds(self, window: Window) -> tuple[float, float, float, float]:
        return rasterio.windows.bounds(window, self.transform)


def _band_names(label: str, dataset: rasterio.DatasetReader) -> list[str]:
    return [f"{label}:{desc or index}" for index, desc in enumerate(dataset.descriptions, start=1)]


def _boxes_overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class RasterStack:
    """Band stack of several open rasters on the first one's grid; use :func:`open_stack`."""

    def __init__(self, readers: list, grid: Grid, band_names: list[str]) -> None:
        self._readers = readers
        self.grid = grid
        self.band_names = band_names

    @property
    def count(self) -> int:
        return len(self.band_names)

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        """Read every band in ``window``.

        Returns:
            ``(data, valid)``: float32 ``[bands, rows, cols]`` and a boolean ``[rows, cols]`` that is
            False wherever any band is nodata, NaN, or outside its raster. Pixels of the window beyond
            the grid are returned as invalid.
        """
        parts, valid = [], None
        for reader in self._readers:
            data = reader.read(window=window, boundless=True, fill_value=0).astype(np.float32, copy=False)
            masks = reader.read_masks(window=window, boundless=True)
            ok = np.all(masks > 0, axis=0) & np.all(np.isfinite(data), axis=0)
            valid = ok if valid is None else valid & ok
            parts.append(data)
        return np.concatenate(parts, axis=0), valid


def read_grid(path: str) -> Grid:
    """The grid of one raster file; raises InputError when it has no CRS."""
    with rasterio.open(path) as dataset:
        if dataset.crs is None:
            raise InputError(
                "INPUTS", f"raster '{path}' has no coordinate reference system.",
                "Assign its CRS in QGIS (Layer Properties > Source) or with gdal_edit.py -a_srs.",
            )
        return Grid(dataset.crs, dataset.transform, dataset.width, dataset.height)


def _open_on_grid(source: RasterInput, grid: Grid, first_label: str, stack: contextlib.ExitStack):
    """Open ``source`` and return a reader on ``grid`` (a warped VRT unless it is already on it)."""
    dataset = stack.enter_context(rasterio.open(source.path))
    if dataset.crs is None:
        raise InputError("INPUTS", f"raster '{source.label}' has no CRS.", "Assign its CRS first.")
    if (dataset.crs, dataset.transform, dataset.width, dataset.height) == (
        grid.crs, grid.transform, grid.width, grid.height
    ):
        return dataset, _band_names(source.label, dataset)
    if not _boxes_overlap(grid.bounds, transform_bounds(dataset.crs, grid.crs, *dataset.bounds)):
        raise InputError(
            "INPUTS", f"raster '{source.label}' does not overlap '{first_label}'.",
            "Choose rasters that cover the same area.",
        )
    vrt = WarpedVRT(dataset, crs=grid.crs, transform=grid.transform, width=grid.width, height=grid.height,
                    resampling=Resampling.bilinear)
    return stack.enter_context(vrt), _band_names(source.label, dataset)


@contextlib.contextmanager
def open_stack(inputs: Sequence[RasterInput]) -> Iterator[RasterStack]:
    """Open ``inputs`` as one :class:`RasterStack` on the first raster's grid.

    Raises:
        InputError: no input, a raster without CRS, or rasters that do not overlap.
    """
    if not inputs:
        raise InputError("INPUTS", "no raster was given.", "Select at least one raster layer.")
    grid = read_grid(inputs[0].path)
    with contextlib.ExitStack() as stack:
        readers, names = [], []
        for source in inputs:
            reader, band_names = _open_on_grid(source, grid, inputs[0].label, stack)
            readers.append(reader)
            names.extend(band_names)
        yield RasterStack(readers, grid, names)
