"""The inputs a model reads: the rasters matched to its bands by name, on its grid, plus the derived bands its
dataset had.

Opened once per run (by :func:`core.predict.engine.open_engine`). The input layers are put in the order of the
model's bands (:func:`input_order`: the same layers given in another order are reordered; names that do not
match are an error unless ``IGNORE_BAND_NAMES``), rasters whose pixel size differs from the model's are
warped once onto its grid (:func:`core.predict.model_grid.model_grid`), and the derived bands (slope, aspect,
NDSI, ...) the model's ``ensemble.json`` recipe lists are computed window by window exactly as the training
dataset computed them.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence

import rasterio
from rasterio.errors import RasterioError

from ..dataset.features import DerivedStack, plan_from_recipe
from ..errors import InputError
from ..geo.ground import metres_per_pixel
from ..geo.raster_stack import RasterInput, RasterStack, band_names, open_stack
from .ensemble import Ensemble
from .model_grid import model_grid

__all__ = ["open_model_inputs", "input_order", "check_bands", "DERIVED"]

DERIVED = "derived:"
"""Prefix of the bands a model computes from its inputs (never given)."""

_Layer = tuple[str, tuple[str, ...]]  # (layer name, band parts)


def _layers(names: Sequence[str]) -> list[_Layer]:
    """Consecutive ``<layer>:<band>`` names grouped by layer."""
    layers: list[tuple[str, list[str]]] = []
    for name in names:
        layer, _, band = name.partition(":")
        if not layers or layers[-1][0] != layer:
            layers.append((layer, []))
        layers[-1][1].append(band)
    return [(layer, tuple(bands)) for layer, bands in layers]


def _without_shared_part(labels: Sequence[str]) -> list[str]:
    """Layer names without the prefix and suffix all of them share (the scene: ``LE07_2000_RGB`` and
    ``LE07_2000_B4`` are ``RGB`` and ``B4``); a single layer's whole name is the scene's."""
    if len(set(labels)) < 2:
        return ["" for _ in labels]
    prefix = os.path.commonprefix(list(labels))
    suffix = os.path.commonprefix([label[len(prefix):][::-1] for label in labels])[::-1]
    return [label[len(prefix):len(label) - len(suffix)] for label in labels]


def _order(expected: list[tuple], given: list[tuple]) -> list[int] | None:
    """Positions in ``given`` of each item of ``expected`` when both hold the same unique items, else None."""
    if len(set(given)) != len(given) or sorted(expected) != sorted(given):
        return None
    return [given.index(item) for item in expected]


def input_order(expected: Sequence[str], given: Sequence[Sequence[str]],
                ignore_names: bool = False) -> tuple[list[int], str]:
    """The order of the given layers (each a list of ``<layer>:<band>`` names) that gives the model's bands.

    Layers are matched by their full names, else by their names without the part all layers of a side share
    (another scene of the same layers: ``LE07_2001_RGB`` for ``LE07_2000_RGB``), each with its bands.

    Args:
        expected: the model's bands in training order (derived bands excluded).
        ignore_names: keep the given order whatever the names (``IGNORE_BAND_NAMES``: no reordering either);
            the band count is still checked.

    Returns:
        The positions of the given layers in the model's order, and a line for the log ('' when the names
        matched in the given order).

    Raises:
        InputError: (INPUTS) another band count, or names that do not match, listing expected and given.
    """
    flat = [name for layer in given for name in layer]
    if len(flat) != len(expected):
        raise InputError("INPUTS", f"the model expects {len(expected)} bands ({', '.join(expected)}) but the inputs "
                         f"give {len(flat)} ({', '.join(flat)}).",
                         "Select the same raster layers as for the training dataset.")
    identity = list(range(len(given)))
    if list(expected) == flat:
        return identity, ""
    if ignore_names:
        return identity, (f"IGNORE_BAND_NAMES: the inputs are used in the given order ({', '.join(flat)}) for the "
                          f"model's bands ({', '.join(expected)}).")
    model, inputs = _layers(expected), [_layers(layer)[0] for layer in given]
    full = _order(model, inputs)
    if full is not None:
        return full, (f"Inputs reordered to the training order: {', '.join(label for label, _ in model)} (given: "
                      f"{', '.join(label for label, _ in inputs)}).")
    roles = _order(list(zip(_without_shared_part([m[0] for m in model]), (m[1] for m in model))),
                   list(zip(_without_shared_part([i[0] for i in inputs]), (i[1] for i in inputs))))
    if roles is not None:
        pairs = ", ".join(f"{inputs[i][0]} for {label}" for i, (label, _) in zip(roles, model))
        return roles, (f"Inputs matched to the training layers by name without the part they share: {pairs}"
                       + (" (reordered)." if roles != identity else "."))
    raise InputError("INPUTS", f"the input bands do not match the model's: expected {', '.join(expected)} (the "
                     f"training order), given {', '.join(flat)}.",
                     "Give the layers the model was trained on (another scene of them matches too), or set "
                     "IGNORE_BAND_NAMES=true to use the inputs in the given order.")


def check_bands(stack: RasterStack | DerivedStack, ensemble: Ensemble) -> None:
    """The inputs with their derived bands must give as many bands as the model expects.

    Raises:
        InputError: (MODEL) derived bands without a recipe; (INPUTS) another band count.
    """
    expected = ensemble.metadata.bands
    derived = [name for name in expected if name.startswith(DERIVED)]
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


def _layer_bands(inputs: Sequence[RasterInput]) -> list[list[str]] | None:
    """Each input's band names; None when one cannot be opened (:func:`open_stack` then says why)."""
    names = []
    for source in inputs:
        try:
            with rasterio.open(source.path) as dataset:
                names.append(band_names(source.label, dataset))
        except RasterioError:
            return None
    return names


