"""Output blocks of a region and their tiles, and the running weighted sums kept until a block is final.

(tests/core/predict/test_tiling.py checks the blended weights of whole plans against every tile's.)"""
import numpy as np
import pytest
from rasterio.windows import Window

from glacier_dl_plugin.core.predict.blocks import BlockSums, block_size_for, plan_blocks, slices_within
from glacier_dl_plugin.core.predict.tiling import tile_starts


@pytest.mark.parametrize("tile, preferred, expected", [(64, 1024, 1024), (256, 256, 256), (257, 256, 512),
                                                       (1100, 1024, 1280), (64, 1, 256)])
def test_block_sides_are_whole_geotiff_blocks_and_never_below_a_tile(tile, preferred, expected):
    assert block_size_for(tile, preferred) == expected


@pytest.mark.parametrize("height, width, region", [(600, 530, None), (257, 1000, None),
                                                   (700, 530, Window(45, 37, 300, 230))])
def test_blocks_partition_the_region_and_each_tile_lies_in_the_block_of_its_top_left_pixel(height, width, region):
    tile, overlap, block = 64, 16, 256
    plan = plan_blocks(height, width, tile, overlap, block, region)
    area = region or Window(0, 0, width, height)
    covered = np.zeros((height, width), int)
    for b in plan:
        covered[b.window.toslices()] += 1
        assert b.window.width <= block and b.window.height <= block
        for row, col in b.tiles:  # the tile's top-left pixel, clipped to the region, lies in the block
            r, c = max(row, area.row_off), max(col, area.col_off)
            assert b.window.row_off <= r < b.window.row_off + b.window.height
            assert b.window.col_off <= c < b.window.col_off + b.window.width
    assert (covered[area.toslices()] == 1).all() and covered.sum() == area.width * area.height
    tiles = [t for b in plan for t in b.tiles]
    assert len(tiles) == len(set(tiles))
    rows = len(range(0, int(area.height), block))
    assert [b.index for b in plan] == [(i, j) for i in range(rows) for j in range(len(plan) // rows)]


def test_a_grid_smaller_than_a_tile_is_one_block_with_one_tile_hanging_over_its_edge():
    (only,) = plan_blocks(40, 50, 64, 16, 256)
    assert only.index == (0, 0) and only.tiles == ((0, 0),)
    assert only.window == Window(0, 0, 50, 40) and only.read == Window(0, 0, 64, 64)


def test_a_block_without_tiles_reads_itself_and_a_tiled_one_reads_its_tiles_halo():
    # tiles of 512 px (overlap 64) start at rows 0 and 88 of a 600-row grid: none in the block at row 256
    plan = plan_blocks(600, 300, 512, 64, 256)
    assert tile_starts(600, 512, 64) == [0, 88]
    by_index = {b.index: b for b in plan}
    assert by_index[1, 0].tiles == () and by_index[1, 0].read == by_index[1, 0].window
    first = by_index[0, 0]
    assert first.tiles == ((0, 0), (88, 0)) and first.read == Window(0, 0, 512, 600)  # reaching below the block


def test_slices_within_locate_a_window_in_an_array_starting_at_another():
    assert slices_within(Window(30, 20, 5, 4), Window(10, 15, 100, 100)) == (slice(5, 9), slice(20, 25))
    array = np.arange(100).reshape(10, 10)
    part = array[slices_within(Window(7, 2, 3, 2), Window(4, 1, 6, 9))]
    np.testing.assert_array_equal(part, [[13, 14, 15], [23, 24, 25]])


def test_a_tile_over_four_blocks_adds_its_weighted_values_to_each_of_them():
    sums = BlockSums(Window(0, 0, 20, 20), 10, (2, 1))
    values = np.stack([np.full((1, 8, 8), 3.0), np.full((1, 8, 8), -1.0)]).astype(np.float32)  # 2 members
    weights = np.arange(64, dtype=np.float32).reshape(8, 8) / 64
    sums.add(6, 6, values, weights)  # rows and columns 6-13: across the blocks' corner at (10, 10)
    whole_sums = np.zeros((2, 1, 20, 20), np.float32)
    whole_weight = np.zeros((20, 20), np.float32)
    for index in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        s, w = sums.pop(index)
        assert s.shape == (2, 1, 10, 10) and w.shape == (10, 10)
        rows, cols = slice(10 * index[0], 10 * index[0] + 10), slice(10 * index[1], 10 * index[1] + 10)
        whole_sums[:, :, rows, cols], whole_weight[rows, cols] = s, w
    expected_weight = np.zeros((20, 20), np.float32)
    expected_weight[6:14, 6:14] = weights
    np.testing.assert_array_equal(whole_weight, expected_weight)
    np.testing.assert_array_equal(whole_sums[0, 0], 3 * expected_weight)
    np.testing.assert_array_equal(whole_sums[1, 0], -expected_weight)
    assert sums.pending_bytes() == 0


def test_tile_parts_beyond_the_region_are_dropped_and_blocks_nothing_fell_in_are_zeros():
    region = Window(5, 5, 12, 7)  # a window of the grid, smaller than one block
    sums = BlockSums(region, 256, (1, 1))
    sums.add(0, 0, np.ones((1, 1, 10, 10), np.float32), np.ones((10, 10), np.float32))  # overlaps rows/cols 5-9
    s, w = sums.pop((0, 0))
    assert w.shape == (7, 12) and s.shape == (1, 1, 7, 12)
    expected = np.zeros((7, 12), np.float32)
    expected[:5, :5] = 1
    np.testing.assert_array_equal(w, expected)
    np.testing.assert_array_equal(s[0, 0], expected)
    empty = BlockSums(Window(0, 0, 300, 300), 256, (1, 2))
    s, w = empty.pop((1, 1))  # the ragged last block: 44 x 44 pixels
    assert s.shape == (1, 2, 44, 44) and not s.any() and not w.any()


def test_a_blocks_halo_grows_only_to_the_rows_tiles_reached():
    sums = BlockSums(Window(0, 0, 512, 512), 256, (1, 1))
    sums.add(240, 0, np.ones((1, 1, 32, 32), np.float32), np.ones((32, 32), np.float32))  # 16 rows into (1, 0)
    assert sums.pending_bytes() == (256 * 256 + 16 * 256) * 2 * 4  # block (0, 0) whole, 16 halo rows of (1, 0)
    sums.pop((0, 0))
    assert sums.pending_bytes() == 16 * 256 * 2 * 4
    s, w = sums.pop((1, 0))  # popped whole, the halo at its top
    assert w.shape == (256, 256) and w[:16, :32].all() and not w[16:].any() and not w[:, 32:].any()
