"""Predict's optional outputs and contracts: class map, calibration temperatures, raster tags, regression."""
import json

import numpy as np
import pytest
import rasterio

from glacier_dl_plugin.core.config import ModelMetadata, PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.writers import CLASS_NODATA, check_writable
from onnx_fixtures import MEMBERS, META, ensemble_folder, pointwise_reference, regression_model, write_image


def predict(tmp_path, model, config, **kwargs):
    return predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), config,
                          str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"), **kwargs)


@pytest.mark.parametrize("mode,threshold", [("argmax", None), ("threshold", 0.7)])
def test_class_map_from_the_mean_probability(tmp_path, mode, threshold):
    image = write_image(tmp_path / "img.tif", 60, 50, nodata_box=(0, 5, 0, 5))
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:2], META)
    predict(tmp_path, folder, PredictConfig(tile_size=32, overlap=8, device="cpu", class_map=mode,
                                            threshold=threshold), class_path=str(tmp_path / "classes.tif"))
    mean = np.mean([pointwise_reference(image, w, b, META) for w, b in MEMBERS[:2]], axis=0)
    with rasterio.open(tmp_path / "classes.tif") as src:
        classes, tags = src.read(1), src.tags()
        assert src.dtypes[0] == "uint8" and src.nodata == CLASS_NODATA
    expected = (mean >= (threshold or 0.5)).astype(np.uint8)  # argmax of (1 - p, p) is p > 0.5
    assert np.all(classes[:5, :5] == CLASS_NODATA)
    np.testing.assert_array_equal(classes[5:], expected[5:])
    assert json.loads(tags["GLACIERDL_CLASSES"]) == ["background", "glacier"] and tags["CLASS_1"] == "glacier"


def test_class_map_without_an_output_file_is_refused(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:1], META)
    with pytest.raises(InputError, match="OUTPUT_CLASSES: CLASS_MAP=argmax needs an output file"):
        predict(tmp_path, folder, PredictConfig(device="cpu", class_map="argmax"))


def test_calibration_temperatures_and_contract_tags(tmp_path):
    image = write_image(tmp_path / "img.tif", 40, 40)
    calibration = {"temperatures": {"member_00": 2.0, "member_01": 0.5}, "threshold": 0.4, "k": 1.3}
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:2], META, calibration=calibration)
    predict(tmp_path, folder, PredictConfig(tile_size=32, overlap=8, device="cpu"))

    def calibrated(p, t):  # softmax(log p / T) over (1 - p, p)
        q = np.exp(np.log(np.stack([1 - p, p])) / t)
        return q[1] / q.sum(axis=0)

    expected = np.mean([calibrated(pointwise_reference(image, w, b, META), t)
                        for (w, b), t in zip(MEMBERS[:2], (2.0, 0.5), strict=True)], axis=0)
    with rasterio.open(tmp_path / "mean.tif") as src:
        np.testing.assert_allclose(src.read(1), expected, atol=1e-5)
        tags = src.tags()
        assert src.descriptions == ("glacier probability",)
    assert tags["GLACIERDL_TASK"] == "segmentation" and tags["GLACIERDL_CALIBRATED"] == "1"
    assert tags["GLACIERDL_THRESHOLD"] == "0.4" and tags["GLACIERDL_K"] == "1.3"
    assert json.loads(tags["GLACIERDL_CLASSES"]) == ["background", "glacier"]
    assert tags["GLACIERDL_MODEL"] == str(folder)


def test_regression_model_writes_the_mean_and_std_of_its_values(tmp_path):
    image = write_image(tmp_path / "img.tif", 45, 70)
    meta = ModelMetadata(bands=META.bands, classes=(), chip_size=32, pixel_size=30.0, mean=META.mean,
                         std=META.std, task="regression", target="thickness:1")
    model = regression_model(tmp_path / "r.onnx", (2.0, -1.0, 0.5), 3.0, meta)
    predict(tmp_path, model, PredictConfig(tile_size=32, overlap=8, device="cpu"))
    x = (image - np.asarray(META.mean, np.float32)[:, None, None]) / np.asarray(META.std, np.float32)[:, None, None]
    with rasterio.open(tmp_path / "mean.tif") as src:
        np.testing.assert_allclose(src.read(1), 2 * x[0] - x[1] + 0.5 * x[2] + 3, atol=1e-4)
        assert src.descriptions == ("thickness:1",) and src.tags()["GLACIERDL_TASK"] == "regression"


