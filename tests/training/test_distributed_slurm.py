"""A member trained through a real Slurm: a cluster file describing a dask-jobqueue SLURMCluster (one job of
one core), submitted with sbatch to the single-node Slurm that .ci/slurm.sh installs and starts. Skips,
saying why, only where there is no sbatch or the Slurm cluster is down."""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glacier_dl_plugin.core.progress import Monitor
from training.fit import fit_ensemble
from training_fixtures import TINY_CONFIG

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _slurm_down() -> str | None:
    """Why Slurm cannot run a job here, or None."""
    if shutil.which("sbatch") is None:
        return "no sbatch on this machine (run .ci/slurm.sh as root to install a single-node Slurm)"
    try:
        states = subprocess.run(["sinfo", "-h", "-N", "-o", "%T"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"sinfo did not answer ({error})"
    if states.returncode or not any(s.startswith(("idle", "mixed")) for s in states.stdout.split()):
        return f"the Slurm cluster is down (sinfo: {(states.stdout + states.stderr).strip() or 'no nodes'})"
    return None


@pytest.mark.skipif(_slurm_down() is not None, reason=str(_slurm_down()))
def test_a_member_trains_in_a_slurm_job(tiny_dataset, tmp_path):
    logs = tmp_path / "slurm-logs"
    cluster = tmp_path / "cluster.yaml"
    cluster.write_text(f"type: slurm\nwalltime: '00:15:00'\ncores: 1\nmemory: 2GB\njobs: 1\n"
                       f"python: {sys.executable}\nlocal_directory: {tmp_path / 'scratch'}\nlog_directory: {logs}\n"
                       f"job_script_prologue: ['cd {REPO}', 'export OMP_NUM_THREADS=1']\n")
    lines: list[str] = []
    config = dataclasses.replace(TINY_CONFIG, members=1, epochs=2, patience=0, cluster=str(cluster))
    model = fit_ensemble(tiny_dataset, tmp_path / "model", config, Monitor(log=lines.append))
    manifest = json.loads((model / "ensemble.json").read_text())
    assert [(m["name"], m["epochs_trained"]) for m in manifest["members"]] == [("member_00", 2)]
    script = next(line for line in lines if line.startswith("Dask: slurm cluster from"))
    assert "#SBATCH -n 1" in script and "#SBATCH --cpus-per-task=1" in script and "#SBATCH -t 00:15:00" in script
    assert any(line.startswith("member_00: on Dask worker tcp://") for line in lines)
    assert any(path.name.endswith(".err") for path in logs.iterdir())  # the batch job's own log
