"""TrainConfig -> ``fit_arguments`` -> the ``training fit`` parser gives back the same configuration, and
the device options behave as documented on a machine without CUDA."""
from __future__ import annotations

import pytest
import torch

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.jobs.training_process import fit_arguments
from training.__main__ import _config, build_parser
from training.model import training_devices


@pytest.mark.parametrize("config", [
    TrainConfig(),
    TrainConfig(learning_rate=3e-4),
    TrainConfig(members=5, epochs=12, batch_size=4, architecture="Segformer", encoder="mit_b0",
                encoder_depth=5, device="cuda:1", seed=7, loss="focal+dice", class_weights=(0.5, 2.0), patience=0,
                criterion="val_iou", lr_patience=0, min_lr=1e-7, find_lr=True, jitter=0.0, allow_cpu_fallback=True,
                mixed_precision=False, parallel=3, loader_workers=2, resume=True),
])
def test_fit_arguments_round_trip_through_the_parser(config):
    arguments = build_parser().parse_args(fit_arguments("/data/ds", "/data/model", config, overwrite=True))
    assert _config(arguments) == config and arguments.overwrite and arguments.out == "/data/model"


def test_default_training_is_long_with_early_stopping():
    assert (TrainConfig().epochs, TrainConfig().patience) == (30, 5)


@pytest.mark.parametrize("field,value,parameter", [
    ("loss", "hinge", "LOSS"), ("criterion", "val_f1", "CRITERION"), ("class_weights", (-1.0, 1.0), "CLASS_WEIGHTS"),
    ("patience", -1, "PATIENCE"), ("parallel", 0, "PARALLEL"), ("min_lr", 0.0, "MIN_LR"),
])
def test_bad_training_settings_name_their_parameter(field, value, parameter):
    with pytest.raises(InputError) as error:
        TrainConfig(**{field: value})
    assert error.value.parameter == parameter and error.value.fix


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_absent_gpu_fails_clearly_unless_cpu_fallback_is_allowed():
    with pytest.raises(InputError) as error:
        training_devices("cuda:0")
    assert error.value.parameter == "DEVICE" and "--allow-cpu-fallback" in error.value.fix
    assert training_devices("cuda:0", allow_cpu_fallback=True) == [torch.device("cpu")]
    assert training_devices("auto") == [torch.device("cpu")]
