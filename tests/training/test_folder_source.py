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


def test_tile_starts_overlap_and_end_flush():
    from training.folder_source import tile_side, tile_starts

    assert tile_starts(100, 64) == [0, 36]  # step 48 would leave the last 4 px: the last tile is flush
    assert tile_starts(64, 64) == [0] and tile_starts(160, 64) == [0, 48, 96]
    assert tile_side([(100, 70), (300, 400)]) == 64 and tile_side([(900, 1000)]) == 256
    with pytest.raises(Exception, match="DATASET.*only 20 px"):
        tile_side([(20, 200)])


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # plain images
def test_snowpack_folder_is_tiled_by_image_with_layer_classes(tmp_path):
    from synthetic.snowpack import generate_snowpack_folder
    from training.data import read_chip

    folder = generate_snowpack_folder(tmp_path / "snow", n_images=4, size=(100, 70), seed=3)
    info = load_dataset(folder)
    assert info.classes == ("background", "class_1", "class_2") and info.bands == ("image:1",)
    assert info.chip_size == 64 and info.n_folds == 2
    assert len(info.chips) == 4 * 2 * 2  # rows at 0 and 36, cols at 0 and 6, per image
    assert {c.glacier_id for c in info.chips if c.fold == 0} & {c.glacier_id for c in info.chips if c.fold == 1} \
        == set()  # folds by image: no image has tiles in two folds
    image, mask = read_chip(info, "wall_002_r36_c6")
    with rasterio.open(folder / "images" / "wall_002.tif") as src:
        assert np.array_equal(image[0], src.read(1)[36:100, 6:70])
    with rasterio.open(folder / "masks" / "wall_002_mask.tif") as src:
        assert np.array_equal(mask, src.read(1)[36:100, 6:70])
    assert set(np.unique(mask)) <= {0, 1, 2, 255}
