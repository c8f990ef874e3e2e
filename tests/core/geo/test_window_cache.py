"""The strip cache returns exactly what direct reads return, with one read per strip."""
import numpy as np
from rasterio.windows import Window

from glacier_dl_plugin.core.geo.window_cache import WindowCache

FIELD = np.arange(3 * 50 * 300, dtype=np.float32).reshape(3, 50, 300)


def direct(window):
    """The pixels of ``FIELD`` (``[3, 50, 300]``) in ``window`` and where band 1 exceeds 10."""
    r, c = int(window.row_off), int(window.col_off)
    part = FIELD[:, r:r + int(window.height), c:c + int(window.width)]
    return part, part[0] > 10


def recording(reads):
    def read(window):
        reads.append(window)
        return direct(window)
    return read


def test_strip_cache_returns_what_direct_reads_return():
    reads = []
    cache = WindowCache(recording(reads), 300, max_width=128)
    for c in (0, 20, 60, 100, 140):
        data, valid = cache.read(Window(c, 5, 32, 32))
        expected, expected_valid = direct(Window(c, 5, 32, 32))
        np.testing.assert_array_equal(data, expected)
        np.testing.assert_array_equal(valid, expected_valid)
    assert len(reads) == 2  # columns 0-127, then 100-227


def test_strips_stop_at_the_grid_edge_and_a_chip_there_is_whole():
    reads = []
    cache = WindowCache(recording(reads), 300, max_width=128)
    data, _ = cache.read(Window(250, 0, 50, 20))
    assert reads == [Window(250, 0, 50, 20)]  # not 128 columns: the grid ends at 300
    np.testing.assert_array_equal(data, FIELD[:, 0:20, 250:300])
    data, _ = cache.read(Window(268, 0, 32, 20))  # the last chip, flush with the right edge
    np.testing.assert_array_equal(data, FIELD[:, 0:20, 268:300])
    assert len(reads) == 1


def test_a_chip_wider_than_a_strip_is_read_whole():
    reads = []
    cache = WindowCache(recording(reads), 300, max_width=64)
    data, valid = cache.read(Window(10, 3, 200, 8))
    assert reads == [Window(10, 3, 200, 8)] and data.shape == (3, 8, 200) and valid.shape == (8, 200)
    np.testing.assert_array_equal(data, FIELD[:, 3:11, 10:210])


def test_another_row_a_step_back_or_another_height_reads_again():
    reads = []
    cache = WindowCache(recording(reads), 300, max_width=128)
    windows = [Window(40, 0, 16, 16), Window(40, 16, 16, 16), Window(20, 16, 16, 16), Window(20, 16, 16, 8),
               Window(30, 16, 16, 8)]
    for window in windows:
        np.testing.assert_array_equal(cache.read(window)[0], direct(window)[0])
    assert [(int(w.col_off), int(w.row_off), int(w.height)) for w in reads] == [(40, 0, 16), (40, 16, 16),
                                                                                (20, 16, 16), (20, 16, 8)]


def test_returned_chips_are_copies_the_caller_may_change():
    cache = WindowCache(direct, 300, max_width=128)
    first, _ = cache.read(Window(0, 0, 16, 16))
    first[:] = -1
    again, _ = cache.read(Window(0, 0, 16, 16))
    np.testing.assert_array_equal(again, FIELD[:, :16, :16])
    assert (FIELD[:, :16, :16] != -1).all()