def _in_model_order(inputs: Sequence[RasterInput], ensemble: Ensemble, ignore_names: bool,
                    log: Callable[[str], None]) -> list[RasterInput]:
    expected = [name for name in ensemble.metadata.bands if not name.startswith(DERIVED)]
    given = _layer_bands(inputs)
    if given is None:
        return list(inputs)
    order, note = input_order(expected, given, ignore_names)
    if note:
        log(note)
    return [inputs[i] for i in order]


def _with_derived_bands(stack: RasterStack, ensemble: Ensemble,
                        log: Callable[[str], None]) -> RasterStack | DerivedStack:
    """The stack, plus the derived bands (slope, NDSI, ...) the model's dataset recipe asks for; the recipe's
    role bands are the model's names, which the stack's bands now are in order."""
    spec = ensemble.derived_features
    if not spec:
        return stack
    names = [name for name in ensemble.metadata.bands if not name.startswith(DERIVED)]
    plan = plan_from_recipe(spec, names)
    log(f"Deriving {', '.join(plan.band_names)} from the inputs, as for the training dataset.")
    return DerivedStack(stack, plan, metres_per_pixel(stack.grid))


@contextlib.contextmanager
def open_model_inputs(inputs: Sequence[RasterInput], ensemble: Ensemble, log: Callable[[str], None],
                      ignore_names: bool = False) -> Iterator[RasterStack | DerivedStack]:
    """The band stack ``ensemble`` reads: ``inputs`` in its band order, on its grid, with its derived bands.

    Args:
        ignore_names: use the inputs in the given order whatever their names (``IGNORE_BAND_NAMES``).

    Raises:
        InputError: (INPUTS) band names that do not match or another band count; (MODEL) derived bands
            without a recipe.
    """
    inputs = _in_model_order(inputs, ensemble, ignore_names, log)
    with open_stack(inputs, model_grid(inputs, ensemble, log)) as stack:
        with_derived = _with_derived_bands(stack, ensemble, log)
        check_bands(with_derived, ensemble)
        yield with_derived
