"""glacierdl:trainensemble's parameters build the TrainingRun the training process receives, with the defaults
of TrainConfig, and the process's typed errors reach the algorithm's message whole."""
from __future__ import annotations

import json

import pytest


@pytest.fixture
def algorithm(qgis_app):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().createAlgorithmById("glacierdl:trainensemble")


def _run(algorithm, **parameters):
    from qgis.core import QgsProcessingContext

    return algorithm.run_settings({"DATASET": "/data/ds", "OUTPUT": "/data/model", **parameters},
                                  QgsProcessingContext())


def test_defaults_train_long_with_early_stopping(algorithm):
    from glacier_dl_plugin.core.config import TrainConfig, TrainingRun

    assert _run(algorithm) == TrainingRun("/data/ds", "/data/model", TrainConfig())


def test_training_options_reach_the_config(algorithm):
    run = _run(algorithm, LOSS="focal+dice", CLASS_WEIGHTS="0.5, 2", PATIENCE=0, CRITERION="val_iou",
               SCHEDULE="cosine", LR_PATIENCE=3, MIN_LR=1e-7, FIND_LR=True, JITTER=0.0, ALLOW_CPU_FALLBACK=True, MIXED_PRECISION=False,
               PARALLEL=2, RESUME=True, ARCHITECTURE="Segformer", ENCODER="mit_b0", LOADER_WORKERS=0,
               ENCODER_WEIGHTS="/w/enc.pth", OVERWRITE=True)
    config = run.config
    assert (config.loss, config.class_weights, config.patience, config.criterion) == ("focal+dice", (0.5, 2.0), 0,
                                                                                       "val_iou")
    assert (config.schedule, config.lr_patience, config.min_lr, config.find_lr, config.jitter) == (
        "cosine", 3, 1e-7, True, 0.0)
    assert (config.allow_cpu_fallback, config.mixed_precision, config.parallel, config.resume) == (True, False, 2, True)
    assert (config.architecture, config.encoder, config.loader_workers, config.encoder_weights) == (
        "Segformer", "mit_b0", 0, "/w/enc.pth")
    assert run.overwrite


def test_class_weights_that_are_not_numbers_name_the_parameter(algorithm):
    from glacier_dl_plugin.core.errors import InputError

    with pytest.raises(InputError) as error:
        _run(algorithm, CLASS_WEIGHTS="1;3")
    assert error.value.parameter == "CLASS_WEIGHTS"


@pytest.mark.slow
def test_the_training_processs_json_error_reaches_the_algorithm_message_whole(qgis_app, tmp_path, monkeypatch):
    """An empty folder is no dataset: the training process refuses it with a JSON error event; its parameter,
    problem and fix are the message of the QgsProcessingException, word for word."""
    import processing
    from qgis.core import QgsProcessingException

    from glacier_dl_plugin.core.jobs import registry as jobs

    monkeypatch.setenv("GLACIER_DL_JOBS_DIR", str(tmp_path / "jobs"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("glacierdl:trainensemble", {"DATASET": str(tmp_path / "empty"), "EPOCHS": 1, "DEVICE": "cpu",
                                                   "OUTPUT": str(tmp_path / "model")})
    [job] = jobs.list_jobs(tmp_path / "jobs")
    [error] = [e for e in jobs.log_events(job) if e["event"] == "error"]
    assert error["parameter"] == "DATASET" and error["problem"] and error["fix"]
    assert str(raised.value) == f"DATASET: {error['problem']} {error['fix']}"
    assert (job.state, job.error["fix"]) == ("failed", error["fix"])
    assert json.loads(job.config_file.read_text())["dataset"] == str(tmp_path / "empty")
