"""Where distributed work runs: the CLUSTER parameter (training ensembles, region-wide prediction).

``CLUSTER`` is one text: ``local`` (a Dask LocalCluster on this machine), ``tcp://host:port`` (an existing
Dask scheduler) or the path of a small YAML cluster file describing a dask-jobqueue batch cluster::

    type: slurm            # or pbs
    queue: gpu
    account: glaciers
    walltime: "04:00:00"
    cores: 8               # per job
    memory: 32GB           # per job
    gpus: 1                # per job (each member asks for one)
    tasks_per_gpu: 1       # members sharing one GPU at a time
    jobs: 4                # batch jobs (one Dask worker each)
    python: /home/me/glacier/.venv/bin/python
    local_directory: /tmp
    log_directory: dask-logs
    job_extra_directives: ["--gres=gpu:1"]

:func:`.jobs.cluster.connect` turns a :class:`ClusterConfig` into a running ``distributed.Client``.
"""
from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from typing import Literal

from ..errors import InputError
from .checks import AT_LEAST_ONE, NON_NEGATIVE
from .fields import check_fields, from_mapping, setting

__all__ = ["ClusterConfig", "JobQueueSpec", "CLUSTER_KINDS", "BATCH_SYSTEMS", "parse_cluster"]

CLUSTER_KINDS = ("local", "address", "file")
BATCH_SYSTEMS = ("slurm", "pbs")
_ADDRESS = re.compile(r"^(tcp|tls|ucx|inproc)://[^\s:/]+(:\d{1,5})?$")


@dataclass(frozen=True)
class JobQueueSpec:
    """A dask-jobqueue batch cluster, as read from a cluster file (one Dask worker per batch job).

    Attributes:
        type: ``slurm`` (SLURMCluster) or ``pbs`` (PBSCluster).
        queue: the partition (Slurm) or queue (PBS); empty: the system's default.
        account: the account (project) the jobs are charged to; empty: none.
        walltime: the jobs' time limit, ``HH:MM:SS``.
        cores: CPU cores per job.
        memory: memory per job, e.g. ``16GB``.
        gpus: GPUs per job; each member asks for one (``resources={"GPU": 1}``); 0: members train on CPUs.
        tasks_per_gpu: members sharing one GPU at a time (DL4GAM-style limit).
        jobs: batch jobs submitted (Dask workers).
        python: the Python that runs the worker on the compute nodes (e.g. the project's .venv).
        local_directory: the workers' scratch folder on the compute nodes; empty: the default.
        log_directory: where the batch jobs' output and error files go; empty: the working folder.
        job_extra_directives: extra ``#SBATCH``/``#PBS`` lines, e.g. ``--gres=gpu:1``.
        job_script_prologue: shell lines run before the worker starts (``module load …``).
    """

    type: Literal["slurm", "pbs"] = setting("slurm", choices=BATCH_SYSTEMS)
    queue: str = ""
    account: str = ""
    walltime: str = "01:00:00"
    cores: int = setting(1, limits=AT_LEAST_ONE)
    memory: str = "4GB"
    gpus: int = setting(0, limits=NON_NEGATIVE)
    tasks_per_gpu: int = setting(1, limits=AT_LEAST_ONE)
    jobs: int = setting(1, limits=AT_LEAST_ONE)
    python: str = ""
    local_directory: str = ""
    log_directory: str = ""
    job_extra_directives: tuple[str, ...] = ()
    job_script_prologue: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_fields(self)
        if not re.match(r"^(\d+-)?\d{1,3}(:\d{2}){0,2}$", self.walltime):
            raise InputError("CLUSTER", f"walltime '{self.walltime}' is not a time limit.",
                             "Write it as HH:MM:SS, e.g. \"04:00:00\" (quoted in YAML).")

    def resources(self) -> dict[str, float]:
        """The Dask worker resources of one job: ``{"GPU": gpus * tasks_per_gpu}`` (none without GPUs)."""
        return {"GPU": self.gpus * self.tasks_per_gpu} if self.gpus else {}


@dataclass(frozen=True)
class ClusterConfig:
    """Where Dask work runs, from the CLUSTER text.

    Attributes:
        cluster: ``local``, ``tcp://host:port`` or the path of a YAML cluster file.
    """

    cluster: str = setting("local", parameter="CLUSTER")
    kind: str = field(init=False, default="local")
    address: str = field(init=False, default="")
    path: str = field(init=False, default="")
    jobqueue: JobQueueSpec | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        kind, address, path, jobqueue = parse_cluster(self.cluster)
        for name, value in (("kind", kind), ("address", address), ("path", path), ("jobqueue", jobqueue)):
            object.__setattr__(self, name, value)

    @property
    def is_local(self) -> bool:
        return self.kind == "local"


def parse_cluster(text: str) -> tuple[str, str, str, JobQueueSpec | None]:
    """``(kind, address, path, jobqueue)`` from a CLUSTER text.

    Raises:
        InputError: (CLUSTER) a malformed address, a missing or unreadable file, a file that is not a
            YAML mapping, unknown keys (the message lists the allowed ones) or a value of the wrong type.
    """
    text = (text or "").strip()
    if text in ("", "local"):
        return "local", "", "", None
    if "://" in text:
        if not _ADDRESS.match(text):
            raise InputError("CLUSTER", f"'{text}' is not a Dask scheduler address.",
                             "Give tcp://host:port (e.g. tcp://10.0.0.5:8786), local, or a cluster file (.yaml).")
        return "address", text, "", None
    path = os.path.abspath(os.path.expanduser(text))
    if not os.path.isfile(path):
        raise InputError("CLUSTER", f"'{text}' is neither local, a tcp://host:port address nor an existing file.",
                         "Give local, tcp://host:port, or the path of a YAML cluster file (see docs/scaleout.md).")
    return "file", "", path, _read_cluster_file(path)


def _read_cluster_file(path: str) -> JobQueueSpec:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML comes with dask
        raise InputError("CLUSTER", "reading a cluster file needs PyYAML.", "Install PyYAML (pip install pyyaml).") from None
    try:
        with open(path, encoding="utf-8") as handle:
            values = yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError("CLUSTER", f"cannot read cluster file {path}: {error}.",
                         "Give a readable YAML file of key: value lines (see docs/scaleout.md).") from None
    if not isinstance(values, dict):
        raise InputError("CLUSTER", f"cluster file {path} is not a YAML mapping of settings.",
                         "Write key: value lines, e.g. type: slurm.")
    allowed = ", ".join(f.name for f in dataclasses.fields(JobQueueSpec))
    unknown = sorted(str(key) for key in values if key not in {f.name for f in dataclasses.fields(JobQueueSpec)})
    if unknown:
        raise InputError("CLUSTER", f"cluster file {path} has unknown key(s) {', '.join(unknown)}.",
                         f"Use only: {allowed}.")
    values = {key: ("" if value is None else value) for key, value in values.items()}
    if isinstance(values.get("walltime"), int) and not isinstance(values["walltime"], bool):
        seconds = values["walltime"]  # YAML 1.1 reads an unquoted 04:00:00 as 14400 seconds
        values["walltime"] = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    try:
        return from_mapping(JobQueueSpec, values, source="CLUSTER")
    except InputError as error:
        if error.parameter == "CLUSTER":
            raise
        raise InputError("CLUSTER", f"cluster file {path}, key {error.parameter.lower()}: {error.problem}",
                         error.fix) from None
