"""The chain through the real ``qgis_process.bin`` on the Everest sample, as a batch user runs it."""
import json

import numpy as np
import pytest
import rasterio

from glacier_dl_plugin.qgis_process import QgisProcess

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def qgis(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("profile"))


@pytest.fixture(scope="module")
def chain(qgis, everest, tmp_path_factory):
    out = tmp_path_factory.mktemp("chain")
    inputs = [str(everest["rgb"]), str(everest["nir"])]
    dataset = qgis.results("createdataset", dict(
        INPUTS=inputs, GLACIERS=str(everest["outlines"]), CHIP_SIZE=96, STRIDE=96, FOLDS=2,
        OUTPUT=str(out / "dataset")))
    model = qgis.results("trainensemble", dict(
        DATASET=dataset["OUTPUT"], MEMBERS=2, EPOCHS=1, BATCH_SIZE=16, DEVICE="cpu", ENCODER_DEPTH=3,
        OUTPUT=str(out / "model")))
    predicted = qgis.results("predict", dict(
        INPUTS=inputs, MODEL=model["OUTPUT"], OVERLAP=16, DEVICE="cpu",
        OUTPUT_MEAN=str(out / "mean.tif"), OUTPUT_STD=str(out / "std.tif")))
    return out, dataset, model, predicted


def test_dataset_uses_rgi_ids_and_both_rasters(chain):
    _, dataset, _, _ = chain
    description = json.loads(open(f"{dataset['OUTPUT']}/dataset.json").read())
    assert description["bands"] == ["LE71400412000304SGS00_RGB:1", "LE71400412000304SGS00_RGB:2",
                                    "LE71400412000304SGS00_RGB:3", "LE71400412000304SGS00_B4:1"]
    assert all(g.startswith("RGI60-15.") for g in description["glacier_folds"]) and dataset["CHIPS"] > 10


def test_ensemble_has_two_members_holding_out_different_folds(chain):
    _, _, model, _ = chain
    manifest = json.loads(open(f"{model['OUTPUT']}/ensemble.json").read())
    assert [m["fold"] for m in manifest["members"]] == [0, 1]


def test_mean_and_std_rasters_lie_on_the_image_grid(chain, everest):
    _, _, _, predicted = chain
    with rasterio.open(everest["rgb"]) as image:
        grid = image.crs, image.transform, image.width, image.height
    for key in ("OUTPUT_MEAN", "OUTPUT_STD"):
        with rasterio.open(predicted[key]) as src:
            assert (src.crs, src.transform, src.width, src.height) == grid
            values = src.read(1)
            assert np.isfinite(values).all() and values.min() >= 0 and values.max() <= 1
    with rasterio.open(predicted["OUTPUT_MEAN"]) as src:
        assert src.read(1).std() > 0.01  # a trained model, not a constant


def test_model_folder_without_manifest_fails_naming_model(qgis, everest, tmp_path):
    (tmp_path / "not_a_model").mkdir()
    done = qgis.run("predict", dict(INPUTS=[str(everest["rgb"]), str(everest["nir"])],
                                    MODEL=str(tmp_path / "not_a_model"), OUTPUT_MEAN=str(tmp_path / "m.tif"),
                                    OUTPUT_STD=str(tmp_path / "s.tif")))
    assert done.returncode != 0
    assert "MODEL:" in done.stdout + done.stderr and "ensemble.json" in done.stdout + done.stderr
    assert not (tmp_path / "m.tif").exists()


def test_existing_dataset_folder_is_refused_without_overwrite(qgis, chain, everest):
    _, dataset, _, _ = chain
    done = qgis.run("createdataset", dict(INPUTS=[str(everest["rgb"])], GLACIERS=str(everest["outlines"]),
                                          OUTPUT=dataset["OUTPUT"]))
    assert done.returncode != 0 and "OVERWRITE" in done.stdout + done.stderr
