"""Run ``python -m training fit --config <job>.config.json`` as a child process, recorded as a job (see
:mod:`.registry`).

Training runs in its own process so torch never loads into QGIS, a crash cannot take QGIS down, and the
job can be stopped cleanly. The child writes its JSON-lines protocol (docs/formats.md) straight into the
job's log file, which the runner follows. The child is in its own session (a Ctrl+C in QGIS's terminal
reaches QGIS, which then cancels the job), and it never outlives the program that started it: it is
given :data:`PARENT_ENV` and asks Linux for SIGHUP when that program ends, however it ends (a crash or
kill -9 included); it then stops at the next batch and keeps its work folder for Resume. Cancelling (the
Cancel button, or SIGTERM/SIGINT to qgis_process, which become a cancel) sends its process group SIGTERM
once (its member workers and chip-reading processes stop at their next batch together): it stops and
removes its partial model folder. :func:`check_run` refuses what it can before a job is even recorded.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..atomic import check_output_folder
from ..config import TrainingRun
from ..errors import CancelledError, GlacierDLError, InputError
from ..progress import SILENT, Monitor
from . import registry as jobs
from .registry import Job

__all__ = ["fit_command", "run_training", "resume_training", "run_job", "check_run", "stop_group", "PARENT_ENV"]

PARENT_ENV = "GLACIER_DL_PARENT_PID"
"""The environment variable that gives the training process its parent's pid (see the module)."""

_STOP_GRACE_S = 20  # the child removes its partial output on SIGTERM; give it time before killing
_POLL_S = 0.2  # how often the log and cancellation are checked while the child is silent


def fit_command(command: Sequence[str], job: Job) -> list[str]:
    """``command`` (how to start the training package) running ``fit`` on the job's settings file."""
    return [*command, "fit", "--config", str(job.config_file)]


def _relay(event: dict | None, line: str, monitor: Monitor) -> None:
    """Show one log line in the monitor: progress as percent, everything else as text."""
    if event is not None and event.get("event") == "progress":
        monitor.progress(float(event.get("percent", 0)))
    text = line if event is None else jobs.describe_event(event)
    if text and (event is None or event.get("event") != jobs.START_EVENT):
        monitor.log(text)


def _follow(log: Path, offset: int, process: subprocess.Popen) -> Iterator[str | None]:
    """Complete lines written to ``log`` after byte ``offset`` while ``process`` runs (and those left when it
    ends); ``None`` every poll interval while nothing new came."""
    with open(log, "rb") as handle:  # bytes: a seek to ``offset`` is exact and a split UTF-8 char harmless
        handle.seek(offset)
        pending = b""
        while True:
            ended = process.poll() is not None  # checked before reading: nothing written after is missed
            chunk = handle.read()
            pending += chunk
            *lines, pending = pending.split(b"\n")
            yield from (line.decode("utf-8", "replace") for line in lines)
            if ended:
                if pending:
                    yield pending.decode("utf-8", "replace")
                return
            if not chunk:
                yield None
                time.sleep(_POLL_S)


