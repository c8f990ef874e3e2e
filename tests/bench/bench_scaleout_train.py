"""Ensemble training scaled out on Dask: real ``dask scheduler`` / ``dask worker`` processes on 127.0.0.1,
each worker single-threaded (``--nthreads 1``, ``OMP_NUM_THREADS=1``), tiny members (32 px chips, CPU).

- ``scaleout_train_efficiency_2_workers``: members per second with 2 workers / (2 x members per second
  with 1 worker), the same members on the same machine in the same run (goal >= 0.85; needs 2 idle cores).
- ``scaleout_overhead_per_member_s``: (wall time of the members as Dask tasks on 1 worker - the same
  members called directly in this process, one thread) / members: what a task costs (submission, the
  job's pickling, events through the scheduler's queue, the result); ``scaleout_overhead_per_member_pct``
  is that share of a member's direct time (goal <= 2 %).
- ``scaleout_worker_warmup_s``: a fresh worker's first one-epoch member (imports of torch, the training code
  and the ONNX export: paid once per worker, not per member; excluded from the figures above).

Each figure is the best of :data:`REPEATS` runs (direct and 1-worker runs interleaved). Prints
``BENCH <name>=<value>`` lines; about three minutes on 2 idle CPU cores.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

import torch  # noqa: E402
from distributed import Client  # noqa: E402

from dask_fixtures import dask_processes  # noqa: E402
from training.fit import fit_ensemble  # noqa: E402
from training_fixtures import TINY_CONFIG, write_tiny_dataset  # noqa: E402

MEMBERS, EPOCHS, REPEATS = 4, 18, 2  # members of ~8 s: real ones take minutes, making the overhead smaller still
CONFIG = dataclasses.replace(TINY_CONFIG, members=MEMBERS, epochs=EPOCHS, patience=0, lr_patience=0)


def _warm(dataset: Path, out: Path, address: str) -> float:
    """One tiny member on each worker (imports torch, the training code, ONNX export); the seconds it took."""
    with Client(address) as client:
        workers = len(client.scheduler_info()["workers"])
    return _timed(dataset, out, dataclasses.replace(CONFIG, members=workers, epochs=1, cluster=address))


def _timed(dataset: Path, out: Path, config) -> float:
    start = time.perf_counter()
    fit_ensemble(dataset, out, config)
    return time.perf_counter() - start


def main() -> None:
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        dataset = write_tiny_dataset(root / "dataset")
        _timed(dataset, root / "warm", dataclasses.replace(CONFIG, members=1, epochs=1))  # this process's imports
        direct, one, two = [], [], []
        with dask_processes(1, gpu_resource=False) as dask:
            warmup = _warm(dataset, root / "warm1", dask.address)
            for run in range(REPEATS):  # interleaved, so that a burst of load elsewhere hits both alike
                direct.append(_timed(dataset, root / f"direct{run}", CONFIG))
                one.append(_timed(dataset, root / f"one{run}", dataclasses.replace(CONFIG, cluster=dask.address)))
        with dask_processes(2, gpu_resource=False) as dask:
            _warm(dataset, root / "warm2", dask.address)
            for run in range(REPEATS):
                two.append(_timed(dataset, root / f"two{run}", dataclasses.replace(CONFIG, cluster=dask.address)))
    direct_s, one_s, two_s = min(direct), min(one), min(two)  # the least disturbed of each
    overhead = (one_s - direct_s) / MEMBERS
    print(f"# {MEMBERS} members x {EPOCHS} epochs, best of {REPEATS}: direct {direct_s:.2f} s, 1 worker {one_s:.2f} s, "
          f"2 workers {two_s:.2f} s")
    print(f"BENCH scaleout_train_efficiency_2_workers={(MEMBERS / two_s) / (2 * MEMBERS / one_s):.3f}")
    print(f"BENCH scaleout_overhead_per_member_s={overhead:.3f}")
    print(f"BENCH scaleout_overhead_per_member_pct={100 * overhead / (direct_s / MEMBERS):.2f}")
    print(f"BENCH scaleout_worker_warmup_s={warmup:.2f}")


if __name__ == "__main__":
    main()
