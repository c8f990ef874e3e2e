"""Members trained as Dask tasks: on a LocalCluster (``parallel`` worker processes per device), an existing
scheduler or a Slurm/PBS cluster (``TrainConfig.cluster``, see docs/scaleout.md).

Each member is one task. When the workers advertise a ``GPU`` resource the task asks for one
(``resources={"GPU": 1}``), so a worker with ``GPU=n`` trains at most ``n`` members at once; the member
still trains on whatever device the worker has (``--resources GPU=1`` on a CPU-only worker is a slot
count, and the member trains on its CPU). Every member writes its checkpoints (``resume.pt`` after each
epoch) into the shared work folder, so when a worker dies the scheduler reschedules its task
(``distributed.scheduler.allowed-failures``) and the member continues on another worker from its last
epoch. Progress, log lines and epochs come back through a ``distributed.Queue`` (ordered and kept by the
scheduler, unlike best-effort pub/sub; a dead worker loses nothing already sent); cancelling (the monitor,
hence Cancel or SIGTERM) sets a ``distributed.Event`` that every member checks at its next batch, and
cancels the futures.
"""
from __future__ import annotations

import itertools
import os
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

import torch

from glacier_dl_plugin.core.config.cluster import ClusterConfig
from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError, InputError
from glacier_dl_plugin.core.jobs.cluster import connect
from glacier_dl_plugin.core.progress import Monitor

from .member import MemberJob, fit_member

__all__ = ["run_members", "member_device", "SEND_EVERY_S"]

SEND_EVERY_S = 0.5
"""How often a member sends its progress and looks for a cancel (each a round trip to the scheduler)."""
_POLL_S = 0.2
_STARTED = itertools.count()  # members started in this (worker) process


def member_device(job: MemberJob, slot: int) -> torch.device:
    """The device a member trains on in worker ``slot``: the run's devices as this worker sees them,
    interleaved by slot (``cuda:0``, ``cuda:1``, ``cuda:0`` …); the CPU where the worker has no GPU and the
    device is ``auto``.

    Raises:
        InputError: (DEVICE) the requested device is absent on this worker and no CPU fallback is allowed.
    """
    from .model import training_devices

    devices = training_devices(job.config.device, job.config.allow_cpu_fallback)
    return devices[slot % len(devices)]


