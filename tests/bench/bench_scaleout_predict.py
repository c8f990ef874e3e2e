"""Region prediction scale-out: throughput of 2 single-threaded Dask workers vs twice that of one.

Writes :data:`SCENES` seeded synthetic scenes of :data:`SIZE` px (synthetic.glacier_scene) and the 3-member
pointwise test ensemble (tests/region_fixtures.py), then runs :func:`core.predict.region.run_region` on a
LocalCluster of 1 and of 2 single-threaded worker processes (each warmed up first: imports done), each run
into a fresh folder, best of :data:`REPEATS`. Prints

- ``BENCH scaleout_predict_scenes_per_s_1_worker`` / ``..._2_workers``: scenes per second (tasks + mosaic);
- ``BENCH scaleout_predict_efficiency_2_workers``: throughput(2) / (2 x throughput(1)); goal >= 0.85. On a
  machine with fewer than 2 free cores it measures the contention, not the scale-out.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

SCENES, SIZE, REPEATS = 8, 512, 2  # ~0.5 s per scene task: shorter tasks measure the scheduler, not the work


def _warm() -> None:
    import glacier_dl_plugin.core.predict.region  # noqa: F401  (imports: onnxruntime, rasterio, GDAL)


def _time(workers: int, config_for, folder: Path) -> float:
    import distributed

    from glacier_dl_plugin.core.predict.region import run_region

    best = float("inf")
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0", silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        client.run(_warm)
        for repeat in range(REPEATS):
            start = time.perf_counter()
            run_region(config_for(folder / f"w{workers}_{repeat}"), client)
            best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from glacier_dl_plugin.core.config.region import RegionConfig
    from region_fixtures import region_model, region_scenes

    with tempfile.TemporaryDirectory(prefix="bench_scaleout_") as tmp:
        folder = Path(tmp)
        scenes, _ = region_scenes(folder / "scenes", n=SCENES, size=SIZE, overlap=32)
        model = region_model(folder / "model")

        def config_for(out: Path) -> RegionConfig:
            return RegionConfig(scenes=tuple(scenes), model=str(model), out=str(out), tile_size=64, overlap=16,
                                device="cpu", tta=True, batch_size=4)

        one = _time(1, config_for, folder)
        two = _time(2, config_for, folder)
    print(f"BENCH scaleout_predict_scenes_per_s_1_worker={SCENES / one:.3f}")
    print(f"BENCH scaleout_predict_scenes_per_s_2_workers={SCENES / two:.3f}")
    print(f"BENCH scaleout_predict_efficiency_2_workers={one / (2 * two):.3f}")


if __name__ == "__main__":
    main()
