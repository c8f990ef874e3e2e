"""How a prediction raster is read by Evaluate: its kind, threshold, calibrated k, std raster and class names.

A calibrated raster (tag ``GLACIERDL_CALIBRATED=1``, written by Predict after Calibrate) carries its own
threshold and k; the class names come from the ``GLACIERDL_CLASSES`` tag or the mean raster's band
descriptions.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import rasterio

from ..errors import InputError
from ..progress import SILENT, Monitor

__all__ = ["RasterPrediction", "raster_prediction", "check_reference_classes"]


@dataclass(frozen=True)
class RasterPrediction:
    """A prediction raster: ``probability`` (bands summed, ≥ threshold is glacier) or ``classes`` (> 0)."""

    path: str
    kind: Literal["probability", "classes"] = "probability"
    threshold: float = 0.5
    std: str | None = None  # ensemble std on the same grid: area intervals [mean ∓ k·std ≥ threshold]
    k: float = 1.0
    classes: tuple[str, ...] = ()  # the model's classes, background first; () when the raster does not say


def _class_names(tags: dict[str, str], descriptions: Sequence[str | None]) -> tuple[str, ...]:
    """The classes of a Predict output, background first: its ``GLACIERDL_CLASSES`` tag, else the band
    descriptions ``"<class> probability"`` of a mean raster; () when neither is there."""
    if "GLACIERDL_CLASSES" in tags:
        return tuple(json.loads(tags["GLACIERDL_CLASSES"]))
    suffix = " probability"
    if all(d and d.endswith(suffix) for d in descriptions):
        return ("background", *(d[:-len(suffix)] for d in descriptions))
    return ()


def raster_prediction(path: str, kind: str = "auto", threshold: float | None = None, std: str | None = None,
                      monitor: Monitor = SILENT) -> RasterPrediction:
    """How to read a prediction raster: ``auto`` kind is ``probability`` for float rasters, else ``classes``.

    A calibrated raster (tag ``GLACIERDL_CALIBRATED=1``) brings its own ``GLACIERDL_THRESHOLD`` (unless
    ``threshold`` is given) and ``GLACIERDL_K``; an uncalibrated one gets 0.5 and k = 1, with a warning.
    Area intervals need a one-band probability raster and a ``std`` raster on its grid.

    Raises:
        InputError: the std raster lies on another grid.
    """
    with rasterio.open(path) as source:
        tags, dtype, count, grid = source.tags(), source.dtypes[0], source.count, (source.crs, source.transform,
                                                                                   source.shape)
        classes = _class_names(tags, source.descriptions)
    kind = ("probability" if np.dtype(dtype).kind == "f" else "classes") if kind == "auto" else kind
    if kind != "probability":
        return RasterPrediction(path, kind, classes=classes)
    calibrated = tags.get("GLACIERDL_CALIBRATED") == "1"
    if not calibrated and (threshold is None or std):
        monitor.warning("The prediction is not calibrated (no GLACIERDL_CALIBRATED=1 tag); using threshold "
                    f"{0.5 if threshold is None else threshold} and k = 1. Run Calibrate on the model and predict "
                    "again for calibrated values.")
    if threshold is None:
        threshold = float(tags.get("GLACIERDL_THRESHOLD", 0.5)) if calibrated else 0.5
    k = float(tags.get("GLACIERDL_K", 1.0)) if calibrated else 1.0
    if std and count != 1:
        monitor.log(f"No area intervals: the prediction has {count} class bands (one is needed).")
        std = None
    if std:
        with rasterio.open(std) as source:
            if (source.crs, source.transform, source.shape) != grid:
                raise InputError("STD", "is not on the grid of the prediction raster.",
                                 "Give the standard-deviation raster written by the same Predict run.")
    return RasterPrediction(path, kind, threshold, std, k, classes)


def check_reference_classes(values: Sequence[str | None], prediction: RasterPrediction) -> None:
    """Check that reference class ``values`` can be scored per class against ``prediction``: a prediction
    with named classes, more than one besides the background, and every value one of them.

    Raises:
        InputError: no class names (PREDICTION), a binary prediction, a missing or unknown class value
            (REFERENCE_CLASS_FIELD).
    """
    if not prediction.classes:
        raise InputError("PREDICTION", "has no class names (no GLACIERDL_CLASSES tag), so the reference classes "
                         "cannot be matched.", "Give the class map or mean raster written by Predict, or leave "
                         "REFERENCE_CLASS_FIELD empty.")
    known = prediction.classes[1:]
    if len(known) < 2:
        raise InputError("REFERENCE_CLASS_FIELD", f"per-class scores need a multi-class prediction, but the "
                         f"prediction has the classes {', '.join(prediction.classes)}.",
                         "Leave REFERENCE_CLASS_FIELD empty for glacier/background scores, or give the class map "
                         "or mean raster of a multi-class model.")
    missing = sum(v is None for v in values)
    if missing:
        raise InputError("REFERENCE_CLASS_FIELD", f"{missing} reference feature(s) have no class value.",
                         f"Give every feature one of the model's classes ({', '.join(known)}).")
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise InputError("REFERENCE_CLASS_FIELD", f"the reference classes {', '.join(unknown)} are not classes of "
                         f"the model ({', '.join(known)}).", "Rename the attribute values to the model's class "
                         "names, or choose the field that holds them.")
