"""A Dask ``distributed.Client`` for a :class:`~..config.cluster.ClusterConfig`: the one way training and
region-wide prediction reach their workers.

``local`` starts a LocalCluster of worker processes on 127.0.0.1 (no dashboard), an address connects to a
running scheduler, and a cluster file starts a dask-jobqueue SLURMCluster/PBSCluster scaled to its job
count (its job script is logged first). Whatever this function started is closed on exit; a remote
scheduler is left running. Dask is imported lazily: the plugin loads without it.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

from ..config.cluster import ClusterConfig, JobQueueSpec
from ..errors import InputError, MissingDependencyError

__all__ = ["connect", "jobqueue_cluster", "CONNECT_TIMEOUT_S"]

CONNECT_TIMEOUT_S = 20
"""How long to wait for a remote scheduler to answer before CLUSTER is reported unreachable."""


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingDependencyError("Running on a Dask cluster needs the 'distributed' package: "
                                     "pip install 'distributed==2026.8.*' into Glacier DL's environment.") from None
    return distributed


def jobqueue_cluster(spec: JobQueueSpec, *, threads_per_worker: int = 1,
                     resources: dict | None = None) -> Any:
    """A (not yet scaled) dask-jobqueue SLURMCluster or PBSCluster for ``spec``: one worker process per
    job with the job's GPU resources (``resources`` added) and ``threads_per_worker`` threads, at least one
    per GPU slot (``gpus x tasks_per_gpu``)."""
    try:
        import dask_jobqueue
    except ImportError:
        raise MissingDependencyError("A cluster file needs the 'dask-jobqueue' package: "
                                     "pip install 'dask-jobqueue==0.9.*'.") from None
    merged = {**spec.resources(), **(resources or {})}
    slots = int(merged.get("GPU", 0))  # members sharing the job's GPUs each need a thread
    extra = ["--nthreads", str(max(threads_per_worker, slots))]
    if merged:
        extra += ["--resources", ",".join(f"{key}={value:g}" for key, value in merged.items())]
    kwargs: dict[str, Any] = {
        "cores": spec.cores, "memory": spec.memory, "processes": 1, "walltime": spec.walltime,
        "worker_extra_args": extra, "job_extra_directives": list(spec.job_extra_directives),
        "job_script_prologue": ["export DASK_DISTRIBUTED__WORKER__DAEMON=False", *spec.job_script_prologue],
        "scheduler_options": {"dashboard_address": ":0"}, "name": "glacier-dl",
    }
    optional = {"queue": spec.queue, "account": spec.account, "python": spec.python,
                "local_directory": spec.local_directory, "log_directory": spec.log_directory}
    kwargs.update({key: value for key, value in optional.items() if value})
    if spec.gpus and spec.type == "slurm" and not any("gpu" in d for d in spec.job_extra_directives):
        kwargs["job_extra_directives"].append(f"--gres=gpu:{spec.gpus}")
    kind = dask_jobqueue.SLURMCluster if spec.type == "slurm" else dask_jobqueue.PBSCluster
    return kind(**kwargs)


@contextlib.contextmanager
def _environment_kept() -> Iterator[None]:
    """Restore ``os.environ`` afterwards: starting workers leaves OMP_NUM_THREADS=1 (and MKL, OpenBLAS,
    MALLOC_TRIM) in this process's environment, which every later training process (QGIS's own too) would
    inherit and run on one thread."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def connect(config: ClusterConfig, *, workers: int, threads_per_worker: int = 1, resources: dict | None = None,
            log: Callable[[str], None] = print) -> Iterator[Any]:
    """A ``distributed.Client`` on the cluster ``config`` describes, closed (with what it started) on exit.

    Args:
        workers: worker processes to start for ``local``; batch jobs are the file's ``jobs``; ignored for
            an existing scheduler.
        threads_per_worker: threads (task slots) per worker process.
        resources: abstract resources each started worker advertises, e.g. ``{"GPU": 1}``.
        log: where the connection and, for a cluster file, the job script are reported.

    Raises:
        InputError: (CLUSTER) the scheduler at the address does not answer.
        MissingDependencyError: distributed (or dask-jobqueue for a file) is not installed.
    """
    distributed = _dask()
    import dask

    with contextlib.ExitStack() as stack:
        stack.enter_context(_environment_kept())
        # not daemonic: a task may start its own processes (e.g. torch's chip-reading DataLoader workers)
        stack.enter_context(dask.config.set({"distributed.worker.daemon": False}))
        if config.kind == "local":
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=max(1, workers), threads_per_worker=threads_per_worker, processes=True,
                host="127.0.0.1", dashboard_address=None, resources=resources or None, silence_logs=40))
            log(f"Dask: local cluster of {max(1, workers)} worker process(es) at {cluster.scheduler_address}")
            client = stack.enter_context(distributed.Client(cluster))
        elif config.kind == "address":
            try:
                client = stack.enter_context(distributed.Client(config.address, timeout=CONNECT_TIMEOUT_S))
            except (OSError, TimeoutError) as error:
                raise InputError("CLUSTER", f"no Dask scheduler answered at {config.address} ({error}).",
                                 "Start one (dask scheduler) or check the address and port.") from None
            log(f"Dask: connected to {config.address} "
                f"({len(client.scheduler_info().get('workers', {}))} worker(s) now)")
        else:
            spec = config.jobqueue
            cluster = stack.enter_context(jobqueue_cluster(spec, threads_per_worker=threads_per_worker,
                                                           resources=resources))
            log(f"Dask: {spec.type} cluster from {config.path}; job script:\n{cluster.job_script()}")
            cluster.scale(jobs=spec.jobs)
            log(f"Dask: {spec.jobs} batch job(s) submitted; scheduler at {cluster.scheduler_address}")
            client = stack.enter_context(distributed.Client(cluster))
        yield client
