"""The registry of training jobs: one JSON record and one log file per run, in a jobs folder on disk.

Every training run started from QGIS (the Processing dialog, ``qgis_process`` or the Glacier DL panel) gets
a record ``<jobs>/<id>.json``, a log ``<jobs>/<id>.log`` and its settings ``<jobs>/<id>.config.json`` (what
``python -m training fit --config`` reads). The training process writes its JSON-lines
protocol (docs/formats.md) straight into the log, so the log, not the record, is the source of truth: a job
whose runner is gone (QGIS closed or crashed) is brought up to date by replaying its log, and a job recorded
as running whose process has ended without a ``done`` or ``error`` event is *interrupted* (resumable with
``--resume``). The folder is ``$GLACIER_DL_JOBS_DIR`` or ``~/.local/share/glacier_dl/jobs``.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Literal

__all__ = ["Job", "State", "jobs_folder", "create_job", "save_job", "load_job", "list_jobs", "apply_event",
           "parse_line", "log_events", "describe_event", "log_text", "refresh_job", "process_alive", "request_cancel",
           "resume_command", "start_marker"]

State = Literal["running", "finished", "failed", "cancelled", "interrupted"]
DEFAULT_FOLDER = Path.home() / ".local" / "share" / "glacier_dl" / "jobs"
CONFIG_SUFFIX = ".config.json"  # beside the record, which is the only other .json file of a job
START_EVENT = "start"  # written by the runner before each (re)start; not part of the training protocol
STARTING_GRACE_S = 60.0
"""A running job without a process id is still being started for this long after its creation: the panel
must not settle it as interrupted before the runner has started the process and recorded its pid."""


@dataclass
class Job:
    """What the panel shows about one training run; ``started``/``ended`` are Unix times in seconds."""

    id: str
    dataset: str
    output: str
    command: list[str]
    log: str
    state: State = "running"
    percent: float = 0.0
    member: int = 0
    members: int = 0
    epoch: int = 0
    epochs: int = 0
    metrics: dict[str, float] = field(default_factory=dict)
    message: str = ""
    model: str = ""
    started: float = 0.0
    ended: float | None = None
    pid: int | None = None
    cancel_requested: bool = False
    error: dict[str, str] = field(default_factory=dict)  # a typed error's parameter, problem and fix

    @property
    def config_file(self) -> Path:
        """The run's settings as the training process reads them (``fit --config``)."""
        return Path(self.log).with_suffix(CONFIG_SUFFIX)

    @property
    def record(self) -> Path:
        return Path(self.log).with_suffix(".json")

    @property
    def cancel_marker(self) -> Path:
        """A file whose existence asks the job to stop: a file of its own, so that the runner saving the
        record can never overwrite the request."""
        return Path(self.log).with_suffix(".cancel")

    @property
    def resumable(self) -> bool:
        return self.state == "interrupted"


def jobs_folder() -> Path:
    """``$GLACIER_DL_JOBS_DIR`` or ``~/.local/share/glacier_dl/jobs``, created if needed."""
    folder = Path(os.environ.get("GLACIER_DL_JOBS_DIR") or DEFAULT_FOLDER).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def create_job(dataset: str, output: str, command: Sequence[str], folder: Path | None = None) -> Job:
    """A new running job with an empty log, saved; ids sort by start time."""
    folder = Path(folder) if folder is not None else jobs_folder()
    folder.mkdir(parents=True, exist_ok=True)
    job_id = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3)
    job = Job(job_id, str(dataset), str(output), [str(c) for c in command], str(folder / f"{job_id}.log"),
              started=time.time())
    Path(job.log).touch()
    save_job(job)
    return job


def save_job(job: Job) -> None:
    """Write the record atomically (the panel may read it at any moment)."""
    # one temporary name per thread: the runner's thread and the panel may save the same job at once
    temporary = job.record.with_name(f".{job.record.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(asdict(job), indent=1))
    os.replace(temporary, job.record)


def load_job(path: Path) -> Job:
    """The job recorded in ``path``; unknown keys (from newer versions) are ignored.

    Raises:
        ValueError: the file is not a job record.
    """
    data = json.loads(Path(path).read_text())
    known = {f.name for f in fields(Job)}
    return Job(**{key: value for key, value in data.items() if key in known})


def apply_event(job: Job, event: dict) -> None:
    """Update ``job`` from one protocol event (progress, epoch, log, done, error or the runner's start)."""
    kind = event.get("event")
    if kind == START_EVENT:
        job.state, job.message, job.model, job.ended, job.error = "running", "", "", None, {}
    elif kind == "progress":
        job.percent = float(event.get("percent", job.percent))
        job.message = str(event.get("message", job.message))
    elif kind == "epoch":
        for name in ("member", "members", "epoch", "epochs"):
            setattr(job, name, int(event.get(name, getattr(job, name))))
        job.metrics = {str(k): float(v) for k, v in (event.get("metrics") or {}).items()}
    elif kind == "log":
        job.message = str(event.get("message", ""))
    elif kind == "done":
        job.state, job.percent, job.model = "finished", 100.0, str(event.get("model", job.output))
    elif kind == "error":  # a stop says whether it removed its output (cancelled) or kept it (interrupted)
        state = event.get("state") if event.get("state") in ("cancelled", "interrupted") else "failed"
        job.state, job.message = state, str(event.get("message", ""))
        job.error = {key: str(event[key]) for key in ("parameter", "problem", "fix")} if "parameter" in event else {}


def parse_line(line: str) -> dict | None:
    """The protocol event on ``line``, or None for plain log text."""
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) and "event" in event else None


