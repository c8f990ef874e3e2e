"""glacierdl:trainensemble's parameters build the TrainConfig the training process receives."""
from __future__ import annotations

import pytest


@pytest.fixture
def algorithm(qgis_app):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().createAlgorithmById("glacierdl:trainensemble")


def _config(algorithm, **parameters):
    from qgis.core import QgsProcessingContext

    return algorithm._config({"DATASET": "/data/ds", "OUTPUT": "/data/model", **parameters}, QgsProcessingContext())


def test_defaults_train_long_with_early_stopping(algorithm):
    from glacier_dl_plugin.core.config import TrainConfig

    assert _config(algorithm) == TrainConfig(device="auto")


def test_training_options_reach_the_config(algorithm):
    config = _config(algorithm, LOSS="focal+dice", CLASS_WEIGHTS="0.5, 2", PATIENCE=0, CRITERION="val_iou",
                     LR_PATIENCE=3, MIN_LR=1e-7, FIND_LR=True, JITTER=0.0, ALLOW_CPU_FALLBACK=True,
                     MIXED_PRECISION=False, PARALLEL=2, RESUME=True, ARCHITECTURE="Segformer", ENCODER="mit_b0")
    assert (config.loss, config.class_weights, config.patience, config.criterion) == ("focal+dice", (0.5, 2.0), 0,
                                                                                       "val_iou")
    assert (config.lr_patience, config.min_lr, config.find_lr, config.jitter) == (3, 1e-7, True, 0.0)
    assert (config.allow_cpu_fallback, config.mixed_precision, config.parallel, config.resume) == (True, False, 2, True)
    assert (config.architecture, config.encoder) == ("Segformer", "mit_b0")


def test_class_weights_that_are_not_numbers_name_the_parameter(algorithm):
    from glacier_dl_plugin.core.errors import InputError

    with pytest.raises(InputError) as error:
        _config(algorithm, CLASS_WEIGHTS="1;3")
    assert error.value.parameter == "CLASS_WEIGHTS"
