"""Region prediction: cluster run == in-process run == each scene's own Predict run (first scene wins) at every
pixel, seams and overlaps included; reruns skip complete parts; failed tasks are retried; the glacier table."""
import csv
import json
import os
from pathlib import Path

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.features import geometry_mask
from shapely.geometry import shape

from glacier_dl_plugin.core.config import NODATA_FLOAT
from glacier_dl_plugin.core.config.predict import PredictConfig
from glacier_dl_plugin.core.config.region import RegionConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.region import plan_tasks, run_region, run_task
from onnx_fixtures import neighbour_model
from region_fixtures import read, region_model, region_scenes

INFERENCE = dict(tile_size=32, overlap=8, device="cpu", block_size=256)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region")
    scenes, inventory = region_scenes(folder, n=4, size=64, overlap=16)
    return scenes, inventory, region_model(folder / "model")


def config(region, out, **kwargs):
    scenes, inventory, model = region
    return RegionConfig(scenes=tuple(scenes), model=str(model), out=str(out), glaciers=str(inventory),
                        **{**INFERENCE, **kwargs})


@pytest.fixture(scope="module")
def local_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0",
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        yield client


def first_wins_reference(scenes, model, folder: Path):
    """Each scene through Predict alone, composited on the mosaic grid: the first valid scene wins."""
    parts = []
    for i, scene in enumerate(scenes):
        mean, std = folder / f"m{i}.tif", folder / f"s{i}.tif"
        predict_raster([RasterInput(scene)], str(model), PredictConfig(**INFERENCE), str(mean), str(std))
        parts.append((mean, std))
    return parts


def composite(parts, mosaic_path, which):
    with rasterio.open(mosaic_path) as mosaic:
        out = np.full((mosaic.height, mosaic.width), NODATA_FLOAT, np.float32)
        for part in reversed(parts):  # the first one last: on top
            with rasterio.open(part[which]) as src:
                col, row = (int(round(v)) for v in ~mosaic.transform * (src.bounds.left, src.bounds.top))
                values = src.read(1)
                view = out[row:row + src.height, col:col + src.width]
                view[values != NODATA_FLOAT] = values[values != NODATA_FLOAT]
    return out


def test_cluster_run_equals_in_process_run_and_each_scene_at_every_pixel(region, local_client, tmp_path):
    single = run_region(config(region, tmp_path / "single"), None)
    cluster = run_region(config(region, tmp_path / "cluster"), local_client)
    for name in ("mean", "std"):
        a, b = read(getattr(single.mosaic, name)), read(getattr(cluster.mosaic, name))
        assert np.array_equal(a, b)
    reference = first_wins_reference(region[0], region[2], tmp_path / "reference")
    for which, name in ((0, "mean"), (1, "std")):
        assert np.array_equal(read(getattr(cluster.mosaic, name))[0], composite(reference, cluster.mosaic.mean, which))
    with rasterio.open(cluster.mosaic.mean) as mosaic:
        assert mosaic.crs.to_epsg() == 32645 and (mosaic.width, mosaic.height) == (64 + 2 * 48, 64 + 48)
        assert mosaic.transform.c == 480000.0 and mosaic.transform.f == 3110000.0
    # the overlap of scenes 0 and 1 (columns 48-55, both valid there) holds scene 0's values, not scene 1's
    zero, one = read(reference[0][0])[0], read(reference[1][0])[0]
    both = (zero[:, 48:56] != NODATA_FLOAT) & (one[:, 0:8] != NODATA_FLOAT)
    assert both.sum() > 100 and not np.allclose(zero[:, 48:56][both], one[:, 0:8][both])
    assert np.array_equal(read(cluster.mosaic.mean)[0][:64, 48:56][both], zero[:, 48:56][both])
    # scene 0's nodata margin (its last 8 columns) lets scene 1 show through
    assert np.array_equal(read(cluster.mosaic.mean)[0][:64, 56:64], one[:, 8:16])


def test_rerun_skips_complete_parts_and_redoes_changed_ones(region, tmp_path):
    first = run_region(config(region, tmp_path))
    assert first.skipped == 0 and all(r.tiles > 0 for r in first.results)
    parts = sorted((tmp_path / "parts").glob("*_mean.tif"))
    times = [p.stat().st_mtime_ns for p in parts]
    again = run_region(config(region, tmp_path))
    assert again.skipped == 4 and [p.stat().st_mtime_ns for p in parts] == times
    os.remove(tmp_path / "parts" / "scene_2_std.tif")  # an incomplete part is redone
    assert run_region(config(region, tmp_path)).skipped == 3
    changed = run_region(config(region, tmp_path, overlap=16))  # other settings: another key
    assert changed.skipped == 0
    marker = json.loads((tmp_path / "parts" / "scene_0.done.json").read_text())
    assert marker["key"] == plan_tasks(config(region, tmp_path, overlap=16))[0].key


def flaky(task):
    """Fails the first time each scene is tried (a marker file remembers), then runs normally."""
    flag = Path(task.parts).parent / f"tried-{task.name}"
    if not flag.exists():
        flag.parent.mkdir(parents=True, exist_ok=True)
        flag.touch()
        raise OSError(f"simulated worker failure on {task.name}")
    return run_task(task)