def log_events(job: Job) -> list[dict]:
    """Every protocol event in the job's log, in order."""
    try:
        text = Path(job.log).read_text(errors="replace")
    except OSError:
        return []
    return [event for event in map(parse_line, text.splitlines()) if event is not None]


def describe_event(event: dict) -> str | None:
    """One protocol event as a line of the log users read, or None for events with nothing to say."""
    kind = event.get("event")
    if kind == START_EVENT:
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(event.get("time", 0))))
        return f"[{started}] " + " ".join(str(part) for part in event.get("command", []))
    if kind == "epoch":
        metrics = ", ".join(f"{name} {value:.4g}" for name, value in (event.get("metrics") or {}).items())
        return (f"member {event.get('member')}/{event.get('members')}, "
                f"epoch {event.get('epoch')}/{event.get('epochs')}: {metrics}")
    if kind == "done":
        return f"done: {event.get('model', '')}"
    if kind == "error":
        return f"error: {event.get('message', '')}"
    return str(event["message"]) if event.get("message") else None


def log_text(job: Job, last: int = 500) -> str:
    """The last ``last`` lines of the job's log as people read it: events described, plain text kept."""
    try:
        lines = Path(job.log).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    shown = []
    for line in lines:
        event = parse_line(line)
        text = line if event is None else describe_event(event)
        if text:
            shown.append(text)
    return "\n".join(shown[-last:])


def start_marker(command: Sequence[str]) -> str:
    """The log line the runner writes before starting ``command``."""
    return json.dumps({"event": START_EVENT, "time": time.time(), "command": list(command)})


def process_alive(pid: int | None) -> bool:
    """Whether ``pid`` is a running training process (a recycled pid running something else is not)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else: cannot tell more
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            return b"training" in cmdline.read_bytes()
        except OSError:
            return False
    return True


def refresh_job(job: Job) -> Job:
    """Bring a job recorded as running up to date from its log; settle it if its process has ended.

    A process that ended leaves ``finished`` (``done`` in the log), ``cancelled`` (a cancel was requested),
    ``failed`` (an ``error`` event) or ``interrupted`` (none of these: it was killed; resumable).
    """
    if job.state != "running":
        return job
    job.cancel_requested = job.cancel_requested or job.cancel_marker.exists()
    for event in log_events(job):
        apply_event(job, event)
    if job.state == "running" and (process_alive(job.pid) or _starting(job)):
        return job
    if job.cancel_requested and job.state != "finished":
        job.state = "cancelled"
    elif job.state == "running":
        job.state = "interrupted"
    job.ended = job.ended or _modified(job.log)
    save_job(job)
    return job


def _starting(job: Job) -> bool:
    return job.pid is None and time.time() - job.started < STARTING_GRACE_S


def _modified(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return time.time()


def list_jobs(folder: Path | None = None) -> list[Job]:
    """Every recorded job, newest first, each refreshed (see :func:`refresh_job`); unreadable records are
    skipped."""
    folder = Path(folder) if folder is not None else jobs_folder()
    jobs = []
    for path in sorted(folder.glob("*.json"), reverse=True):
        if path.name.endswith(CONFIG_SUFFIX):
            continue
        try:
            jobs.append(refresh_job(load_job(path)))
        except (OSError, ValueError, TypeError):
            continue
    return jobs


def request_cancel(job: Job) -> None:
    """Record that the user cancelled, then ask the training process to stop (it removes its partial output)."""
    job.cancel_requested = True
    job.cancel_marker.touch()
    if process_alive(job.pid):  # its whole group (it leads its own session): the member workers and
        # chip-reading processes stop at their next batch at once, not one after another (seconds each)
        with contextlib.suppress(ProcessLookupError):  # it may end meanwhile
            (os.killpg if os.getpgid(job.pid) == job.pid else os.kill)(job.pid, signal.SIGTERM)


def resume_command(job: Job) -> list[str]:
    """The job's command continuing into the same output from its last checkpoints: ``--resume`` overrides
    that one setting of the job's settings file.

    ``overwrite`` stays as it was: with ``--resume`` the training keeps the interrupted run's work folder, and
    the finished model may still replace the folder the original run was allowed to replace.
    """
    return job.command if "--resume" in job.command else [*job.command, "--resume"]
