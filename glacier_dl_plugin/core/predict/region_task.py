"""Region tasks: a scene, or one window of it, predicted by the one engine into its own part files.

A whole-scene task is Predict's own run (:func:`core.predict.geotiff_run.predict_raster`). A window task
(``PART_SIZE``) opens the same engine on the scene and computes :meth:`Engine.window` (the values a whole
run gives there, see :mod:`core.predict.engine`); its windows are whole output blocks of the scene, so the
tiles are added in the same order as in a whole run and the part equals that run's pixels exactly. Each
task writes ``<parts>/<name>_mean.tif`` and ``_std.tif`` atomically, then ``<name>.done.json`` holding its
key (a hash of the scene file, the model files, the settings and the window): a complete task is skipped.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import rasterio
from rasterio.windows import Window

from ..atomic import atomic_path
from ..config.predict import InferenceConfig, PredictConfig
from ..config.region import RegionConfig
from ..errors import InputError
from ..geo.raster_stack import Grid, RasterInput
from .blocks import block_size_for
from .engine import load_model, open_engine
from .geotiff_run import GDAL_CACHE_BYTES, predict_raster
from .writers import Combined, OutputPaths, PredictWriter, member_statistics

__all__ = ["SceneTask", "TaskResult", "plan_tasks", "run_task", "task_key"]


@dataclass(frozen=True)
class SceneTask:
    """One unit of work: a scene (or a window of it: ``(col, row, width, height)`` output pixels) predicted
    into its part files.

    Attributes:
        key: hash of the scene file, the model files, the inference settings and the window.
        inference: the :class:`InferenceConfig` fields, as a plain dict (sent to workers).
        threads: onnxruntime threads of the task (1 on a cluster of single-threaded workers, 0: every core).
    """

    scene: str
    model: str
    parts: str
    key: str
    inference: dict
    threads: int = 0
    window: tuple[int, int, int, int] | None = None

    @property
    def scene_name(self) -> str:
        return Path(self.scene).stem

    @property
    def name(self) -> str:
        if self.window is None:
            return self.scene_name
        col, row = self.window[:2]
        return f"{self.scene_name}_r{row}_c{col}"

    @property
    def mean(self) -> Path:
        return Path(self.parts) / f"{self.name}_mean.tif"

    @property
    def std(self) -> Path:
        return Path(self.parts) / f"{self.name}_std.tif"

    @property
    def marker(self) -> Path:
        return Path(self.parts) / f"{self.name}.done.json"

    def complete(self) -> bool:
        """Whether both parts exist and the done marker holds this task's key."""
        try:
            done = json.loads(self.marker.read_text(encoding="utf-8")).get("key") == self.key
        except (OSError, ValueError, AttributeError):
            return False
        return done and self.mean.is_file() and self.std.is_file()


@dataclass(frozen=True)
class TaskResult:
    """What a task did: ``skipped`` when its parts were already complete; tiles computed (whole scenes)."""

    scene: str
    skipped: bool
    tiles: int = 0


def _file_signature(path: Path) -> list:
    stat = path.stat()
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]


def _model_files(model: str) -> list[Path]:
    path = Path(model)
    if path.is_file() and path.suffix == ".onnx":
        return [path]
    folder = path if path.is_dir() else path.parent
    return sorted(p for p in folder.iterdir() if p.suffix in (".onnx", ".json"))


def task_key(scene: str, model: str, inference: InferenceConfig, window=None) -> str:
    """A hash of everything a part depends on: the scene file, the model files, the settings, the window."""
    content = {"scene": _file_signature(Path(scene)), "model": [_file_signature(p) for p in _model_files(model)],
               "inference": dataclasses.asdict(inference), "window": list(window) if window else None}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def _windows(scene: str, side: int) -> list[tuple[int, int, int, int] | None]:
    with rasterio.open(scene) as source:
        width, height = source.width, source.height
    if side >= max(width, height):
        return [None]
    return [(c, r, min(side, width - c), min(side, height - r)) for r in range(0, height, side)
            for c in range(0, width, side)]


def plan_tasks(config: RegionConfig, threads: int = 0) -> list[SceneTask]:
    """The tasks in priority order: one per scene, or with ``part_size`` one per window of whole output blocks.

    Raises:
        InputError: (MODEL) a model path that does not exist.
    """
    if not Path(config.model).exists():
        raise InputError("MODEL", f"'{config.model}' does not exist.", "Give a model folder, ensemble.json or .onnx.")
    inference, parts = config.inference(), str(Path(config.out) / "parts")
    block = block_size_for(config.tile_size, config.block_size)
    side = -(-config.part_size // block) * block if config.part_size else 0
    return [SceneTask(scene, config.model, parts, task_key(scene, config.model, inference, window),
                      dataclasses.asdict(inference), threads, window)
            for scene in config.scenes for window in (_windows(scene, side) if side else [None])]


def _predict_window(task: SceneTask) -> None:
    """The engine's values over the task's window, written as the part files."""
    inference = InferenceConfig(**task.inference)
    loaded = load_model(task.model, inference, threads=task.threads)
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES), open_engine([RasterInput(task.scene)], loaded, inference) as engine:
        col, row, width, height = task.window
        grid = engine.aoi.grid
        with rasterio.open(task.scene) as source:
            same = (grid.width, grid.height) == (source.width, source.height) and grid.transform == source.transform
        if not same or engine.block != block_size_for(inference.tile_size, inference.block_size):
            raise InputError("PART_SIZE", f"'{task.scene}' is warped onto the model's grid (or the model's tile is "
                             "larger than BLOCK_SIZE), so its windows are not whole output blocks.",
                             "Use PART_SIZE=0 (one part per scene).")
        window = Window(col, row, width, height)
        values = engine.window(window)
        mean, std = member_statistics(values.members, values.eligible)
        part = Grid(grid.crs, grid.window_transform(window), width, height)
        with PredictWriter.open(OutputPaths(str(task.mean), str(task.std)), part, engine.band_names, [], {}) as writer:
            writer.write(Window(0, 0, width, height), Combined(values.valid, mean, std, values.members))


def run_task(task: SceneTask) -> TaskResult:
    """Predict one scene (or window) into its parts, unless they are already complete."""
    if task.complete():
        return TaskResult(task.scene, True)
    tiles = 0
    if task.window is None:
        tiles = predict_raster([RasterInput(task.scene)], task.model, PredictConfig(**task.inference),
                               str(task.mean), str(task.std), threads=task.threads).tiles
    else:
        _predict_window(task)
    with atomic_path(task.marker) as temporary:
        temporary.write_text(json.dumps({"key": task.key, "scene": task.scene, "window": task.window}),
                             encoding="utf-8")
    return TaskResult(task.scene, False, tiles)
