"""Serving chips to torch: standardisation with nodata masked, dihedral augmentation, photometric jitter and
the regression target's statistics."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from training.chip_dataset import ChipDataset, dihedral, jitter, standardise, target_statistics
from training.data import load_dataset, read_chip


def test_standardise_zeroes_nodata_and_ignores_it():
    image = np.array([[[1.0, 3.0], [-9999.0, 5.0]], [[2.0, 4.0], [6.0, np.nan]]], dtype=np.float32)
    mask = np.array([[0, 255], [1, 1]], dtype=np.uint8)
    x, y = standardise(image, mask, mean=[1.0, 2.0], std=[2.0, 4.0], nodata=-9999.0, ignore_index=255)
    assert x.dtype == np.float32 and y.dtype == np.int64
    np.testing.assert_allclose(x[:, 0, 0], [0.0, 0.0])  # valid pixel at the mean
    np.testing.assert_allclose(x[:, 0, 1], [0.0, 0.0])  # mask 255 -> zero
    np.testing.assert_allclose(x[:, 1, 0], [0.0, 0.0])  # -9999 in band 1 -> zero in every band
    np.testing.assert_allclose(x[:, 1, 1], [0.0, 0.0])  # NaN -> zero
    np.testing.assert_array_equal(y, [[0, 255], [255, 255]])


def test_the_eight_dihedral_transforms_are_distinct_and_move_image_and_mask_together():
    mask = np.arange(16, dtype=np.int64).reshape(4, 4)
    image = np.stack([mask.astype(np.float32), -mask.astype(np.float32)])
    seen = set()
    for k in range(8):
        x, y = dihedral(image, mask, k)
        np.testing.assert_array_equal(x[0], y)
        np.testing.assert_array_equal(x[1], -y)
        assert x.flags.c_contiguous and y.flags.c_contiguous
        seen.add(y.tobytes())
    assert len(seen) == 8


def test_chip_dataset_serves_standardised_chips_with_ignore_pixels(tiny_dataset):
    info = load_dataset(tiny_dataset)
    mean, std = info.stats(0)
    x, y = ChipDataset(info, info.chips[:1], mean, std)[0]  # chip 0 has a nodata block
    image, mask = read_chip(info, "chip_00000")
    assert x.dtype == torch.float32 and x.shape == (3, 32, 32) and y.dtype == torch.int64 and y.shape == (32, 32)
    assert (y[:4, :8] == 255).all() and (x[:, :4, :8] == 0).all()
    expected = (image[:, 10, 20] - np.array(mean)) / np.array(std)
    np.testing.assert_allclose(x[:, 10, 20].numpy(), expected, rtol=1e-5)
    assert set(torch.unique(y).tolist()) == {0, 1, 255}


def test_augmented_chips_keep_their_content(tiny_dataset):
    info = load_dataset(tiny_dataset)
    mean, std = info.stats(0)
    plain, augmented = ChipDataset(info, info.chips[:1], mean, std), ChipDataset(info, info.chips[:1], mean, std, True)
    torch.manual_seed(0)
    x, y = augmented[0]
    x0, y0 = plain[0]
    assert sorted(y.flatten().tolist()) == sorted(y0.flatten().tolist())
    torch.testing.assert_close(x.sum(), x0.sum())


def test_jitter_scales_and_shifts_each_band_but_keeps_nodata_at_zero():
    x = np.array([[[1.0, 0.0], [2.0, 3.0]], [[1.0, 0.0], [-1.0, 0.5]]], np.float32)  # pixel (0, 1): nodata
    out = jitter(x, 0.1, gain=np.array([1.0, -2.0]), offset=np.array([0.5, 0.0]))
    np.testing.assert_allclose(out[0], [[1.1 + 0.05, 0.0], [2.2 + 0.05, 3.3 + 0.05]], rtol=1e-6)
    np.testing.assert_allclose(out[1], [[0.8, 0.0], [-0.8, 0.4]], rtol=1e-6)


def test_target_statistics_are_the_mean_and_std_of_the_valid_target_pixels(make_dataset):
    info = load_dataset(make_dataset(regression=True))
    chips = info.chips[:6]
    values = np.concatenate([m[np.isfinite(m) & (m != info.nodata)] for m in (read_chip(info, c.id)[1] for c in chips)])
    assert target_statistics(info, chips) == pytest.approx((values.mean(), values.std()), rel=1e-6)
