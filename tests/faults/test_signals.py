"""Signals sent by pid to real runs (issue 12): SIGTERM, SIGINT and SIGHUP leave nothing partial.

``qgis_process.bin`` runs an algorithm in its main thread, where Glacier DL turns a stop signal into a cancel:
the run stops at its next check, its temporary outputs are removed and the process exits non-zero saying
"Cancelled by SIGTERM". Train ensemble forwards the cancel to its training process, which never outlives
qgis_process (even after kill -9). The training CLI's process group (chip-reading processes included) stops
cleanly on SIGTERM/SIGINT, removing its work folder; SIGHUP keeps it for ``--resume``. Each case waits until
the run is under way (a partial file, the first epoch), signals, then asserts the exit status, the message,
no traceback, the folder listing before and after, and that no process it started goes on.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from fault_harness import assert_no_orphans, listing, partial_files, signal_run
from glacier_dl_plugin.core.jobs import registry
from glacier_dl_plugin.qgis_process import QgisProcess
from onnx_fixtures import MEMBERS, META, ensemble_folder, write_image

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
STOPS = [signal.SIGTERM, signal.SIGINT]


@pytest.fixture(scope="module")
def qgis(tmp_path_factory) -> QgisProcess:
    return QgisProcess(tmp_path_factory.mktemp("profile"))


@pytest.fixture(scope="module")
def slow_predict(tmp_path_factory) -> dict:
    """Predict parameters that take about 20 s (1000 x 1000 px, 32 px tiles every 8 px, flips, one tile per
    call): long enough to be signalled mid-run."""
    folder = tmp_path_factory.mktemp("slow")
    write_image(folder / "img.tif", 1000, 1000)
    model = ensemble_folder(folder / "model", MEMBERS, META)
    return dict(INPUTS=str(folder / "img.tif"), MODEL=str(model), DEVICE="cpu", TILE_SIZE=32, OVERLAP=24,
                BATCH_SIZE=1, TTA="true")


@pytest.fixture(scope="module")
def tiny_dataset(tmp_path_factory) -> Path:
    from training_fixtures import write_tiny_dataset

    return write_tiny_dataset(tmp_path_factory.mktemp("tiny") / "dataset")


def _partial(folder: Path):
    return lambda process: bool(partial_files(folder))


def _assert_cancelled(outcome, signum: int) -> None:
    """Non-zero exit, the short message naming the signal, no traceback, nothing new in the folder."""
    name = signal.Signals(signum).name
    assert outcome.returncode > 0, outcome.text[-3000:]
    assert f"Cancelled by {name}" in outcome.text, outcome.text[-3000:]
    assert "Traceback" not in outcome.text, outcome.text[-3000:]
    assert not outcome.added, f"left behind: {sorted(outcome.added)}"


@pytest.mark.parametrize("signum", [*STOPS, signal.SIGHUP], ids=lambda s: signal.Signals(s).name)
def test_a_signalled_predict_stops_and_leaves_no_partial_raster(qgis, slow_predict, tmp_path, signum):
    parameters = {**slow_predict, "OUTPUT_MEAN": str(tmp_path / "mean.tif"), "OUTPUT_STD": str(tmp_path / "std.tif"),
                  "OUTPUT_MEMBERS": str(tmp_path / "members")}
    outcome, started = signal_run(lambda: qgis.start("predict", parameters), tmp_path, _partial(tmp_path), signum)
    _assert_cancelled(outcome, signum)
    assert "no output was written" in outcome.text
    assert_no_orphans(started)


@pytest.mark.parametrize("signum", STOPS, ids=lambda s: signal.Signals(s).name)
def test_a_signalled_create_dataset_removes_its_partial_folder(qgis, everest, tmp_path, signum):
    parameters = dict(INPUTS=str(everest["rgb"]), GLACIERS=str(everest["outlines"]), CHIP_SIZE=32, STRIDE=8, FOLDS=2,
                      OUTPUT=str(tmp_path / "dataset"))
    outcome, _ = signal_run(lambda: qgis.start("createdataset", parameters), tmp_path, _partial(tmp_path), signum)
    _assert_cancelled(outcome, signum)


class _TrainingUnderWay:
    """Ready once ``work`` holds a member's first epoch and the run has ``processes`` processes below the one
    started (the training process and a chip-reader for qgis_process; a chip-reader for the CLI); ``seen``:
    their command lines."""

    def __init__(self, work: Path, processes: int = 2) -> None:
        self.work, self.processes, self.seen = work, processes, []

    def __call__(self, process: subprocess.Popen) -> bool:
        try:
            self.seen = [" ".join(p.cmdline()) for p in psutil.Process(process.pid).children(recursive=True)]
        except psutil.Error:
            return False
        return (self.work / "member_00" / "resume.pt").is_file() and len(self.seen) >= self.processes


def _train(tiny_dataset: Path, out: Path) -> dict:
    return dict(DATASET=str(tiny_dataset), MEMBERS=1, EPOCHS=200, BATCH_SIZE=8, DEVICE="cpu", ENCODER="resnet18",
                ENCODER_DEPTH=3, LOADER_WORKERS=1, OUTPUT=str(out))


@pytest.mark.parametrize("signum", STOPS, ids=lambda s: signal.Signals(s).name)
def test_a_signalled_train_ensemble_stops_its_training_process_and_leaves_no_model(qgis, tiny_dataset, tmp_path,
                                                                                   signum):
    jobs = tmp_path.parent / f"{tmp_path.name}_jobs"
    qgis.env = {**qgis.env, "GLACIER_DL_JOBS_DIR": str(jobs)}
    ready = _TrainingUnderWay(tmp_path / ".model.training")
    outcome, started = signal_run(lambda: qgis.start("trainensemble", _train(tiny_dataset, tmp_path / "model")),
                                  tmp_path, ready, signum)
    _assert_cancelled(outcome, signum)
    assert any("-m training fit" in command for command in ready.seen)  # the training process was running
    assert_no_orphans(started)
    [job] = registry.list_jobs(jobs)
    assert job.state == "cancelled" and job.pid is None


def test_kill_9_of_qgis_process_ends_its_training_which_keeps_the_run_for_resume(qgis, tiny_dataset, tmp_path):
    """kill -9 cannot be handled by qgis_process: the training process, told by Linux (PR_SET_PDEATHSIG), stops
    at its next batch instead of training on orphaned, and keeps its work folder, as any kill does."""
    jobs = tmp_path.parent / f"{tmp_path.name}_jobs"
    qgis.env = {**qgis.env, "GLACIER_DL_JOBS_DIR": str(jobs)}
    outcome, started = signal_run(lambda: qgis.start("trainensemble", _train(tiny_dataset, tmp_path / "model")),
                                  tmp_path, _TrainingUnderWay(tmp_path / ".model.training"), signal.SIGKILL)
    assert outcome.returncode == -signal.SIGKILL
    assert_no_orphans(started)
    assert not (tmp_path / "model").exists() and {Path(p).parts[0] for p in outcome.added} == {".model.training"}
    [job] = registry.list_jobs(jobs)
    assert job.state == "interrupted" and job.resumable and "--resume" in job.message


def _fit(tiny_dataset: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "training", "fit", "--dataset", str(tiny_dataset), "--out", str(out), "--members",
            "1", "--epochs", "200", "--batch-size", "8", "--encoder", "resnet18", "--encoder-depth", "3", "--device",
            "cpu", "--loader-workers", "1", *options]


def _start_cli(command: list[str]) -> subprocess.Popen:
    """The training CLI as the leader of its own process group, as a shell job is."""
    return subprocess.Popen(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "2"},
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _last_event(text: str) -> dict:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")][-1]


@pytest.mark.parametrize("signum", STOPS, ids=lambda s: signal.Signals(s).name)
def test_the_training_clis_process_group_stops_cleanly_on_sigterm_and_sigint(tiny_dataset, tmp_path, signum):
    out = tmp_path / "model"
    outcome, started = signal_run(lambda: _start_cli(_fit(tiny_dataset, out)), tmp_path,
                                  _TrainingUnderWay(tmp_path / ".model.training", processes=1), signum, group=True)
    assert started, "the chip-reading process should have been running"
    assert outcome.returncode == 1
    _assert_cancelled(outcome, signum)
    assert "partial model folder was removed" in outcome.text and _last_event(outcome.text)["state"] == "cancelled"
    assert_no_orphans(started)


def test_sigterm_to_the_group_of_a_parallel_training_stops_its_member_workers_cleanly(tiny_dataset, tmp_path):
    """``--parallel 2``: two spawned member processes, each with its chip reader, all signalled with the CLI."""
    command = [*_fit(tiny_dataset, tmp_path / "model"), "--members", "2", "--parallel", "2"]
    outcome, started = signal_run(lambda: _start_cli(command), tmp_path,
                                  _TrainingUnderWay(tmp_path / ".model.training", processes=4), signal.SIGTERM,
                                  group=True)
    _assert_cancelled(outcome, signal.SIGTERM)
    assert _last_event(outcome.text)["state"] == "cancelled"
    assert_no_orphans(started)


def test_sighup_to_the_training_cli_keeps_the_run_and_resume_finishes_it(tiny_dataset, tmp_path):
    """A closed terminal (or the starting program's end) interrupts: the work folder stays, --resume goes on."""
    out = tmp_path / "model"
    outcome, started = signal_run(lambda: _start_cli(_fit(tiny_dataset, out)), tmp_path,
                                  _TrainingUnderWay(tmp_path / ".model.training", processes=1), signal.SIGHUP,
                                  group=True)
    assert outcome.returncode == 1 and "Traceback" not in outcome.text, outcome.text[-3000:]
    event = _last_event(outcome.text)
    assert event["state"] == "interrupted" and "--resume" in event["message"]
    assert {Path(p).parts[0] for p in outcome.added} == {".model.training"} and not out.exists()
    assert_no_orphans(started)
    before = listing(tmp_path)
    resumed = subprocess.run(_fit(tiny_dataset, out, "--resume", "--epochs", "2"), cwd=REPO, capture_output=True,
                             text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert resumed.returncode == 0, resumed.stdout[-3000:] + resumed.stderr[-3000:]
    assert (out / "ensemble.json").is_file() and partial_files(tmp_path) == []
    assert {Path(p).parts[0] for p in listing(tmp_path) - before} == {"model"}
