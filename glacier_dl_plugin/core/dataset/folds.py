"""Cross-validation folds: whole glaciers (west to east or at random, in groups of near-equal area), or
square blocks of the grid dealt into folds, for folds within one glacier."""
from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

import numpy as np
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from .sampling import PlannedChip

__all__ = ["spatial_folds", "random_folds", "block_folds", "single_fold_warning"]


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


def _block_of(chip: PlannedChip, block: int) -> tuple[int, int]:
    """The (row, col) of the block holding the chip's centre."""
    window = chip.window
    return (int(window.row_off + window.height // 2) // block, int(window.col_off + window.width // 2) // block)


def _blocks_touched(chip: PlannedChip, block: int) -> set[tuple[int, int]]:
    window = chip.window
    rows = range(int(window.row_off) // block, (int(window.row_off + window.height) - 1) // block + 1)
    cols = range(int(window.col_off) // block, (int(window.col_off + window.width) - 1) // block + 1)
    return {(r, c) for r in rows for c in cols}


def _deal_blocks(counts: dict[tuple[int, int], int], n_folds: int, seed: int) -> dict[tuple[int, int], int]:
    """Blocks in a seeded random order, each to the fold with the fewest chips so far (near-equal folds)."""
    order = sorted(counts)
    random.Random(seed).shuffle(order)
    sizes, folds = [0] * n_folds, {}
    for key in order:
        fold = int(np.argmin(sizes))
        folds[key], sizes[fold] = fold, sizes[fold] + counts[key]
    return folds


def block_folds(plan: Sequence[PlannedChip], block: int, n_folds: int,
                seed: int) -> tuple[list[PlannedChip], dict[str, int]]:
    """Give each chip the fold of the square block (``block`` pixels a side) holding its centre.

    Blocks with chips are dealt into ``n_folds`` folds at random (seeded), balancing chip counts. A chip
    ``straddles`` when its window reaches a block of another fold: dropping those (STRADDLE=drop) leaves no
    pixel shared between chips of different folds, since the blocks are disjoint.

    Returns:
        The chips with their folds, and each block's fold by ``"<row>,<col>"`` (block rows and columns from
        the grid's origin), as ``dataset.json`` records it.

    Raises:
        InputError: (FOLDS) fewer blocks holding chips than folds.
    """
    counts: dict[tuple[int, int], int] = {}
    for chip in plan:
        counts[_block_of(chip, block)] = counts.get(_block_of(chip, block), 0) + 1
    if n_folds > len(counts):
        raise InputError("FOLDS", f"{n_folds} folds need at least {n_folds} blocks with chips, but the "
                         f"{block} px blocks hold chips in {len(counts)}.",
                         f"Use smaller blocks (BLOCK_SIZE) or at most FOLDS={max(1, len(counts))}.")
    folds = _deal_blocks(counts, n_folds, seed)
    planned = []
    for chip in plan:
        fold = folds[_block_of(chip, block)]
        straddles = any(folds.get(key, fold) != fold for key in _blocks_touched(chip, block))
        planned.append(dataclasses.replace(chip, fold=fold, straddles=straddles))
    return planned, {f"{row},{col}": fold for (row, col), fold in sorted(folds.items())}
