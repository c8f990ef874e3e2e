"""The grid a model runs on: the inputs' own grid, or the model's pixel size when they differ."""
from __future__ import annotations

from typing import Sequence

from ..geo.raster_stack import Grid, RasterInput, read_grid
from ..geo.target_grid import metres_per_pixel, target_grid
from .ensemble import Ensemble

__all__ = ["model_grid"]

PIXEL_SIZE_TOLERANCE = 0.01
"""Relative difference between input and model pixel sizes above which inputs are warped."""


def model_grid(inputs: Sequence[RasterInput], ensemble: Ensemble, log) -> Grid | None:
    """A grid with the model's pixel size when the first input's differs, else None (its own grid)."""
    model_m = float(ensemble.metadata.pixel_size or 0)
    first = read_grid(inputs[0].path)
    input_m = metres_per_pixel(first)[0]
    if model_m <= 0 or abs(input_m - model_m) <= PIXEL_SIZE_TOLERANCE * model_m:
        return None
    log(f"Inputs have {input_m:.2f} m pixels, the model {model_m:.2f} m: warping them once onto a {model_m:.2f} m "
        "grid (the outputs lie on it).")
    return target_grid(inputs[0].path, None, model_m, [i.path for i in inputs])
