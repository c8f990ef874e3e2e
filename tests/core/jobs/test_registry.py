"""The job registry (core.jobs.registry): records, log replay, interrupted jobs, cancel, resume command.

The processes here are real child processes; the training ones are in ``test_jobs_training.py``.
"""
import json
import os
import subprocess
import sys
import time

import pytest

from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError, InputError
from glacier_dl_plugin.core.jobs import registry as jobs
from glacier_dl_plugin.core.jobs.training_process import run_job
from glacier_dl_plugin.core.progress import Monitor

EPOCH = {"event": "epoch", "member": 1, "members": 2, "epoch": 3, "epochs": 10,
         "metrics": {"train_loss": 0.4, "val_loss": 0.3, "val_iou": 0.7, "lr": 0.001}}


def _write_log(job, *events, text="plain text line"):
    with open(job.log, "a") as log:
        log.write(jobs.start_marker(job.command) + "\n" + text + "\n")
        log.writelines(json.dumps(e) + "\n" for e in events)


def _started(*arguments):
    """A child process, returned once it runs its own program (right after fork it is still pytest)."""
    child = subprocess.Popen([sys.executable, "-c", *arguments])
    deadline = time.monotonic() + 10
    while b"time.sleep" not in open(f"/proc/{child.pid}/cmdline", "rb").read() and time.monotonic() < deadline:
        time.sleep(0.01)
    return child


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_jobs_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GLACIER_DL_JOBS_DIR", str(tmp_path / "jobs"))
    assert jobs.jobs_folder() == tmp_path / "jobs" and (tmp_path / "jobs").is_dir()
    job = jobs.create_job("/data/ds", "/data/model", ["python", "-m", "training", "fit"])
    assert job.record == tmp_path / "jobs" / f"{job.id}.json" and job.log == str(tmp_path / "jobs" / f"{job.id}.log")
    assert jobs.load_job(job.record) == job and job.state == "running" and abs(job.started - time.time()) < 5


def test_events_update_percent_member_epoch_metrics_and_result(tmp_path):
    job = jobs.create_job("ds", "out", ["x"], tmp_path)
    for event in ({"event": "progress", "percent": 42.0, "message": "member 1/2"}, EPOCH,
                  {"event": "log", "message": "exported member_00.onnx"}):
        jobs.apply_event(job, event)
    assert (job.percent, job.member, job.members, job.epoch, job.epochs) == (42.0, 1, 2, 3, 10)
    assert job.metrics == EPOCH["metrics"] and job.message == "exported member_00.onnx"
    jobs.apply_event(job, {"event": "done", "model": "/m"})
    assert (job.state, job.percent, job.model) == ("finished", 100.0, "/m")
    jobs.apply_event(job, {"event": "error", "message": "DATASET: is not a folder. Give one.", "parameter": "DATASET",
                           "problem": "is not a folder.", "fix": "Give one."})
    assert (job.state, job.message) == ("failed", "DATASET: is not a folder. Give one.")
    assert job.error == {"parameter": "DATASET", "problem": "is not a folder.", "fix": "Give one."}
    jobs.apply_event(job, {"event": jobs.START_EVENT})  # resumed: the old error is gone
    assert (job.state, job.error) == ("running", {})


@pytest.mark.parametrize("events,cancel,state", [
    ([EPOCH], False, "interrupted"),
    ([EPOCH, {"event": "done", "model": "/m"}], False, "finished"),
    ([EPOCH, {"event": "error", "message": "CUDA out of memory"}], False, "failed"),
    ([EPOCH, {"event": "error", "message": "Stopped by signal 15."}], True, "cancelled"),
    ([EPOCH, {"event": "error", "message": "Cancelled by SIGTERM: ...", "state": "cancelled"}], False, "cancelled"),
    ([EPOCH, {"event": "error", "message": "Stopped by SIGHUP ... --resume", "state": "interrupted"}], False,
     "interrupted"),
])
def test_a_running_job_whose_process_is_gone_is_settled_from_its_log(tmp_path, events, cancel, state):
    job = jobs.create_job("ds", "out", ["python", "-m", "training", "fit"], tmp_path)
    job.pid, job.cancel_requested = _dead_pid(), cancel
    jobs.save_job(job)
    _write_log(job, {"event": "progress", "percent": 30.0}, *events)
    [listed] = jobs.list_jobs(tmp_path)  # what the panel does at startup
    assert listed.state == state and listed.resumable == (state == "interrupted")
    assert (listed.member, listed.epoch, listed.metrics["val_iou"]) == (1, 3, 0.7)
    assert listed.ended is not None and jobs.load_job(job.record).state == state  # written back


