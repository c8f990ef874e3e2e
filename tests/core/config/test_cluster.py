"""CLUSTER: local, a scheduler address or a YAML cluster file; every bad value named CLUSTER with the fix."""
import pytest

from glacier_dl_plugin.core.config.cluster import ClusterConfig, JobQueueSpec
from glacier_dl_plugin.core.errors import InputError


def test_local_is_the_default_and_an_address_is_kept():
    assert ClusterConfig().kind == "local" and ClusterConfig("").is_local
    config = ClusterConfig("tcp://127.0.0.1:8786")
    assert (config.kind, config.address, config.jobqueue) == ("address", "tcp://127.0.0.1:8786", None)


def test_a_cluster_file_becomes_a_jobqueue_spec(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text("type: slurm\nqueue: gpu\naccount: glaciers\nwalltime: 04:00:00\ncores: 8\n"
                    "memory: 32GB\ngpus: 2\ntasks_per_gpu: 2\njobs: 3\njob_extra_directives: [--exclusive]\n")
    config = ClusterConfig(str(path))
    assert (config.kind, config.path) == ("file", str(path))
    spec = config.jobqueue
    assert (spec.queue, spec.account, spec.cores, spec.memory, spec.jobs) == ("gpu", "glaciers", 8, "32GB", 3)
    assert spec.walltime == "04:00:00"  # YAML reads the unquoted time as 14400 s; it is written back
    assert spec.job_extra_directives == ("--exclusive",)
    assert spec.resources() == {"GPU": 4} and JobQueueSpec().resources() == {}


@pytest.mark.parametrize("text, message", [
    ("tcp://host:port", r"^CLUSTER: 'tcp://host:port' is not a Dask scheduler address. Give tcp://host:port"),
    ("http://x y:1", r"^CLUSTER: .* is not a Dask scheduler address"),
    ("/nowhere/cluster.yaml", r"^CLUSTER: '/nowhere/cluster.yaml' is neither local, .* nor an existing file. "
                              r"Give local, tcp://host:port, or the path of a YAML cluster file"),
])
def test_bad_texts_name_cluster(text, message):
    with pytest.raises(InputError, match=message):
        ClusterConfig(text)


@pytest.mark.parametrize("content, message", [
    ("type: slurm\nqueues: gpu\nnodes: 2\n", r"^CLUSTER: cluster file .* has unknown key\(s\) nodes, queues. "
                                             r"Use only: type, queue, account, walltime, cores, memory, gpus"),
    ("cores: many\n", r"^CLUSTER: cluster file .*, key cores: 'many' is not a whole number. Give a whole number"),
    ("jobs: 0\n", r"^CLUSTER: cluster file .*, key jobs: must be at least 1, got 0"),
    ("type: sge\n", r"^CLUSTER: cluster file .*, key type: .*sge"),
    ("- a\n- b\n", r"^CLUSTER: cluster file .* is not a YAML mapping"),
    ("walltime: soon\n", r"^CLUSTER: walltime 'soon' is not a time limit. Write it as HH:MM:SS"),
    ("type: [unclosed\n", r"^CLUSTER: cannot read cluster file"),
])
def test_bad_cluster_files_name_cluster_and_list_the_keys(tmp_path, content, message):
    path = tmp_path / "cluster.yaml"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        ClusterConfig(str(path))
