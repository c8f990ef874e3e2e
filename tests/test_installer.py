"""Installing the dependencies from QGIS: which commands, pip's progress, a real install and a real cancel."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from glacier_dl_plugin import installer
from glacier_dl_plugin.installer import Installer, PipProgress, plan, requirements_for

REPO = Path(__file__).resolve().parents[1]


def test_qgis_python_is_a_python_of_this_version_not_the_qgis_binary():
    python, how = installer.qgis_python()
    assert python.name.startswith("python") and python.exists() and how
    out = subprocess.run([str(python), "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == str(tuple(sys.version_info[:2]))


def test_target_is_glacier_dl_venv_else_the_environment_in_use_else_the_per_user_default(monkeypatch, tmp_path):
    monkeypatch.setenv("GLACIER_DL_VENV", str(tmp_path / "env"))
    assert installer.target_environment() == tmp_path / "env"  # not there yet: the installer creates it
    monkeypatch.delenv("GLACIER_DL_VENV")
    assert installer.target_environment() == REPO / ".venv"  # what find_environment() uses in a checkout
    monkeypatch.setattr(installer.environment, "find_environment", lambda: None)
    assert installer.target_environment() == Path.home() / ".local" / "share" / "glacier_dl" / "venv"


def test_variants_install_exactly_one_onnxruntime():
    cuda, cpu = requirements_for("inference", "cuda"), requirements_for("inference", "cpu")
    assert "onnxruntime-gpu==1.31.*" in cuda and not any(s.startswith("onnxruntime=") for s in cuda)
    assert "onnxruntime==1.31.*" in cpu and not any("onnxruntime-gpu" in s for s in cpu)
    assert "numpy<2" in cuda and "distributed==2026.8.*" in cpu and "dask-jobqueue==0.9.*" in cpu
    training = requirements_for("training", "cpu")
    assert {"torch==2.14.*", "torchvision==0.29.*", "onnxruntime==1.31.*", "numpy<2"} <= set(training)
    assert not any("onnxruntime-gpu" in s for s in training) and not any(s.startswith("-r") for s in training)


def test_plan_creates_a_fresh_environment_with_system_site_packages(tmp_path):
    steps = plan("inference", "cuda", tmp_path / "env", Path("/usr/bin/python3"))
    assert [s.command[:5] for s in steps[:1]] == [
        ("/usr/bin/python3", "-m", "venv", "--system-site-packages", str(tmp_path / "env"))]
    install = steps[1].command
    assert install[:3] == (str(tmp_path / "env" / "bin" / "python"), "-m", "pip") and "install" in install
    assert "onnxruntime-gpu==1.31.*" in install and sum(s.weight for s in steps) == pytest.approx(1.0)


def test_plan_for_an_existing_environment_first_removes_the_other_onnxruntime(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").touch()
    steps = plan("inference", "cpu", tmp_path, Path("/usr/bin/python3"))
    assert steps[0].command[-3:] == ("uninstall", "-y", "onnxruntime-gpu") and "venv" not in steps[0].command
    assert "onnxruntime==1.31.*" in steps[1].command


def test_pip_progress_rises_monotonically_to_one():
    lines = ["Collecting onnxruntime-gpu==1.31.*", "  Downloading onnxruntime_gpu-1.31.1.whl (255.6 MB)",
             "Progress 50 of 100", "Requirement already satisfied: numpy<2 in /usr/lib/python3/dist-packages",
             "Collecting distributed==2026.8.*", "Installing collected packages: distributed, onnxruntime-gpu",
             "Successfully installed distributed-2026.8.0 onnxruntime-gpu-1.31.1"]
    parser = PipProgress()
    fractions = [parser.feed(line) for line in lines]
    assert fractions == sorted(fractions) and 0 < fractions[0] < fractions[2] < 0.7
    assert fractions[-2] == 0.8 and fractions[-1] == 1.0


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_installer_creates_a_fresh_environment_and_installs_the_inference_set(tmp_path):
    """Real venv + real pip from the configured index; numpy stays Debian's 1.x and every module imports."""
    target = tmp_path / "venv"
    lines, fractions = [], []
    outcome = Installer(plan("inference", "cuda", target), target, lines.append, fractions.append).run()
    assert outcome == "done", "\n".join(lines[-30:])
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(line.startswith("Successfully installed") and "onnxruntime-gpu" in line for line in lines)
    code = ("import importlib.metadata as m, numpy, onnxruntime, jinja2, distributed, dask_jobqueue\n"
            "names = {d.metadata['Name'].lower() for d in m.distributions()}\n"
            "print(numpy.__version__, 'onnxruntime' in names, onnxruntime.get_available_providers()[-1])")
    out = subprocess.run([str(target / "bin" / "python"), "-c", code], capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")})
    assert out.returncode == 0, out.stderr
    numpy_version, plain_ort, provider = out.stdout.split()
    assert int(numpy_version.split(".")[0]) < 2 and plain_ort == "False" and provider == "CPUExecutionProvider"


@pytest.mark.slow
def test_cancel_terminates_pip_and_removes_the_half_made_environment(tmp_path):
    target = tmp_path / "venv"
    lines: list[str] = []
    run = Installer(plan("inference", "cuda", target), target, lines.append)
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(run.run()))
    worker.start()
    while worker.is_alive() and not any(line.startswith("Collecting") for line in lines):
        worker.join(0.05)
    assert worker.is_alive(), "pip finished before it could be cancelled:\n" + "\n".join(lines[-20:])
    pgid = run.pgid
    run.cancel()  # from another thread, as the dialog's Cancel button does
    worker.join(30)
    assert result == ["cancelled"] and not target.exists()
    assert pgid is not None and not _group_alive(pgid)  # no orphan pip (nor any child of it)
    assert f"Removed the unfinished environment {target}" in lines[-2:] and "Cancelled." in lines
