"""Every choice list of the configuration, written once.

Each list is a ``Literal`` type (what the dataclass fields are annotated with) and the tuple of its values
(what the Processing enum parameters, the panel's dialog and the training command line offer). The first
value of a tuple is not necessarily the default: defaults live on the dataclass fields.
"""
from __future__ import annotations

from typing import Literal, get_args

__all__ = ["Device", "DEVICES", "Blending", "BLENDINGS", "ClassMap", "CLASS_MAPS", "Precision", "PRECISIONS",
           "OVERLAP_UNITS", "Sampling", "SAMPLINGS", "Split", "SPLITS", "Straddle", "STRADDLES", "Feature",
           "FEATURES", "Loss", "LOSSES", "Criterion", "CRITERIA", "PredictionKind", "PREDICTION_KINDS", "Task",
           "TASKS"]

Device = str
"""``auto``, ``cpu``, ``cuda`` or ``cuda:N`` (not a Literal: N is any GPU index)."""
DEVICES = ("auto", "cpu", "cuda")
"""The devices offered in lists; ``cuda:N`` is accepted wherever a device is typed."""

Blending = Literal["hann", "gaussian", "centre"]
BLENDINGS: tuple[str, ...] = get_args(Blending)
"""Weights of overlapping tiles: Hann or Gaussian windows, or each pixel from its most central tile."""

ClassMap = Literal["none", "argmax", "threshold"]
CLASS_MAPS: tuple[str, ...] = get_args(ClassMap)

Precision = Literal["fp32", "int8", "fp16"]
PRECISIONS: tuple[str, ...] = get_args(Precision)

OVERLAP_UNITS = ("pixels", "percent")
"""How Predict's overlap is given (``PredictConfig.overlap_percent``)."""

Sampling = Literal["glacier", "grid"]
SAMPLINGS: tuple[str, ...] = get_args(Sampling)

Split = Literal["spatial", "random", "blocks"]
SPLITS: tuple[str, ...] = get_args(Split)

Straddle = Literal["assign", "drop"]
STRADDLES: tuple[str, ...] = get_args(Straddle)

Feature = Literal["slope", "aspect", "ndsi", "ndvi", "ndwi"]
FEATURES: tuple[str, ...] = get_args(Feature)
"""Derived bands a dataset can append to its stack."""

Loss = Literal["auto", "ce", "focal", "dice", "ce+dice", "focal+dice", "mse", "l1"]
LOSSES: tuple[str, ...] = get_args(Loss)
"""Training losses (``mse``/``l1`` for regression datasets, the others for classes)."""

Criterion = Literal["val_loss", "val_iou"]
CRITERIA: tuple[str, ...] = get_args(Criterion)

PredictionKind = Literal["auto", "probability", "classes"]
PREDICTION_KINDS: tuple[str, ...] = get_args(PredictionKind)
"""What Evaluate's prediction raster holds (``auto``: float rasters are probabilities)."""

Task = Literal["segmentation", "regression"]
TASKS: tuple[str, ...] = get_args(Task)
