"""CLUSTER from both entry points, on real Dask processes on 127.0.0.1: ``python -m training fit --cluster``
(an HPC login node without QGIS) and ``qgis_process.bin run glacierdl:trainensemble CLUSTER=…``; a bad
CLUSTER fails naming it, before anything is trained."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dask_fixtures import dask_processes
from glacier_dl_plugin.qgis_process import QgisProcess

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
TINY = ["--members", "2", "--epochs", "1", "--batch-size", "8", "--encoder-depth", "3", "--device", "cpu",
        "--loader-workers", "0"]


@pytest.fixture(scope="module")
def tiny_dataset(tmp_path_factory) -> Path:
    from training_fixtures import write_tiny_dataset

    return write_tiny_dataset(tmp_path_factory.mktemp("tiny") / "dataset")


def _fit(*arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "training", "fit", *arguments], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


def test_the_cli_trains_on_a_scheduler_and_refuses_a_bad_cluster(tiny_dataset, tmp_path):
    bad = _fit("--dataset", str(tiny_dataset), "--out", str(tmp_path / "bad"), *TINY, "--cluster", "tcp://nowhere:x")
    assert bad.returncode == 2 and "CLUSTER: 'tcp://nowhere:x' is not a Dask scheduler address" in bad.stdout
    with dask_processes(2) as dask:
        done = _fit("--dataset", str(tiny_dataset), "--out", str(tmp_path / "model"), *TINY, "--cluster", dask.address)
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert sorted((e["member"], e["epoch"]) for e in events if e["event"] == "epoch") == [(1, 1), (2, 1)]
    workers = {e["message"].split()[-1] for e in events
               if e["event"] == "log" and " on Dask worker " in e.get("message", "")}
    assert workers == set(dask.workers)
    assert len(json.loads((tmp_path / "model" / "ensemble.json").read_text())["members"]) == 2


def test_qgis_process_trains_on_a_scheduler(tiny_dataset, tmp_path):
    qgis = QgisProcess(tmp_path / "profile")
    qgis.env = {**qgis.env, "GLACIER_DL_JOBS_DIR": str(tmp_path / "jobs")}
    with dask_processes(2) as dask:
        done = qgis.run("trainensemble", dict(DATASET=str(tiny_dataset), MEMBERS=2, EPOCHS=1, BATCH_SIZE=8,
                                              DEVICE="cpu", ENCODER_DEPTH=3, LOADER_WORKERS=0, CLUSTER=dask.address,
                                              OUTPUT=str(tmp_path / "model")))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Training 2 members as Dask tasks asking for one GPU each." in done.stdout + done.stderr
    manifest = json.loads((tmp_path / "model" / "ensemble.json").read_text())
    assert [m["name"] for m in manifest["members"]] == ["member_00", "member_01"]
