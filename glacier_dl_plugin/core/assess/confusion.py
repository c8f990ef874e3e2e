"""Confusion areas and the scores derived from them: glacier vs background, and class by class.

Areas are km² (each pixel weighted by its ellipsoidal area, or exact polygon overlays), so scores of
glaciers at different latitudes and of differently sized pixels add up correctly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from shapely.geometry.base import BaseGeometry

from ..geo.geodesy import geodesic_area_km2

__all__ = ["Confusion", "ClassConfusion", "confusion_from_masks", "confusion_from_polygons", "class_confusion",
           "SCORE_NAMES", "CLASS_SCORE_NAMES"]

SCORE_NAMES = ("iou", "precision", "recall", "f1", "accuracy", "accuracy_background", "accuracy_glacier",
               "rel_area_error", "boundary_distance_m")
CLASS_SCORE_NAMES = ("ref_area_km2", "pred_area_km2", "iou", "precision", "recall", "f1")  # per class


@dataclass(frozen=True)
class Confusion:
    """Areas in km² of true/false positives and negatives (glacier is the positive class)."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    tn: float = 0.0

    def __add__(self, other: Confusion) -> Confusion:
        return Confusion(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn)

    def scores(self) -> dict[str, float]:
        """IoU, precision, recall, F1, accuracy (overall and per class), relative area error (NaN: 0/0)."""
        ratio = lambda a, b: a / b if b > 0 else math.nan  # noqa: E731 - a local safe division
        reference, predicted = self.tp + self.fn, self.tp + self.fp
        return {"iou": ratio(self.tp, self.tp + self.fp + self.fn), "precision": ratio(self.tp, predicted),
                "recall": ratio(self.tp, reference), "f1": ratio(2 * self.tp, predicted + reference),
                "accuracy": ratio(self.tp + self.tn, self.tp + self.fp + self.fn + self.tn),
                "accuracy_background": ratio(self.tn, self.tn + self.fp), "accuracy_glacier": ratio(self.tp, reference),
                "rel_area_error": ratio(predicted - reference, reference), "ref_area_km2": reference,
                "pred_area_km2": predicted}


def confusion_from_masks(predicted: np.ndarray, reference: np.ndarray, counted: np.ndarray,
                         areas: np.ndarray) -> Confusion:
    """Confusion areas over the ``counted`` pixels, each weighted by its area (``[rows, 1]`` km²)."""
    weight = np.broadcast_to(areas, counted.shape)
    total = lambda m: float(weight[m & counted].sum())  # noqa: E731
    return Confusion(total(predicted & reference), total(predicted & ~reference), total(~predicted & reference),
                     total(~predicted & ~reference))


def confusion_from_polygons(predicted: BaseGeometry, reference: BaseGeometry, zone: BaseGeometry,
                            crs: str) -> Confusion:
    """Exact confusion areas of polygons clipped to ``zone``, on the ellipsoid."""
    area = lambda g: geodesic_area_km2(g, crs)  # noqa: E731
    rest = zone.difference(predicted.union(reference))
    return Confusion(area(predicted.intersection(reference)), area(predicted.difference(reference)),
                     area(reference.difference(predicted)), area(rest))


@dataclass(frozen=True)
class ClassConfusion:
    """Counted pixels by reference class (rows) and predicted class (columns), class 0 the background."""

    pixels: np.ndarray  # int64 [classes, classes]
    km2: np.ndarray  # float64 [classes, classes], the pixels' ellipsoidal areas

    def __add__(self, other: ClassConfusion) -> ClassConfusion:
        return ClassConfusion(self.pixels + other.pixels, self.km2 + other.km2)

    def scores(self, index: int) -> dict[str, float]:
        """``CLASS_SCORE_NAMES`` of class ``index`` against every other class (background included), from km²."""
        others = np.arange(len(self.km2)) != index
        confusion = Confusion(float(self.km2[index, index]), float(self.km2[others, index].sum()),
                              float(self.km2[index, others].sum()))
        return {name: value for name, value in confusion.scores().items() if name in CLASS_SCORE_NAMES}


def class_confusion(reference: np.ndarray, predicted: np.ndarray, counted: np.ndarray, areas: np.ndarray,
                    n_classes: int) -> ClassConfusion:
    """The class matrix of the ``counted`` pixels (``areas``: ``[rows, 1]`` km²); classes ≥ ``n_classes``
    (not written by Predict) are left out."""
    keep = counted & (reference < n_classes) & (predicted < n_classes)
    cells = reference[keep].astype(np.int64) * n_classes + predicted[keep]
    weights = np.broadcast_to(areas, counted.shape)[keep]
    size = n_classes * n_classes
    return ClassConfusion(np.bincount(cells, minlength=size).reshape(n_classes, n_classes),
                          np.bincount(cells, weights, size).reshape(n_classes, n_classes))
