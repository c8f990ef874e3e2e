"""Progress and cancel as callables: steps mapped into a percent range, cancel raised, warnings routed; stop
signals turned into the same cancel; a process that stops with its parent."""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from glacier_dl_plugin.core.errors import CancelledError
from glacier_dl_plugin.core.progress import SILENT, Monitor, SignalStop


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


def test_a_first_stop_signal_asks_to_cancel_a_second_stops_at_once_and_handlers_are_restored():
    asked = []
    stop = SignalStop(asked.append)
    previous = signal.getsignal(signal.SIGTERM)
    with stop.installed():
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.requested and stop.name == "SIGTERM" and asked == [signal.SIGTERM]
        with pytest.raises(CancelledError, match="Stopped by SIGINT"):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)  # the handler runs in this thread at once; never reached
    assert signal.getsignal(signal.SIGTERM) is previous


def test_an_ignored_signal_stays_ignored_and_nothing_is_installed_outside_the_main_thread():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with SignalStop().installed():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    seen = []

    def in_a_thread() -> None:  # Python runs handlers in the main thread only: a QGIS task's thread gets none
        before = signal.getsignal(signal.SIGTERM)
        with SignalStop().installed():
            seen.append(signal.getsignal(signal.SIGTERM) is before)

    worker = threading.Thread(target=in_a_thread)
    worker.start()
    worker.join()
    assert seen == [True]


_ORPHAN = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
print(child.stdout.readline().strip(), flush=True)  # the grandchild's pid, once it asked; then this one ends
"""
_GRANDCHILD = """
import os, sys, time
from glacier_dl_plugin.core.progress import stop_with_parent
assert stop_with_parent(int(sys.argv[1]))
print(os.getpid(), flush=True)
time.sleep(20)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_process_that_asked_to_stop_with_its_parent_ends_when_the_parent_does():
    done = subprocess.run([sys.executable, "-c", _ORPHAN, _GRANDCHILD], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    grandchild = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while _running(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(grandchild), "the grandchild went on orphaned"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_repeated_sighup_is_not_a_second_signal():
    """Linux may send the parent-death signal once per thread of the parent that ends."""
    stop = SignalStop()
    with stop.installed():
        os.kill(os.getpid(), signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGHUP)
    assert stop.name == "SIGHUP"
