"""A plain folder of photographs and masks as a training source: classes, bands, folds and statistics."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import rasterio

from training.data import load_dataset
from training.fit import fit_ensemble
from training_fixtures import TINY_CONFIG

ONE = dataclasses.replace(TINY_CONFIG, members=1)


def _write_photos(folder, n=8, size=32):
    rng = np.random.default_rng(0)
    (folder / "images").mkdir(parents=True)
    (folder / "masks").mkdir()
    for i in range(n):
        mask = np.zeros((size, size), np.uint8)
        mask[rng.integers(0, size // 2):, :] = 1  # a snow layer from some depth down
        image = (40 + 150 * mask + rng.integers(0, 30, (3, size, size))).astype(np.uint8)
        for path, array in ((folder / "images" / f"pit{i}.png", image),
                            (folder / "masks" / f"pit{i}_mask.png", mask[None])):
            with rasterio.open(path, "w", driver="PNG", width=size, height=size, count=array.shape[0],
                               dtype="uint8") as dst:
                dst.write(array)
    return folder


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # photographs
def test_plain_image_folder_is_a_training_source(tmp_path):
    folder = _write_photos(tmp_path / "photos")
    info = load_dataset(folder)
    assert info.classes == ("background", "class_1") and info.bands == ("image:1", "image:2", "image:3")
    assert info.n_folds == 4 and sorted(c.fold for c in info.chips) == [0, 0, 1, 1, 2, 2, 3, 3]
    pixels = []
    for i in range(8):
        with rasterio.open(folder / "images" / f"pit{i}.png") as src:
            pixels.append(src.read().reshape(3, -1))
    pixels = np.concatenate(pixels, axis=1)
    assert info.stats(-1)[0] == pytest.approx(pixels.mean(axis=1).tolist(), rel=1e-9)
    model = fit_ensemble(folder, tmp_path / "model", ONE)
    assert json.loads((model / "ensemble.json").read_text())["members"][0]["test"]["per_class"]["class_1"]
