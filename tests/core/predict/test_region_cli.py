"""The region command line: in-process, on a LocalCluster, and on a real `dask scheduler` + 2 `dask worker`
processes on 127.0.0.1 started and killed here; every run equals the in-process mosaic at every pixel."""
from pathlib import Path

import numpy as np
import pytest

from glacier_dl_plugin.core.predict.region_cli import config_from, main
from region_fixtures import dask_cluster, read, region_model, region_scenes

OPTIONS = ["--tile", "32", "--overlap", "8", "--device", "cpu"]


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region_cli")
    scenes, inventory = region_scenes(folder / "scenes", n=4)
    return folder, scenes, inventory, region_model(folder / "model")


def args(region, out, *extra):
    folder, scenes, inventory, model = region
    return ["--model", str(model), "--scenes-folder", str(folder / "scenes"), "--glaciers", str(inventory),
            "--out", str(out), *OPTIONS, *extra]


@pytest.fixture(scope="module")
def in_process(region, tmp_path_factory):
    out = tmp_path_factory.mktemp("in_process")
    assert main(args(region, out, "--cluster", "none")) == 0
    return out


def test_options_build_the_config(region, tmp_path):
    config = config_from(args(region, tmp_path, "--cluster", "none", "--workers", "3", "--cog", "--retries", "0"))
    assert [Path(s).name for s in config.scenes] == [f"scene_{i}.tif" for i in range(4)]
    assert (config.tile_size, config.overlap, config.workers, config.retries, config.cog) == (32, 8, 3, 0, True)


def test_bad_input_exits_2_naming_the_parameter(region, tmp_path, capsys):
    assert main(args(region, tmp_path, "--workers", "0")) == 2
    assert "WORKERS" in capsys.readouterr().err
    assert main(["--model", "m", "--out", str(tmp_path)]) == 2
    assert "SCENES: no scene raster" in capsys.readouterr().err


def test_in_process_run_writes_mosaic_and_table_and_a_rerun_skips(region, in_process, capsys):
    assert read(in_process / "mosaic_mean.vrt").shape == (1, 112, 160)
    assert (in_process / "glaciers.csv").read_text().count("\n") == 9  # header + 8 glaciers
    capsys.readouterr()
    assert main(args(region, in_process, "--cluster", "none")) == 0
    assert "4 scene(s), 4 already complete" in capsys.readouterr().out


def test_local_cluster_run_equals_in_process(region, in_process, tmp_path):
    assert main(args(region, tmp_path, "--cluster", "local", "--workers", "2")) == 0
    for name in ("mosaic_mean.vrt", "mosaic_std.vrt"):
        assert np.array_equal(read(tmp_path / name), read(in_process / name))


@pytest.mark.slow
def test_real_scheduler_and_two_worker_processes_equal_in_process(region, in_process, tmp_path):
    import distributed

    with dask_cluster(tmp_path, workers=2) as address, distributed.Client(address) as client:
        with distributed.get_task_stream(client) as stream:  # the scheduler records every client's tasks
            assert main(args(region, tmp_path / "out", "--cluster", address)) == 0
        names = {w["name"] for w in client.scheduler_info()["workers"].values()}
    assert names == {"w0", "w1"}
    assert len(stream.data) == 4 and len({t["worker"] for t in stream.data}) == 2  # 4 scene tasks on both workers
    for name in ("mosaic_mean.vrt", "mosaic_std.vrt"):
        assert np.array_equal(read(tmp_path / "out" / name), read(in_process / name))
    assert (tmp_path / "out" / "glaciers.csv").read_text() == (in_process / "glaciers.csv").read_text()
