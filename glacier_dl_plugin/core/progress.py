"""Progress and cancellation as plain callables, so compute code never sees QGIS.

The Processing adapters build a :class:`Monitor` from ``QgsProcessingFeedback``; tests and command-line
tools use :data:`SILENT` or their own callables. :class:`SignalStop` turns SIGTERM, SIGINT and SIGHUP into
the same cancellation while a run is under way (qgis_process, the training process).
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .errors import CancelledError

__all__ = ["Monitor", "SILENT", "SignalStop", "STOP_SIGNALS", "stop_with_parent"]


@dataclass(frozen=True)
class Monitor:
    """Reports progress (0-100 %), log lines and warnings, and answers whether the user cancelled.

    Attributes:
        warn: where warnings go (things the user should act on, e.g. a GPU that did not load); None: ``log``.
    """

    progress: Callable[[float], None] = lambda percent: None
    log: Callable[[str], None] = lambda message: None
    is_cancelled: Callable[[], bool] = lambda: False
    warn: Callable[[str], None] | None = None

    def warning(self, message: str) -> None:
        """Report ``message`` as a warning (Processing shows it highlighted), or log it."""
        (self.warn or self.log)(message)

    def check(self) -> None:
        """Raise :class:`CancelledError` when the user has cancelled."""
        if self.is_cancelled():
            raise CancelledError("Cancelled by the user.")

    def step(self, done: int, total: int, start: float = 0.0, end: float = 100.0) -> None:
        """Check for cancellation, then report ``done/total`` mapped into ``[start, end]`` percent."""
        self.check()
        self.progress(start + (end - start) * done / max(total, 1))


SILENT = Monitor()


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))
"""The signals that mean 'stop': ``kill``, Ctrl+C, a closed terminal (and, for the training process, its
parent ending: see :mod:`core.jobs.training_process`)."""


class SignalStop:
    """While installed, the first stop signal becomes a cancel request, so that the work stops at its next
    check and its atomic outputs are removed; a second one (SIGTERM or SIGINT) raises :class:`CancelledError`
    at once (wherever Python code runs), still removing them.

    Args:
        on_signal: called with the signal number on the first signal (e.g. ``feedback.cancel``'s adapter).
        insist: whether a second signal stops at once; off where a process is stopped by several parties at
            the same time (a training member worker: its process group, then its parent), so that it always
            ends in order.
    """

    def __init__(self, on_signal: Callable[[int], None] = lambda signum: None, insist: bool = True) -> None:
        self.on_signal, self.insist = on_signal, insist
        self.signum: int | None = None

    @property
    def requested(self) -> bool:
        """Whether a stop signal came."""
        return self.signum is not None

    @property
    def name(self) -> str:
        """The signal that came, as people know it (``SIGTERM``), or ''."""
        return signal.Signals(self.signum).name if self.signum is not None else ""

    def __call__(self, signum: int, frame: object) -> None:
        if self.signum is not None:
            # no one insists with SIGHUP; Linux may send the parent-death signal once per thread of the parent
            if not self.insist or signum == getattr(signal, "SIGHUP", None):
                return
            raise CancelledError(f"Stopped by {signal.Signals(signum).name}.")
        self.signum = signum
        self.on_signal(signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[SignalStop]:
        """Handle :data:`STOP_SIGNALS` inside the block, then restore the previous handlers.

        Python runs signal handlers in the main thread only, so elsewhere (a QGIS background task) nothing is
        installed and cancelling stays the caller's business. A signal that was ignored when the block began
        (``nohup``, a background shell job's SIGINT) stays ignored.
        """
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                if signal.getsignal(signum) is not signal.SIG_IGN:
                    previous[signum] = signal.signal(signum, self)
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def stop_with_parent(parent: int, signum: int = signal.SIGHUP) -> bool:
    """Have Linux send ``signum`` to this process when its parent process ``parent`` ends, however it ends
    (prctl PR_SET_PDEATHSIG; strictly: when the parent's thread that started it ends). Raised at once if
    ``parent`` has already ended. Returns False where this is not available (not Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:  # reparented: the parent ended before the request was made
        os.kill(os.getpid(), signum)
    return True
