"""Per-band normalisation statistics by fold: exact means and deviations, percentiles from a bounded uniform
sample, invalid pixels left out, and the fold a member holds out excluded."""
import numpy as np
import pytest

from glacier_dl_plugin.core.dataset.statistics import BandStatistics


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


def test_invalid_pixels_count_for_nothing_whatever_they_hold():
    image = np.full((2, 8, 8), 5.0, np.float32)
    image[1] = 7.0
    valid = np.ones((8, 8), bool)
    valid[:, :3] = False
    image[:, :, 0] = np.nan
    image[:, :, 1:3] = -9999.0
    statistics = BandStatistics(2)
    statistics.add(0, image, valid)
    stats = statistics.per_fold(1)["all"]
    assert stats["mean"] == [5.0, 7.0] and stats["p01"] == [5.0, 7.0] and stats["p99"] == [5.0, 7.0]
    assert stats["std"] == pytest.approx([1e-6, 1e-6])  # a constant band is floored, never divided by zero


def test_one_fold_uses_every_chip_and_folds_without_chips_give_neutral_values():
    statistics = BandStatistics(1)
    statistics.add(0, np.arange(16, dtype=np.float32).reshape(1, 4, 4), np.ones((4, 4), bool))
    single = statistics.per_fold(1)
    assert single["0"] == single["all"] and single["all"]["mean"] == [7.5]
    three = statistics.per_fold(3)  # chips in fold 0 only: members holding it out see no pixel
    assert three["0"] == {"mean": [0.0], "std": [1e-6], "p01": [0.0], "p99": [0.0]}
    assert three["1"] == three["2"] == three["all"] == single["all"]
    assert sorted(three) == ["0", "1", "2", "all"]


def test_samples_of_several_folds_merge_into_one_sample_of_their_union():
    rng = np.random.default_rng(4)
    statistics = BandStatistics(1, sample_size=2000, seed=3)
    low = rng.uniform(0, 1, (60, 1, 16, 16)).astype(np.float32)  # fold 0: values in [0, 1)
    high = rng.uniform(10, 11, (60, 1, 16, 16)).astype(np.float32)  # fold 1: values in [10, 11)
    for a, b in zip(low, high):
        statistics.add(0, a, np.ones((16, 16), bool))
        statistics.add(1, b, np.ones((16, 16), bool))
    stats = statistics.per_fold(2)
    assert 0.0 <= stats["1"]["p01"][0] < 0.05 and 0.95 < stats["1"]["p99"][0] < 1.0  # fold 0 alone
    assert 10.0 <= stats["0"]["p01"][0] < 10.05 and 10.95 < stats["0"]["p99"][0] < 11.0  # fold 1 alone
    both = stats["all"]
    assert both["p01"][0] < 0.1 and both["p99"][0] > 10.9  # half of the merged sample from each fold
    assert both["mean"][0] == pytest.approx(np.concatenate([low.ravel(), high.ravel()]).mean(), rel=1e-6)
    again = BandStatistics(1, sample_size=2000, seed=3)
    for a, b in zip(low, high):
        again.add(0, a, np.ones((16, 16), bool))
        again.add(1, b, np.ones((16, 16), bool))
    assert again.per_fold(2) == stats  # the seed fixes the sample