def stop_group(pid: int, signum: int = signal.SIGTERM) -> None:
    """Send ``signum`` to the training process's whole process group (it leads its own session, see
    :func:`_start`): its member workers and chip-reading processes then stop at their next batch at once,
    instead of each waiting for its parent to shut it down in turn (seconds per process)."""
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):  # already gone, or not a group leader (an older job)
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def _stop(process: subprocess.Popen, signal_it: bool = True) -> None:
    """Signal the process group (unless someone did already: a second signal would stop the training at once,
    possibly while it removes its partial output), give it time to clean up, then kill it."""
    if signal_it:
        stop_group(process.pid)
    try:
        process.wait(_STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _start(job: Job, command: Sequence[str], env: dict) -> subprocess.Popen:
    job.cancel_marker.unlink(missing_ok=True)  # a resumed job starts without the old request
    with open(job.log, "a", encoding="utf-8") as log:
        log.write(jobs.start_marker(command) + "\n")
        log.flush()
        # its own session: a signal to QGIS's terminal or process group reaches QGIS only, which cancels the
        # job; if QGIS dies of it, the child's parent-death signal stops it (see the module)
        process = subprocess.Popen(list(command), env={**env, PARENT_ENV: str(os.getpid())},
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    job.command, job.pid, job.state, job.cancel_requested = list(command), process.pid, "running", False
    jobs.apply_event(job, {"event": jobs.START_EVENT})
    jobs.save_job(job)
    return process


def _settle(job: Job, code: int, cancelled: bool) -> Path:
    """Record how the run ended and return the model folder, or raise what the user must see."""
    job.pid, job.ended = None, time.time()
    if job.state == "finished" and code == 0:
        jobs.save_job(job)
        return Path(job.model)
    if cancelled or job.cancel_marker.exists() or job.state == "cancelled":  # the panel may have asked, via the
        # marker, or someone signalled the training process itself
        job.state, job.cancel_requested, job.message = "cancelled", True, "Cancelled by the user."
        jobs.save_job(job)
        raise CancelledError("Training cancelled; the partial model folder was removed.")
    if job.state == "interrupted" or (code < 0 and job.state != "failed"):  # SIGHUP (it said so), or killed
        # by a signal without saying why (OOM killer, kill -9): the work folder is kept
        if job.state != "interrupted":
            job.state, job.message = "interrupted", f"Training was killed (signal {-code})."
        jobs.save_job(job)
        raise GlacierDLError(f"{job.message} Resume it from the Glacier DL panel (Resume) to continue from "
                             "its last checkpoints.")
    message = job.message if job.state == "failed" and job.message else (
        f"training exited with code {code}; see the log {job.log}.")
    job.state, job.message = "failed", message
    jobs.save_job(job)
    if job.error:  # the child's typed error, whole: parameter, problem and fix
        raise InputError(job.error["parameter"], job.error["problem"], job.error["fix"])
    raise GlacierDLError(message)


def run_job(job: Job, command: Sequence[str], env: dict, monitor: Monitor = SILENT) -> Path:
    """Start ``command`` for ``job``, follow its log into the record and ``monitor``; returns the model folder.

    Raises:
        InputError: the child rejected a parameter (exit code 2): its parameter, problem and fix.
        CancelledError: the user cancelled (``monitor`` or the job record); the child removed its output.
        GlacierDLError: training failed for another reason.
    """
    offset = Path(job.log).stat().st_size
    process = _start(job, command, env)
    cancelled, changed, saved = False, False, time.monotonic()
    for line in _follow(Path(job.log), offset, process):
        event = jobs.parse_line(line) if line is not None else None
        if event is not None:
            jobs.apply_event(job, event)
            changed = True
        if line is not None:
            _relay(event, line, monitor)
        # the panel reads the record: save at most once a second, but every epoch at once
        if changed and (time.monotonic() - saved > 1.0 or (event or {}).get("event") == "epoch"):
            jobs.save_job(job)
            changed, saved = False, time.monotonic()
        if not cancelled and monitor.is_cancelled():
            cancelled = True
            signalled = job.cancel_marker.exists()  # the panel's Cancel signalled the process group already
            job.cancel_marker.touch()  # for anyone reading the record meanwhile
            _stop(process, signal_it=not signalled)
    return _settle(job, process.wait(), cancelled)


def check_run(run: TrainingRun) -> None:
    """What can be refused before the training process starts (seconds of imports later): the dataset is a
    folder, and the model folder may be written (empty or missing, or ``overwrite``; ``resume`` reopens it).

    Raises:
        InputError: naming DATASET or OUTPUT.
    """
    if not Path(run.dataset).is_dir():
        raise InputError("DATASET", f"'{run.dataset}' is not a folder.",
                         "Choose the folder written by 'Create training dataset' (or a folder of images).")
    if not run.config.resume:
        check_output_folder(run.output, run.overwrite, "OUTPUT")


def run_training(command: Sequence[str], env: dict, run: TrainingRun, monitor: Monitor = SILENT,
                 jobs_dir: Path | None = None) -> Path:
    """Train an ensemble in a child process recorded as a new job; returns the model folder.

    The settings are written to the job's ``config_file`` and the child runs ``fit --config`` on it.

    Args:
        command: how to start the training package, e.g. ``[python, "-m", "training"]``.
        env: environment of the child (PYTHONPATH must reach ``training`` and ``glacier_dl_plugin``).
        jobs_dir: the jobs folder (default :func:`jobs.jobs_folder`).

    Raises:
        InputError, CancelledError, GlacierDLError: as :func:`run_job`.
    """
    check_run(run)  # before a job is recorded: a refused run leaves no row in the panel
    job = jobs.create_job(run.dataset, run.output, [], jobs_dir)
    run.write(job.config_file)
    monitor.log(f"Training job {job.id}; log: {job.log}; settings: {job.config_file}")
    return run_job(job, fit_command(command, job), env, monitor)


def resume_training(job: Job, env: dict, monitor: Monitor = SILENT) -> Path:
    """Continue an interrupted job into the same model folder from its last checkpoints (``--resume``)."""
    monitor.log(f"Resuming training job {job.id}; log: {job.log}")
    return run_job(job, jobs.resume_command(job), env, monitor)
