"""``python -m training fit``: train an ensemble, speaking the JSON-lines protocol of docs/formats.md.

The run is described by ``--config job.json`` (what QGIS writes) and/or options (see :mod:`.options`).
Exit codes: 0 done, 2 bad input (the ``error`` event carries ``parameter``, ``problem`` and ``fix``),
1 anything else, cancellation included.
SIGTERM or SIGINT stops training at the next batch and removes the partial model folder; a second signal
stops at once (the partial folder is still removed). A run that is killed outright (SIGKILL, power loss) or
fails keeps its work folder: ``--resume`` continues it. After every epoch an ``epoch`` event is printed.
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
from glacier_dl_plugin.core.progress import Monitor

from .options import build_parser, run_from

__all__ = ["main", "build_parser"]

_PROGRESS_STEP = 0.5  # percent: finer progress events would only flood the QGIS log
_PROGRESS_INTERVAL_S = 2.0  # ... unless this long has passed since the last one


def emit(event: str, **fields: Any) -> None:
    """One protocol line on stdout, flushed at once so the parent sees it live."""
    print(json.dumps({"event": event, **fields}), flush=True)


class _Stop:
    """SIGTERM/SIGINT handler: the first signal asks the training loop to stop, the second interrupts."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, signum: int, frame: Any) -> None:
        if self.requested:
            raise CancelledError(f"Stopped by signal {signum}.")
        self.requested = True

    def install(self) -> dict[int, Any]:
        """Install for SIGTERM and SIGINT; returns the previous handlers."""
        return {signum: signal.signal(signum, self) for signum in (signal.SIGTERM, signal.SIGINT)}


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


def _fit(run: TrainingRun, stop: _Stop) -> int:
    monitor = Monitor(progress=_ProgressLines(), log=lambda message: emit("log", message=message),
                      is_cancelled=lambda: stop.requested)
    monitor.check()  # a signal may have come while torch was importing
    from .fit import fit_ensemble  # torch, smp, onnx: seconds to import

    model = fit_ensemble(run.dataset, run.output, run.config, monitor, overwrite=run.overwrite,
                         on_epoch=lambda fields: emit("epoch", **fields))
    emit("done", model=str(model))
    return 0


def _error(error: InputError) -> None:
    """The typed error as an ``error`` event: its parts for programs, the whole sentence for people."""
    emit("error", message=str(error), parameter=error.parameter, problem=error.problem, fix=error.fix)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    stop = _Stop()
    previous = stop.install()
    try:
        run = run_from(build_parser().parse_args(argv))  # before torch loads: bad settings fail fast
        return _fit(run, stop)
    except InputError as error:
        _error(error)
        return 2
    except CancelledError as error:
        emit("error", message=f"Cancelled: {error} The partial model folder was removed.")
        return 1
    except MemoryError as error:
        emit("error", message=f"Out of memory ({error}). Use a smaller --batch-size or fewer --parallel members.")
        return 1
    except GlacierDLError as error:
        emit("error", message=str(error))
        return 1
    except Exception as error:  # the process boundary: report anything, with its type, as an error event
        traceback.print_exc()
        emit("error", message=f"{type(error).__name__}: {error}")
        return 1
    finally:
        for signum, handler in previous.items():  # main() may run inside another program (tests)
            signal.signal(signum, handler)


if __name__ == "__main__":
    # Before torch loads: deterministic cuBLAS needs this set ahead of CUDA initialisation.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    sys.exit(main())
