"""Which device DEVICE gives, found without asking onnxruntime for CUDA where it cannot work: GPUs from the
driver's files, the provider's libraries tried quietly, explicit GPUs that cannot be used an error naming DEVICE."""
from pathlib import Path
from types import SimpleNamespace

import pytest

from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.predict.devices import (
    CPU,
    CUDA,
    check_training_gpu,
    cuda_library_problem,
    cuda_problem,
    first_session_on_gpu,
    gpu_index,
    nvidia_gpus,
    providers_for,
)


def driver(root: Path, gpus: int) -> Path:
    """A fake file system with ``gpus`` entries in /proc/driver/nvidia/gpus."""
    for i in range(gpus):
        (root / "proc/driver/nvidia/gpus" / f"0000:0{i}:00.0").mkdir(parents=True)
    (root / "dev").mkdir(parents=True, exist_ok=True)
    return root


def test_gpus_are_counted_from_the_driver_files_and_cuda_visible_devices(tmp_path):
    assert nvidia_gpus(driver(tmp_path / "two", 2), {}) == 2
    assert nvidia_gpus(driver(tmp_path / "two", 0), {"CUDA_VISIBLE_DEVICES": "1"}) == 1
    assert nvidia_gpus(tmp_path / "two", {"CUDA_VISIBLE_DEVICES": ""}) == 0
    assert nvidia_gpus(tmp_path / "two", {"CUDA_VISIBLE_DEVICES": "0,-1,1"}) == 1  # CUDA stops at -1
    assert nvidia_gpus(driver(tmp_path / "none", 0), {}) == 0
    (tmp_path / "dev_only/dev").mkdir(parents=True)
    (tmp_path / "dev_only/dev/nvidia0").touch()
    (tmp_path / "dev_only/dev/nvidiactl").touch()
    assert nvidia_gpus(tmp_path / "dev_only", {}) == 1
    (tmp_path / "wsl/dev").mkdir(parents=True)
    (tmp_path / "wsl/dev/dxg").touch()
    assert nvidia_gpus(tmp_path / "wsl", {}) is None
    assert nvidia_gpus(tmp_path, {}, platform="win32") is None


def test_gpu_index_and_the_reasons_cuda_cannot_work():
    assert (gpu_index("auto"), gpu_index("cuda"), gpu_index("cuda:3")) == (0, 0, 3)
    assert "no CUDA provider" in cuda_problem([CPU], 1, 0, "")
    assert cuda_problem([CUDA, CPU], 0, 0, "") == "no NVIDIA GPU or driver was found"
    assert cuda_problem([CUDA, CPU], 1, 3, "") == "GPU 3 does not exist (this machine has 1: cuda:0 to cuda:0)"
    assert "libcublasLt.so.13" in cuda_problem([CUDA, CPU], None, 0, "libcublasLt.so.13: cannot open", "CUDA 13")
    assert cuda_problem([CUDA, CPU], 2, 1, "") == ""


def test_a_provider_library_with_a_missing_dependency_is_reported_quietly(tmp_path):
    assert cuda_library_problem(tmp_path) == ""  # no CUDA provider library: nothing to say
    (tmp_path / "capi").mkdir()
    (tmp_path / "capi/libonnxruntime_providers_cuda.so").write_bytes(b"not a library")
    assert cuda_library_problem(tmp_path) == ""  # another loader error: left to onnxruntime


class FakeOrt:
    """An onnxruntime stand-in whose CUDA provider is listed; records logger severities."""

    __file__ = "/nonexistent/onnxruntime/__init__.py"

    def __init__(self, providers=(CUDA, CPU)):
        self.providers, self.severities = list(providers), []

    def get_available_providers(self):
        return self.providers

    def set_default_logger_severity(self, level):
        self.severities.append(level)


