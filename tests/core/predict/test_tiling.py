import numpy as np
import pytest
from rasterio.windows import Window

from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.predict.blocks import BlockSums, block_size_for, plan_blocks
from glacier_dl_plugin.core.predict.tiling import blend_weights, check_stride, nearest_multiples, tile_starts


@pytest.mark.parametrize("length,tile,overlap,expected", [
    (10, 4, 1, [0, 3, 6]),          # exact fit
    (11, 4, 1, [0, 3, 6, 7]),       # last tile shifted inward to end at the edge
    (3, 4, 1, [0]),                 # shorter than a tile: one (padded) tile
    (4, 4, 0, [0]),
    (100, 32, 8, [0, 24, 48, 68]),
])
def test_tile_starts_cover_the_axis_and_stay_inside(length, tile, overlap, expected):
    starts = tile_starts(length, tile, overlap)
    assert starts == expected
    covered = np.zeros(max(length, tile), bool)
    for s in starts:
        covered[s:s + tile] = True
        assert s + tile <= max(length, tile)
    assert covered[:length].all()


def test_tile_starts_need_an_overlap_below_the_tile():
    with pytest.raises(ValueError, match=r"overlap 32 px must lie in \[0, 32\)"):
        tile_starts(100, 32, 32)


def test_blend_weights_are_positive_symmetric_and_flat_in_the_middle():
    w = blend_weights(16, 4)
    assert w.shape == (16, 16) and w.dtype == np.float32
    assert (w > 0).all()
    np.testing.assert_allclose(w, w.T)
    np.testing.assert_allclose(w, w[::-1, ::-1])
    assert w[4:12, 4:12].min() == 1.0
    assert w[0, 0] < w[0, 4] < 1


def test_hann_ramps_of_neighbouring_tiles_sum_to_one_in_the_overlap():
    # tiles at 0 and 12 with tile 16, overlap 4: the falling ramp of one and the rising ramp of the
    # next sum to exactly one, so a constant prediction stays constant across the seam
    ramp = blend_weights(16, 4)[8]
    seam = ramp[12:16] + ramp[0:4]
    np.testing.assert_allclose(seam, 1.0, atol=1e-6)


@pytest.mark.parametrize("kind", ["hann", "gaussian", "centre"])
def test_every_blending_is_positive_and_symmetric(kind):
    w = blend_weights(32, 8, kind)
    assert w.shape == (32, 32) and (w > 0).all()
    np.testing.assert_allclose(w, w.T)
    np.testing.assert_allclose(w, w[::-1, ::-1])
    assert w.max() == pytest.approx(1.0)


def test_centre_crops_of_neighbouring_tiles_partition_the_overlap():
    ramp = blend_weights(16, 4, "centre")[8]
    # tiles at 0 and 12: the first keeps pixels 2-13, the second 14-25, so in the overlap (12-15) each
    # pixel has weight 1 from exactly one tile
    assert list(ramp[12:16] == 1) == [True, True, False, False]
    assert list(ramp[0:4] == 1) == [False, False, True, True]


@pytest.mark.parametrize("height,width,tile,overlap,block", [(700, 530, 64, 16, 256), (300, 300, 100, 30, 256),
                                                             (40, 50, 64, 16, 256)])
def test_accumulated_weight_equals_the_sum_of_every_tile_weight(height, width, tile, overlap, block):
    weights = blend_weights(tile, overlap)
    expected = np.zeros((max(height, tile), max(width, tile)), np.float32)
    sums = BlockSums(Window(0, 0, width, height), block, (1, 1))
    plan = plan_blocks(height, width, tile, overlap, block)
    accumulated = np.zeros((height, width), np.float32)
    for b in plan:
        for row, col in b.tiles:
            expected[row:row + tile, col:col + tile] += weights
            sums.add(row, col, np.ones((1, 1, tile, tile), np.float32), weights)
        s, w = sums.pop(b.index)
        r, c = b.window.row_off, b.window.col_off
        accumulated[r:r + w.shape[0], c:c + w.shape[1]] = w
        np.testing.assert_allclose(s[0, 0], w, rtol=1e-6)  # blended value of constant 1 tiles is 1
    np.testing.assert_allclose(accumulated, expected[:height, :width], rtol=1e-5)
    assert (accumulated > 0).all() and sums.pending_bytes() == 0
    assert sum(len(b.tiles) for b in plan) == len(tile_starts(height, tile, overlap)) * len(
        tile_starts(width, tile, overlap))


