"""``python -m training fit``: train an ensemble, speaking the JSON-lines protocol of docs/formats.md.

The run is described by ``--config job.json`` (what QGIS writes) and/or options (see :mod:`.options`).
Exit codes: 0 done, 2 bad input (the ``error`` event carries ``parameter``, ``problem`` and ``fix``),
1 anything else, cancellation included.

Stopping (docs/training.md, "What can go wrong"): SIGTERM or SIGINT, to the process or to its whole
process group (chip-reading processes included), cancels: training stops at the next batch, the partial
model folder is removed and the ``error`` event says ``"state": "cancelled"``; a second signal stops at
once (the partial folder is still removed). SIGHUP (a closed terminal, or the program that started the
training ending: the process asks Linux for it when ``GLACIER_DL_PARENT_PID`` is set) stops the same way
but keeps the work folder for ``--resume`` (``"state": "interrupted"``), as does a run that is killed
outright (SIGKILL, power loss) or fails. After every epoch an ``epoch`` event is printed.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from typing import Any

from glacier_dl_plugin.core.config import TrainingRun
from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError, InputError
from glacier_dl_plugin.core.jobs.training_process import PARENT_ENV
from glacier_dl_plugin.core.progress import Monitor, SignalStop, stop_with_parent

from .options import build_parser, run_from

__all__ = ["main", "build_parser"]

_PROGRESS_STEP = 0.5  # percent: finer progress events would only flood the QGIS log
_PROGRESS_INTERVAL_S = 2.0  # ... unless this long has passed since the last one
_INTERRUPTED = ("Stopped by SIGHUP (the terminal or the program that started the training ended); the "
                "interrupted run is kept: continue it with --resume (RESUME).")


def emit(event: str, **fields: Any) -> None:
    """One protocol line on stdout, flushed at once so the parent sees it live."""
    print(json.dumps({"event": event, **fields}), flush=True)


def _die_with_parent(stop: SignalStop) -> None:
    """SIGHUP when the program whose pid :data:`PARENT_ENV` holds (set by core.jobs.training_process) ends,
    however it ends (a crash or kill -9 of QGIS included), so training never goes on orphaned; handled even
    when that program ran under nohup."""
    parent = os.environ.get(PARENT_ENV, "")
    if parent.isdigit():
        if signal.getsignal(signal.SIGHUP) is signal.SIG_IGN:
            signal.signal(signal.SIGHUP, stop)
        stop_with_parent(int(parent))


def _cancel_check(stop: SignalStop):
    """``Monitor.is_cancelled`` for the training: SIGTERM/SIGINT cancel (the partial folder is removed);
    SIGHUP interrupts (a GlacierDLError: the work folder is kept for --resume)."""
    def is_cancelled() -> bool:
        if stop.signum == signal.SIGHUP:
            raise GlacierDLError(_INTERRUPTED)
        return stop.requested
    return is_cancelled


class _ProgressLines:
    """``Monitor.progress`` as throttled progress events."""

    def __init__(self) -> None:
        self.last_percent, self.last_time = -100.0, 0.0

    def __call__(self, percent: float) -> None:
        now = time.monotonic()
        due = percent - self.last_percent >= _PROGRESS_STEP or now - self.last_time >= _PROGRESS_INTERVAL_S
        if due or percent >= 100:
            self.last_percent, self.last_time = percent, now
            emit("progress", percent=round(percent, 1))


def _fit(run: TrainingRun, stop: SignalStop) -> int:
    monitor = Monitor(progress=_ProgressLines(), log=lambda message: emit("log", message=message),
                      is_cancelled=_cancel_check(stop))
    monitor.check()  # a signal may have come while the settings were read
    from .fit import fit_ensemble  # torch, smp, onnx: seconds to import

    model = fit_ensemble(run.dataset, run.output, run.config, monitor, overwrite=run.overwrite,
                         on_epoch=lambda fields: emit("epoch", **fields))
    emit("done", model=str(model))
    return 0


def _error(error: InputError) -> None:
    """The typed error as an ``error`` event: its parts for programs, the whole sentence for people."""
    emit("error", message=str(error), parameter=error.parameter, problem=error.problem, fix=error.fix)


def _stopped(stop: SignalStop, removed: bool) -> int:
    """The ``error`` event of a run a signal stopped (whatever failed meanwhile, e.g. a chip-reading process
    the same signal ended, is its consequence, not news); exit code 1."""
    if stop.signum == signal.SIGHUP and not removed:
        emit("error", message=_INTERRUPTED, state="interrupted")
    else:
        emit("error", message=f"Cancelled by {stop.name or 'the user'}: training stopped and the partial model "
                              "folder was removed.", state="cancelled")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    stop = SignalStop()
    with stop.installed():
        _die_with_parent(stop)
        try:
            run = run_from(build_parser().parse_args(argv))  # before torch loads: bad settings fail fast
            return _fit(run, stop)
        except InputError as error:
            _error(error)
            return 2
        except CancelledError:
            return _stopped(stop, removed=True)
        except MemoryError as error:
            emit("error", message=f"Out of memory ({error}). Use a smaller --batch-size or fewer --parallel members.")
            return 1
        except Exception as error:  # the process boundary: report anything, with its type, as an error event
            if stop.requested:
                return _stopped(stop, removed=False)
            if not isinstance(error, GlacierDLError):
                traceback.print_exc()
            emit("error", message=str(error) if isinstance(error, GlacierDLError) else f"{type(error).__name__}: {error}")
            return 1


if __name__ == "__main__":
    # Before torch loads: deterministic cuBLAS needs this set ahead of CUDA initialisation.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    sys.exit(main())