def test_auto_falls_back_once_with_a_warning_and_explicit_gpus_are_errors(monkeypatch):
    monkeypatch.setattr("glacier_dl_plugin.core.predict.devices.nvidia_gpus", lambda: 0)
    logs, warnings = [], []
    assert providers_for(FakeOrt(), "auto", logs.append, warnings.append) == [CPU]
    assert logs == [] and len(warnings) == 1 and "no NVIDIA GPU" in warnings[0]
    assert providers_for(FakeOrt([CPU]), "auto", logs.append, warnings.append) == [CPU]
    assert len(logs) == 1 and "no CUDA provider" in logs[0] and len(warnings) == 1  # CPU onnxruntime: a log line
    for device in ("cuda", "cuda:3"):
        with pytest.raises(InputError) as error:
            providers_for(FakeOrt(), device, logs.append, warnings.append)
        assert error.value.parameter == "DEVICE" and f"{device} was requested" in error.value.problem
        assert "DEVICE=auto" in error.value.fix and "DEVICE=cpu" in error.value.fix
    assert providers_for(FakeOrt(), "cpu", logs.append, warnings.append) == [CPU]
    monkeypatch.setattr("glacier_dl_plugin.core.predict.devices.nvidia_gpus", lambda: 4)
    assert providers_for(FakeOrt(), "cuda:3", logs.append, warnings.append) == [(CUDA, {"device_id": 3}), CPU]


def test_the_first_gpu_session_is_opened_quietly_and_decides_for_the_others():
    ort, warnings = FakeOrt(), []
    on_cpu = SimpleNamespace(get_providers=lambda: [CPU])
    on_gpu = SimpleNamespace(get_providers=lambda: [CUDA, CPU])
    wanted = [(CUDA, {"device_id": 0}), CPU]
    assert first_session_on_gpu(ort, lambda providers: on_gpu, wanted, "auto", warnings.append) == (on_gpu, wanted)
    assert ort.severities == [4, 2] and warnings == []
    session, providers = first_session_on_gpu(ort, lambda providers: on_cpu, wanted, "auto", warnings.append)
    assert providers == [CPU] and len(warnings) == 1 and "DEVICE=auto: running on the CPU" in warnings[0]
    with pytest.raises(InputError, match="^DEVICE: cuda:0 was requested but cannot be used: onnxruntime could not"):
        first_session_on_gpu(ort, lambda providers: on_cpu, wanted, "cuda:0", warnings.append)


def test_training_checks_the_gpu_before_the_training_process_starts():
    warnings = []
    check_training_gpu("cpu", False, warnings.append, gpus=lambda: 0)
    check_training_gpu("cuda:1", False, warnings.append, gpus=lambda: 2)
    check_training_gpu("cuda", False, warnings.append, gpus=lambda: None)  # cannot tell: torch decides
    assert warnings == []
    check_training_gpu("auto", False, warnings.append, gpus=lambda: 0)
    assert warnings == ["DEVICE=auto: training runs on the CPU (much slower), no NVIDIA GPU or driver was found."]
    with pytest.raises(InputError) as error:
        check_training_gpu("cuda:3", False, warnings.append, gpus=lambda: 1)
    assert "GPU 3 does not exist" in error.value.problem and "ALLOW_CPU_FALLBACK" in error.value.fix
    check_training_gpu("cuda:3", True, warnings.append, gpus=lambda: 1)
    assert len(warnings) == 2 and warnings[1].startswith("DEVICE=cuda:3: training runs on the CPU")


def test_missing_cuda_libraries_of_this_onnxruntime_are_found_without_it_printing(monkeypatch, capfd):
    """With a GPU seen but the CUDA libraries missing (as on this CPU machine's onnxruntime-gpu), auto says why
    once, from the loader's message, and onnxruntime never prints its red errors."""
    import onnxruntime

    monkeypatch.setattr("glacier_dl_plugin.core.predict.devices.nvidia_gpus", lambda: 1)
    problem = cuda_library_problem(Path(onnxruntime.__file__).parent)
    warnings = []
    providers = providers_for(onnxruntime, "auto", warnings.append, warnings.append)
    assert "onnxruntime" not in capfd.readouterr().err
    if problem:  # onnxruntime-gpu without its CUDA libraries
        assert "cannot open shared object file" in problem and providers == [CPU]
        assert warnings == [f"DEVICE=auto: running on the CPU, the CUDA provider's libraries do not load ({problem}; "
                            f"it needs CUDA {onnxruntime.capi.build_and_package_info.cuda_version} and cuDNN 9)."]