def test_a_job_whose_process_is_being_started_is_not_settled_as_interrupted(tmp_path):
    job = jobs.create_job("ds", "out", ["python", "-m", "training", "fit"], tmp_path)  # no pid yet
    [listed] = jobs.list_jobs(tmp_path)  # the panel refreshes while the runner starts the process
    assert listed.state == "running" and not listed.resumable
    job.started -= jobs.STARTING_GRACE_S + 1  # never started: QGIS ended before the process was
    jobs.save_job(job)
    [listed] = jobs.list_jobs(tmp_path)
    assert listed.state == "interrupted" and listed.resumable


def test_a_job_whose_training_process_still_runs_stays_running_with_its_progress(tmp_path):
    child = _started("import time; time.sleep(30)", "training")
    try:
        job = jobs.create_job("ds", "out", ["x"], tmp_path)
        job.pid = child.pid
        jobs.save_job(job)
        _write_log(job, {"event": "progress", "percent": 55.0}, EPOCH)
        [listed] = jobs.list_jobs(tmp_path)
        assert (listed.state, listed.percent, listed.epoch) == ("running", 55.0, 3)
        jobs.request_cancel(listed)  # SIGTERM to the recorded process, and the record says why
        assert child.wait(10) == -15
        assert jobs.list_jobs(tmp_path)[0].state == "cancelled"
    finally:
        child.kill()


def test_a_recycled_pid_running_something_else_is_not_the_training(tmp_path):
    child = _started("import time; time.sleep(30)")
    try:
        assert not jobs.process_alive(child.pid) and not jobs.process_alive(None)
    finally:
        child.kill()


def test_list_is_newest_first_and_skips_unreadable_records(tmp_path):
    first = jobs.create_job("a", "out_a", ["x"], tmp_path)
    first.state = "finished"
    jobs.save_job(first)
    time.sleep(1.1)
    second = jobs.create_job("b", "out_b", ["x"], tmp_path)
    second.state = "failed"
    jobs.save_job(second)
    (tmp_path / "broken.json").write_text("{")
    second.config_file.write_text('{"dataset": "b", "output": "out_b"}')  # a job's settings are not a job
    assert [j.id for j in jobs.list_jobs(tmp_path)] == [second.id, first.id]
    assert second.config_file.name == f"{second.id}.config.json"


def test_resume_command_adds_resume_once_and_keeps_the_other_options(tmp_path):
    job = jobs.create_job("ds", "out", ["py", "-m", "training", "fit", "--config", "c.json"], tmp_path)
    assert jobs.resume_command(job) == ["py", "-m", "training", "fit", "--config", "c.json", "--resume"]
    job.command = jobs.resume_command(job)
    assert jobs.resume_command(job) == job.command


SCRIPTED = """
import json, signal, sys, time
def say(**event): print(json.dumps(event), flush=True)
signal.signal(signal.SIGTERM, lambda *a: (say(event="error", message="Stopped by signal 15."), sys.exit(1)))
say(event="progress", percent=0.0)
say(event="epoch", member=1, members=1, epoch=1, epochs=2, metrics={"val_loss": 0.5})
print("plain text from the child", flush=True)
if sys.argv[1] == "wait":
    time.sleep(60)
if sys.argv[1] == "refuse":
    say(event="error", message="EPOCHS: must be at least 1, got 0. Give 1 or more.", parameter="EPOCHS",
        problem="must be at least 1, got 0.", fix="Give 1 or more.")
    sys.exit(2)
say(event="done", model=sys.argv[2])
"""


