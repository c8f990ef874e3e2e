"""Running one bad-input or fault case as a user would, and checking what the user sees and what is left.

A case runs a real process (``qgis_process.bin`` or the training CLI), then checks the exit status, that the
message holds the expected words (the parameter and the fix), that no Python traceback reached the user and
that the output folder holds nothing new but complete outputs.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from glacier_dl_plugin.qgis_process import QgisProcess

__all__ = ["Outcome", "listing", "run_case", "run_command", "assert_clean_failure", "partial_files"]

PARTIAL_MARKERS = (".partial", ".tmp", ".training", "~")
"""Name parts of files an interrupted write would leave (atomic outputs are written under such names)."""


@dataclass(frozen=True)
class Outcome:
    """What a user sees of one run: exit status, the text printed, and the files added to the folder."""

    returncode: int
    text: str
    added: frozenset[str]


def listing(folder: Path) -> frozenset[str]:
    """Every path under ``folder``, relative to it (folders included)."""
    return frozenset(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else frozenset()


def run_case(qgis: QgisProcess, algorithm: str, parameters: Mapping[str, object], folder: Path) -> Outcome:
    """Run ``glacierdl:<algorithm>`` and report what changed in ``folder``."""
    before = listing(folder)
    done = qgis.run(algorithm, parameters)
    return Outcome(done.returncode, done.stdout + done.stderr, listing(folder) - before)


def run_command(command: list[str], folder: Path, **kwargs) -> Outcome:
    """Run a command line (e.g. the training CLI) and report what changed in ``folder``."""
    before = listing(folder)
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    return Outcome(done.returncode, done.stdout + done.stderr, listing(folder) - before)


def assert_clean_failure(outcome: Outcome, words: Iterable[str]) -> None:
    """A failure the user can act on: non-zero exit, every word in the message, no traceback, nothing new."""
    assert outcome.returncode != 0, outcome.text
    missing = [w for w in words if w not in outcome.text]
    assert not missing, f"{missing} not in: {outcome.text[-2000:]}"
    assert "Traceback" not in outcome.text, outcome.text[-3000:]
    assert not outcome.added, f"left behind: {sorted(outcome.added)}"


def partial_files(folder: Path) -> list[str]:
    """Paths under ``folder`` that look like an unfinished write."""
    return sorted(p for p in listing(folder) if any(m in Path(p).name for m in PARTIAL_MARKERS))
