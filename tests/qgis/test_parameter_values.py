"""What users type, checked before QGIS's own checks (processing/algorithms/parameter_values.py): the message names
the parameter, the value found and the configuration's range; choices go by name or listed position; DEVICE also
takes cuda:N; the dialog's spin boxes keep their limits."""
from __future__ import annotations

import pytest


def _algorithm(name: str):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().algorithmById(f"glacierdl:{name}")


def _check(name: str, parameters: dict) -> tuple[bool, str]:
    from qgis.core import QgsProcessingContext

    return _algorithm(name).checkParameterValues(parameters, QgsProcessingContext())


@pytest.mark.parametrize("name,parameters,message", [
    ("createdataset", {"BUFFER": -100}, "BUFFER: must be at least 0, got -100. Give 0 or more."),
    ("createdataset", {"CHIP_SIZE": "0"}, "CHIP_SIZE: must be at least 16, got 0. Give 16 or more."),
    ("trainensemble", {"EPOCHS": 0}, "EPOCHS: must be at least 1, got 0. Give 1 or more."),
    ("trainensemble", {"LEARNING_RATE": 0.0}, "LEARNING_RATE: must be above 0, got 0. Give a value above 0."),
    ("predict", {"THRESHOLD": 1.0}, "THRESHOLD: must lie in (0, 1), got 1. Give a value strictly between 0 and 1."),
    ("calibrate", {"COVERAGE": 0}, "COVERAGE: must lie in [0.01, 0.99], got 0. Give a value from 0.01 to 0.99."),
    ("predict", {"DEVICE": "gpu"}, "DEVICE: unknown value 'gpu'. Use one of: auto, cpu, cuda, cuda:N (names, or the "
                                   "positions 0-2 that qgis_process help lists)."),
])
def test_a_bad_value_is_answered_with_the_parameter_the_value_and_what_is_allowed(qgis_app, name, parameters,
                                                                                    message):
    assert _check(name, parameters) == (False, message)


def test_positions_and_cuda_n_pass_to_qgis_checks_and_the_spin_boxes_keep_their_limits(qgis_app):
    ok, message = _check("createdataset", {"FEATURES": "0,1", "SAMPLING": 1})
    assert "FEATURES" not in message and "SAMPLING" not in message  # QGIS goes on to the missing layers
    ok, message = _check("predict", {"DEVICE": "cuda:3"})
    assert "DEVICE" not in message
    definitions = {d.name(): d for d in _algorithm("createdataset").parameterDefinitions()}
    assert definitions["CHIP_SIZE"].minimum() == 16 and definitions["MAX_NODATA"].maximum() == 1
    predict = {d.name(): d for d in _algorithm("predict").parameterDefinitions()}
    assert predict["IGNORE_BAND_NAMES"].defaultValue() is False


def test_config_from_reads_positions_and_cuda_n(qgis_app):
    from qgis.core import QgsProcessingContext

    from glacier_dl_plugin.core.config import DatasetConfig, PredictConfig

    context = QgsProcessingContext()
    dataset = _algorithm("createdataset").config_from(DatasetConfig, {"FEATURES": "0,2", "SPLIT": "1"}, context)
    assert dataset.features == ("slope", "ndsi") and dataset.split == "random"
    predict = _algorithm("predict").config_from(PredictConfig, {"DEVICE": "cuda:3", "IGNORE_BAND_NAMES": True},
                                                context)
    assert predict.device == "cuda:3" and predict.ignore_band_names
    assert _algorithm("predict").config_from(PredictConfig, {"DEVICE": "1"}, context).device == "cpu"
