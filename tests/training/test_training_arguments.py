"""The ``training fit`` command line is generated from the configuration dataclasses: a JSON config file, the
flags for humans and the defaults all give the same TrainingRun; the device options behave as documented on
a machine without CUDA."""
from __future__ import annotations

import dataclasses

import pytest
import torch

from glacier_dl_plugin.core.config import TrainConfig, TrainingRun
from glacier_dl_plugin.core.errors import InputError
from training.model import training_devices
from training.options import build_parser, run_from

RUNS = [
    TrainingRun("/data/ds", "/data/model"),
    TrainingRun("/data/ds", "/data/model", TrainConfig(learning_rate=3e-4)),
    TrainingRun("/data/ds", "/data/model", TrainConfig(
        members=5, epochs=12, batch_size=4, architecture="Segformer", encoder="mit_b0", encoder_depth=5,
        device="cuda:1", seed=7, encoder_weights="/w/enc.pth", loss="focal+dice", class_weights=(0.5, 2.0),
        patience=0, criterion="val_iou", schedule="cosine", lr_patience=0, min_lr=1e-7, find_lr=True, jitter=0.0,
        allow_cpu_fallback=True, mixed_precision=False, parallel=3, loader_workers=0, resume=True), overwrite=True),
]


def _parsed(*arguments: str) -> TrainingRun:
    return run_from(build_parser().parse_args(["fit", *arguments]))


@pytest.mark.parametrize("run", RUNS)
def test_a_config_file_gives_back_the_same_run(run, tmp_path):
    run.write(tmp_path / "job.json")
    assert _parsed("--config", str(tmp_path / "job.json")) == run


def test_flags_for_humans_give_the_same_run():
    assert _parsed("--dataset", "/data/ds", "--out", "/data/model", "--members", "5", "--epochs", "12",
                   "--batch-size", "4", "--architecture", "Segformer", "--encoder", "mit_b0", "--device", "cuda:1",
                   "--seed", "7", "--encoder-weights", "/w/enc.pth", "--loss", "focal+dice", "--class-weights",
                   "0.5,2", "--patience", "0", "--criterion", "val_iou", "--schedule", "cosine", "--lr-patience", "0", "--min-lr", "1e-7",
                   "--find-lr", "--jitter", "0", "--allow-cpu-fallback", "--no-mixed-precision", "--parallel", "3",
                   "--loader-workers", "0", "--resume", "--overwrite") == RUNS[2]
    assert _parsed("--dataset", "/data/ds", "--output", "/data/model", "--lr", "3e-4") == RUNS[1]


def test_options_override_the_config_file_and_defaults_come_from_the_dataclass(tmp_path):
    RUNS[2].write(tmp_path / "job.json")
    resumed = _parsed("--config", str(tmp_path / "job.json"), "--no-resume", "--epochs", "3")
    assert resumed.config == dataclasses.replace(RUNS[2].config, resume=False, epochs=3)
    assert _parsed("--dataset", "d", "--out", "o") == TrainingRun("d", "o", TrainConfig())


def test_every_setting_is_an_option_with_its_help_and_default():
    text = build_parser()._subparsers._group_actions[0].choices["fit"].format_help()
    for field in dataclasses.fields(TrainConfig):
        assert f"--{field.name.replace('_', '-')}" in text, field.name
    assert "--out OUTPUT" in text and "--config JOB.json" in text
    assert "ensemble members" in text and "(at least 1; default 2)" in text  # from the docstring and the field
    assert "{val_loss,val_iou}" in text and "(in [3, 5]; default 5)" in text


@pytest.mark.parametrize("arguments,parameter,problem", [
    (["--dataset", "d", "--out", "o", "--members", "two"], "MEMBERS", "'two' is not a whole number."),
    (["--dataset", "d", "--out", "o", "--encoder-depth", "6"], "ENCODER_DEPTH", "must lie in [3, 5], got 6."),
    (["--dataset", "d", "--out", "o", "--loss", "hinge"], "LOSS", "unknown value 'hinge'."),
    (["--dataset", "d", "--out", "o", "--bogus"], "ARGUMENTS", "unrecognized arguments: --bogus."),
    (["--out", "o"], "DATASET", "is missing."),
])
def test_bad_arguments_are_typed_errors(arguments, parameter, problem):
    with pytest.raises(InputError) as error:
        _parsed(*arguments)
    assert (error.value.parameter, error.value.problem) == (parameter, problem) and error.value.fix


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_absent_gpu_fails_clearly_unless_cpu_fallback_is_allowed():
    with pytest.raises(InputError) as error:
        training_devices("cuda:0")
    assert error.value.parameter == "DEVICE" and "--allow-cpu-fallback" in error.value.fix
    assert training_devices("cuda:0", allow_cpu_fallback=True) == [torch.device("cpu")]
    assert training_devices("auto") == [torch.device("cpu")]
