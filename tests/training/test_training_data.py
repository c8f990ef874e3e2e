"""Reading dataset folders, standardisation, augmentation and the members' splits."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from glacier_dl_plugin.core.errors import InputError
from training.data import ChipDataset, dihedral, load_dataset, read_chip, standardise
from training.splits import plan_member


def test_load_dataset_reads_description_and_manifest(tiny_dataset):
    info = load_dataset(tiny_dataset)
    assert info.bands == ("stack:b1", "stack:b2", "stack:b3")
    assert info.classes == ("background", "glacier")
    assert (info.chip_size, info.pixel_size, info.n_folds) == (32, (30.0, 30.0), 3)
    assert len(info.chips) == 24 and {c.fold for c in info.chips} == {0, 1, 2}
    assert info.glaciers_in_fold(1) == ["RGI60-15.00002", "RGI60-15.00003"]
    assert info.stats(-1) == (info.fold_stats["all"]["mean"], info.fold_stats["all"]["std"])


@pytest.mark.parametrize("damage,expected", [
    (lambda d: (d / "dataset.json").write_text("{not json"), "not valid JSON"),
    (lambda d: (d / "dataset.json").unlink(), "no dataset.json"),
    (lambda d: (d / "manifest.csv").unlink(), "no manifest.csv"),
    (lambda d: (d / "images" / "chip_00003.tif").unlink(), "chip_00003.tif"),
    (lambda d: (d / "dataset.json").write_text(json.dumps({"format": "something else"})), "glacierdl-dataset"),
])
def test_unusable_dataset_is_an_input_error_naming_dataset(make_dataset, damage, expected):
    folder = make_dataset()
    damage(folder)
    with pytest.raises(InputError) as error:
        load_dataset(folder)
    assert error.value.parameter == "DATASET" and expected in str(error.value) and error.value.fix


def test_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="DATASET: .* is not a folder"):
        load_dataset(tmp_path / "nowhere")


def test_band_count_must_match_the_description(make_dataset):
    folder = make_dataset()
    description = json.loads((folder / "dataset.json").read_text())
    description["bands"].append("stack:b4")
    for stats in description["fold_stats"].values():
        stats["mean"].append(0.0)
        stats["std"].append(1.0)
    (folder / "dataset.json").write_text(json.dumps(description))
    with pytest.raises(InputError, match="has 3 bands but dataset.json lists 4"):
        load_dataset(folder)


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


def test_members_hold_out_different_folds_without_leakage(tiny_dataset):
    info = load_dataset(tiny_dataset)
    plans = [plan_member(info, i, base_seed=10) for i in range(4)]
    assert [p.fold for p in plans] == [0, 1, 2, 0]
    assert [p.seed for p in plans] == [10, 11, 12, 13]
    for plan in plans:
        train, val, test = ({c.id for c in s} for s in (plan.train, plan.val, plan.test))
        assert not (train & val or train & test or val & test)
        assert len(train | val | test) == 24
        assert {c.fold for c in plan.test} == {plan.fold}
        assert len({c.fold for c in plan.val}) == 1 and plan.fold not in {c.fold for c in plan.val}
        assert list(plan.test_glaciers) == info.glaciers_in_fold(plan.fold)
    assert {c.fold for c in plans[0].val} != {c.fold for c in plans[3].val}  # second round: other val fold


def test_two_folds_validate_on_a_random_share_of_the_training_fold(make_dataset):
    info = load_dataset(make_dataset(n_folds=2))
    plan = plan_member(info, 1, base_seed=0)
    assert plan.fold == 1 and {c.fold for c in plan.train} == {c.fold for c in plan.val} == {0}
    assert len(plan.val) == round(0.15 * 12) and len(plan.train) == 12 - len(plan.val)


def test_a_single_fold_gives_an_80_20_split_without_test_fold(make_dataset):
    info = load_dataset(make_dataset(n_folds=1))
    plan = plan_member(info, 0, base_seed=0)
    assert plan.fold == -1 and plan.test == () and plan.test_glaciers == ()
    assert (len(plan.train), len(plan.val)) == (19, 5)
    assert plan_member(info, 0, 0) == plan and plan_member(info, 1, 0).val != plan.val
