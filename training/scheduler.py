"""Several members at once: one worker process per member, at most ``parallel`` per device.

Workers are started with ``spawn`` (a fresh interpreter: CUDA cannot be forked) and report progress, log
lines, epochs and their result through a queue; the parent forwards them to the monitor. Cancelling
terminates the workers, and a stop signal sent to the whole process group ends each worker at its next
batch (see :func:`_worker`). On the CPU each worker gets an equal share of the cores.
"""
from __future__ import annotations

import multiprocessing
import os
import queue as queues
import signal
import traceback
from collections.abc import Callable
from typing import Any

import torch

from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError, InputError
from glacier_dl_plugin.core.progress import Monitor, SignalStop, stop_with_parent

from .member import MemberJob, fit_member

__all__ = ["run_parallel", "slots"]

_POLL_S = 0.2


def slots(devices: list[torch.device], parallel: int) -> list[str]:
    """Worker slots: every device ``parallel`` times (``["cuda:0", "cuda:1", "cuda:0", "cuda:1"]``)."""
    return [str(device) for _ in range(parallel) for device in devices]


def _worker(job: MemberJob, device: str, threads: int, messages: Any) -> None:
    """Entry point of a worker process: one member, every outcome sent to ``messages``.

    A stop signal (the parent's process group signalled) ends the member at its next batch, so that its
    chip-reading processes and queues are shut down in order; the parent, signalled too, reports the stop."""
    from .fit import deterministic

    torch.set_num_threads(threads)
    index = job.plan.index
    stop = SignalStop(insist=False)  # signalled with its group, then by the parent: stop once, in order
    parent = os.getppid()

    def progress(fraction: float) -> None:
        if stop.requested:
            raise CancelledError(f"Stopped by {stop.name}.")
        messages.put(("progress", index, fraction))

    try:
        with stop.installed(), deterministic():
            stop_with_parent(parent, signal.SIGTERM)  # never goes on alone (e.g. after kill -9 of the training)
            entry = fit_member(job, torch.device(device), progress, lambda m: messages.put(("log", index, m)),
                               lambda e, m: messages.put(("epoch", index, (e, m))))
        messages.put(("done", index, entry))
    except InputError as error:
        messages.put(("input_error", index, (error.parameter, error.problem, error.fix)))
    except GlacierDLError as error:  # already a message for the user (e.g. GPU out of memory), or a stop
        messages.put(("error", index, str(error)))
    except BaseException as error:  # the process boundary: every failure goes back to the parent
        messages.put(("error", index, f"{type(error).__name__}: {error}\n{traceback.format_exc()}"))
    finally:
        if stop.requested:  # the parent may no longer read: exit without waiting for the queue to drain
            messages.cancel_join_thread()


def _stop(processes: dict[int, Any]) -> None:
    for process in processes.values():
        process.terminate()
    for process in processes.values():
        process.join(10)
        if process.is_alive():
            process.kill()


def run_parallel(jobs: list[MemberJob], devices: list[torch.device], parallel: int, monitor: Monitor,
                 log: Callable[[str], None], on_epoch: Callable[[int, int, dict[str, Any]], None]) -> list[dict]:
    """Run ``jobs`` in worker processes, ``parallel`` per device; returns their entries in job order.

    Raises:
        InputError, GlacierDLError: a member failed (the others are stopped).
        CancelledError: ``monitor`` was cancelled (the workers are stopped).
    """
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    free, pending = slots(devices, parallel), list(jobs)
    threads = max(1, (os.cpu_count() or 1) // len(free))
    running: dict[int, Any] = {}
    device_of: dict[int, str] = {}
    entries: dict[int, dict] = {}
    fractions = {job.plan.index: 0.0 for job in jobs}
    try:
        while pending or running:
            while pending and free:
                job, device = pending.pop(0), free.pop(0)
                # not daemonic: a member may start its own chip-reading processes (--loader-workers)
                process = context.Process(target=_worker, args=(job, device, threads, messages))
                process.start()
                running[job.plan.index], device_of[job.plan.index] = process, device
            try:
                kind, index, payload = messages.get(timeout=_POLL_S)
            except queues.Empty:
                kind = None
                for index, process in list(running.items()):
                    if process.exitcode not in (None, 0):
                        raise GlacierDLError(f"member {index} stopped with exit code {process.exitcode}; "
                                             "the interrupted run can be continued with --resume.") from None
            monitor.check()
            if kind == "progress":
                fractions[index] = payload
                monitor.progress(100.0 * sum(fractions.values()) / len(fractions))
            elif kind == "log":
                log(payload)
            elif kind == "epoch":
                on_epoch(index, *payload)
            elif kind == "input_error":
                raise InputError(*payload)
            elif kind == "error":
                raise GlacierDLError(f"member {index} failed: {payload}")
            elif kind == "done":
                entries[index] = payload
                running.pop(index).join()
                free.append(device_of.pop(index))
    finally:
        _stop(running)
    return [entries[job.plan.index] for job in jobs]
