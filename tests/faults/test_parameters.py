"""Bad parameter values (issue 12) through the real ``qgis_process.bin``: numbers out of range, tile sizes the
model's stride refuses, choices by position, devices, band order, folds.

Each failure asserts the exit status, words of the message (the parameter, the value found, the values allowed
or the fix), that no traceback reached the user and that the output folder holds nothing new; each run that goes
on asserts exit status 0, its warning or log line, and its outputs' content. Models are tiny pointwise ONNX
files (tests/onnx_fixtures.py) whose metadata names the sample's bands as ``qgis_process`` names them: like
smp's U-Nets, they run any tile size, so only the recorded output stride can refuse one.
"""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import rasterio

from fault_harness import Outcome, assert_clean_failure, listing, run_case
from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.predict.devices import nvidia_gpus
from glacier_dl_plugin.qgis_process import QgisProcess
from onnx_fixtures import ensemble_folder

pytestmark = pytest.mark.slow
NO_GPU = nvidia_gpus() == 0
"""Whether this machine has no NVIDIA GPU: the cases about a missing GPU only mean something there."""


@pytest.fixture(scope="module")
def qgis(tmp_path_factory) -> QgisProcess:
    return QgisProcess(tmp_path_factory.mktemp("profile"))


def _model(folder: Path, bands: list[str], stride: int) -> Path:
    """A one-member ensemble over ``bands`` (uint8 Landsat levels), recording output stride ``stride``."""
    n = len(bands)
    meta = ModelMetadata(bands=tuple(bands), classes=("background", "glacier"), chip_size=64, pixel_size=30.0,
                         mean=(100.0,) * n, std=(50.0,) * n, output_stride=stride)
    return ensemble_folder(folder, [(tuple(0.5 + 0.25 * i for i in range(n)), -0.5)], meta)


