"""Crash-safe checkpoints: atomic writes that keep the previous file when the disk is full, metadata in the
safetensors header, and resume states read back without unpickling code."""
from __future__ import annotations

import resource
import signal

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file

from glacier_dl_plugin.core.errors import GlacierDLError
from training.checkpoints import atomic_save, load_resume_state, read_checkpoint, write_checkpoint


def test_a_checkpoint_round_trips_with_its_metadata_in_the_header(tmp_path):
    path = tmp_path / "checkpoint.safetensors"
    write_checkpoint(path, {"w": torch.arange(6, dtype=torch.float32).reshape(2, 3).t()}, '{"chip_size": 32}')
    assert torch.equal(read_checkpoint(path)["w"], torch.arange(6, dtype=torch.float32).reshape(2, 3).t())
    with safe_open(str(path), "pt") as handle:
        assert handle.metadata() == {"glacierdl": '{"chip_size": 32}'}


def test_a_resume_state_of_tensors_and_plain_values_is_read_back(tmp_path):
    state = {"model": {"w": torch.ones(2)}, "history": [[1, 0.5, 0.4]], "best": [1, 0.4, 0],
             "rng": torch.get_rng_state()}
    atomic_save(state, tmp_path / "resume.pt")
    loaded = load_resume_state(tmp_path / "resume.pt")
    assert loaded["history"] == [[1, 0.5, 0.4]] and torch.equal(loaded["model"]["w"], torch.ones(2))
    assert [p.name for p in tmp_path.iterdir()] == ["resume.pt"]


def test_a_full_disk_keeps_the_previous_checkpoint(tmp_path):
    path = tmp_path / "checkpoint.safetensors"
    small = {"w": torch.arange(4, dtype=torch.float32)}
    write_checkpoint(path, small, "{}")
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG as an OSError instead of a signal
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))  # the file system is "full" after 4 KiB
    try:
        with pytest.raises(GlacierDLError, match="previous checkpoint is kept.*--resume"):
            write_checkpoint(path, {"w": torch.zeros(100_000)}, "{}")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert torch.equal(load_file(path)["w"], small["w"]) and [p.name for p in tmp_path.iterdir()] == [path.name]
