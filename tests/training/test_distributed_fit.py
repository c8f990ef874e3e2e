"""Members as Dask tasks on real processes, all on 127.0.0.1: a ``dask scheduler`` and two ``dask worker``
processes (``--resources GPU=1``, one thread, CPU only: the GPU resource is a slot, the members train on the
CPU). Two members train across the two workers; a worker killed by pid mid-member loses nothing: the member
continues on the other worker from its last epoch checkpoint."""
from __future__ import annotations

import dataclasses
import json
import re
import signal

import pytest

from dask_fixtures import dask_processes
from glacier_dl_plugin.core.errors import CancelledError
from glacier_dl_plugin.core.progress import Monitor
from training.fit import fit_ensemble
from training_fixtures import TINY_CONFIG

pytestmark = pytest.mark.slow
WORKER_LINE = re.compile(r"^(member_\d\d): on Dask worker (tcp://\S+)$")


def _workers_of(lines: list[str]) -> dict[str, list[str]]:
    """member name -> the workers it ran on, in order, from the runner's log lines."""
    ran: dict[str, list[str]] = {}
    for line in lines:
        if match := WORKER_LINE.match(line):
            ran.setdefault(match.group(1), []).append(match.group(2))
    return ran


def test_two_members_train_across_two_workers(tiny_dataset, tmp_path):
    with dask_processes(2) as dask:
        lines, events = [], []
        config = dataclasses.replace(TINY_CONFIG, epochs=2, patience=0, cluster=dask.address)
        model = fit_ensemble(tiny_dataset, tmp_path / "model", config, Monitor(log=lines.append),
                             on_epoch=events.append)
        ran = _workers_of(lines)
    manifest = json.loads((model / "ensemble.json").read_text())
    assert [(m["name"], m["epochs_trained"]) for m in manifest["members"]] == [("member_00", 2), ("member_01", 2)]
    assert sorted((e["member"], e["epoch"]) for e in events) == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert set(ran) == {"member_00", "member_01"} and {w for [w] in ran.values()} == set(dask.workers)
    assert any("Training 2 members as Dask tasks asking for one GPU each." in line for line in lines)
    assert all((model / m["onnx"]).is_file() for m in manifest["members"])


def test_a_killed_worker_s_member_resumes_on_the_other_from_its_checkpoint(tiny_dataset, tmp_path):
    epochs = 10
    with dask_processes(2) as dask:
        lines, events, killed = [], [], {}

        def on_epoch(event: dict) -> None:
            events.append(event)
            if not killed and event["member"] == 1 and event["epoch"] == 2:
                worker = _workers_of(lines)["member_00"][0]
                dask.workers[worker].send_signal(signal.SIGKILL)  # mid-member: epochs 3-10 still to come
                dask.workers[worker].wait(30)
                killed["worker"] = worker
        config = dataclasses.replace(TINY_CONFIG, epochs=epochs, patience=0, lr_patience=0, cluster=dask.address)
        model = fit_ensemble(tiny_dataset, tmp_path / "model", config, Monitor(log=lines.append), on_epoch=on_epoch)
        ran = _workers_of(lines)
    assert killed and ran["member_00"][0] == killed["worker"]
    [survivor] = set(dask.workers) - {killed["worker"]}
    assert ran["member_00"][1:] == [survivor] and ran["member_01"] == [survivor]
    resumed = [int(m.group(1)) for line in lines if (m := re.match(r"^member_00 resumed after epoch (\d+)$", line))]
    assert len(resumed) == 1 and resumed[0] >= 2  # not from scratch: the epochs before the kill are kept
    first = [e["epoch"] for e in events if e["member"] == 1]
    assert first == sorted(set(first)) and first[-1] == epochs  # no epoch trained twice
    history = (model / "member_00" / "history.csv").read_text().splitlines()[1:]
    assert [row.split(",")[0] for row in history] == [str(e) for e in range(1, epochs + 1)]
    manifest = json.loads((model / "ensemble.json").read_text())
    assert [m["epochs_trained"] for m in manifest["members"]] == [epochs, epochs]


def test_cancelling_stops_the_remote_members_and_removes_the_model(tiny_dataset, tmp_path):
    with dask_processes(2) as dask:
        events = []
        monitor = Monitor(is_cancelled=lambda: bool(events))
        config = dataclasses.replace(TINY_CONFIG, epochs=50, patience=0, cluster=dask.address)
        with pytest.raises(CancelledError):
            fit_ensemble(tiny_dataset, tmp_path / "model", config, monitor, on_epoch=events.append)
        from distributed import Client
        with Client(dask.address) as client:  # nothing left running or queued on the workers
            for _ in range(100):
                if not any(client.processing().values()):
                    break
                import time
                time.sleep(0.1)
            assert not any(client.processing().values())
    assert not (tmp_path / "model").exists() and len(events) < 4
