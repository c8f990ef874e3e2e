"""The pure parts of dataset creation: chip placement maths, fold statistics, the strip cache."""
import numpy as np
import pytest
from rasterio.windows import Window
from shapely.geometry import Point, box

from glacier_dl_plugin.core.chips import glacier_windows, grid_windows, margin_windows
from glacier_dl_plugin.core.statistics import BandStatistics
from glacier_dl_plugin.core.window_cache import WindowCache


def test_grid_windows_cover_the_raster_edges_and_respect_a_mask():
    windows = grid_windows((100, 70), 32, 32)
    assert sorted({r for r, _ in windows}) == [0, 32, 64, 68] and sorted({c for _, c in windows}) == [0, 32, 38]
    assert grid_windows((100, 70), 32, 32, box(0, 0, 10, 10)) == [(0, 0)]


def test_glacier_windows_touch_the_buffered_glacier_and_centre_a_chip_on_it():
    glacier = Point(200, 150).buffer(5)
    origins = glacier_windows(glacier, (400, 400), 64, 64, buffer_px=20)
    area = glacier.buffer(20)
    for r, c in origins:
        assert area.intersects(box(c, r, c + 64, r + 64))
    assert (150 - 32, 200 - 32) in origins  # the centre chip, off the stride grid
    assert any(not glacier.intersects(box(c, r, c + 64, r + 64)) for r, c in origins)  # reached by the buffer


def test_margin_chips_put_every_stretch_of_margin_in_the_middle_of_a_chip():
    glacier = box(50, 50, 350, 250)
    planned = glacier_windows(glacier, (400, 400), 64, 64, buffer_px=0)
    planned |= margin_windows(glacier, (400, 400), 64, 64, planned)
    for distance in np.arange(0, glacier.exterior.length, 64):
        point = glacier.exterior.interpolate(distance)
        assert any(r + 16 <= point.y < r + 48 and c + 16 <= point.x < c + 48 for r, c in planned)


def test_statistics_are_exact_for_small_folds_and_exclude_the_held_out_fold():
    rng = np.random.default_rng(0)
    chips = [rng.normal(k, 1 + k, (2, 16, 16)).astype(np.float32) for k in range(3)]
    valid = np.ones((16, 16), bool)
    valid[:4] = False
    statistics = BandStatistics(2, sample_size=10_000)
    for fold, chip in enumerate(chips):
        statistics.add(fold, chip, valid)
    stats = statistics.per_fold(3)
    training = np.concatenate([chips[0][:, valid], chips[2][:, valid]], axis=1)
    np.testing.assert_allclose(stats["1"]["mean"], training.mean(axis=1), rtol=1e-6)
    np.testing.assert_allclose(stats["1"]["std"], training.std(axis=1), rtol=1e-6)
    np.testing.assert_allclose(stats["1"]["p01"], np.percentile(training, 1, axis=1), rtol=1e-6)
    np.testing.assert_allclose(stats["1"]["p99"], np.percentile(training, 99, axis=1), rtol=1e-6)


def test_percentiles_of_a_large_fold_come_from_a_bounded_uniform_sample():
    rng = np.random.default_rng(1)
    statistics = BandStatistics(1, sample_size=4096)
    values = []
    for _ in range(200):
        chip = rng.exponential(10, (1, 32, 32)).astype(np.float32)
        values.append(chip.ravel())
        statistics.add(0, chip, np.ones((32, 32), bool))
    assert max(len(s.keys) for s in statistics._samples.values()) <= 3 * 4096
    stats = statistics.per_fold(1)["all"]
    everything = np.concatenate(values)
    assert stats["p99"][0] == pytest.approx(np.percentile(everything, 99), rel=0.05)
    assert stats["p01"][0] == pytest.approx(np.percentile(everything, 1), abs=0.05)


def test_strip_cache_returns_what_direct_reads_return():
    field = np.arange(3 * 50 * 300, dtype=np.float32).reshape(3, 50, 300)
    reads = []

    def read(window):
        reads.append(window)
        r, c = int(window.row_off), int(window.col_off)
        return field[:, r:r + int(window.height), c:c + int(window.width)], field[0, r:r + int(window.height),
                                                                                 c:c + int(window.width)] > 10

    cache = WindowCache(read, 300, max_width=128)
    for c in (0, 20, 60, 100, 140):
        data, valid = cache.read(Window(c, 5, 32, 32))
        np.testing.assert_array_equal(data, field[:, 5:37, c:c + 32])
        np.testing.assert_array_equal(valid, field[0, 5:37, c:c + 32] > 10)
    assert len(reads) == 2  # columns 0-127, then 100-227