class _Channel:
    """The worker's side of a run: events into the queue, progress throttled, the stop event checked."""

    def __init__(self, run: str, index: int) -> None:
        import distributed

        self.queue, self.stop = distributed.Queue(run), distributed.Event(run)
        self.index, self.sent = index, 0.0

    def put(self, kind: str, payload: Any) -> None:
        self.queue.put((kind, self.index, payload))

    def progress(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.sent >= SEND_EVERY_S or fraction >= 1.0:
            self.sent = now
            if self.stop.is_set():
                raise CancelledError("Cancelled by the user.")
            self.put("progress", fraction)


def _slot() -> int:
    """The member's slot: its LocalCluster worker's number (0, 1, …: one member at a time per worker), else
    the count of members this worker process started (a batch job's members take its GPUs in turn)."""
    import distributed

    name = str(distributed.get_worker().name)
    return int(name) if name.isdigit() else next(_STARTED)


def _member_task(job: MemberJob, run: str, threads: int | None) -> tuple:
    """One member on a worker; every outcome is returned as plain values (exceptions with custom
    arguments do not cross processes): ``("done", entry)``, ``("input_error", parameter, problem, fix)``,
    ``("error", message)`` or ``("cancelled",)``."""
    import distributed

    from .fit import deterministic

    channel = _Channel(run, job.plan.index)
    channel.put("log", f"{job.plan.name}: on Dask worker {distributed.get_worker().address}")
    if threads:
        torch.set_num_threads(threads)
    try:
        device = member_device(job, _slot())
        with deterministic():
            entry = fit_member(job, device, channel.progress, lambda m: channel.put("log", m),
                               lambda e, m: channel.put("epoch", (e, m)))
        return ("done", entry)
    except InputError as error:
        return ("input_error", error.parameter, error.problem, error.fix)
    except CancelledError:
        return ("cancelled",)
    except GlacierDLError as error:  # already a message for the user (e.g. GPU out of memory)
        return ("error", str(error))
    except Exception as error:  # the task boundary: anything else comes back with its traceback
        return ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")


def _resources(client: Any, cluster: ClusterConfig, gpus: dict | None) -> dict[str, float] | None:
    """``{"GPU": 1}`` when the workers have GPUs (local GPUs, a cluster file with ``gpus``, or a scheduler
    whose workers advertise ``GPU``), else None: plain worker slots."""
    if cluster.kind == "local":
        return gpus
    if cluster.kind == "file":
        return {"GPU": 1} if cluster.jobqueue.gpus else None
    workers = client.scheduler_info().get("workers", {}).values()
    return {"GPU": 1} if any(w.get("resources", {}).get("GPU") for w in workers) else None


class _Progress:
    """The run's progress: the mean of the members' fractions, as 0-100 %."""

    def __init__(self, jobs: list[MemberJob], monitor: Monitor) -> None:
        self.fractions, self.monitor = {job.plan.index: 0.0 for job in jobs}, monitor

    def __call__(self, index: int, fraction: float) -> None:
        self.fractions[index] = max(self.fractions[index], fraction)
        self.monitor.progress(100.0 * sum(self.fractions.values()) / len(self.fractions))


def _result(index: int, future: Any) -> tuple:
    """The task's outcome; a task the cluster could not run (e.g. ``KilledWorker``: its workers died
    ``allowed-failures`` times) becomes a GlacierDLError that says how to continue."""
    try:
        return future.result()
    except Exception as error:
        raise GlacierDLError(f"member {index} could not run on the cluster ({type(error).__name__}: {error}); "
                             "its last epoch is kept: continue with --resume (Resume in the panel).") from error


def _outcome(index: int, result: tuple) -> dict:
    kind = result[0]
    if kind == "input_error":
        raise InputError(*result[1:])
    if kind == "error":
        raise GlacierDLError(f"member {index} failed: {result[1]}")
    if kind == "cancelled":
        raise CancelledError("Cancelled by the user.")
    return result[1]


def _collect(client: Any, futures: dict[int, Any], run: str, monitor: Monitor, log: Callable[[str], None],
             on_epoch: Callable[[int, int, dict[str, Any]], None], progress: _Progress) -> dict[int, dict]:
    """Relay the members' events until every future is done; the entries by member index."""
    import distributed

    queue, entries = distributed.Queue(run, client=client), {}

    def relay() -> None:
        for kind, index, payload in queue.get(batch=True):
            if kind == "progress":
                progress(index, payload)
            elif kind == "log":
                log(payload)
            elif kind == "epoch":
                on_epoch(index, *payload)
    while len(entries) < len(futures):
        relay()
        monitor.check()
        for index, future in futures.items():
            if index not in entries and future.done():
                relay()  # the member's last events come before its outcome
                entries[index] = _outcome(index, _result(index, future))
                progress(index, 1.0)
        time.sleep(_POLL_S)
    relay()
    return entries


def _threads(config: ClusterConfig, workers: int) -> int | None:
    """Torch threads per member on a local cluster: an equal share of this machine's cores."""
    if not config.is_local:
        return None  # each worker's own cores (OMP_NUM_THREADS / the batch job's allocation)
    return max(1, len(os.sched_getaffinity(0)) // workers)


def run_members(jobs: list[MemberJob], devices: list[torch.device], parallel: int, monitor: Monitor,
                log: Callable[[str], None], on_epoch: Callable[[int, int, dict[str, Any]], None]) -> list[dict]:
    """Train ``jobs`` as Dask tasks on the run's cluster; returns their entries in job order.

    A local cluster has ``min(members, parallel x devices)`` single-threaded worker processes, each with
    ``GPU=1`` when the devices are GPUs.

    Raises:
        InputError, GlacierDLError: a member failed (the others are cancelled).
        CancelledError: ``monitor`` was cancelled (the members stop at their next batch).
    """
    import distributed

    cluster = ClusterConfig(jobs[0].config.cluster)
    workers = min(len(jobs), parallel * len(devices))
    gpus = {"GPU": 1} if devices[0].type == "cuda" else None
    run = f"glacierdl-{uuid.uuid4().hex}"
    with connect(cluster, workers=workers, threads_per_worker=1, resources=gpus, log=log) as client:
        resources = _resources(client, cluster, gpus)
        log(f"Training {len(jobs)} members as Dask tasks"
            + (" asking for one GPU each." if resources else " on plain worker slots."))
        stop = distributed.Event(run, client=client)
        threads = _threads(cluster, workers)
        futures = {job.plan.index: client.submit(_member_task, job, run, threads, key=f"{run}-{job.plan.name}",
                                                 resources=resources, pure=False, retries=0)
                   for job in jobs}
        try:
            entries = _collect(client, futures, run, monitor, log, on_epoch, _Progress(jobs, monitor))
        except BaseException:
            stop.set()  # running members stop at their next batch; queued ones never start
            client.cancel(list(futures.values()))
            raise
    return [entries[job.plan.index] for job in jobs]
