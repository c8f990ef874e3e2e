"""Running one bad-input or fault case as a user would, and checking what the user sees and what is left.

A case runs a real process (``qgis_process.bin`` or the training CLI), then checks the exit status, that the
message holds the expected words (the parameter and the fix), that no Python traceback reached the user and
that the output folder holds nothing new but complete outputs. :func:`signal_run` signals a real process by its
pid (or its process group) once its run is under way; :func:`assert_no_orphans` checks that nothing it
started goes on.
"""
from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import psutil

from glacier_dl_plugin.qgis_process import QgisProcess

__all__ = ["Outcome", "listing", "run_case", "run_command", "assert_clean_failure", "partial_files", "signal_run",
           "assert_no_orphans"]

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


def signal_run(start: Callable[[], subprocess.Popen], folder: Path, ready: Callable[[subprocess.Popen], bool],
               signum: int, group: bool = False, timeout: float = 120.0) -> tuple[Outcome, list[psutil.Process]]:
    """Start a real process (``start``: text pipes for stdout and stderr), wait until ``ready(process)`` says
    its run is under way (e.g. a partial file appeared), send ``signum`` to its pid (to its process group with
    ``group``: start it with ``start_new_session=True``), and report what the user saw and what changed in
    ``folder``. Also returns every process it had started when signalled (see :func:`assert_no_orphans`)."""
    before = listing(folder)
    process = start()
    try:
        deadline = time.monotonic() + timeout
        while not ready(process):
            if process.poll() is not None:
                out, err = process.communicate()
                raise AssertionError(f"ended ({process.returncode}) before its run was under way:\n{out}\n{err}")
            assert time.monotonic() < deadline, "the run never got under way"
            time.sleep(0.05)
        descendants = psutil.Process(process.pid).children(recursive=True)
        (os.killpg if group else os.kill)(process.pid, signum)
        out, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return Outcome(process.returncode, (out or "") + (err or ""), listing(folder) - before), descendants


def assert_no_orphans(processes: list[psutil.Process], timeout: float = 30.0) -> None:
    """Every process in ``processes`` has ended within ``timeout`` seconds (none goes on orphaned)."""
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, f"still running: {[(p.pid, ' '.join(p.cmdline()[:5])) for p in alive]}"
