import numpy as np
import pytest

from glacier_dl_plugin.core.tiling import blend_weights, tile_starts


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
