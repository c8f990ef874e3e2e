"""Region-wide prediction: tasks (a scene, or a window of whole output blocks of it) run in this process or
on a Dask cluster, then one mosaic.

A task (:mod:`core.predict.region_task`) runs the one engine over its scene or window into its own part
files under ``<out>/parts/`` (written atomically), followed by a done marker holding the task's key. A rerun
skips every part whose marker holds the same key; a task that fails is tried again (``retries``).
With ``client=None`` the same tasks run one after the other in this process, so a cluster run equals the
single-process run at every pixel by construction. The mosaic and the per-glacier table are
:mod:`core.predict.region_mosaic`'s.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import rasterio

from ..atomic import check_writable_folder
from ..config.region import RegionConfig
from ..errors import CancelledError, InputError
from ..progress import SILENT, Monitor
from .region_mosaic import Mosaic, build_mosaic, write_glacier_table
from .region_task import SceneTask, TaskResult, plan_tasks, run_task

__all__ = ["SceneTask", "TaskResult", "RegionSummary", "plan_tasks", "run_task", "run_region", "predict_region"]


@dataclass(frozen=True)
class RegionSummary:
    """What :func:`run_region` wrote: the mosaic, the table (or None), and each task's result."""

    mosaic: Mosaic
    table: Path | None
    results: tuple[TaskResult, ...]

    @property
    def skipped(self) -> int:
        return sum(r.skipped for r in self.results)


def check_scene_grids(scenes: Sequence[str]) -> None:
    """The scenes share a CRS and a pixel size, and their pixels line up (a mosaic never resamples).

    Raises:
        InputError: (SCENES) naming the first scene that differs from the first one.
    """
    with rasterio.open(scenes[0]) as first:
        crs, (a, _, c, _, e, f) = first.crs, tuple(first.transform)[:6]
    for scene in scenes[1:]:
        with rasterio.open(scene) as other:
            b = tuple(other.transform)[:6]
            aligned = all(abs(((o - r) / s) - round((o - r) / s)) < 1e-6 for o, r, s in ((b[2], c, a), (b[5], f, e)))
            if other.crs != crs or abs(b[0] - a) > 1e-9 * abs(a) or abs(b[4] - e) > 1e-9 * abs(e) or not aligned:
                raise InputError("SCENES", f"'{scene}' is not on the grid of '{scenes[0]}' (CRS, pixel size or "
                                 "pixel alignment differ), so their parts cannot be mosaicked without resampling.",
                                 "Warp the scenes onto one grid first (gdalwarp -tap -tr), or predict them apart.")


Task = Callable[[SceneTask], TaskResult]


def _run_tasks(tasks: list[SceneTask], client, retries: int, task: Task, monitor: Monitor) -> list[TaskResult]:
    """Run every task, in this process (``client=None``) or on the cluster; results in task order."""
    if client is None:
        results = []
        for done, item in enumerate(tasks):
            monitor.step(done, len(tasks), 0.0, 90.0)
            results.append(task(item))
        return results
    from distributed import as_completed  # only cluster runs need Dask

    futures = [client.submit(task, item, retries=retries, pure=False, key=f"glacierdl-{item.name}-{item.key}")
               for item in tasks]
    by_key, done = {}, 0
    try:
        for future in as_completed(futures):
            result = future.result()
            by_key[future.key] = result
            done += 1
            monitor.log(f"{result.scene}: {'already complete, skipped' if result.skipped else f'{result.tiles} tiles'}")
            monitor.step(done, len(tasks), 0.0, 90.0)
    except (CancelledError, KeyboardInterrupt):
        client.cancel(futures)
        raise
    return [by_key[f.key] for f in futures]


def run_region(config: RegionConfig, client=None, monitor: Monitor = SILENT, task: Task = run_task) -> RegionSummary:
    """Predict every scene (on ``client``'s cluster, or in this process), then mosaic them and tabulate glaciers.

    Args:
        client: a ``distributed.Client``; None: the tasks run here, one after the other.
        task: what runs one task (tests wrap :func:`run_task` to inject failures).

    Raises:
        InputError: scenes not on one grid, an unwritable output folder, a missing model, before any work.
    """
    check_writable_folder(config.out, "OUTPUT")
    check_scene_grids(config.scenes)
    tasks = plan_tasks(config, threads=0 if client is None else 1)
    monitor.log(f"{len(tasks)} scene task(s), {sum(t.complete() for t in tasks)} already complete.")
    results = _run_tasks(tasks, client, config.retries, task, monitor)
    monitor.check()
    mosaic = build_mosaic([str(t.mean) for t in tasks], [str(t.std) for t in tasks], Path(config.out), config.cog)
    table = None
    if config.glaciers:
        monitor.progress(95.0)
        table = write_glacier_table(config.glaciers, config.id_field, mosaic,
                                    [(t.scene_name, str(t.mean)) for t in tasks], Path(config.out) / "glaciers.csv")
    monitor.progress(100.0)
    return RegionSummary(mosaic, table, tuple(results))


def predict_region(config: RegionConfig, monitor: Monitor = SILENT) -> RegionSummary:
    """:func:`run_region` on the configured cluster (``none``: in this process), through
    :func:`core.jobs.cluster.connect` with single-threaded workers; what it started is closed after."""
    if config.cluster == "none":
        return run_region(config, None, monitor)
    from ..config.cluster import ClusterConfig
    from ..jobs.cluster import connect

    with connect(ClusterConfig(config.cluster), workers=config.workers, threads_per_worker=1,
                 log=monitor.log) as client:
        return run_region(config, client, monitor)
