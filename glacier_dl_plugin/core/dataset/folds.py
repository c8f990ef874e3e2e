"""Cross-validation folds of whole glaciers: west to east or at random, in groups of near-equal area."""
from __future__ import annotations

import random

import numpy as np
from shapely.geometry.base import BaseGeometry

from ..errors import InputError

__all__ = ["spatial_folds", "random_folds", "single_fold_warning"]


def _fold_cuts(areas: np.ndarray, n_folds: int) -> list[int]:
    """Indices splitting ordered glaciers into ``n_folds`` contiguous, non-empty, near-equal-area groups."""
    cumulative, cuts, previous = np.cumsum(areas), [], 0
    for k in range(1, n_folds):
        cut = int(np.searchsorted(cumulative, k * cumulative[-1] / n_folds)) + 1
        cut = min(max(cut, previous + 1), len(areas) - (n_folds - k))
        cuts.append(cut)
        previous = cut
    return cuts


def _check_fold_count(glaciers: dict[str, BaseGeometry], n_folds: int) -> None:
    if n_folds > len(glaciers):
        count = f"{len(glaciers)} glacier" + ("s" if len(glaciers) != 1 else "")
        fix = ("Use FOLDS=1 (then no fold is held out for testing) or add glaciers." if len(glaciers) == 1 else
               f"Use at most FOLDS={len(glaciers)}, or add glaciers.")
        raise InputError("FOLDS", f"{n_folds} folds need at least {n_folds} glaciers (a fold holds whole glaciers), "
                         f"but the glacier polygons give {count}.", fix)


def single_fold_warning(n_folds: int) -> str:
    """The warning of a dataset with one fold ('' for more): its members have no held-out test fold."""
    if n_folds != 1:
        return ""
    return ("FOLDS=1: every glacier is in one fold, so the ensemble members will have no held-out test fold: "
            "their scores are on validation chips only (a random share of the chips, of the glaciers they train "
            "on) and say little about unseen glaciers. Use FOLDS=2 or more for test scores on glaciers a member "
            "never saw.")


def _group(order: list[str], glaciers: dict[str, BaseGeometry], n_folds: int) -> dict[str, int]:
    areas = np.array([glaciers[g].area for g in order], dtype=float)
    groups = np.split(np.arange(len(order)), _fold_cuts(areas, n_folds))
    return {order[i]: fold for fold, members in enumerate(groups) for i in members}


def spatial_folds(glaciers: dict[str, BaseGeometry], n_folds: int) -> dict[str, int]:
    """Assign whole glaciers to folds: ordered west to east, grouped into folds of near-equal total area.

    A glacier is never split between folds, so a model tested on fold k never saw any part of its glaciers.

    Raises:
        InputError: more folds than glaciers.
    """
    _check_fold_count(glaciers, n_folds)
    return _group(sorted(glaciers, key=lambda g: (glaciers[g].centroid.x, g)), glaciers, n_folds)


def random_folds(glaciers: dict[str, BaseGeometry], n_folds: int, seed: int) -> dict[str, int]:
    """Assign whole glaciers to folds at random (seeded), grouped into folds of near-equal total area.

    Raises:
        InputError: more folds than glaciers.
    """
    _check_fold_count(glaciers, n_folds)
    order = sorted(glaciers)
    random.Random(seed).shuffle(order)
    return _group(order, glaciers, n_folds)
