"""Running Glacier DL algorithms through QGIS's command-line tool ``qgis_process`` (batch use, demo, tests).

No qgis import here: this starts ``qgis_process.bin`` (the Debian ``qgis_process`` wrapper is broken in
3.22) with the plugin found through ``QGIS_PLUGINPATH``, in a profile of its own so the user's QGIS
settings are never touched.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["QgisProcess"]

PLUGIN_DIR = Path(__file__).resolve().parent


def _executable() -> str:
    for candidate in ("qgis_process.bin", "qgis_process"):
        found = shutil.which(candidate)
        if found:
            return found
    raise FileNotFoundError("qgis_process not found: install QGIS (Debian: apt-get install qgis).")


class QgisProcess:
    """One isolated qgis_process profile with the Glacier DL plugin enabled.

    Args:
        profile_dir: folder for QGIS's settings and runtime files (created).
    """

    def __init__(self, profile_dir: str | os.PathLike) -> None:
        self.profile_dir = Path(profile_dir)
        runtime = self.profile_dir / "runtime"
        runtime.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        self.env = {**os.environ, "QGIS_PLUGINPATH": str(PLUGIN_DIR.parent), "QT_QPA_PLATFORM": "offscreen",
                    "XDG_RUNTIME_DIR": str(runtime), "XDG_DATA_HOME": str(self.profile_dir / "data"),
                    "XDG_CONFIG_HOME": str(self.profile_dir / "config")}
        self._call(["plugins", "enable", PLUGIN_DIR.name])

    def _call(self, arguments: Sequence[str]) -> subprocess.CompletedProcess:
        return subprocess.run([_executable(), *arguments], env=self.env, capture_output=True, text=True)

    @staticmethod
    def _run_arguments(algorithm: str, parameters: Mapping[str, object]) -> list[str]:
        arguments = ["run", f"glacierdl:{algorithm}", "--json", "--"]
        for name, value in parameters.items():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                arguments.append(f"{name}={item}")
        return arguments

    def run(self, algorithm: str, parameters: Mapping[str, object]) -> subprocess.CompletedProcess:
        """Run ``glacierdl:<algorithm>``; list values repeat the parameter (several input layers)."""
        return self._call(self._run_arguments(algorithm, parameters))

    def start(self, algorithm: str, parameters: Mapping[str, object]) -> subprocess.Popen:
        """Start ``glacierdl:<algorithm>`` without waiting (e.g. to signal it by its pid); stdout and stderr
        are text pipes (read them with ``communicate()``)."""
        return subprocess.Popen([_executable(), *self._run_arguments(algorithm, parameters)], env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def results(self, algorithm: str, parameters: Mapping[str, object]) -> dict:
        """Run and return the algorithm's results; raises RuntimeError with QGIS's output on failure."""
        done = self.run(algorithm, parameters)
        if done.returncode != 0:
            raise RuntimeError(f"glacierdl:{algorithm} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout[done.stdout.index("{"):])["results"]
