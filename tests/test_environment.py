"""Finding the Python environment with the heavy dependencies, making it importable in QGIS's Python, saying
what to install, and the training process's command and PYTHONPATH."""
import os
import subprocess
from pathlib import Path

import pytest

from glacier_dl_plugin import environment
from glacier_dl_plugin.core.errors import MissingDependencyError

REPO = Path(__file__).resolve().parents[1]


def test_environment_finds_the_checkout_venv(monkeypatch, tmp_path):
    monkeypatch.delenv("GLACIER_DL_VENV", raising=False)
    assert environment.find_environment() == REPO / ".venv"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").touch()
    monkeypatch.setenv("GLACIER_DL_VENV", str(tmp_path))
    assert environment.find_environment() == tmp_path
    monkeypatch.setenv("GLACIER_DL_VENV", str(tmp_path / "absent"))  # a wrong setting falls back
    assert environment.find_environment() == REPO / ".venv"


def test_activate_makes_onnxruntime_importable_in_qgis_python_after_debian_numpy():
    """QGIS's own Python (/usr/bin/python3) does not see .venv until activate() appends it."""
    code = (
        "import importlib.util, sys\n"
        "assert importlib.util.find_spec('onnxruntime') is None, 'onnxruntime visible before activate()'\n"
        "from glacier_dl_plugin import environment\n"
        "root = environment.activate(); environment.activate()\n"
        "import numpy, onnxruntime\n"
        "added = [p for p in sys.path if p.startswith(str(root))]\n"
        "print(root, len(added), sys.path[-1] == added[-1], numpy.__file__, onnxruntime.get_available_providers())")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GLACIER_DL_VENV", "VIRTUAL_ENV")}
    out = subprocess.run(["/usr/bin/python3", "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    root, count, last, numpy_file, providers = out.stdout.split(" ", 4)
    assert (root, count, last) == (str(REPO / ".venv"), "1", "True")
    assert numpy_file.startswith("/usr/lib/python3/dist-packages/") and "CPUExecutionProvider" in providers


def test_require_says_what_to_install_and_how():
    environment.require("onnxruntime", "Prediction")
    with pytest.raises(MissingDependencyError) as raised:
        environment.require("no_such_module_glacier", "Prediction")
    message = str(raised.value)
    assert "Prediction needs the Python package 'no_such_module_glacier'" in message
    assert f"{REPO / '.venv' / 'bin' / 'python'} -m pip install -r {REPO / 'training' / 'requirements.txt'}" in message
    assert "GLACIER_DL_VENV" in message


def test_training_command_and_env_import_training_and_the_plugin(tmp_path):
    command = environment.training_command()
    assert command == [str(REPO / ".venv" / "bin" / "python"), "-m", "training"]
    code = "import glacier_dl_plugin, training; print(glacier_dl_plugin.__file__, list(training.__path__)[0])"
    out = subprocess.run([command[0], "-c", code], cwd=tmp_path, env=environment.training_env(),
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(REPO / "glacier_dl_plugin" / "__init__.py"), str(REPO / "training")]


def test_training_command_without_environment_says_how_to_create_one(monkeypatch, tmp_path):
    monkeypatch.setattr(environment, "_candidates", lambda: [tmp_path / "nothing"])
    with pytest.raises(MissingDependencyError, match="make setup"):
        environment.training_command()


def test_each_dependency_says_what_it_is_for_and_jinja2_is_installed_with_the_plugin(monkeypatch):
    found = {d.module: d for d in environment.dependencies()}
    assert (found["jinja2"].feature, found["onnxruntime"].feature) == ("evaluation report", "prediction")
    assert found["jinja2"].version and found["torch"].version
    monkeypatch.delenv("GLACIER_DL_VENV", raising=False)
    assert f"-r {REPO / 'glacier_dl_plugin' / 'requirements.txt'}" in environment.install_hint(["jinja2"])
    assert "jinja2" in (REPO / "glacier_dl_plugin" / "requirements.txt").read_text().split()