def test_pending_sums_stay_flat_when_the_raster_grows_taller():
    def peak(height):
        sums, top = BlockSums(Window(0, 0, 1024, height), 256, (2, 1)), 0
        ones = np.ones((2, 1, 64, 64), np.float32)
        for b in plan_blocks(height, 1024, 64, 16, 256):
            for row, col in b.tiles:
                sums.add(row, col, ones, blend_weights(64, 16))
            top = max(top, sums.pending_bytes())
            sums.pop(b.index)
        return top

    assert peak(4096) == peak(1024)
    # at most the current block, the next one on the row and a halo row of 48 px below
    assert peak(1024) <= (2 * 256 * 256 + 48 * 1024) * 3 * 4


def test_blocks_are_aligned_to_geotiff_blocks_and_at_least_a_tile():
    assert block_size_for(64) == 1024 and block_size_for(1100) == 1280 and block_size_for(64, 300) == 512
    plan = plan_blocks(600, 700, 64, 16, 256)
    assert [b.index for b in plan[:4]] == [(0, 0), (0, 1), (0, 2), (1, 0)]
    assert all(b.window.col_off % 256 == 0 and b.window.row_off % 256 == 0 for b in plan)


@pytest.mark.parametrize("region", [Window(45, 37, 300, 230), Window(0, 0, 530, 700), Window(500, 650, 30, 50)])
def test_a_region_gets_the_whole_grids_tiles_and_sums(region):
    """A region's plan holds exactly the grid's tiles that overlap it, once each, and its blended weights
    equal the whole grid's there."""
    height, width, tile, overlap, block = 700, 530, 64, 16, 256
    weights = blend_weights(tile, overlap)
    rows, cols = tile_starts(height, tile, overlap), tile_starts(width, tile, overlap)
    expected_tiles = {(r, c) for r in rows for c in cols
                      if r < region.row_off + region.height and r + tile > region.row_off
                      and c < region.col_off + region.width and c + tile > region.col_off}
    whole = np.zeros((max(height, tile), max(width, tile)), np.float32)
    for r in rows:
        for c in cols:
            whole[r:r + tile, c:c + tile] += weights
    plan = plan_blocks(height, width, tile, overlap, block, region)
    assert sorted(t for b in plan for t in b.tiles) == sorted(expected_tiles)
    sums = BlockSums(region, block, (1, 1))
    got = np.zeros((int(region.height), int(region.width)), np.float32)
    for b in plan:
        for row, col in b.tiles:
            assert b.read.row_off <= row and b.read.col_off <= col  # the read window holds the whole tile
            assert row + tile <= b.read.row_off + b.read.height and col + tile <= b.read.col_off + b.read.width
            sums.add(row, col, np.ones((1, 1, tile, tile), np.float32), weights)
        _, w = sums.pop(b.index)
        r, c = int(b.window.row_off - region.row_off), int(b.window.col_off - region.col_off)
        got[r:r + w.shape[0], c:c + w.shape[1]] = w
    np.testing.assert_allclose(got, whole[region.toslices()], rtol=1e-5)
    assert sums.pending_bytes() == 0


def test_the_nearest_multiples_of_a_stride_lie_below_and_above():
    assert nearest_multiples(100, 32) == (96, 128) and nearest_multiples(50, 32) == (32, 64)
    assert nearest_multiples(20, 32) == (32,) and nearest_multiples(20, 8) == (16, 24)


def test_a_tile_off_the_output_stride_is_refused_and_an_unknown_stride_is_not_checked():
    check_stride(96, 32, 128)
    check_stride(50, 0, 128)
    with pytest.raises(InputError, match=r"^TILE_SIZE: 50 px is not a multiple of the model's output stride, 32 px "
                                         r"\(its encoder halves the tile 5 times\). Use a multiple of 32 such as 32 "
                                         r"or 64, or 0 for the model's chip size \(128 px\).$"):
        check_stride(50, 32, 128)
