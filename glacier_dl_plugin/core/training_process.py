"""Run ``python -m training fit`` as a child process and follow its JSON-lines progress protocol.

Training runs in its own process so torch never loads into QGIS, a crash cannot take QGIS down, and the
job can be stopped cleanly. The protocol is described in ``docs/formats.md``.
"""
from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Iterator, Sequence

from .config import TrainConfig
from .errors import CancelledError, GlacierDLError, InputError
from .progress import SILENT, Monitor

__all__ = ["fit_arguments", "run_training"]

_STOP_GRACE_S = 20  # the child removes its partial output on SIGTERM; give it time before killing
_POLL_S = 0.2  # how often cancellation is checked while the child is silent


def fit_arguments(dataset: str, output: str, config: TrainConfig, overwrite: bool) -> list[str]:
    """Command-line arguments of ``training fit`` for one configuration."""
    arguments = ["fit", "--dataset", str(dataset), "--out", str(output),
                 "--members", str(config.members), "--epochs", str(config.epochs),
                 "--batch-size", str(config.batch_size), "--lr", str(config.learning_rate),
                 "--architecture", config.architecture, "--encoder", config.encoder,
                 "--encoder-depth", str(config.encoder_depth), "--device", config.device,
                 "--seed", str(config.seed)]
    if config.encoder_weights:
        arguments += ["--encoder-weights", config.encoder_weights]
    return arguments + (["--overwrite"] if overwrite else [])


def _handle(line: str, monitor: Monitor, state: dict) -> None:
    try:
        event = json.loads(line)
    except ValueError:
        event = None
    if not isinstance(event, dict):
        monitor.log(line)
        return
    kind = event.get("event")
    if kind == "progress":
        monitor.progress(float(event.get("percent", 0)))
        if event.get("message"):
            monitor.log(event["message"])
    elif kind == "log":
        monitor.log(event.get("message", ""))
    elif kind in ("done", "error"):
        state[kind] = event


def _lines(process: subprocess.Popen) -> Iterator[str | None]:
    """The child's output lines as they come, and ``None`` every poll interval while it is silent."""
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        process.stdout.close()
        lines.put(StopIteration)

    threading.Thread(target=pump, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=_POLL_S)
        except queue.Empty:
            yield None
            continue
        if line is StopIteration:
            return
        yield line


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(_STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_training(command: Sequence[str], env: dict, dataset: str, output: str, config: TrainConfig,
                 overwrite: bool = False, monitor: Monitor = SILENT) -> Path:
    """Train an ensemble in a child process, relaying its progress; returns the model folder.

    Args:
        command: how to start the training package, e.g. ``[python, "-m", "training"]``.
        env: environment of the child (PYTHONPATH must reach ``training`` and ``glacier_dl_plugin``).

    Raises:
        InputError: the child rejected a parameter (exit code 2); the message names it.
        CancelledError: the user cancelled; the child removed its partial output.
        GlacierDLError: training failed for another reason.
    """
    process = subprocess.Popen([*command, *fit_arguments(dataset, output, config, overwrite)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    state: dict = {}
    for line in _lines(process):
        if line is not None:
            _handle(line, monitor, state)
        if monitor.is_cancelled():
            _stop(process)
            raise CancelledError("Training cancelled; the partial model folder was removed.")
    code = process.wait()
    if code == 0 and "done" in state:
        return Path(state["done"].get("model", output))
    message = state.get("error", {}).get("message", f"training exited with code {code}; see the log above.")
    if code == 2:
        parameter, _, rest = message.partition(": ")
        raise InputError(parameter, rest or message, "")
    raise GlacierDLError(message)
