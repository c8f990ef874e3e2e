"""Progress and cancellation as plain callables, so compute code never sees QGIS.

The Processing adapters build a :class:`Monitor` from ``QgsProcessingFeedback``; tests and command-line
tools use :data:`SILENT` or their own callables.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import CancelledError

__all__ = ["Monitor", "SILENT"]


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
