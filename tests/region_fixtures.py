"""Region-prediction fixtures: overlapping synthetic scenes on one grid, their inventory, a tiny model.

``region_scenes`` writes ``n`` seeded 64-96 px synthetic glacier scenes (synthetic.glacier_scene) laid out
left to right (and in a second row past 3), each overlapping its neighbours by ``overlap`` pixels, renamed
``scene_<i>.tif``, and one inventory ``inventory.gpkg`` of every scene's glaciers (ids ``S<i>-G<n>``).
``region_model`` is a 3-member pointwise ensemble (tests/onnx_fixtures.py) on the scenes' 5 bands.
``dask_cluster`` starts a real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1 and stops them.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import fiona
import numpy as np
import rasterio

from glacier_dl_plugin.core.config import ModelMetadata
from onnx_fixtures import ensemble_folder, pointwise_model
from synthetic.glacier_scene import BANDS, SceneSpec, generate_scene

REPO = Path(__file__).resolve().parents[1]
ORIGIN = (480000.0, 3110000.0)
MEMBERS = [((0.8, -0.5, 0.3, 0.6, -0.9), 0.1), ((0.2, 0.4, -0.6, 0.1, -0.7), -0.2),
           ((-0.3, 0.1, 0.9, 0.4, -0.5), 0.05)]


def region_scenes(folder: Path, n: int = 4, size: int = 64, overlap: int = 16) -> tuple[list[str], Path]:
    """``n`` overlapping scenes and their inventory; returns (scene paths in order, inventory path)."""
    scenes, features, schema, crs = [], [], None, None
    step = (size - overlap) * 30.0
    for i in range(n):
        row, col = divmod(i, 3)
        spec = SceneSpec(width=size, height=size, seed=10 + i, n_glaciers=2, nodata_margin=8,
                         origin=(ORIGIN[0] + col * step, ORIGIN[1] - row * step))
        paths = generate_scene(folder / f"raw_{i}", spec)
        target = folder / f"scene_{i}.tif"
        paths.image.rename(target)
        scenes.append(str(target))
        with fiona.open(paths.glaciers) as source:
            schema, crs = source.schema, source.crs_wkt
            for feature in source:
                properties = dict(feature.properties)
                properties["glacier_id"] = f"S{i}-{properties['glacier_id']}"
                features.append({"geometry": feature.geometry, "properties": properties})
    inventory = folder / "inventory.gpkg"
    with fiona.open(inventory, "w", driver="GPKG", schema=schema, crs_wkt=crs) as sink:
        sink.writerecords(features)
    return scenes, inventory


def region_model(folder: Path, model=pointwise_model) -> Path:
    """The 3-member pointwise ensemble on the synthetic scenes' bands (``neighbour_model``: values near tile
    edges depend on where the tiles lie, so blending weights and tile order show)."""
    metadata = ModelMetadata(bands=tuple(f"scene:{b}" for b in BANDS), classes=("background", "glacier"),
                             chip_size=32, pixel_size=30.0, mean=(0.2,) * 5, std=(0.1,) * 5)
    return ensemble_folder(folder, MEMBERS, metadata, model=model)


def read(path) -> np.ndarray:
    with rasterio.open(path) as source:
        return source.read()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dask_cluster(folder: Path, workers: int = 2) -> Iterator[str]:
    """A `dask scheduler` and ``workers`` single-threaded `dask worker` processes (names w0, w1, ...) on
    127.0.0.1, ready when yielded (their address); terminated (killed if they hang) on exit."""
    import distributed

    port, dask = _free_port(), str(Path(sys.executable).with_name("dask"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    address, quiet = f"tcp://127.0.0.1:{port}", {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                  env=env, **quiet)]
    try:
        time.sleep(1)
        processes += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                                        "--name", f"w{i}"], env=env, cwd=folder, **quiet) for i in range(workers)]
        with distributed.Client(address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
