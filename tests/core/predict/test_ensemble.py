"""Execution providers of an ensemble: CUDA only where onnxruntime offers it."""
import pytest

from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.predict.ensemble import execution_providers


def test_explicit_cuda_without_cuda_provider_is_a_clear_error():
    with pytest.raises(InputError, match="DEVICE: cuda:0 was requested"):
        execution_providers("cuda:0", ["CPUExecutionProvider"])
    assert execution_providers("auto", ["CPUExecutionProvider"]) == ["CPUExecutionProvider"]
    assert execution_providers("cuda:1", ["CUDAExecutionProvider", "CPUExecutionProvider"])[0] == (
        "CUDAExecutionProvider", {"device_id": 1})
