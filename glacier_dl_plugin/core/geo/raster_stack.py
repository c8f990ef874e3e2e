"""Several rasters read as one band stack on one target grid (by default the first raster's).

Every raster not already on the grid is warped through one GDAL warped VRT opened once for the whole run,
with its own resampling (bilinear for continuous data, nearest for categorical layers). Reads are windowed,
so nothing is ever read whole into memory and every reader sees the same pixels on the same grid.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.enums import MaskFlags, Resampling
from rasterio.transform import Affine, array_bounds
from rasterio.vrt import WarpedVRT
from rasterio.warp import transform_bounds
from rasterio.windows import Window

from ..errors import InputError
from .pixel_windows import clipped

__all__ = ["RasterInput", "Grid", "RasterStack", "open_stack", "open_on_grid", "read_grid", "BandReader", "band_names",
           "with_categorical", "RESAMPLING"]

RESAMPLING = {"bilinear": Resampling.bilinear, "nearest": Resampling.nearest, "cubic": Resampling.cubic,
              "average": Resampling.average, "mode": Resampling.mode}
"""Resampling names a :class:`RasterInput` may use (bilinear: continuous data; nearest/mode: categorical)."""


@dataclass(frozen=True)
class RasterInput:
    """One input raster layer.

    Attributes:
        path: the raster file.
        name: the name its bands are listed under (``<name>:<band description or index>``); default: file stem.
        resampling: how it is warped onto the target grid, a key of :data:`RESAMPLING`.
    """

    path: str
    name: str = ""
    resampling: str = "bilinear"

    def __post_init__(self) -> None:
        if self.resampling not in RESAMPLING:
            raise KeyError(f"unknown resampling {self.resampling!r}; valid: {', '.join(RESAMPLING)}")

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
        """Pixel width and height in CRS units (metres for projected CRSs, degrees for geographic ones)."""
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


def band_names(label: str, dataset) -> list[str]:
    """``<label>:<band description or 1-based index>`` for every band of an open raster."""
    return [f"{label}:{desc or index}" for index, desc in enumerate(dataset.descriptions, start=1)]


def _boxes_overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class BandReader:
    """Some bands of one open raster (or warped VRT) read as float32 together with where they are valid."""

    def __init__(self, dataset, indexes: Sequence[int], alpha: int | None = None) -> None:
        self.dataset = dataset
        self.indexes = list(indexes)
        self._alpha = alpha  # band whose zeros mark pixels the source does not cover
        flags = [dataset.mask_flag_enums[i - 1] for i in self.indexes]
        self._by_nodata = all(f == [MaskFlags.nodata] for f in flags)
        self._all_valid = all(f == [MaskFlags.all_valid] for f in flags)
        self._nodata = [dataset.nodatavals[i - 1] for i in self.indexes]

    def _read_padded(self, window: Window, inside: Window | None) -> tuple[np.ndarray, np.ndarray]:
        """A window reaching beyond the raster: its part ``inside``, padded with invalid zeros (warped VRTs
        refuse boundless reads, and padding is faster than GDAL's boundless path anyway)."""
        rows, cols = int(window.height), int(window.width)
        data = np.zeros((len(self.indexes), rows, cols), np.float32)
        valid = np.zeros((rows, cols), bool)
        if inside is not None:
            row0, col0 = int(inside.row_off - window.row_off), int(inside.col_off - window.col_off)
            at = (slice(row0, row0 + int(inside.height)), slice(col0, col0 + int(inside.width)))
            data[(slice(None), *at)], valid[at] = self.read(inside)
        return data, valid

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        """float32 ``[bands, rows, cols]`` and where every band is valid (not nodata, finite, inside).

        Pixels of windows reaching beyond the raster are invalid. Validity comes from the nodata values when
        they define it (no second read), otherwise from GDAL's masks (alpha band, internal mask).
        """
        inside = clipped(window, self.dataset.width, self.dataset.height)
        if inside != window:
            return self._read_padded(window, inside)
        if self._alpha:
            data = self.dataset.read(self.indexes + [self._alpha], window=window)
            data, valid = data[:-1], data[-1] > 0
        else:
            data = self.dataset.read(self.indexes, window=window)
            if self._by_nodata:
                valid = np.ones(data.shape[1:], bool)
                for band, nodata in zip(data, self._nodata):
                    valid &= band != nodata
            elif self._all_valid:
                valid = np.ones(data.shape[1:], bool)
            else:
                valid = np.all(self.dataset.read_masks(self.indexes, window=window) > 0, axis=0)
        if data.dtype.kind == "f":
            valid &= np.all(np.isfinite(data), axis=0)
        return data.astype(np.float32, copy=False), valid


class RasterStack:
    """Band stack of several open rasters on one grid; use :func:`open_stack`."""

    def __init__(self, readers: list[BandReader], grid: Grid, band_names: list[str]) -> None:
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
            data, ok = reader.read(window)
            valid = ok if valid is None else valid & ok
            parts.append(data)
        return np.concatenate(parts, axis=0), valid


def read_grid(path: str, parameter: str = "INPUTS") -> Grid:
    """The grid of one raster file; raises InputError (naming ``parameter``) when it has no CRS."""
    with rasterio.open(path) as dataset:
        if dataset.crs is None:
            raise InputError(
                parameter, f"raster '{path}' has no coordinate reference system.",
                "Assign its CRS in QGIS (Layer Properties > Source) or with gdal_edit.py -a_srs.",
            )
        return Grid(dataset.crs, dataset.transform, dataset.width, dataset.height)


def open_on_grid(source: RasterInput, grid: Grid, stack: contextlib.ExitStack, parameter: str = "INPUTS",
                 other: str = "the target grid"):
    """Open ``source`` and return ``(BandReader, band names)`` on ``grid`` (a warped VRT unless already on it).

    The VRT is opened once; each windowed read warps only that window with ``source.resampling``.
    """
    dataset = stack.enter_context(rasterio.open(source.path))
    if dataset.crs is None:
        raise InputError(parameter, f"raster '{source.label}' has no coordinate reference system.",
                         "Assign its CRS in QGIS (Layer Properties > Source) or with gdal_edit.py -a_srs.")
    if (dataset.crs, dataset.transform, dataset.width, dataset.height) == (
        grid.crs, grid.transform, grid.width, grid.height
    ):
        return BandReader(dataset, dataset.indexes), band_names(source.label, dataset)
    if not _boxes_overlap(grid.bounds, transform_bounds(dataset.crs, grid.crs, *dataset.bounds, densify_pts=21)):
        raise InputError(parameter, f"raster '{source.label}' does not overlap {other}.",
                         "Choose rasters that cover the same area.")
    # Without a nodata value, an alpha band marks the pixels the source does not cover.
    alpha = dataset.nodata is None and all(f == [MaskFlags.all_valid] for f in dataset.mask_flag_enums)
    # Interpolated values are kept as float32 (an int16 DEM is not rounded back); class codes keep their type.
    continuous = source.resampling not in ("nearest", "mode")
    vrt = WarpedVRT(dataset, crs=grid.crs, transform=grid.transform, width=grid.width, height=grid.height,
                    resampling=RESAMPLING[source.resampling], add_alpha=alpha,
                    **({"dtype": "float32"} if continuous else {}))
    return (BandReader(stack.enter_context(vrt), dataset.indexes, dataset.count + 1 if alpha else None),
            band_names(source.label, dataset))


@contextlib.contextmanager
def open_stack(inputs: Sequence[RasterInput], grid: Grid | None = None) -> Iterator[RasterStack]:
    """Open ``inputs`` as one :class:`RasterStack` on ``grid`` (default: the first raster's grid).

    See :func:`core.geo.target_grid.target_grid` for a grid of another CRS or pixel size.

    Raises:
        InputError: no input, a raster without CRS, or rasters that do not overlap the grid.
    """
    if not inputs:
        raise InputError("INPUTS", "no raster was given.", "Select at least one raster layer.")
    other = "the target grid" if grid is not None else f"'{inputs[0].label}'"
    grid = grid or read_grid(inputs[0].path)
    with contextlib.ExitStack() as stack:
        readers, names = [], []
        for source in inputs:
            reader, names_here = open_on_grid(source, grid, stack, other=other)
            readers.append(reader)
            names.extend(names_here)
        yield RasterStack(readers, grid, names)


def with_categorical(inputs: Sequence[RasterInput], categorical: str) -> list[RasterInput]:
    """``inputs`` with the layers listed in ``categorical`` (comma-separated names or 1-based positions)
    resampled by nearest neighbour, so that class codes are never averaged.

    Raises:
        InputError: (CATEGORICAL) an entry names no input layer.
    """
    wanted = [e.strip() for e in categorical.split(",") if e.strip()]
    labels = [i.label for i in inputs]
    chosen = set()
    for entry in wanted:
        if entry in labels:
            chosen.add(labels.index(entry))
        elif entry.isdigit() and 1 <= int(entry) <= len(inputs):
            chosen.add(int(entry) - 1)
        else:
            raise InputError("CATEGORICAL", f"'{entry}' is not one of the input layers ({', '.join(labels)}).",
                             "List input layer names or 1-based positions, separated by commas.")
    return [RasterInput(i.path, i.name, "nearest") if n in chosen else i for n, i in enumerate(inputs)]