def test_a_failing_task_is_retried_on_the_cluster(region, local_client, tmp_path):
    summary = run_region(config(region, tmp_path / "retried", retries=1), local_client, task=flaky)
    assert len(list((tmp_path / "retried").glob("tried-*"))) == 4 and summary.skipped == 0
    assert np.array_equal(read(summary.mosaic.mean), read(run_region(config(region, tmp_path / "plain")).mosaic.mean))
    with pytest.raises(OSError, match="simulated"):
        run_region(config(region, tmp_path / "failed", retries=0), local_client, task=flaky)
    assert not (tmp_path / "failed" / "mosaic_mean.vrt").exists()


def test_glacier_table_names_the_scenes_and_sums_probability_times_area(region, tmp_path):
    summary = run_region(config(region, tmp_path, cog=True))
    rows = {r["glacier_id"]: r for r in csv.DictReader(open(summary.table, encoding="utf-8"))}
    assert len(rows) == 8 and all(float(r["area_km2"]) > 0 and float(r["coverage"]) == 1.0 for r in rows.values())
    assert rows["S1-G001"]["predicted_from"] == "scene_1"
    assert all(r["predicted_from"] in r["scenes"].split(";") for r in rows.values())
    assert rows["S2-G001"]["scenes"] == "scene_1;scene_2"  # under scene 1's footprint, in its nodata margin
    # area = Σ p · pixel area over the glacier's pixels (900 m² on this UTM grid, geodesic to ~0.1 %)
    with fiona.open(region[1]) as source:
        polygons = [shape(f.geometry) for f in source if f.properties["glacier_id"] == "S1-G001"]
    with rasterio.open(summary.mosaic.mean) as mosaic:
        p, inside = mosaic.read(1), ~geometry_mask(polygons, (mosaic.height, mosaic.width), mosaic.transform)
    assert inside.sum() == int(rows["S1-G001"]["pixels"])
    assert float(rows["S1-G001"]["area_km2"]) == pytest.approx(p[inside].sum() * 900e-6, rel=0.005)
    assert all(float(r["sigma_km2"]) >= 0 for r in rows.values())
    assert np.array_equal(read(summary.mosaic.mean_cog), read(summary.mosaic.mean))
    with rasterio.open(summary.mosaic.mean_cog) as cog:
        assert cog.profile["tiled"] and cog.crs.to_epsg() == 32645


def test_scenes_on_different_grids_are_refused_before_any_work(region, tmp_path):
    scenes = list(region[0])
    with rasterio.open(scenes[1]) as src:
        profile, data = src.profile, src.read()
    profile["transform"] = rasterio.Affine(30, 0, 480005, 0, -30, 3110000)  # 5 m off the pixel grid
    shifted = tmp_path / "shifted.tif"
    with rasterio.open(shifted, "w", **profile) as dst:
        dst.write(data)
    bad = RegionConfig(scenes=(scenes[0], str(shifted)), model=str(region[2]), out=str(tmp_path / "out"), **INFERENCE)
    with pytest.raises(InputError, match="SCENES: .*shifted.tif' is not on the grid"):
        run_region(bad)
    assert not (tmp_path / "out" / "parts").exists()


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """Two overlapping 320 px scenes: two output blocks of 256 px a side, so seams inside each scene."""
    folder = tmp_path_factory.mktemp("large")
    scenes, inventory = region_scenes(folder, n=2, size=320, overlap=40)
    return scenes, inventory, region_model(folder / "model", neighbour_model)


def test_window_tasks_of_whole_blocks_equal_whole_scene_tasks_at_every_pixel(large, local_client, tmp_path):
    whole = run_region(config(large, tmp_path / "whole"))
    windows = config(large, tmp_path / "windows", part_size=200)  # rounded up to one 256 px block
    tasks = plan_tasks(windows)
    assert [t.window for t in tasks[:4]] == [(0, 0, 256, 256), (256, 0, 64, 256), (0, 256, 256, 64),
                                             (256, 256, 64, 64)] and len(tasks) == 8
    assert tasks[1].mean.name == "scene_0_r0_c256_mean.tif"
    split = run_region(windows, local_client)
    assert len(split.results) == 8 and len(list((tmp_path / "windows" / "parts").glob("*.done.json"))) == 8
    for name in ("mean", "std"):
        a, b = read(getattr(whole.mosaic, name)), read(getattr(split.mosaic, name))
        assert a.shape == (1, 320, 600) and np.array_equal(a, b)
    assert open(whole.table).read() == open(split.table).read()
    assert run_region(windows).skipped == 8



def test_cancel_stops_before_the_mosaic_and_a_rerun_resumes(region, tmp_path):
    from glacier_dl_plugin.core.errors import CancelledError
    from glacier_dl_plugin.core.progress import Monitor

    progress = []
    monitor = Monitor(progress=progress.append, is_cancelled=lambda: len(progress) >= 2)
    with pytest.raises(CancelledError):
        run_region(config(region, tmp_path), monitor=monitor)
    assert len(list((tmp_path / "parts").glob("*.done.json"))) == 2 and not (tmp_path / "mosaic_mean.vrt").exists()
    assert run_region(config(region, tmp_path)).skipped == 2
