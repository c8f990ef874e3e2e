"""Finding the Python environment that holds Glacier DL's heavy dependencies (no qgis import).

QGIS's embedded Python does not see a virtual environment, so the plugin looks for one on purpose, in this
order: the folder named by ``GLACIER_DL_VENV``; ``.venv`` beside a source checkout (what ``make setup``
creates); ``~/.local/share/glacier_dl/venv``. Its site-packages are *appended* to ``sys.path`` so that
Debian's numpy and GDAL, which QGIS is built against, keep precedence; its Python runs the training process.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import multiprocessing
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .core.errors import MissingDependencyError

__all__ = ["Dependency", "HEAVY_MODULES", "INFERENCE_MODULES", "find_environment", "activate", "missing_modules",
           "dependencies", "install_hint", "require", "training_command", "training_env"]

PLUGIN_DIR = Path(__file__).resolve().parent
DEFAULT_VENV = Path.home() / ".local" / "share" / "glacier_dl" / "venv"
# What the plugin imports lazily, so that it loads (and says what is missing) without them.
HEAVY_MODULES = ("onnxruntime", "torch", "segmentation_models_pytorch", "onnx", "jinja2", "distributed",
                 "dask_jobqueue")
# What the plugin's requirements.txt (the inference set) provides; the rest come from training's.
INFERENCE_MODULES = ("onnxruntime", "jinja2", "distributed", "dask_jobqueue")
# module -> (what it is for, distributions that provide it)
_KNOWN = {
    "onnxruntime": ("prediction", ("onnxruntime-gpu", "onnxruntime")),
    "torch": ("training", ("torch",)),
    "segmentation_models_pytorch": ("training", ("segmentation-models-pytorch",)),
    "onnx": ("training (ONNX export)", ("onnx",)),
    "jinja2": ("evaluation report", ("Jinja2",)),
    "distributed": ("scale-out (cluster)", ("distributed",)),
    "dask_jobqueue": ("scale-out (cluster)", ("dask-jobqueue",)),
}
_PLUGIN_MODULES = set(INFERENCE_MODULES)
_DIALOG = "Plugins > Glacier DL > About / dependencies… > Install dependencies…"


@dataclass(frozen=True)
class Dependency:
    """One heavy Python package: its import name, the feature needing it, its version (None: missing)."""

    module: str
    feature: str
    version: str | None


def _candidates() -> list[Path]:
    configured = os.environ.get("GLACIER_DL_VENV")
    return ([Path(configured).expanduser()] if configured else []) + [PLUGIN_DIR.parent / ".venv", DEFAULT_VENV]


def _python(root: Path) -> Path | None:
    for candidate in (root / "bin" / "python", root / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return None


def find_environment() -> Path | None:
    """The root of the first candidate environment that holds a Python interpreter, or None."""
    return next((c for c in _candidates() if _python(c) is not None), None)


def _site_packages(root: Path) -> list[Path]:
    """The environment's site-packages for *this* interpreter's Python version (compiled modules are
    version-specific, so a venv made by another Python is not mixed in)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return [p for p in (root / "lib" / version / "site-packages", root / "Lib" / "site-packages") if p.is_dir()]


def activate() -> Path | None:
    """Append the environment's site-packages to ``sys.path`` (once); returns the environment or None.

    Inside QGIS, Python guesses ``sys.executable`` from the PATH (QGIS is not a Python), and processes
    started with multiprocessing's *spawn* (Dask's local worker processes) would run whatever Python that is
    (e.g. a pyenv one, failing on QGIS's standard library): when it is not this interpreter's installation
    they run the environment's Python instead, which sees QGIS's packages too (``--system-site-packages``).
    """
    root = find_environment()
    if root is not None:
        for folder in _site_packages(root):
            if str(folder) not in sys.path:
                sys.path.append(str(folder))
        importlib.invalidate_caches()
        python = _python(root)
        if python is not None and Path(sys.executable).parent.parent != Path(sys.prefix):
            multiprocessing.set_executable(str(python))
    return root


def missing_modules(modules: Sequence[str] = HEAVY_MODULES) -> list[str]:
    """Which of ``modules`` this Python cannot import (call :func:`activate` first)."""
    missing = []
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    return missing


def _version(module: str) -> str | None:
    if missing_modules([module]):
        return None
    for distribution in _KNOWN.get(module, ("", (module,)))[1]:
        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown version"


def dependencies(modules: Sequence[str] = HEAVY_MODULES) -> list[Dependency]:
    """What each heavy module is for and which version is importable (None: missing)."""
    return [Dependency(m, _KNOWN.get(m, ("Glacier DL",))[0], _version(m)) for m in modules]


def _requirements(modules: Sequence[str]) -> Path:
    """The requirements file covering ``modules``: the plugin's (prediction, report) or training's (everything).

    A source checkout has ``training/`` beside the plugin folder, the packaged plugin inside it.
    """
    if set(modules) <= _PLUGIN_MODULES:
        return PLUGIN_DIR / "requirements.txt"
    packaged = PLUGIN_DIR / "training" / "requirements.txt"
    return packaged if packaged.exists() else PLUGIN_DIR.parent / "training" / "requirements.txt"


def install_hint(modules: Sequence[str] = HEAVY_MODULES) -> str:
    """How to install ``modules`` into the environment Glacier DL uses, as one paragraph."""
    requirements = _requirements(modules)
    root = find_environment()
    if root is not None:
        return (f"Install them into the environment Glacier DL uses ({root}): "
                f"`{_python(root)} -m pip install -r {requirements}` "
                "(or point the GLACIER_DL_VENV environment variable to another environment), then restart QGIS; "
                f"or use {_DIALOG}, which needs no restart.")
    return (f"No Python environment was found (looked in: {', '.join(str(c) for c in _candidates())}). "
            "Create one with `make setup` in a Glacier DL checkout, or with "
            f"`/usr/bin/python3 -m venv --system-site-packages {DEFAULT_VENV}` and "
            f"`{DEFAULT_VENV}/bin/python -m pip install -r {requirements}`, using the same Python version as "
            "QGIS; set GLACIER_DL_VENV to use an environment elsewhere. Then restart QGIS. "
            f"Easier: {_DIALOG} does all this, without a restart.")


def require(module: str, feature: str) -> None:
    """Raise MissingDependencyError, saying how to install ``module``, when it cannot be imported.

    Args:
        module: import name, e.g. ``"onnxruntime"``.
        feature: what needs it, as users read it, e.g. ``"Prediction"``.
    """
    if missing_modules([module]):
        raise MissingDependencyError(
            f"{feature} needs the Python package '{module}', which was not found. " + install_hint([module]))


def training_command() -> list[str]:
    """``[python, "-m", "training"]`` with the environment's Python.

    Raises:
        MissingDependencyError: no environment was found.
    """
    root = find_environment()
    python = _python(root) if root is not None else None
    if python is None:
        raise MissingDependencyError(
            "Training runs in a Python environment with torch, but none was found. " + install_hint())
    return [str(python), "-m", "training"]


def training_env() -> dict[str, str]:
    """A copy of ``os.environ`` whose PYTHONPATH reaches both ``training`` and ``glacier_dl_plugin``.

    In a source checkout both sit in the repository root; the packaged plugin carries ``training/`` inside
    the plugin folder, so that folder is added after its parent.
    """
    paths = [str(PLUGIN_DIR.parent)]
    if (PLUGIN_DIR / "training").is_dir():
        paths.append(str(PLUGIN_DIR))
    env = dict(os.environ)
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONUNBUFFERED"] = "1"
    return env
