"""The grid a model runs on: the inputs' own grid when it is the model's, else the model's CRS and pixel size.

A model records the grid it was trained on (:class:`core.config.ModelMetadata`: CRS, pixel size in the CRS's
unit, origin). Inputs on another CRS or pixel size, geographic or projected, are warped once onto a grid of
the model's CRS and pixel size covering the first input, with pixel edges aligned with the training grid;
the outputs lie on it. Models written before the CRS was recorded give their pixel size in metres: their
inputs keep their CRS and are warped to that size only.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from pyproj import CRS as ProjCRS
from rasterio.crs import CRS

from ..config import ModelMetadata
from ..errors import InputError
from ..geo.ground import metres_per_pixel
from ..geo.raster_stack import Grid, RasterInput, read_grid
from ..geo.target_grid import target_grid
from .ensemble import Ensemble

__all__ = ["model_grid", "PIXEL_SIZE_TOLERANCE", "MAX_GROWTH"]

PIXEL_SIZE_TOLERANCE = 0.01
"""Relative difference between input and model pixel sizes above which inputs are warped."""

MAX_GROWTH = 100
"""Most pixels the model grid may have per input pixel (a 3 m model on 30 m inputs): beyond, the inputs
are refused rather than blown up into a grid that never finishes."""


def _name(crs: CRS) -> str:
    return ProjCRS.from_wkt(crs.to_wkt()).name


def _size(sizes: Sequence[float], unit: str) -> str:
    """``0.000833° × 0.000833°``, ``30.00 m × 30.00 m``: a pixel size with its unit."""
    if unit == "degree":
        return " × ".join(f"{s:.6g}°" for s in sizes)
    return " × ".join(f"{s:.2f} {'m' if unit == 'metre' else unit}" for s in sizes)


def _matches(grid: Grid, crs: CRS, sizes: tuple[float, float]) -> bool:
    """Whether ``grid`` is on ``crs`` with pixels within :data:`PIXEL_SIZE_TOLERANCE` of ``sizes``."""
    return grid.crs == crs and all(
        abs(have - want) <= PIXEL_SIZE_TOLERANCE * want for have, want in zip(grid.pixel_size, sizes, strict=True))


def _check_growth(first: Grid, grid: Grid, metadata: ModelMetadata) -> None:
    """Refuse a model grid with more than :data:`MAX_GROWTH` pixels per input pixel."""
    growth = grid.width * grid.height / (first.width * first.height)
    if growth <= MAX_GROWTH:
        return
    metres = metres_per_pixel(first)
    raise InputError(
        "MODEL", f"the model runs on {_size(metadata.pixel_sizes, metadata.pixel_unit)} pixels and the inputs have "
        f"{_size(metres, 'metre')} pixels: warping them onto the model's grid would make {grid.width} x "
        f"{grid.height} px, {growth:.0f} times as many.",
        "Resample the inputs to about the model's pixel size first. A model trained on a geographic grid "
        "before Glacier DL recorded its CRS gives its pixel size in degrees: train it again.")


def _legacy_grid(inputs: Sequence[RasterInput], first: Grid, metadata: ModelMetadata,
                 log: Callable[[str], None]) -> Grid | None:
    """A model without CRS: the inputs' CRS, with the model's pixel size in metres when theirs differs."""
    model_m, input_m = float(metadata.pixel_size or 0), metres_per_pixel(first)[0]
    if model_m <= 0 or abs(input_m - model_m) <= PIXEL_SIZE_TOLERANCE * model_m:
        return None
    grid = target_grid(inputs[0].path, None, model_m, [i.path for i in inputs])
    _check_growth(first, grid, metadata)
    log(f"Inputs have {input_m:.2f} m pixels, the model {model_m:.2f} m: warping them once onto a {model_m:.2f} m "
        "grid (the outputs lie on it).")
    return grid


def model_grid(inputs: Sequence[RasterInput], ensemble: Ensemble, log: Callable[[str], None]) -> Grid | None:
    """The model's grid covering the first input, or None when the first input already lies on it.

    Raises:
        InputError: (MODEL) the model's grid would have over :data:`MAX_GROWTH` pixels per input pixel.
    """
    metadata = ensemble.metadata
    first = read_grid(inputs[0].path)
    if not metadata.crs:
        return _legacy_grid(inputs, first, metadata, log)
    crs, sizes = CRS.from_wkt(metadata.crs), metadata.pixel_sizes
    if _matches(first, crs, sizes):
        return None
    origin = tuple(metadata.origin) if metadata.origin else (0.0, 0.0)
    grid = target_grid(inputs[0].path, crs, pixel_size=sizes, align_to=[i.path for i in inputs], origin=origin)
    _check_growth(first, grid, metadata)
    ground = metadata.ground_pixel_size
    log(f"Inputs have {_size(metres_per_pixel(first), 'metre')} pixels on {_name(first.crs)}; the model's grid is "
        f"{_name(crs)} with {_size(sizes, metadata.pixel_unit)} pixels ({_size(ground, 'metre')}): warping them "
        f"once onto it ({grid.width} x {grid.height} px; the outputs lie on it).")
    return grid
