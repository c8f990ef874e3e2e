"""One output rule for every algorithm (issue 12), through the real ``qgis_process.bin`` and the training CLI.

Before any work: an output that already exists is refused unless OVERWRITE=true (Calibrate: a model that
already holds a calibration), and an output that cannot be written (under ``/proc``, under a file) is
refused; each message names the output parameter, the path and the fix. Each case asserts the exit status,
the words of the message, that no traceback reached the user and the folder listing before and after: a
refusal adds nothing and leaves the existing file as it was; OVERWRITE=true replaces it with a complete one.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import fiona
import numpy as np
import pytest
import rasterio
from shapely.geometry import box, mapping

from fault_harness import assert_clean_failure, partial_files, run_case, run_command
from glacier_dl_plugin.qgis_process import QgisProcess
from onnx_fixtures import MEMBERS, META, ensemble_folder, write_image

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
PREVIOUS = b"an earlier run's output"
EXISTS = ["already exists", "Choose another path, or set OVERWRITE=true to replace it."]
UNWRITABLE = ["cannot write into '/proc'", "Choose a folder you may write to."]


@pytest.fixture(scope="module")
def qgis(tmp_path_factory) -> QgisProcess:
    return QgisProcess(tmp_path_factory.mktemp("profile"))


def _outlines(path: Path) -> Path:
    """Two glacier polygons (RGIId) inside :func:`write_image`'s 200 x 200 px UTM 45N image."""
    schema = {"geometry": "Polygon", "properties": {"RGIId": "str"}}
    with fiona.open(path, "w", driver="GPKG", crs="EPSG:32645", schema=schema, layer="glaciers") as sink:
        for name, bounds in (("G1", (481000, 3105000, 482500, 3106500)), ("G2", (483500, 3107000, 485000, 3109000))):
            sink.write({"geometry": mapping(box(*bounds)), "properties": {"RGIId": name}})
    return path


@pytest.fixture(scope="module")
def data(qgis, tmp_path_factory) -> SimpleNamespace:
    """An image, its outlines, a three-member model, the same model calibrated, and Predict's mean and std."""
    folder = tmp_path_factory.mktemp("outputs")
    image = folder / "img.tif"
    write_image(image, 200, 200)
    model = ensemble_folder(folder / "model", MEMBERS, META)
    calibrated = ensemble_folder(folder / "calibrated", MEMBERS, META,
                                 calibration={"temperatures": [1.0, 1.0, 1.0], "threshold": 0.5, "k": 1.0})
    predicted = qgis.results("predict", dict(INPUTS=str(image), MODEL=str(model), DEVICE="cpu", TILE_SIZE=32,
                                             OVERLAP=8, OUTPUT_MEAN=str(folder / "mean.tif"),
                                             OUTPUT_STD=str(folder / "std.tif")))
    return SimpleNamespace(image=image, outlines=_outlines(folder / "outlines.gpkg"), model=model,
                           calibrated=calibrated, mean=predicted["OUTPUT_MEAN"], std=predicted["OUTPUT_STD"])


def _predict(data, out: Path, **outputs) -> dict:
    return {**dict(INPUTS=str(data.image), MODEL=str(data.model), DEVICE="cpu", TILE_SIZE=32, OVERLAP=8,
                   OUTPUT_MEAN=str(out / "mean.tif"), OUTPUT_STD=str(out / "std.tif")), **outputs}


def _polygonize(data, out: Path, **outputs) -> dict:
    return {**dict(MEAN=data.mean, STD=data.std, GLACIERS=str(data.outlines), OUTPUT=str(out / "outlines.gpkg")),
            **outputs}


def _evaluate(data, out: Path, **outputs) -> dict:
    return {**dict(PREDICTION=data.mean, REFERENCE=str(data.outlines), OUTPUT_CSV=str(out / "scores.csv"),
                   OUTPUT_LAYER=str(out / "scores.gpkg"), OUTPUT_REPORT=str(out / "report.html")), **outputs}


def _area_change(data, out: Path, **outputs) -> dict:
    return dict(OUTLINES_0=str(data.outlines), OUTLINES_1=str(data.outlines), DATE_0="2000-09-01",
                DATE_1="2010-09-01", OUTPUT=str(out / "change.gpkg"), OUTPUT_CSV=str(out / "change.csv"),
                OUTPUT_PLOT=str(out / "change.png"), **outputs)


