"""Folds of whole glaciers: west to east (or seeded random order) in groups of near-equal area."""
import pytest
from shapely.geometry import box

from glacier_dl_plugin.core.dataset.folds import random_folds, single_fold_warning, spatial_folds
from glacier_dl_plugin.core.errors import InputError

# six glaciers west to east with areas 4, 1, 1, 2, 2, 2 (total 12: three folds of 4)
GLACIERS = {"A": box(0, 0, 2, 2), "B": box(10, 0, 11, 1), "C": box(20, 0, 21, 1), "D": box(30, 0, 32, 1),
            "E": box(40, 0, 42, 1), "F": box(50, 0, 52, 1)}


def test_spatial_folds_run_west_to_east_with_equal_areas():
    folds = spatial_folds(GLACIERS, 3)
    assert folds == {"A": 0, "B": 1, "C": 1, "D": 1, "E": 2, "F": 2}
    areas = [sum(GLACIERS[g].area for g, f in folds.items() if f == k) for k in range(3)]
    assert areas == [4, 4, 4]


def test_random_folds_are_seeded_keep_every_fold_and_need_enough_glaciers():
    assert random_folds(GLACIERS, 3, seed=1) == random_folds(GLACIERS, 3, seed=1)
    assert set(random_folds(GLACIERS, 3, seed=2).values()) == {0, 1, 2}
    with pytest.raises(InputError, match="FOLDS: 7 folds need at least 7 glaciers"):
        spatial_folds(GLACIERS, 7)


def test_more_folds_than_glaciers_says_how_many_glaciers_and_a_single_fold_warns():
    with pytest.raises(InputError) as error:
        spatial_folds({"A": box(0, 0, 1, 1)}, 2)
    assert error.value.parameter == "FOLDS" and "the glacier polygons give 1 glacier." in error.value.problem
    assert error.value.fix == "Use FOLDS=1 (then no fold is held out for testing) or add glaciers."
    with pytest.raises(InputError, match="Use at most FOLDS=6, or add glaciers."):
        random_folds(GLACIERS, 7, seed=0)
    assert spatial_folds({"A": box(0, 0, 1, 1)}, 1) == {"A": 0}
    assert single_fold_warning(2) == ""
    assert single_fold_warning(1).startswith("FOLDS=1: ") and "no held-out test fold" in single_fold_warning(1)


def _chip(row, col, size=4):
    from rasterio.windows import Window

    from glacier_dl_plugin.core.dataset.sampling import PlannedChip

    return PlannedChip(Window(col, row, size, size), "G", 0, False)


def test_block_folds_follow_the_block_of_each_chip_centre_and_balance_counts():
    from glacier_dl_plugin.core.dataset.folds import block_folds

    plan = [_chip(r, c) for r in range(0, 16, 4) for c in range(0, 16, 4)]  # 16 chips, blocks of 8 px: 4 blocks
    chips, blocks = block_folds(plan, 8, 2, seed=1)
    assert sorted(blocks) == ["0,0", "0,1", "1,0", "1,1"] and sorted(blocks.values()) == [0, 0, 1, 1]
    for chip in chips:
        centre = (int(chip.window.row_off) + 2) // 8, (int(chip.window.col_off) + 2) // 8
        assert chip.fold == blocks[f"{centre[0]},{centre[1]}"] and not chip.straddles  # chips inside one block
    assert [sum(c.fold == k for c in chips) for k in (0, 1)] == [8, 8]
    assert block_folds(plan, 8, 2, seed=1) == (chips, blocks)


def test_a_chip_reaching_a_block_of_another_fold_straddles_and_too_few_blocks_are_refused():
    from glacier_dl_plugin.core.dataset.folds import block_folds

    plan = [_chip(0, 0), _chip(0, 8), _chip(0, 6)]  # the third spans the blocks (0,0) and (0,1)
    chips, blocks = block_folds(plan, 8, 2, seed=0)
    assert blocks["0,0"] != blocks["0,1"] and chips[2].straddles and not chips[0].straddles
    with pytest.raises(InputError, match="at least 3 blocks") as error:
        block_folds(plan, 8, 3, seed=0)
    assert error.value.parameter == "FOLDS"
