"""Every choice list of the configuration, written once.

Each list is a ``Literal`` type (what the dataclass fields are annotated with) and the tuple of its values
(what the Processing enum parameters, the panel's dialog and the training command line offer). The first
value of a tuple is not necessarily the default: defaults live on the dataclass fields. :data:`LABELS` gives
each value its readable English label (the plugin shows it, translated, in dialogs; the value stays the name).
"""
from __future__ import annotations

from typing import Literal, get_args

__all__ = ["Device", "DEVICES", "Blending", "BLENDINGS", "ClassMap", "CLASS_MAPS", "Precision", "PRECISIONS",
           "OVERLAP_UNITS", "Sampling", "SAMPLINGS", "Split", "SPLITS", "Straddle", "STRADDLES", "Feature",
           "FEATURES", "Loss", "LOSSES", "Criterion", "CRITERIA", "Schedule", "SCHEDULES", "PredictionKind", "PREDICTION_KINDS", "Task",
           "TASKS", "LABEL_CONTEXT", "LABELS", "labels_of"]

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
Schedule = Literal["plateau", "cosine"]
SCHEDULES: tuple[str, ...] = get_args(Schedule)

PredictionKind = Literal["auto", "probability", "classes"]
PREDICTION_KINDS: tuple[str, ...] = get_args(PredictionKind)
"""What Evaluate's prediction raster holds (``auto``: float rasters are probabilities)."""

Task = Literal["segmentation", "regression"]
TASKS: tuple[str, ...] = get_args(Task)


LABEL_CONTEXT = "GlacierDLChoices"
"""The translation context of the labels (what ``QT_TRANSLATE_NOOP`` below files them under)."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name pylupdate5 looks for)
    """``text`` unchanged: marks it for pylupdate5 (context as literal ``GlacierDLChoices``)."""
    return text


LABELS: dict[tuple[str, ...], dict[str, str]] = {
    DEVICES: {"auto": QT_TRANSLATE_NOOP("GlacierDLChoices", "Automatic (GPU when available)"),
              "cpu": QT_TRANSLATE_NOOP("GlacierDLChoices", "CPU"),
              "cuda": QT_TRANSLATE_NOOP("GlacierDLChoices", "GPU (CUDA)")},
    BLENDINGS: {"hann": QT_TRANSLATE_NOOP("GlacierDLChoices", "Hann window (smooth seams)"),
                "gaussian": QT_TRANSLATE_NOOP("GlacierDLChoices", "Gaussian window"),
                "centre": QT_TRANSLATE_NOOP("GlacierDLChoices", "Most central tile (no blending)")},
    CLASS_MAPS: {"none": QT_TRANSLATE_NOOP("GlacierDLChoices", "None (probabilities only)"),
                 "argmax": QT_TRANSLATE_NOOP("GlacierDLChoices", "Most probable class (argmax)"),
                 "threshold": QT_TRANSLATE_NOOP("GlacierDLChoices", "Glacier where probability reaches threshold")},
    PRECISIONS: {"fp32": QT_TRANSLATE_NOOP("GlacierDLChoices", "Full precision (fp32)"),
                 "int8": QT_TRANSLATE_NOOP("GlacierDLChoices", "Quantised 8-bit (int8)"),
                 "fp16": QT_TRANSLATE_NOOP("GlacierDLChoices", "Half precision (fp16)")},
    OVERLAP_UNITS: {"pixels": QT_TRANSLATE_NOOP("GlacierDLChoices", "Pixels"),
                    "percent": QT_TRANSLATE_NOOP("GlacierDLChoices", "Percent of the tile")},
    SAMPLINGS: {"glacier": QT_TRANSLATE_NOOP("GlacierDLChoices", "Around each glacier"),
                "grid": QT_TRANSLATE_NOOP("GlacierDLChoices", "Moving window over the grid")},
    SPLITS: {"spatial": QT_TRANSLATE_NOOP("GlacierDLChoices", "Spatial (glaciers west to east)"),
             "random": QT_TRANSLATE_NOOP("GlacierDLChoices", "Random (by glacier)"),
             "blocks": QT_TRANSLATE_NOOP("GlacierDLChoices", "Blocks (folds within glaciers)")},
    STRADDLES: {"assign": QT_TRANSLATE_NOOP("GlacierDLChoices", "Keep, in their glacier's fold"),
                "drop": QT_TRANSLATE_NOOP("GlacierDLChoices", "Drop")},
    FEATURES: {"slope": QT_TRANSLATE_NOOP("GlacierDLChoices", "Slope"),
               "aspect": QT_TRANSLATE_NOOP("GlacierDLChoices", "Aspect"),
               "ndsi": QT_TRANSLATE_NOOP("GlacierDLChoices", "NDSI (snow index)"),
               "ndvi": QT_TRANSLATE_NOOP("GlacierDLChoices", "NDVI (vegetation index)"),
               "ndwi": QT_TRANSLATE_NOOP("GlacierDLChoices", "NDWI (water index)")},
    LOSSES: {"auto": QT_TRANSLATE_NOOP("GlacierDLChoices", "Automatic (by the dataset's task)"),
             "ce": QT_TRANSLATE_NOOP("GlacierDLChoices", "Cross-entropy"),
             "focal": QT_TRANSLATE_NOOP("GlacierDLChoices", "Focal"),
             "dice": QT_TRANSLATE_NOOP("GlacierDLChoices", "Dice"),
             "ce+dice": QT_TRANSLATE_NOOP("GlacierDLChoices", "Cross-entropy + Dice"),
             "focal+dice": QT_TRANSLATE_NOOP("GlacierDLChoices", "Focal + Dice"),
             "mse": QT_TRANSLATE_NOOP("GlacierDLChoices", "Mean squared error (regression)"),
             "l1": QT_TRANSLATE_NOOP("GlacierDLChoices", "Mean absolute error, L1 (regression)")},
    CRITERIA: {"val_loss": QT_TRANSLATE_NOOP("GlacierDLChoices", "Validation loss"),
               "val_iou": QT_TRANSLATE_NOOP("GlacierDLChoices", "Validation IoU")},
    SCHEDULES: {"plateau": QT_TRANSLATE_NOOP("GlacierDLChoices", "Halve on plateau"),
                "cosine": QT_TRANSLATE_NOOP("GlacierDLChoices", "Cosine decay over the epochs")},
    PREDICTION_KINDS: {"auto": QT_TRANSLATE_NOOP("GlacierDLChoices", "Automatic (float rasters are probabilities)"),
                       "probability": QT_TRANSLATE_NOOP("GlacierDLChoices", "Probabilities"),
                       "classes": QT_TRANSLATE_NOOP("GlacierDLChoices", "Classes")},
    TASKS: {"segmentation": QT_TRANSLATE_NOOP("GlacierDLChoices", "Segmentation (classes)"),
            "regression": QT_TRANSLATE_NOOP("GlacierDLChoices", "Regression (continuous values)")},
}
"""Choice tuple -> value -> English label (untranslated; translate under :data:`LABEL_CONTEXT`)."""


def labels_of(values: tuple[str, ...] | list[str]) -> dict[str, str]:
    """The labels of the choice list holding exactly ``values`` (in any order); ``{}`` for another list."""
    return next((labels for key, labels in LABELS.items() if set(key) == set(values)), {})