def _terminus(data, out: Path, **outputs) -> dict:
    return {**dict(INPUT=str(data.image), OUTPUT=str(out / "fronts.gpkg")), **outputs}


def _calibrate(data, out: Path, model: Path | None = None, **outputs) -> dict:
    return dict(INPUTS=str(data.image), MODEL=str(model or data.model), GLACIERS=str(data.outlines), DEVICE="cpu",
                OUTPUT_RELIABILITY=str(out / "reliability.png"), **outputs)


EXISTING = [  # (algorithm, parameters, the output parameter whose file exists, its file name)
    ("predict", _predict, "OUTPUT_MEAN", "mean.tif"),
    ("polygonize", _polygonize, "OUTPUT", "outlines.gpkg"),
    ("evaluate", _evaluate, "OUTPUT_REPORT", "report.html"),
    ("areachange", _area_change, "OUTPUT_PLOT", "change.png"),
    ("terminus", _terminus, "OUTPUT", "fronts.gpkg"),
    ("calibrate", _calibrate, "OUTPUT_RELIABILITY", "reliability.png"),
]


@pytest.mark.parametrize("algorithm,parameters,parameter,name", EXISTING, ids=[c[0] for c in EXISTING])
def test_an_existing_output_is_refused_without_overwrite_and_kept(qgis, data, tmp_path, algorithm, parameters,
                                                                  parameter, name):
    existing = tmp_path / name
    existing.write_bytes(PREVIOUS)
    outcome = run_case(qgis, algorithm, parameters(data, tmp_path), tmp_path)
    assert_clean_failure(outcome, [parameter, str(existing), *EXISTS])
    assert existing.read_bytes() == PREVIOUS


def test_predict_refuses_a_members_folder_that_holds_files(qgis, data, tmp_path):
    (tmp_path / "members").mkdir()
    (tmp_path / "members" / "member_00.tif").write_bytes(PREVIOUS)
    outcome = run_case(qgis, "predict", _predict(data, tmp_path, OUTPUT_MEMBERS=str(tmp_path / "members")), tmp_path)
    assert_clean_failure(outcome, ["OUTPUT_MEMBERS", "already exists and is not empty", "OVERWRITE=true"])


def test_calibrate_refuses_a_model_that_already_holds_a_calibration(qgis, data, tmp_path):
    """Calibrate writes into the model's ensemble.json: 'existing' is a calibration block already there."""
    manifest = data.calibrated / "ensemble.json"
    before = manifest.read_bytes()
    outcome = run_case(qgis, "calibrate", _calibrate(data, tmp_path, data.calibrated), tmp_path)
    assert_clean_failure(outcome, ["MODEL", str(manifest), "already holds a calibration", "OVERWRITE=true",
                                   "a copy of"])
    assert manifest.read_bytes() == before


def test_create_dataset_refuses_a_folder_that_holds_files(qgis, everest, tmp_path):
    (tmp_path / "dataset").mkdir()
    (tmp_path / "dataset" / "notes.txt").write_bytes(PREVIOUS)
    outcome = run_case(qgis, "createdataset", dict(INPUTS=str(everest["rgb"]), GLACIERS=str(everest["outlines"]),
                                                   OUTPUT=str(tmp_path / "dataset")), tmp_path)
    assert_clean_failure(outcome, ["OUTPUT", "already exists and is not empty", "OVERWRITE=true"])


def test_predict_with_overwrite_replaces_both_rasters_with_complete_ones(qgis, data, tmp_path):
    for name in ("mean.tif", "std.tif"):
        (tmp_path / name).write_bytes(PREVIOUS)
    outcome = run_case(qgis, "predict", _predict(data, tmp_path, OVERWRITE="true"), tmp_path)
    assert outcome.returncode == 0 and "Traceback" not in outcome.text, outcome.text[-3000:]
    assert outcome.added == frozenset() and partial_files(tmp_path) == []
    for name in ("mean.tif", "std.tif"):
        with rasterio.open(tmp_path / name) as src:
            values = src.read(1)
            assert (src.width, src.height) == (200, 200) and np.isfinite(values).all()
            assert 0 <= values.min() and values.max() <= 1


