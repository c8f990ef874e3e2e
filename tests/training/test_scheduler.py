"""Worker slots of parallel training: each device offered ``parallel`` times, devices interleaved. The worker
processes themselves run in test_training_resume_parallel.py (slow)."""
from __future__ import annotations

import torch

from training.scheduler import slots


def test_slots_interleave_the_devices_parallel_times():
    devices = [torch.device("cuda:0"), torch.device("cuda:1")]
    assert slots(devices, 2) == ["cuda:0", "cuda:1", "cuda:0", "cuda:1"]
    assert slots([torch.device("cpu")], 3) == ["cpu", "cpu", "cpu"]