def test_inputs_are_warped_once_onto_the_models_pixel_size(tmp_path):
    data = np.random.default_rng(0).normal(80, 30, (3, 120, 100)).astype(np.float32)
    with rasterio.open(tmp_path / "img.tif", "w", driver="GTiff", width=100, height=120, count=3, dtype="float32",
                       crs="EPSG:32645", transform=rasterio.transform.from_origin(480000, 3110000, 15, 15)) as dst:
        dst.write(data)
    logs = []
    from glacier_dl_plugin.core.progress import Monitor

    summary = predict(tmp_path, ensemble_folder(tmp_path / "model", MEMBERS[:1], META),
                      PredictConfig(tile_size=32, overlap=8, device="cpu"), monitor=Monitor(log=logs.append))
    with rasterio.open(tmp_path / "mean.tif") as src:
        assert src.res == (30.0, 30.0) and src.width == 50 and src.height in (60, 61)  # edges snapped to 30 m
        left, bottom, right, top = src.bounds
        assert left <= 480000 and bottom <= 3110000 - 1800 and right >= 481500 and top >= 3110000
        mean = src.read(1)
    valid = mean != -9999  # a snapped edge row may lie outside the input
    assert summary.grid.width == 50 and valid.mean() > 0.95 and 0 <= mean[valid].min() and mean[valid].max() <= 1
    assert any("warping them once onto a 30.00 m grid" in line for line in logs)


def test_int8_members_stay_close_to_float32(tmp_path):
    image = write_image(tmp_path / "img.tif", 70, 90)
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:2], META)
    logs = []
    from glacier_dl_plugin.core.progress import Monitor

    summary = predict(tmp_path, folder, PredictConfig(tile_size=32, overlap=8, device="cpu", precision="int8"),
                      monitor=Monitor(log=logs.append))
    expected = np.mean([pointwise_reference(image, w, b, META) for w, b in MEMBERS[:2]], axis=0)
    with rasterio.open(tmp_path / "mean.tif") as src:
        mean = src.read(1)
    assert np.abs(mean - expected).max() < 0.03 and np.abs(mean - expected).mean() < 0.01
    assert not np.allclose(mean, expected, atol=1e-5)  # really the quantised members
    assert any("quantised to int8 on 8 tiles" in line for line in logs) and summary.tiles == 12


def test_float16_members_match_float32_and_keep_their_metadata(tmp_path):
    from glacier_dl_plugin.core.predict.ensemble import load_ensemble
    from glacier_dl_plugin.core.predict.quantize import float16_ensemble

    image = write_image(tmp_path / "img.tif", 40, 40)
    calibration = {"temperatures": {"member_00": 1.5, "member_01": 0.8}, "k": 1.2}
    ensemble = load_ensemble(ensemble_folder(tmp_path / "model", MEMBERS[:2], META, calibration=calibration),
                             "cpu", log=lambda line: None)
    half = float16_ensemble(ensemble, tmp_path, ["CPUExecutionProvider"])
    assert [m.source.name for m in half.members] == ["member_00.fp16.onnx", "member_01.fp16.onnx"]
    assert [m.metadata for m in half.members] == [m.metadata for m in ensemble.members]
    assert [m.temperature for m in half.members] == [1.5, 0.8] and half.calibration == calibration
    graph = half.members[0].session
    assert graph.get_inputs()[0].type == graph.get_outputs()[0].type == "tensor(float)"  # casts at both ends
    valid = np.ones((1, 40, 40), bool)
    for full, reduced in zip(ensemble.members, half.members, strict=True):
        expected = full.predict(image[None], valid)
        got = reduced.predict(image[None], valid)
        assert np.abs(got - expected).max() < 2e-3  # float16 keeps ~3 significant digits
        assert not np.array_equal(got, expected)  # really the float16 graph


def test_fp16_on_the_cpu_runs_the_float32_members_and_says_so(tmp_path):
    from glacier_dl_plugin.core.progress import Monitor

    image = write_image(tmp_path / "img.tif", 50, 40)
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:1], META)
    logs, warnings = [], []
    predict(tmp_path, folder, PredictConfig(tile_size=32, overlap=8, device="cpu", precision="fp16"),
            monitor=Monitor(log=logs.append, warn=warnings.append))
    with rasterio.open(tmp_path / "mean.tif") as src:
        mean = src.read(1)
    np.testing.assert_allclose(mean, pointwise_reference(image, *MEMBERS[0], META), atol=1e-5)
    [warning] = warnings  # highlighted in Processing's log, not among the info lines
    assert "PRECISION=fp16 is a GPU path" in warning and "PRECISION=int8 is the CPU's" in warning
    assert not any("PRECISION" in line for line in logs)



def test_outputs_that_cannot_be_written_are_refused_naming_their_parameter(tmp_path):
    check_writable([("OUTPUT_MEAN", str(tmp_path / "new" / "mean.tif"))])  # a folder to make is fine
    with pytest.raises(InputError, match="OUTPUT_STD: cannot write into '/proc'"):
        check_writable([("OUTPUT_MEAN", str(tmp_path / "mean.tif")), ("OUTPUT_STD", "/proc/std.tif")])
    assert list(tmp_path.iterdir()) == []