def test_polygonize_with_overwrite_replaces_the_geopackage(qgis, data, tmp_path):
    (tmp_path / "outlines.gpkg").write_bytes(PREVIOUS)
    outcome = run_case(qgis, "polygonize", _polygonize(data, tmp_path, OVERWRITE="true"), tmp_path)
    assert outcome.returncode == 0 and "Traceback" not in outcome.text, outcome.text[-3000:]
    assert outcome.added == frozenset() and partial_files(tmp_path) == []
    assert set(fiona.listlayers(tmp_path / "outlines.gpkg")) >= {"outlines", "outlines_low", "outlines_high"}
    with fiona.open(tmp_path / "outlines.gpkg", layer="outlines") as layer:
        assert len(layer) == 2


UNWRITABLE_CASES = [  # (algorithm, parameters, the unwritable output parameter)
    ("predict", lambda data, out: _predict(data, out, OUTPUT_STD="/proc/glacierdl/std.tif"), "OUTPUT_STD"),
    ("evaluate", lambda data, out: _evaluate(data, out, OUTPUT_CSV="/proc/scores.csv"), "OUTPUT_CSV"),
    ("polygonize", lambda data, out: _polygonize(data, out, OUTPUT="/proc/outlines.gpkg"), "OUTPUT"),
    ("terminus", lambda data, out: _terminus(data, out, OUTPUT="/proc/fronts.gpkg"), "OUTPUT"),
]


@pytest.mark.parametrize("algorithm,parameters,parameter", UNWRITABLE_CASES, ids=[c[0] for c in UNWRITABLE_CASES])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(qgis, data, tmp_path, algorithm, parameters,
                                                                    parameter):
    outcome = run_case(qgis, algorithm, parameters(data, tmp_path), tmp_path)
    assert_clean_failure(outcome, [parameter, *UNWRITABLE])


def test_create_dataset_refuses_an_output_folder_under_proc(qgis, everest, tmp_path):
    outcome = run_case(qgis, "createdataset", dict(INPUTS=str(everest["rgb"]), GLACIERS=str(everest["outlines"]),
                                                   OUTPUT="/proc/glacierdl/dataset"), tmp_path)
    assert_clean_failure(outcome, ["OUTPUT", *UNWRITABLE])


def test_predict_refuses_an_output_under_a_file(qgis, data, tmp_path):
    (tmp_path / "notes.txt").write_bytes(PREVIOUS)
    outcome = run_case(qgis, "predict", _predict(data, tmp_path, OUTPUT_MEAN=str(tmp_path / "notes.txt" / "m.tif")),
                       tmp_path)
    assert_clean_failure(outcome, ["OUTPUT_MEAN", "is a file, so no folder can be made under it",
                                   "Choose a path in a folder."])


def _fit(dataset: Path, out: str) -> list[str]:
    return [sys.executable, "-m", "training", "fit", "--dataset", str(dataset), "--out", out, "--members", "1",
            "--epochs", "1", "--encoder-depth", "3", "--device", "cpu"]


@pytest.fixture(scope="module")
def tiny_dataset(tmp_path_factory) -> Path:
    from training_fixtures import write_tiny_dataset

    return write_tiny_dataset(tmp_path_factory.mktemp("tiny") / "dataset")


def _events(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("case", ["existing", "proc"])
def test_the_training_cli_refuses_an_existing_or_unwritable_model_folder(tiny_dataset, tmp_path, case):
    out = tmp_path / "model"
    if case == "existing":
        out.mkdir()
        (out / "ensemble.json").write_bytes(PREVIOUS)
    target = str(out) if case == "existing" else "/proc/glacierdl/model"
    outcome = run_command(_fit(tiny_dataset, target), tmp_path, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert outcome.returncode == 2
    words = ["already exists and is not empty", "OVERWRITE=true"] if case == "existing" else UNWRITABLE
    assert_clean_failure(outcome, ["OUTPUT", *words])
    assert _events(outcome.text)[-1]["parameter"] == "OUTPUT"
