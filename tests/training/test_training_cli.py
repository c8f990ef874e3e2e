"""``python -m training fit``: a JSON config file, the JSON-lines protocol, exit codes, typed errors as JSON
events, SIGTERM."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from glacier_dl_plugin.core.config import TrainConfig, TrainingRun
from training.__main__ import main

REPO = Path(__file__).resolve().parents[2]
TINY = ["--members", "2", "--epochs", "1", "--encoder-depth", "3", "--device", "cpu"]


def _command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "training", "fit", *arguments]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "2", "PYTHONUNBUFFERED": "1"}


def _events(stdout: str) -> list[dict]:
    events = []
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue  # plain log text is allowed by the protocol
        if isinstance(event, dict):
            events.append(event)
    return events


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.")]


def test_a_json_config_trains_printing_rising_progress_and_done(tiny_dataset, tmp_path):
    out = tmp_path / "model"
    TrainingRun(str(tiny_dataset), str(out), TrainConfig(members=2, epochs=1, encoder_depth=3,
                                                         device="cpu")).write(tmp_path / "job.json")
    run = subprocess.run(_command("--config", str(tmp_path / "job.json")), cwd=REPO, env=_env(),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    events = _events(run.stdout)
    percents = [e["percent"] for e in events if e["event"] == "progress"]
    assert len(percents) >= 3 and percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    assert any(e["event"] == "log" and "member_01" in e["message"] for e in events)
    assert events[-1] == {"event": "done", "model": str(out.resolve())}
    assert len(json.loads((out / "ensemble.json").read_text())["members"]) == 2


def _run_main(arguments: list[str], capsys) -> tuple[int, dict]:
    """``main`` in this process: its exit code and last protocol event."""
    return main(arguments), _events(capsys.readouterr().out)[-1]


def _corrupt_json(dataset: Path) -> None:
    (dataset / "dataset.json").write_text('{"format": "glacierdl-dataset", ')


@pytest.mark.parametrize("case,parameter,expected", [
    ("missing dataset", "DATASET", "is not a folder"),
    ("corrupt dataset.json", "DATASET", "not valid JSON"),
    ("existing output", "OUTPUT", "already exists"),
    ("unknown encoder", "ENCODER", "resnet18, resnet34"),
    ("zero epochs", "EPOCHS", "must be at least 1, got 0"),
    ("not a number", "MEMBERS", "'two' is not a whole number"),
    ("unknown option", "ARGUMENTS", "unrecognized arguments: --members-count"),
])
def test_bad_input_exits_2_naming_the_parameter_and_writes_nothing(make_dataset, tmp_path, capsys, case, parameter,
                                                                    expected):
    dataset, out, options = make_dataset(), tmp_path / "model", list(TINY)
    if case == "missing dataset":
        dataset = tmp_path / "no-such-dataset"
    elif case == "corrupt dataset.json":
        _corrupt_json(dataset)
    elif case == "existing output":
        out.mkdir()
        (out / "keep.txt").write_text("mine")
    elif case == "unknown encoder":
        options += ["--encoder", "resnet7"]
    elif case == "zero epochs":
        options += ["--epochs", "0"]
    elif case == "not a number":
        options += ["--members", "two"]
    else:
        options += ["--members-count", "2"]
    code, error = _run_main(["fit", "--dataset", str(dataset), "--out", str(out), *options], capsys)
    assert code == 2 and error["event"] == "error" and error["parameter"] == parameter and error["fix"]
    assert expected in error["message"] and error["message"] == f"{parameter}: {error['problem']} {error['fix']}"
    if case == "existing output":
        assert [p.name for p in out.iterdir()] == ["keep.txt"]
    else:
        assert not out.exists()
    assert _leftovers(out) == []


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_without_gpu_is_a_device_error(tiny_dataset, tmp_path, capsys):
    code, error = _run_main(["fit", "--dataset", str(tiny_dataset), "--out", str(tmp_path / "m"), "--device", "cuda"],
                            capsys)
    assert code == 2 and error["message"].startswith("DEVICE: ")
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("settings,parameter", [({"epochs": 0}, "EPOCHS"), ({}, "DATASET")])
def test_bad_input_in_a_real_process_exits_2_with_the_error_as_json(tmp_path, settings, parameter):
    (tmp_path / "job.json").write_text(json.dumps({"dataset": str(tmp_path / "missing"),
                                                   "output": str(tmp_path / "model"), **settings}))
    run = subprocess.run(_command("--config", str(tmp_path / "job.json")), cwd=REPO, env=_env(),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    error = _events(run.stdout)[-1]
    assert error["event"] == "error" and error["parameter"] == parameter and error["problem"] and error["fix"]
    assert not (tmp_path / "model").exists()


def test_sigterm_stops_training_and_removes_the_partial_folder(tiny_dataset, tmp_path):
    out = tmp_path / "model"
    process = subprocess.Popen(_command("--dataset", str(tiny_dataset), "--out", str(out), *TINY[:2],
                                        "--epochs", "500", "--encoder-depth", "3", "--device", "cpu"),
                               cwd=REPO, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = []
        for line in process.stdout:  # wait until training really runs: a progress event above 0 %
            lines.append(line)
            event = _events(line)
            if event and event[0]["event"] == "progress" and event[0]["percent"] > 0:
                break
        assert _leftovers(out), "training should be writing into a temporary sibling"
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 1 and time.monotonic() - started < 30
    assert _events(rest)[-1]["event"] == "error" and "Cancelled" in _events(rest)[-1]["message"]
    assert not out.exists() and _leftovers(out) == []
