"""Which chips each ensemble member trains, validates and is tested on.

Member ``i`` holds out fold ``i % n_folds`` as its test fold (glaciers it never sees), validates on one of
the remaining folds (rotating with the member index) and trains on the rest. With only one remaining fold
a random share of its chips validates instead; with a single fold there is no test fold at all.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from glacier_dl_plugin.core.errors import InputError

from .data import Chip, DatasetInfo

__all__ = ["MemberPlan", "plan_member", "no_test_fold_warning", "VAL_FRACTION", "SINGLE_FOLD_VAL_FRACTION"]

VAL_FRACTION = 0.15
"""Share of the training chips that validates when only one fold is left after the test fold."""

SINGLE_FOLD_VAL_FRACTION = 0.2
"""Share of all chips that validates when the dataset has a single fold (80/20 split, no test fold)."""


@dataclass(frozen=True)
class MemberPlan:
    """One member's seed and chip splits.

    Attributes:
        name: ``member_XX``, the stem of its ONNX file and folder.
        fold: the held-out test fold, or -1 when the dataset has one fold only.
        test_glaciers: ids of the glaciers in the test fold (from ``dataset.json`` ``glacier_folds``).
    """

    index: int
    name: str
    seed: int
    fold: int
    train: tuple[Chip, ...]
    val: tuple[Chip, ...]
    test: tuple[Chip, ...]
    test_glaciers: tuple[str, ...]


def no_test_fold_warning(n_folds: int) -> str:
    """The warning of a single-fold dataset ('' otherwise): members are scored on validation chips only."""
    if n_folds != 1:
        return ""
    return (f"WARNING: the dataset has a single fold (FOLDS=1), so no member has a held-out test fold: each "
            f"validates on a random {SINGLE_FOLD_VAL_FRACTION:.0%} of the chips, of glaciers it also trains on, "
            "and its metrics say little about unseen glaciers. Create the dataset with FOLDS=2 or more for test "
            "scores on glaciers a member never saw.")


def _random_split(chips: Sequence[Chip], fraction: float, seed: int) -> tuple[list[Chip], list[Chip]]:
    """``(rest, held)`` with ``held`` a seeded random ``fraction`` of ``chips`` (at least one chip)."""
    if len(chips) < 2:
        raise InputError("DATASET", f"only {len(chips)} chip(s) are left to train and validate on.",
                         "Create the dataset with more glaciers, a smaller stride or fewer folds.")
    order = np.random.default_rng(seed).permutation(len(chips))
    n_held = min(max(1, round(fraction * len(chips))), len(chips) - 1)
    held = set(order[:n_held].tolist())
    return ([c for i, c in enumerate(chips) if i not in held], [c for i, c in enumerate(chips) if i in held])


def _validation_fold(test_fold: int, n_folds: int, index: int) -> int:
    """The fold after the test fold for the first round of members, the one after that for the next."""
    remaining = [(test_fold + 1 + j) % n_folds for j in range(n_folds - 1)]
    return remaining[(index // n_folds) % len(remaining)]


def plan_member(info: DatasetInfo, index: int, base_seed: int) -> MemberPlan:
    """Seed (``base_seed + index``), test fold and chip splits of member ``index``.

    Raises:
        InputError: (DATASET) the member would have no chips to train on.
    """
    seed = base_seed + index
    name = f"member_{index:02d}"
    if info.n_folds == 1:
        train, val = _random_split(info.chips, SINGLE_FOLD_VAL_FRACTION, seed)
        return MemberPlan(index, name, seed, -1, tuple(train), tuple(val), (), ())
    fold = index % info.n_folds
    test = [c for c in info.chips if c.fold == fold]
    rest = [c for c in info.chips if c.fold != fold]
    val: list[Chip] = []
    if info.n_folds > 2:
        val_fold = _validation_fold(fold, info.n_folds, index)
        val = [c for c in rest if c.fold == val_fold]
    if val and len(val) < len(rest):
        train = [c for c in rest if c.fold != val[0].fold]
    else:  # two folds, or an empty validation fold: validate on a random share instead
        train, val = _random_split(rest, VAL_FRACTION, seed)
    return MemberPlan(index, name, seed, fold, tuple(train), tuple(val), tuple(test),
                      tuple(info.glaciers_in_fold(fold)))