def test_runner_records_a_scripted_child_and_relays_its_lines(tmp_path):
    job = jobs.create_job("ds", str(tmp_path / "m"), ["x"], tmp_path / "jobs")
    logged, progress = [], []
    model = run_job(job, [sys.executable, "-c", SCRIPTED, "go", str(tmp_path / "m"), "training"], {},
                    Monitor(progress=progress.append, log=logged.append))
    assert model == tmp_path / "m" and progress == [0.0]
    assert "member 1/1, epoch 1/2: val_loss 0.5" in logged and "plain text from the child" in logged
    saved = jobs.load_job(job.record)
    assert (saved.state, saved.pid, saved.epoch, saved.model) == ("finished", None, 1, str(tmp_path / "m"))
    assert "plain text from the child" in open(job.log).read()


def test_runner_raises_the_childs_typed_error_whole(tmp_path):
    job = jobs.create_job("ds", "m", ["x"], tmp_path)
    with pytest.raises(InputError) as error:
        run_job(job, [sys.executable, "-c", SCRIPTED, "refuse", "m", "training"], {})
    assert (error.value.parameter, error.value.problem, error.value.fix) == (
        "EPOCHS", "must be at least 1, got 0.", "Give 1 or more.")
    saved = jobs.load_job(job.record)
    assert (saved.state, saved.message) == ("failed", "EPOCHS: must be at least 1, got 0. Give 1 or more.")


def test_runner_cancel_stops_the_child_and_records_cancelled(tmp_path):
    job = jobs.create_job("ds", "m", ["x"], tmp_path)
    logged = []
    with pytest.raises(CancelledError):
        run_job(job, [sys.executable, "-c", SCRIPTED, "wait", "m", "training"], {},
                Monitor(log=logged.append, is_cancelled=lambda: any("plain text" in m for m in logged)))
    saved = jobs.load_job(job.record)
    assert (saved.state, saved.cancel_requested, saved.pid) == ("cancelled", True, None)
    assert "Stopped by signal 15." in open(job.log).read()


def test_log_text_describes_events_for_people(tmp_path):
    job = jobs.create_job("ds", "out", ["py", "-m", "training", "fit"], tmp_path)
    _write_log(job, {"event": "progress", "percent": 10.0}, EPOCH, {"event": "log", "message": "exported"},
               {"event": "done", "model": "/m"})
    lines = jobs.log_text(job).splitlines()
    assert lines[0].endswith("] py -m training fit") and lines[1] == "plain text line"
    assert lines[2:] == ["member 1/2, epoch 3/10: train_loss 0.4, val_loss 0.3, val_iou 0.7, lr 0.001",
                         "exported", "done: /m"]


STOPPED = """
import json, os, sys
print(json.dumps({"event": "log", "message": "parent " + os.environ.get("GLACIER_DL_PARENT_PID", "")}), flush=True)
print(json.dumps({"event": "error", "message": sys.argv[1] + " stop", "state": sys.argv[1]}), flush=True)
sys.exit(1)
"""


def test_runner_tells_the_child_its_pid_and_settles_a_stop_the_child_reports(tmp_path):
    """SIGHUP (e.g. this runner's thread ended) keeps the run: interrupted, resumable; a SIGTERM someone sent
    the training process itself removed it: cancelled."""
    job = jobs.create_job("ds", "m", ["x"], tmp_path)
    logged = []
    with pytest.raises(GlacierDLError, match="interrupted stop Resume it"):
        run_job(job, [sys.executable, "-c", STOPPED, "interrupted", "training"], {}, Monitor(log=logged.append))
    assert f"parent {os.getpid()}" in logged
    saved = jobs.load_job(job.record)
    assert (saved.state, saved.resumable, saved.pid) == ("interrupted", True, None)
    with pytest.raises(CancelledError):
        run_job(job, [sys.executable, "-c", STOPPED, "cancelled", "training"], {})
    assert jobs.load_job(job.record).state == "cancelled"
