"""A run killed with SIGKILL resumes into the same output; members train in parallel worker processes."""
from __future__ import annotations

import csv
import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from glacier_dl_plugin.core.progress import Monitor
from training.fit import fit_ensemble
from training.work_folder import work_folder
from training_fixtures import TINY_CONFIG

REPO = Path(__file__).resolve().parents[2]
RUN = ["--members", "1", "--epochs", "4", "--patience", "0", "--encoder-depth", "3", "--device", "cpu"]


def _fit(*arguments: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "2", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "training", "fit", *arguments], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _epochs(model: Path) -> list[str]:
    with open(model / "member_00" / "history.csv") as handle:
        return [row["epoch"] for row in csv.DictReader(handle)]


@pytest.mark.slow
def test_sigkill_mid_training_then_resume_completes_the_same_model(tiny_dataset, tmp_path):
    out = tmp_path / "model"
    process = _fit("--dataset", str(tiny_dataset), "--out", str(out), *RUN)
    try:
        for line in process.stdout:  # kill right after epoch 2 was announced (its state is saved before)
            if line.startswith("{") and json.loads(line).get("event") == "epoch" and json.loads(line)["epoch"] == 2:
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=60)
    finally:
        process.kill()
    assert process.returncode == -signal.SIGKILL and not out.exists()
    assert (work_folder(out) / "member_00" / "resume.pt").is_file()

    resumed = _fit("--dataset", str(tiny_dataset), "--out", str(out), *RUN, "--resume")
    stdout, _ = resumed.communicate(timeout=300)
    events = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    assert resumed.returncode == 0 and events[-1] == {"event": "done", "model": str(out.resolve())}
    assert [e["epoch"] for e in events if e["event"] == "epoch"] == [3, 4]
    assert _epochs(out) == ["1", "2", "3", "4"] and not work_folder(out).exists()
    log = (out / "train.log").read_text()
    assert "Resuming the interrupted run" in log and "member_00 resumed after epoch 2" in log
    assert not (out / "member_00" / "resume.pt").exists()

    # the same run without interruption: the resumed one continued bit for bit (weights, data order, RNG),
    # with the default two chip-reading processes, whose seeds come from the restored data-order generator
    config = dataclasses.replace(TINY_CONFIG, members=1, epochs=4, patience=0, loader_workers=2)
    straight = fit_ensemble(tiny_dataset, tmp_path / "straight", config)
    first, second = (load_file(m / "member_00" / "checkpoint.safetensors") for m in (out, straight))
    for key in first:
        torch.testing.assert_close(first[key], second[key], atol=1e-6, rtol=1e-5, msg=key)


@pytest.mark.slow
def test_two_members_train_at_once_in_cpu_workers(tiny_dataset, tmp_path):
    events, lines, percents = [], [], []
    monitor = Monitor(progress=percents.append, log=lines.append)
    config = dataclasses.replace(TINY_CONFIG, epochs=2, parallel=2, patience=0)
    model = fit_ensemble(tiny_dataset, tmp_path / "model", config, monitor, on_epoch=events.append)
    manifest = json.loads((model / "ensemble.json").read_text())
    assert [(m["name"], m["fold"], m["epochs_trained"]) for m in manifest["members"]] == [
        ("member_00", 0, 2), ("member_01", 1, 2)]
    assert sorted((e["member"], e["epoch"]) for e in events) == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert any("Training up to 2 members at once on cpu" in line for line in lines)
    assert percents[-1] == 100 and all((model / m["onnx"]).is_file() for m in manifest["members"])
