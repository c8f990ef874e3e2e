"""Execution providers of an ensemble (CUDA only where it can work, the fallback said once and quietly) and
the output stride its tiles must be a multiple of."""
import dataclasses
import json

import pytest

from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.predict.ensemble import execution_providers, load_ensemble
from onnx_fixtures import MEMBERS, META, ensemble_folder, pointwise_model


def test_explicit_cuda_without_cuda_provider_is_a_clear_error():
    with pytest.raises(InputError, match="DEVICE: cuda:0 was requested"):
        execution_providers("cuda:0", ["CPUExecutionProvider"])
    assert execution_providers("auto", ["CPUExecutionProvider"]) == ["CPUExecutionProvider"]
    assert execution_providers("cuda:1", ["CUDAExecutionProvider", "CPUExecutionProvider"])[0] == (
        "CUDAExecutionProvider", {"device_id": 1})


def test_auto_on_a_machine_without_usable_cuda_warns_once_and_onnxruntime_prints_nothing(tmp_path, capfd):
    """This machine's onnxruntime-gpu lists CUDA but cannot load it: auto runs on the CPU, said once, quietly."""
    folder = ensemble_folder(tmp_path / "model", MEMBERS, dataclasses.replace(META, output_stride=8))
    logs, warnings = [], []
    ensemble = load_ensemble(folder, "auto", logs.append, warn=warnings.append)
    assert ensemble.output_stride == 8
    if not ensemble.on_gpu:  # a machine with a usable GPU has nothing to fall back from
        assert len(warnings) <= 1 and all("DEVICE=auto: running on the CPU" in w for w in warnings)
        assert warnings or any("DEVICE=auto: running on the CPU" in line for line in logs)
        captured = capfd.readouterr()
        assert "onnxruntime" not in captured.err and "[E:" not in captured.err, captured.err
        with pytest.raises(InputError) as error:
            load_ensemble(folder, "cuda:3", logs.append, warn=warnings.append)
        assert error.value.parameter == "DEVICE" and "cuda:3 was requested but cannot be used" in error.value.problem
        assert "DEVICE=auto" in error.value.fix and "onnxruntime" not in capfd.readouterr().err


def test_the_output_stride_comes_from_the_metadata_else_the_training_settings(tmp_path):
    folder = ensemble_folder(tmp_path / "old", MEMBERS[:1], META)
    assert load_ensemble(folder, "cpu", lambda m: None).output_stride == 0  # not recorded: unknown
    manifest = json.loads((folder / "ensemble.json").read_text())
    (folder / "ensemble.json").write_text(json.dumps({**manifest, "train_config": {"encoder_depth": 4}}))
    assert load_ensemble(folder, "cpu", lambda m: None).output_stride == 16
    single = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    assert load_ensemble(single, "cpu", lambda m: None).output_stride == 0
