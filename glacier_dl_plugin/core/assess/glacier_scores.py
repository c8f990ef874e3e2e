"""The results of an evaluation: one reference glacier's confusion areas and scores, and their summaries.

Overall scores come two ways: the mean over glaciers of each glacier's score (every glacier counts the same),
and the scores of the pooled confusion areas (each glacier weighted by its area). Areas are km².
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from shapely.geometry.base import BaseGeometry

from .confusion import SCORE_NAMES, ClassConfusion, Confusion
from .scoring_zones import GlacierZone

__all__ = ["GlacierScores", "Evaluation", "INTERVAL_NAMES", "COVERAGE_NAME"]

INTERVAL_NAMES = ("area_low_km2", "area_high_km2", "in_interval")  # with a std raster: the area interval
COVERAGE_NAME = "coverage"  # share of the reference outline over valid prediction pixels (1: whole)


@dataclass
class GlacierScores:
    """One reference glacier's confusion areas and scores, and the prediction clipped to its zone."""

    zone: GlacierZone
    confusion: Confusion
    boundary_distance_m: float
    predicted: BaseGeometry = field(repr=False)
    interval: tuple[float, float] | None = None  # (area_low, area_high) km², with a std raster
    classes: ClassConfusion | None = None  # with classed reference polygons and a multi-class prediction
    coverage: float = 1.0  # share of the outline's pixel centres on the raster and valid (polygons: 1)

    @property
    def scores(self) -> dict[str, float]:
        """Every score, and the coverage; the interval columns are NaN without a std raster."""
        low, high = self.interval or (math.nan, math.nan)
        inside = float(low <= self.confusion.tp + self.confusion.fn <= high) if self.interval else math.nan
        return {**self.confusion.scores(), "boundary_distance_m": self.boundary_distance_m, "area_low_km2": low,
                "area_high_km2": high, "in_interval": inside, COVERAGE_NAME: self.coverage}


@dataclass
class Evaluation:
    """Per-glacier scores, their mean over glaciers, and the scores of the pooled (area-weighted) areas."""

    glaciers: list[GlacierScores]
    crs: str
    class_names: tuple[str, ...] = ()  # with per-class scores: every class, the background first

    def _sums(self) -> dict[str, float]:
        return {name: sum(g.scores[name] for g in self.glaciers)
                for name in ("ref_area_km2", "pred_area_km2", "area_low_km2", "area_high_km2")}

    def overall(self) -> dict[str, float]:
        """Mean over glaciers of every score and the coverage (NaNs skipped; ``in_interval``: the share
        covered); summed areas."""
        columns = [g.scores for g in self.glaciers]
        names = (*SCORE_NAMES, "in_interval", COVERAGE_NAME)
        return {**{name: _nanmean([c[name] for c in columns]) for name in names}, **self._sums()}

    def area_weighted(self) -> dict[str, float]:
        """Scores of the summed areas (intervals summed as fully dependent errors); the boundary distance
        weighted by reference area."""
        pooled = sum((g.confusion for g in self.glaciers), Confusion())
        weights = [(g.boundary_distance_m, g.confusion.tp + g.confusion.fn) for g in self.glaciers
                   if not math.isnan(g.boundary_distance_m)]
        total = sum(w for _, w in weights)
        distance = sum(d * w for d, w in weights) / total if total > 0 else math.nan
        sums = self._sums()
        inside = sums["area_low_km2"] <= sums["ref_area_km2"] <= sums["area_high_km2"]
        return {**pooled.scores(), **sums, "boundary_distance_m": distance,
                "in_interval": math.nan if math.isnan(sums["area_low_km2"]) else float(inside),
                COVERAGE_NAME: self._pooled_coverage()}

    def _pooled_coverage(self) -> float:
        """The reference area seen over the reference area (each glacier's seen area / its coverage)."""
        seen = [(g.confusion.tp + g.confusion.fn, g.coverage) for g in self.glaciers if g.coverage > 0]
        whole = sum(area / share for area, share in seen)
        return sum(area for area, _ in seen) / whole if whole > 0 else math.nan

    def class_confusion(self) -> ClassConfusion:
        """The class matrix (pixels, km²) summed over the glaciers' zones."""
        return sum((g.classes for g in self.glaciers[1:]), self.glaciers[0].classes)

    def class_scores(self) -> list[tuple[str, str, dict[str, float]]]:
        """``(glacier id, class, scores)`` for every glacier and non-background class, then per class the rows
        ``overall_mean`` (mean over glaciers, NaNs skipped; summed areas) and ``overall_area_weighted`` (the
        scores of the summed class matrix)."""
        names, pooled = self.class_names[1:], self.class_confusion()
        rows = [(g.zone.glacier_id, name, g.classes.scores(i)) for g in self.glaciers
                for i, name in enumerate(names, 1)]
        for i, name in enumerate(names, 1):
            columns = [g.classes.scores(i) for g in self.glaciers]
            means = {n: _nanmean([c[n] for c in columns]) for n in ("iou", "precision", "recall", "f1")}
            rows.append(("overall_mean", name, {**pooled.scores(i), **means}))
        return rows + [("overall_area_weighted", name, pooled.scores(i)) for i, name in enumerate(names, 1)]


def _nanmean(values: Sequence[float]) -> float:
    """The mean of the defined values; NaN when none is."""
    array = np.asarray(values, float)
    return math.nan if np.isnan(array).all() else float(np.nanmean(array))
