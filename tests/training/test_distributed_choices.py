"""What a member asks the cluster for and where it trains, without starting workers: GPU slots only where
the workers have GPUs; on a CPU-only worker (even one advertising GPU=1) the member trains on the CPU."""
from __future__ import annotations

import dataclasses

import pytest
import torch

from glacier_dl_plugin.core.config.cluster import ClusterConfig
from glacier_dl_plugin.core.errors import InputError
from training.distributed_fit import _resources, member_device
from training.member import MemberJob
from training_fixtures import TINY_CONFIG


class _Client:
    def __init__(self, *resources: dict) -> None:
        self.workers = {f"tcp://127.0.0.1:{i}": {"resources": r} for i, r in enumerate(resources)}

    def scheduler_info(self) -> dict:
        return {"workers": self.workers}


def _job(**changes) -> MemberJob:
    return MemberJob(None, dataclasses.replace(TINY_CONFIG, **changes), None, 1e-3, None)


def test_gpu_slots_only_where_the_workers_have_gpus(tmp_path):
    address = ClusterConfig("tcp://127.0.0.1:8786")
    assert _resources(_Client({"GPU": 1}, {}), address, None) == {"GPU": 1}
    assert _resources(_Client({}, {}), address, None) is None
    assert _resources(None, ClusterConfig("local"), {"GPU": 1}) == {"GPU": 1}
    assert _resources(None, ClusterConfig("local"), None) is None
    (tmp_path / "gpu.yaml").write_text("gpus: 2\n")
    (tmp_path / "cpu.yaml").write_text("cores: 4\n")
    assert _resources(None, ClusterConfig(str(tmp_path / "gpu.yaml")), None) == {"GPU": 1}
    assert _resources(None, ClusterConfig(str(tmp_path / "cpu.yaml")), None) is None


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks a CPU-only worker")
def test_a_cpu_only_worker_trains_on_the_cpu_or_says_the_gpu_is_missing():
    assert member_device(_job(device="auto"), 3) == torch.device("cpu")
    assert member_device(_job(device="cpu"), 0) == torch.device("cpu")
    assert member_device(_job(device="cuda", allow_cpu_fallback=True), 1) == torch.device("cpu")
    with pytest.raises(InputError) as error:
        member_device(_job(device="cuda"), 0)
    assert error.value.parameter == "DEVICE"
