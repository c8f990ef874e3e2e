"""The training runner on real tiny training runs, recorded as jobs: finish, cancel, log on disk.

The dataset is cut from the synthetic scene with core.create_dataset (32 px chips); training is one member,
one or two epochs of a depth-3 U-Net on the CPU.
"""
import json
import os
import signal
import time
from pathlib import Path

import fiona
import pytest
from shapely.geometry import shape

from glacier_dl_plugin import environment
from glacier_dl_plugin.core.config import DatasetConfig, TrainConfig, TrainingRun
from glacier_dl_plugin.core.dataset.build import create_dataset
from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.jobs import registry as jobs
from glacier_dl_plugin.core.jobs.training_process import resume_training, run_training
from glacier_dl_plugin.core.progress import Monitor

pytestmark = pytest.mark.slow
TINY = TrainConfig(members=1, epochs=2, batch_size=8, encoder_depth=3, device="cpu")


def tiny_dataset(scene, folder: Path) -> Path:
    """32 px chips of the synthetic scene in 2 folds."""
    with fiona.open(scene.glaciers) as source:
        records = [GlacierRecord(str(f["properties"]["glacier_id"]), shape(f["geometry"]).wkb) for f in source]
        crs = source.crs_wkt
    glaciers = load_glaciers(records, crs, crs)
    create_dataset([RasterInput(str(scene.image), "scene")], glaciers,
                   DatasetConfig(chip_size=32, stride=32, buffer_m=60, n_folds=2), str(folder))
    return folder


@pytest.fixture(scope="module")
def dataset(scene, tmp_path_factory):
    return tiny_dataset(scene, tmp_path_factory.mktemp("jobs_ds") / "dataset")


def _env():
    return {**environment.training_env(), "OMP_NUM_THREADS": "2"}


def test_a_real_run_is_recorded_as_a_finished_job_with_its_log(dataset, tmp_path):
    progress = []
    run = TrainingRun(str(dataset), str(tmp_path / "model"), TINY)
    model = run_training(environment.training_command(), _env(), run, monitor=Monitor(progress=progress.append),
                         jobs_dir=tmp_path / "jobs")
    assert model == (tmp_path / "model").resolve() and (model / "ensemble.json").exists()
    [job] = jobs.list_jobs(tmp_path / "jobs")
    assert (job.state, job.percent, job.model, job.pid) == ("finished", 100.0, str(model), None)
    assert job.command[-3:] == ["fit", "--config", str(job.config_file)] and TrainingRun.read(job.config_file) == run
    assert job.dataset == str(dataset) and job.ended > job.started
    assert progress[-1] == 100.0 and progress == sorted(progress)
    events = jobs.log_events(job)
    assert events[0]["event"] == "start" and events[-1] == {"event": "done", "model": str(model)}
    assert [(e["member"], e["epoch"]) for e in events if e["event"] == "epoch"] == [(1, 1), (1, 2)]
    assert (job.member, job.members, job.epoch, job.epochs) == (1, 1, 2, 2) and "val_loss" in job.metrics


def test_cancel_stops_the_real_training_leaving_no_model_and_a_cancelled_job(dataset, tmp_path):
    started = []

    def cancelled() -> bool:
        return bool(started) and time.monotonic() - started[0] > 1.0

    config = TrainConfig(members=1, epochs=50, batch_size=8, encoder_depth=3, device="cpu")
    with pytest.raises(CancelledError):
        run_training(environment.training_command(), _env(), TrainingRun(str(dataset), str(tmp_path / "model"), config),
                     monitor=Monitor(progress=lambda p: started.append(time.monotonic()), is_cancelled=cancelled),
                     jobs_dir=tmp_path / "jobs")
    [job] = jobs.list_jobs(tmp_path / "jobs")
    assert (job.state, job.cancel_requested, job.pid) == ("cancelled", True, None)
    assert not (tmp_path / "model").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".model")] == []  # no partial folder
    assert json.loads(job.record.read_text())["state"] == "cancelled"


def test_a_killed_run_is_interrupted_and_resumes_to_a_finished_model(dataset, tmp_path):
    """kill -9 after the first epoch (as when the machine or QGIS dies), then Resume."""
    folder = tmp_path / "jobs"

    def kill_after_first_epoch(message: str) -> None:
        if message.startswith("member 1/1, epoch 1/"):
            [running] = jobs.list_jobs(folder)
            os.kill(running.pid, signal.SIGKILL)

    config = TrainConfig(members=1, epochs=3, batch_size=8, encoder_depth=3, device="cpu", patience=0)
    with pytest.raises(GlacierDLError, match="killed"):
        run_training(environment.training_command(), _env(), TrainingRun(str(dataset), str(tmp_path / "model"), config),
                     monitor=Monitor(log=kill_after_first_epoch), jobs_dir=folder)
    [job] = jobs.list_jobs(folder)
    assert (job.state, job.resumable, job.epoch) == ("interrupted", True, 1)
    model = resume_training(job, _env())
    [resumed] = jobs.list_jobs(folder)
    assert (resumed.id, resumed.state, resumed.epoch, resumed.model) == (job.id, "finished", 3, str(model))
    assert resumed.command[-1] == "--resume" and len(json.loads((model / "ensemble.json").read_text())["members"]) == 1
    assert [e["event"] for e in jobs.log_events(resumed)].count("start") == 2  # one log for both runs