@pytest.fixture(scope="module")
def data(everest, hintereisferner, tmp_path_factory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("parameters")
    rgb, nir = everest["rgb"], everest["nir"]
    bands = [f"{rgb.stem}:{i}" for i in (1, 2, 3)] + [f"{nir.stem}:1"]
    return SimpleNamespace(
        rgb=rgb, nir=nir, outlines=everest["outlines"], dem=hintereisferner["dem"], hef=hintereisferner["outline"],
        depth5=_model(folder / "depth5", bands, 32), depth3=_model(folder / "depth3", bands, 8),
        renamed=_model(folder / "renamed", ["rgb:1", "rgb:2", "rgb:3", "nir:1"], 32))


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _predict(data, out: Path, model: Path, **extra) -> dict:
    return {"INPUTS": [data.rgb, data.nir], "MODEL": model, "TILE_SIZE": 64, "OVERLAP": 16, "DEVICE": "cpu",
            "OUTPUT_MEAN": out / "mean.tif", "OUTPUT_STD": out / "std.tif", **extra}


def _dataset(data, out: Path, **extra) -> dict:
    return {"INPUTS": data.rgb, "GLACIERS": data.outlines, "OUTPUT": out / "dataset", **extra}


def _hef(data, out: Path, **extra) -> dict:
    """Create dataset on the one-glacier Hintereisferner sample (the DEM, 32 px chips)."""
    return {"INPUTS": data.dem, "GLACIERS": data.hef, "CHIP_SIZE": 32, "STRIDE": 16, "OUTPUT": out / "dataset",
            **extra}


def _train(tmp_path: Path, out: Path, **extra) -> dict:
    from training_fixtures import write_tiny_dataset  # torch: imported only by the training cases

    dataset = tmp_path / "dataset"
    if not dataset.exists():
        write_tiny_dataset(dataset)
    return {"DATASET": dataset, "EPOCHS": 1, "ENCODER_DEPTH": 3, "DEVICE": "cpu", "OUTPUT": out / "model", **extra}


def _succeeded(outcome: Outcome) -> None:
    assert outcome.returncode == 0, outcome.text[-3000:]
    assert "Traceback" not in outcome.text


def _mean(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(1)


# ---- 1. numbers outside their range: the parameter, the value found and the range ----------------------------

@pytest.mark.parametrize("algorithm,value,words", [
    ("createdataset", {"BUFFER": -100}, ["BUFFER: must be at least 0, got -100.", "Give 0 or more."]),
    ("createdataset", {"CHIP_SIZE": 0}, ["CHIP_SIZE: must be at least 16, got 0.", "Give 16 or more."]),
    ("createdataset", {"MAX_NODATA": 2}, ["MAX_NODATA: must lie in [0, 1], got 2.", "Give a value from 0 to 1."]),
    ("createdataset", {"FOLDS": "abc"}, ["FOLDS: 'abc' is not a whole number.", "Give 1 or more."]),
    ("predict", {"BUFFER": -100}, ["BUFFER: must be at least 0, got -100.", "Give 0 or more."]),
    ("predict", {"BATCH_SIZE": 0}, ["BATCH_SIZE: must be at least 1, got 0.", "Give 1 or more."]),
    ("predict", {"THRESHOLD": 1}, ["THRESHOLD: must lie in (0, 1), got 1.", "strictly between 0 and 1"]),
], ids=lambda v: "-".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else None)
def test_a_number_out_of_range_names_the_parameter_the_value_and_the_range(qgis, data, out, algorithm, value, words):
    parameters = (_dataset if algorithm == "createdataset" else lambda d, o: _predict(d, o, data.depth5))(data, out)
    outcome = run_case(qgis, algorithm, {**parameters, **value}, out)
    assert_clean_failure(outcome, words)
    assert "Incorrect parameter value" not in outcome.text


@pytest.mark.parametrize("value,words", [
    ({"EPOCHS": 0}, ["EPOCHS: must be at least 1, got 0.", "Give 1 or more."]),
    ({"BATCH_SIZE": 0}, ["BATCH_SIZE: must be at least 1, got 0."]),
    ({"ENCODER_DEPTH": 6}, ["ENCODER_DEPTH: must lie in [3, 5], got 6.", "Give a value from 3 to 5."]),
    ({"LEARNING_RATE": 0}, ["LEARNING_RATE: must be above 0, got 0.", "Give a value above 0."]),
], ids=lambda v: "-".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else None)
def test_training_numbers_out_of_range_fail_before_the_training_process(qgis, out, tmp_path, value, words):
    outcome = run_case(qgis, "trainensemble", {**_train(tmp_path, out), **value}, out)
    assert_clean_failure(outcome, words)


# ---- 2. tile sizes against the model's output stride ----------------------------------------------------------

@pytest.mark.parametrize("model,tile,words", [
    ("depth5", 50, ["TILE_SIZE: 50 px is not a multiple of the model's output stride, 32 px", "32 or 64"]),
    ("depth5", 100, ["TILE_SIZE: 100 px is not a multiple of the model's output stride, 32 px", "96 or 128"]),
    ("depth3", 20, ["TILE_SIZE: 20 px is not a multiple of the model's output stride, 8 px", "16 or 24"]),
])
def test_a_tile_the_encoder_cannot_halve_is_refused_with_the_nearest_sizes(qgis, data, out, model, tile, words):
    outcome = run_case(qgis, "predict", _predict(data, out, getattr(data, model), TILE_SIZE=tile, OVERLAP=4), out)
    assert_clean_failure(outcome, words + ["or 0 for the model's chip size (64 px)"])


def test_a_multiple_of_the_stride_runs(qgis, data, out):
    _succeeded(run_case(qgis, "predict", _predict(data, out, data.depth3, TILE_SIZE=24, OVERLAP=4), out))
    assert listing(out) == {"mean.tif", "std.tif"}


# ---- 3. choices by the positions qgis_process help lists -------------------------------------------------------

def test_features_by_position_are_the_listed_features(qgis, data, out):
    outcome = run_case(qgis, "createdataset", _hef(data, out, FOLDS=1, FEATURES="0,1", DEM_BAND=1), out)
    _succeeded(outcome)
    description = json.loads((out / "dataset" / "dataset.json").read_text())
    assert description["bands"] == ["hef_srtm:1", "derived:slope", "derived:aspect_sin", "derived:aspect_cos"]


def test_an_unknown_position_lists_the_names_and_positions(qgis, data, out):
    outcome = run_case(qgis, "createdataset", _dataset(data, out, FEATURES="0,9"), out)
    assert_clean_failure(outcome, ["FEATURES: unknown value '9'.", "slope, aspect, ndsi, ndvi, ndwi",
                                   "positions 0-4"])


# ---- 4. devices -----------------------------------------------------------------------------------------------

def test_a_gpu_that_does_not_exist_is_an_error_naming_device_and_the_fix(qgis, data, out):
    outcome = run_case(qgis, "predict", _predict(data, out, data.depth5, DEVICE="cuda:3"), out)
    assert_clean_failure(outcome, ["DEVICE: cuda:3 was requested but cannot be used", "DEVICE=auto", "DEVICE=cpu"])


@pytest.mark.skipif(not NO_GPU, reason="a machine with a GPU runs DEVICE=cuda")
def test_cuda_without_a_gpu_is_an_error_not_a_silent_fallback(qgis, data, out):
    outcome = run_case(qgis, "predict", _predict(data, out, data.depth5, DEVICE="cuda"), out)
    assert_clean_failure(outcome, ["DEVICE: cuda was requested but cannot be used", "DEVICE=auto"])
    assert "[E:onnxruntime" not in outcome.text


@pytest.mark.skipif(not NO_GPU, reason="a machine with a GPU runs DEVICE=auto on it")
def test_auto_without_a_gpu_warns_once_and_onnxruntime_stays_quiet(qgis, data, out):
    outcome = run_case(qgis, "predict", _predict(data, out, data.depth5, DEVICE="auto"), out)
    _succeeded(outcome)
    assert outcome.text.count("DEVICE=auto: running on the CPU") == 1
    assert "[E:onnxruntime" not in outcome.text and "Failed to load library" not in outcome.text
    assert listing(out) == {"mean.tif", "std.tif"}


def test_a_device_by_its_listed_position_is_that_device(qgis, data, out):
    outcome = run_case(qgis, "predict", _predict(data, out, data.depth5, DEVICE=1), out)  # 1: cpu, not GPU 1
    _succeeded(outcome)
    assert "Loaded 1 member(s) on CPUExecutionProvider." in outcome.text


@pytest.mark.skipif(not NO_GPU, reason="a machine with a GPU has cuda:0")
def test_training_on_a_missing_gpu_fails_before_the_training_process(qgis, out, tmp_path):
    outcome = run_case(qgis, "trainensemble", _train(tmp_path, out, DEVICE="cuda:0"), out)
    assert_clean_failure(outcome, ["DEVICE: cuda:0 was requested but cannot be used", "ALLOW_CPU_FALLBACK"])


def test_an_unknown_training_device_lists_the_forms(qgis, out, tmp_path):
    outcome = run_case(qgis, "trainensemble", _train(tmp_path, out, DEVICE="gpu"), out)
    assert_clean_failure(outcome, ["DEVICE: unknown value 'gpu'.", "auto, cpu, cuda, cuda:N"])


# ---- 5. band order --------------------------------------------------------------------------------------------

def test_layers_in_another_order_are_reordered_and_give_the_same_map(qgis, data, tmp_path):
    right, swapped = tmp_path / "right", tmp_path / "swapped"
    for folder in (right, swapped):
        folder.mkdir()
    _succeeded(run_case(qgis, "predict", _predict(data, right, data.depth5), right))
    outcome = run_case(qgis, "predict", _predict(data, swapped, data.depth5, INPUTS=[data.nir, data.rgb]), swapped)
    _succeeded(outcome)
    assert f"Inputs reordered to the training order: {data.rgb.stem}, {data.nir.stem}" in outcome.text
    np.testing.assert_array_equal(_mean(swapped / "mean.tif"), _mean(right / "mean.tif"))


def test_band_names_that_do_not_match_are_an_error_listing_expected_and_given(qgis, data, out):
    outcome = run_case(qgis, "predict", _predict(data, out, data.renamed), out)
    assert_clean_failure(outcome, ["INPUTS: the input bands do not match the model's: expected rgb:1, rgb:2",
                                   f"given {data.rgb.stem}:1", "IGNORE_BAND_NAMES=true"])


def test_ignore_band_names_uses_the_given_order(qgis, data, out):
    outcome = run_case(qgis, "predict", _predict(data, out, data.renamed, IGNORE_BAND_NAMES="true"), out)
    _succeeded(outcome)
    assert "IGNORE_BAND_NAMES: the inputs are used in the given order" in outcome.text
    assert listing(out) == {"mean.tif", "std.tif"}


def test_calibrate_matches_band_names_the_same_way(qgis, data, out, tmp_path):
    model = _model(tmp_path / "model", ["rgb:1", "rgb:2", "rgb:3", "nir:1"], 32)
    before = (model / "ensemble.json").read_text()
    outcome = run_case(qgis, "calibrate", {"INPUTS": [data.rgb, data.nir], "MODEL": model, "GLACIERS": data.outlines,
                                           "DEVICE": "cpu", "TILE_SIZE": 64, "OVERLAP": 16,
                                           "OUTPUT_RELIABILITY": out / "reliability.png"}, out)
    assert_clean_failure(outcome, ["INPUTS: the input bands do not match the model's", "IGNORE_BAND_NAMES"])
    assert (model / "ensemble.json").read_text() == before


# ---- 6. folds -------------------------------------------------------------------------------------------------

def test_more_folds_than_glaciers_names_folds_the_glacier_count_and_the_fix(qgis, data, out):
    outcome = run_case(qgis, "createdataset", _hef(data, out, FOLDS=2), out)
    assert_clean_failure(outcome, ["FOLDS: 2 folds need at least 2 glaciers", "give 1 glacier.", "Use FOLDS=1"])


def test_a_single_fold_warns_that_members_have_no_test_fold(qgis, data, out):
    outcome = run_case(qgis, "createdataset", _hef(data, out, FOLDS=1), out)
    _succeeded(outcome)
    assert "FOLDS=1: every glacier is in one fold" in outcome.text and "no held-out test fold" in outcome.text
    assert json.loads((out / "dataset" / "dataset.json").read_text())["n_folds"] == 1

