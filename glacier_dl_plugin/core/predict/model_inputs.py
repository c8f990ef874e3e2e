"""The inputs a model reads: the rasters on the model's grid, plus the derived bands its dataset had.

Opened once per run (by :func:`core.predict.engine.open_engine`): rasters whose pixel size differs from the
model's are warped once onto its grid (:func:`core.predict.model_grid.model_grid`), the derived bands
(slope, aspect, NDSI, ...) the model's ``ensemble.json`` recipe lists are computed window by window exactly
as the training dataset computed them, and the band count is checked against the model's.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from ..dataset.features import DerivedStack, plan_from_recipe
from ..errors import InputError
from ..geo.raster_stack import RasterInput, RasterStack, open_stack
from ..geo.target_grid import metres_per_pixel
from .ensemble import Ensemble
from .model_grid import model_grid

__all__ = ["open_model_inputs", "check_bands"]


def check_bands(stack: RasterStack | DerivedStack, ensemble: Ensemble, log: Callable[[str], None]) -> None:
    """The inputs must give as many bands as the model expects; differing names are only reported."""
    expected = ensemble.metadata.bands
    derived = [name for name in expected if name.startswith("derived:")]
    if derived and not ensemble.derived_features:
        raise InputError(
            "MODEL", f"the model was trained with derived bands ({', '.join(derived)}) but does not say how to "
            "compute them (a single .onnx file, or a model trained before Glacier DL 0.2).",
            "Choose the model folder written by Train Ensemble (its ensemble.json records the features).",
        )
    if stack.count != len(expected):
        raise InputError(
            "INPUTS", f"the model expects {len(expected)} bands ({', '.join(expected)}) but the inputs give "
            f"{stack.count} ({', '.join(stack.band_names)}).",
            "Select the same raster layers, in the same order, as for the training dataset.",
        )
    if tuple(stack.band_names) != tuple(expected):
        log(f"Band names differ from training ({', '.join(expected)}); using them in the given order.")


def _with_derived_bands(stack: RasterStack, ensemble: Ensemble,
                        log: Callable[[str], None]) -> RasterStack | DerivedStack:
    """The stack, plus the derived bands (slope, NDSI, ...) the model's dataset recipe asks for."""
    spec = ensemble.derived_features
    if not spec:
        return stack
    plan = plan_from_recipe(spec, stack.band_names)
    log(f"Deriving {', '.join(plan.band_names)} from the inputs, as for the training dataset.")
    return DerivedStack(stack, plan, metres_per_pixel(stack.grid))


@contextlib.contextmanager
def open_model_inputs(inputs: Sequence[RasterInput], ensemble: Ensemble,
                      log: Callable[[str], None]) -> Iterator[RasterStack | DerivedStack]:
    """The band stack ``ensemble`` reads: ``inputs`` on its grid, with its derived bands, band count checked.

    Raises:
        InputError: (INPUTS) a band count other than the model's; (MODEL) derived bands without a recipe.
    """
    with open_stack(inputs, model_grid(inputs, ensemble, log)) as stack:
        with_derived = _with_derived_bands(stack, ensemble, log)
        check_bands(with_derived, ensemble, log)
        yield with_derived
