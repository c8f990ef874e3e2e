"""Progress and cancel as callables: steps mapped into a percent range, cancel raised, warnings routed."""
import pytest

from glacier_dl_plugin.core.errors import CancelledError
from glacier_dl_plugin.core.progress import SILENT, Monitor


def test_steps_are_mapped_into_the_given_percent_range():
    reported = []
    monitor = Monitor(progress=reported.append)
    for done in range(3):
        monitor.step(done, 4, 20, 60)
    monitor.step(0, 0)  # no work at all: no division by zero
    assert reported == [20.0, 30.0, 40.0, 0.0]


def test_a_cancelled_monitor_raises_before_reporting():
    reported = []
    monitor = Monitor(progress=reported.append, is_cancelled=lambda: True)
    with pytest.raises(CancelledError, match="Cancelled by the user"):
        monitor.step(1, 2)
    assert reported == []


def test_warnings_go_to_warn_or_else_to_the_log():
    logged, warned = [], []
    Monitor(log=logged.append).warning("CPU fallback")
    Monitor(log=logged.append, warn=warned.append).warning("uncalibrated")
    assert (logged, warned) == (["CPU fallback"], ["uncalibrated"])
    SILENT.warning("nobody listens")
    SILENT.check()
