"""connect(): a real LocalCluster on 127.0.0.1 with resources, a real external scheduler by address, an
unreachable address named CLUSTER, and the job script dask-jobqueue writes for a cluster file."""
import os
import subprocess
import sys
import time

import pytest

from glacier_dl_plugin.core.config.cluster import ClusterConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.jobs.cluster import jobqueue_cluster

pytest.importorskip("distributed")
from glacier_dl_plugin.core.jobs.cluster import connect  # noqa: E402


def _square(x):
    return x * x


def test_local_cluster_runs_tasks_with_resources_and_closes():
    lines = []
    with connect(ClusterConfig("local"), workers=2, resources={"GPU": 1}, log=lines.append) as client:
        workers = client.scheduler_info()["workers"]
        assert len(workers) == 2 and all(w["resources"] == {"GPU": 1} for w in workers.values())
        assert all(address.startswith("tcp://127.0.0.1:") for address in workers)
        assert client.gather(client.map(_square, range(4), resources={"GPU": 1})) == [0, 1, 4, 9]
        cluster = client.cluster
    assert cluster.status.name == "closed" and "local cluster of 2" in lines[0]


def test_an_existing_scheduler_by_address_is_left_running(tmp_path):
    file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", "0", "--no-dashboard", "--scheduler-file", str(file)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            if file.exists() and file.stat().st_size:
                break
            time.sleep(0.1)
        import json
        address = json.loads(file.read_text())["address"]
        with connect(ClusterConfig(address), workers=5, log=lambda line: None) as client:
            assert client.scheduler_info()["address"] == address
        assert scheduler.poll() is None
    finally:
        scheduler.terminate()
        scheduler.wait(30)


def test_an_unreachable_scheduler_names_cluster(monkeypatch):
    import glacier_dl_plugin.core.jobs.cluster as module
    monkeypatch.setattr(module, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(InputError, match=r"^CLUSTER: no Dask scheduler answered at tcp://127.0.0.1:9 .*"
                                         r"Start one \(dask scheduler\)"):
        with connect(ClusterConfig("tcp://127.0.0.1:9"), workers=1, log=lambda line: None):
            pass


def test_a_cluster_file_gives_the_slurm_job_script(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text(f"type: slurm\nqueue: gpu\naccount: glaciers\nwalltime: '02:00:00'\ncores: 4\nmemory: 8GB\n"
                    f"gpus: 1\ntasks_per_gpu: 2\njobs: 2\npython: {sys.executable}\nlog_directory: {tmp_path}/logs\n")
    cluster = jobqueue_cluster(ClusterConfig(str(path)).jobqueue)
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    for line in ("#SBATCH -p gpu", "#SBATCH -A glaciers", "#SBATCH -t 02:00:00", "#SBATCH --gres=gpu:1",
                 "#SBATCH --mem=8G", "--nthreads 2 --resources GPU=2", f"#SBATCH -e {tmp_path}/logs/"):
        assert line in script, (line, script)
    assert f"{sys.executable} -m distributed.cli.dask_worker" in script and os.path.isdir(tmp_path / "logs")


def test_a_local_cluster_leaves_this_processs_environment_as_it_was():
    """Dask sets OMP_NUM_THREADS=1 for its workers in the parent's environment; later training processes
    (the CLI started by QGIS) must not inherit it and run on one thread."""
    before = dict(os.environ)
    with connect(ClusterConfig("local"), workers=1, log=lambda message: None):
        pass
    assert dict(os.environ) == before
