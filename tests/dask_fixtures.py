"""Real Dask processes on 127.0.0.1 for the tests and benchmarks: a ``dask scheduler`` and ``dask worker``
processes (the venv's Python, one thread each, optional ``--resources GPU=1``), killed and reaped on exit."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class DaskProcesses:
    """A running scheduler (``address``) and its workers' processes (``workers``: worker address -> Popen)."""

    address: str
    scheduler: subprocess.Popen
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not start within {timeout:.0f} s")


@contextlib.contextmanager
def dask_processes(workers: int, gpu_resource: bool = True, threads: int = 1) -> Iterator[DaskProcesses]:
    """Start a scheduler and ``workers`` worker processes (no nanny: a killed worker stays dead)."""
    from distributed import Client

    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": str(threads), "PYTHONUNBUFFERED": "1",
           "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    started: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "scheduler.json"
        try:
            scheduler = subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                 "--no-dashboard", "--scheduler-file", str(file)], cwd=REPO, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            started.append(scheduler)
            _wait(lambda: file.is_file() and file.stat().st_size, 60, "the Dask scheduler")
            address = json.loads(file.read_text())["address"]
            extra = ["--resources", "GPU=1"] if gpu_resource else []
            for _ in range(workers):
                started.append(subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", str(threads),
                     "--nworkers", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1", *extra],
                    cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            with Client(address, timeout=30) as client:
                client.wait_for_workers(workers, timeout=60)
                pids = client.run(os.getpid)  # worker address -> its process id
            by_pid = {process.pid: process for process in started[1:]}
            running = DaskProcesses(address, scheduler, {a: by_pid[pid] for a, pid in pids.items()})
            yield running
        finally:
            for process in reversed(started):
                process.kill()
            for process in started:
                process.wait(30)
