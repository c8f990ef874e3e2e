"""The snowpack folder generator: layout, dtypes, layer order, tilted boundaries, ignore pixels, seeding."""
import numpy as np
import rasterio

from synthetic.snowpack import IGNORE, generate_snowpack_folder, main, snowpack_scene


def test_folder_layout_dtypes_and_classes(tmp_path):
    out = generate_snowpack_folder(tmp_path / "snow", n_images=3, size=(64, 48), seed=1)
    assert sorted(p.name for p in (out / "images").iterdir()) == ["wall_000.tif", "wall_001.tif", "wall_002.tif"]
    assert sorted(p.name for p in (out / "masks").iterdir()) == [f"wall_00{i}_mask.tif" for i in range(3)]
    with rasterio.open(out / "images" / "wall_000.tif") as src:
        image = src.read(1)
        assert src.count == 1 and src.dtypes[0] == "float32" and src.crs is None
    with rasterio.open(out / "masks" / "wall_000_mask.tif") as src:
        mask = src.read(1)
        assert src.dtypes[0] == "uint8" and src.nodata == IGNORE
    assert image.shape == mask.shape == (64, 48) and 0 <= image.min() and image.max() <= 1
    assert set(np.unique(mask)) == {0, 1, 2, IGNORE}


def test_layers_run_top_down_with_distinct_brightness():
    image, mask = snowpack_scene(np.random.default_rng(0), (96, 64), 3)
    valid = mask != IGNORE
    mean_row = [np.nonzero(mask == k)[0].mean() for k in range(3)]
    assert mean_row[0] < mean_row[1] < mean_row[2]  # class 0 on top
    means = [image[valid & (mask == k)].mean() for k in range(3)]
    assert min(abs(a - b) for a, b in [(means[0], means[1]), (means[1], means[2])]) > 0.1
    assert 0.02 < (mask == IGNORE).mean() < 0.1  # the ruler


def test_boundaries_are_tilted_somewhere():
    tilts = []
    for seed in range(4):
        _, mask = snowpack_scene(np.random.default_rng(seed), (96, 96), 3)
        first = [(np.nonzero(mask[:, c] >= 1)[0] if (mask[:, c] == 0).any() else [0])[0] for c in (5, 90)]
        tilts.append(abs(int(first[0]) - int(first[1])))
    assert max(tilts) >= 5


def test_seeded_and_cli(tmp_path, capsys):
    a, b = (snowpack_scene(np.random.default_rng(7), (32, 32)) for _ in range(2))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    main([str(tmp_path / "c"), "--images", "1", "--height", "32", "--width", "32"])
    assert (tmp_path / "c" / "masks" / "wall_000_mask.tif").exists() and "c" in capsys.readouterr().out
