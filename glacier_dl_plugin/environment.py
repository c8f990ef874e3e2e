"""Finding the Python environment that holds Glacier DL's heavy dependencies (no qgis import).

QGIS's embedded Python does not see a virtual environment, so the plugin looks for one deliberately:
``GLACIER_DL_VENV``, else ``.venv`` beside a source checkout, else ``~/.local/share/glacier_dl/venv``.
Its site-packages are appended to ``sys.path`` (Debian's numpy and GDAL keep precedence), and its
Python runs the training process.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from .core.errors import MissingDependencyError

__all__ = ["find_environment", "activate", "missing_modules", "require", "training_command", "training_env"]

PLUGIN_DIR = Path(__file__).resolve().parent
HEAVY_MODULES = ("onnxruntime", "torch", "segmentation_models_pytorch", "onnx")
INSTALL_HINT = (
    "Create the environment with `make setup` in a Glacier DL checkout, or run "
    "`/usr/bin/python3 -m venv --system-site-packages ~/.local/share/glacier_dl/venv` and "
    "`~/.local/share/glacier_dl/venv/bin/pip install -r {requirements}`; set GLACIER_DL_VENV to use another one."
)


def _candidates() -> list[Path]:
    configured = os.environ.get("GLACIER_DL_VENV")
    return ([Path(configured)] if configured else []) + [
        PLUGIN_DIR.parent / ".venv", Path.home() / ".local" / "share" / "glacier_dl" / "venv"]


def find_environment() -> Path | None:
    """The first candidate folder that holds a Python interpreter, or None."""
    return next((c for c in _candidates() if (c / "bin" / "python").exists()), None)


def _site_packages(root: Path) -> list[Path]:
    return sorted(root.glob("lib/python3*/site-packages"))


def activate() -> Path | None:
    """Append the environment's site-packages to ``sys.path`` once; returns the environment or None."""
    root = find_environment()
    if root is not None:
        for folder in _site_packages(root):
            if str(folder) not in sys.path:
                sys.path.append(str(folder))
    return root


def missing_modules(modules=HEAVY_MODULES) -> list[str]:
    """Which of ``modules`` cannot be imported from this Python (after :func:`activate`)."""
    return [m for m in modules if importlib.util.find_spec(m) is None]


def _requirements() -> Path:
    packaged = PLUGIN_DIR / "training" / "requirements.txt"
    return packaged if packaged.exists() else PLUGIN_DIR.parent / "training" / "requirements.txt"


def require(module: str, feature: str) -> None:
    """Raise MissingDependencyError saying how to install ``module`` when it cannot be imported."""
    if missing_modules([module]):
        raise MissingDependencyError(
            f"{feature} needs the Python package '{module}', which was not found. "
            + INSTALL_HINT.format(requirements=_requirements()))


def training_command() -> list[str]:
    """``[python, "-m", "training"]`` with the environment's Python."""
    root = find_environment()
    if root is None:
        raise MissingDependencyError("Training needs a Python environment with torch, but none was found. "
                                     + INSTALL_HINT.format(requirements=_requirements()))
    return [str(root / "bin" / "python"), "-m", "training"]


def training_env() -> dict[str, str]:
    """Environment of the training process: PYTHONPATH reaches ``training`` and ``glacier_dl_plugin``.

    In a source checkout both sit in the repository root; in the packaged plugin ``training/`` is inside
    the plugin folder.
    """
    paths = [str(PLUGIN_DIR.parent)]
    if (PLUGIN_DIR / "training").is_dir():
        paths.append(str(PLUGIN_DIR))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    env["PYTHONUNBUFFERED"] = "1"
    return env
