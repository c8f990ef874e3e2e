"""Installing Glacier DL's dependencies into its own virtual environment, from QGIS (no qgis import).

The environment is made with QGIS's own Python and ``--system-site-packages``, so Debian's numpy (< 2), GDAL
and QGIS stay visible and keep precedence; pip then installs one of two sets in one of two variants:

======================  ================================================================================
set / variant           what pip installs
======================  ================================================================================
inference, CUDA         ``glacier_dl_plugin/requirements.txt`` as written: onnxruntime-gpu (its CPU
                        provider also serves machines without a GPU), jinja2, distributed, dask-jobqueue
inference, CPU          the same with ``onnxruntime`` (CPU only, smaller) instead of onnxruntime-gpu
training, CUDA / CPU    ``training/requirements.txt`` (the inference set plus torch, torchvision, smp, onnx,
                        safetensors, matplotlib), onnxruntime as above. torch comes from the index pip is
                        configured with (pip.conf / PIP_INDEX_URL): PyPI's Linux wheels carry CUDA and also
                        run on CPU; the separate CPU-only wheel index is not assumed to be reachable.
======================  ================================================================================

onnxruntime and onnxruntime-gpu are never both installed: in an existing environment the other one is
uninstalled first. :class:`Installer` runs the steps in their own process group, so Cancel terminates pip
and its children; a cancelled or failed run removes an environment it had only begun to create.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from . import environment

__all__ = ["SETS", "VARIANTS", "Step", "PipProgress", "Installer", "qgis_python", "target_environment",
           "requirements_for", "plan"]

SETS: dict[str, str] = {"inference": "prediction, evaluation report, scale-out",
                        "training": "everything for inference plus training (torch)"}
VARIANTS: dict[str, str] = {"cuda": "onnxruntime-gpu (NVIDIA GPU or CPU)", "cpu": "onnxruntime (CPU only)"}
DependencySet = Literal["inference", "training"]
Variant = Literal["cuda", "cpu"]
_ORT = {"cuda": "onnxruntime-gpu", "cpu": "onnxruntime"}


@dataclass(frozen=True)
class Step:
    """One command of an installation, with the share of the progress bar it covers (0..1)."""

    label: str
    command: tuple[str, ...]
    weight: float


def qgis_python() -> tuple[Path, str]:
    """QGIS's own Python interpreter and how it was found.

    Inside QGIS ``sys.executable`` is the qgis binary, so it is not used. Tried in order:
    ``sys._base_executable`` when it is a python; ``<sys.base_prefix>/bin/python3.X`` and ``python3``;
    ``python3`` on the PATH (only if it is the same version, checked by the caller's venv step).

    Raises:
        FileNotFoundError: no interpreter was found.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    base = getattr(sys, "_base_executable", "") or ""
    if base and Path(base).name.startswith("python") and Path(base).exists():
        return Path(base), "sys._base_executable"
    for name in (version, "python3", "python.exe"):
        candidate = Path(sys.base_prefix) / ("" if name.endswith(".exe") else "bin") / name
        if candidate.exists():
            return candidate, f"sys.base_prefix ({sys.base_prefix})"
    found = shutil.which(version) or shutil.which("python3")
    if found:
        return Path(found), "the PATH"
    raise FileNotFoundError(f"no {version} interpreter was found beside QGIS (prefix {sys.base_prefix}) "
                            "or on the PATH")


def target_environment() -> Path:
    """Where the installer installs: ``GLACIER_DL_VENV`` if set (created when absent), else the environment
    Glacier DL already uses (:func:`environment.find_environment`), else the per-user default."""
    configured = os.environ.get("GLACIER_DL_VENV")
    if configured:
        return Path(configured).expanduser()
    return environment.find_environment() or environment.DEFAULT_VENV


def _read(path: Path, seen: set[Path]) -> list[str]:
    lines: list[str] = []
    if path in seen:
        return lines
    seen.add(path)
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            lines += _read((path.parent / line[3:].strip()).resolve(), seen)
        elif line:
            lines.append(line)
    return lines


def requirements_for(which: DependencySet, variant: Variant) -> list[str]:
    """The requirement specifiers of a set (``-r`` includes followed), onnxruntime as the variant wants."""
    modules = environment.INFERENCE_MODULES if which == "inference" else environment.HEAVY_MODULES
    specs = _read(environment._requirements(modules).resolve(), set())
    wanted, other = _ORT[variant], _ORT["cpu" if variant == "cuda" else "cuda"]
    return [wanted + s[len(other):] if re.match(rf"{re.escape(other)}\b(?!-)", s) else s for s in specs]


def plan(which: DependencySet, variant: Variant, target: Path | None = None,
         python: Path | None = None) -> list[Step]:
    """The commands that install ``which`` in ``variant`` into ``target`` (default :func:`target_environment`)."""
    target = target or target_environment()
    python = python or qgis_python()[0]
    venv_python = str(target / "bin" / "python")
    pip = (venv_python, "-m", "pip", "--disable-pip-version-check", "--no-input")
    steps = []
    if environment._python(target) is None:
        steps.append(Step("Create the environment", (str(python), "-m", "venv", "--system-site-packages",
                                                     str(target)), 0.1))
    else:
        other = _ORT["cpu" if variant == "cuda" else "cuda"]
        steps.append(Step(f"Remove {other} (one ONNX Runtime only)", (*pip, "uninstall", "-y", other), 0.05))
    specs = requirements_for(which, variant)
    numpy = [] if any(re.match(r"numpy\b", s) for s in specs) else ["numpy<2"]  # Debian's QGIS needs numpy 1
    steps.append(Step("Install " + which, (*pip, "install", *numpy, *specs), 1.0 - steps[0].weight))
    return steps


class PipProgress:
    """Turns pip's output lines into a fraction (0..1) of one pip step.

    pip does not know the total ahead: each ``Collecting`` line moves the resolve/download phase a little
    closer to 0.7 (``0.7 * n / (n + 4)``), ``Installing collected packages`` sets 0.8, ``Successfully
    installed`` 1.0; pip >= 24.1's ``Progress N of M`` lines (``--progress-bar raw``) are used within a download.
    """

    def __init__(self) -> None:
        self.collected = 0
        self.fraction = 0.0

    def feed(self, line: str) -> float:
        text = line.strip()
        raw = re.match(r"Progress (\d+) of (\d+)", text)
        if text.startswith(("Collecting ", "Requirement already satisfied")):
            self.collected += 1
            self.fraction = max(self.fraction, 0.7 * self.collected / (self.collected + 4))
        elif raw and int(raw.group(2)) > 0:
            step = 0.7 / (self.collected + 4) * 4 / (self.collected + 5)  # the room to the next Collecting
            self.fraction = max(self.fraction, 0.7 * self.collected / (self.collected + 4)
                                + step * int(raw.group(1)) / int(raw.group(2)))
        elif text.startswith("Installing collected packages"):
            self.fraction = max(self.fraction, 0.8)
        elif text.startswith("Successfully installed"):
            self.fraction = 1.0
        return self.fraction


class Installer:
    """Runs :func:`plan`'s steps, reporting log lines and overall progress, until done, failed or cancelled.

    Args:
        steps: from :func:`plan`.
        target: the environment folder; removed on cancel or failure if this run began creating it.
        log: called with each output line (and each command, prefixed ``$``).
        progress: called with the overall fraction 0..1.
        cancelled: polled between lines; when it returns True the process group is terminated.
    """

    def __init__(self, steps: list[Step], target: Path, log: Callable[[str], None] = print,
                 progress: Callable[[float], None] = lambda _f: None,
                 cancelled: Callable[[], bool] = lambda: False) -> None:
        self.steps, self.target = steps, Path(target)
        self.log, self.progress, self.cancelled = log, progress, cancelled
        self.created = not self.target.exists()
        self.process: subprocess.Popen | None = None
        self.pgid: int | None = None
        self._cancel = False

    def cancel(self) -> None:
        """Stop now (from any thread): terminate the running step; :meth:`run` then returns ``cancelled``."""
        self._cancel = True
        self.terminate()

    def _stopped(self) -> bool:
        return self._cancel or self.cancelled()

    def run(self) -> Literal["done", "failed", "cancelled"]:
        """Run every step; on anything but ``done`` a half-made environment is removed."""
        outcome: Literal["done", "failed", "cancelled"] = "done"
        done = 0.0
        for step in self.steps:
            outcome = self._run_step(step, done)
            if outcome != "done":
                break
            done += step.weight
            self.progress(min(done, 1.0))
        if outcome != "done" and self.created and self.target.exists():
            shutil.rmtree(self.target, ignore_errors=True)
            self.log(f"Removed the unfinished environment {self.target}")
        return outcome

    def _run_step(self, step: Step, done: float) -> Literal["done", "failed", "cancelled"]:
        if self._stopped():
            return "cancelled"
        self.log(f"$ {' '.join(step.command)}")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PIP_PROGRESS_BAR": "off"}
        env.pop("PYTHONPATH", None)
        env.pop("PYTHONHOME", None)
        self.process = subprocess.Popen(step.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env=env, start_new_session=True, bufsize=1)
        self.pgid = self.process.pid  # start_new_session: the child leads its own process group
        parser = PipProgress()
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log(line.rstrip())
            self.progress(done + step.weight * parser.feed(line))
            if self._stopped():
                self.terminate()
                return "cancelled"
        code = self.process.wait()
        if self._stopped():
            return "cancelled"
        if code != 0:
            self.log(f"{step.label} failed (exit status {code}).")
            return "failed"
        return "done"

    def terminate(self, grace_s: float = 5.0) -> None:
        """Terminate the running step's whole process group (pip and its children), then kill it if needed."""
        if self.process is None or self.pgid is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, grace_s), (signal.SIGKILL, grace_s)):
            try:
                os.killpg(self.pgid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                if sig == signal.SIGKILL or not _group_alive(self.pgid):
                    break
            except subprocess.TimeoutExpired:
                continue
        self.process.wait()
        self.log("Cancelled.")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
