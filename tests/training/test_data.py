"""Reading dataset folders: the description and manifest, and the unusable folders named as DATASET errors."""
from __future__ import annotations

import json

import pytest
import rasterio

from glacier_dl_plugin.core.errors import InputError
from training.data import load_dataset


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


def test_inconsistent_classes_between_chips_name_the_chip(make_dataset):
    folder = make_dataset()
    with rasterio.open(folder / "masks" / "chip_00005_mask.tif", "r+") as dst:
        mask = dst.read()
        mask[0, 0, 0] = 3
        dst.write(mask)
    with pytest.raises(InputError, match="chip_00005 has mask value 3 but dataset.json lists only 2 classes"):
        load_dataset(folder)
