"""The hidden work folder a model folder is built in (``.<name>.training``, beside it).

It is created, or reopened by ``resume`` once its ``run.json`` shows the same settings; cancelling (SIGTERM,
SIGINT, the Cancel button) removes it, a run that is interrupted (SIGHUP), killed or fails leaves it for
``resume``, and a complete run renames it into place.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.errors import CancelledError, InputError

from .data import DatasetInfo

__all__ = ["work_folder", "open_work", "kept_for_resume", "publish"]

_RESUME_KEYS = ("architecture", "encoder", "encoder_depth", "encoder_weights", "seed", "loss", "class_weights",
                "batch_size", "jitter", "find_lr", "learning_rate", "criterion")
"""Settings a resumed run must share with the interrupted one (the rest may change, e.g. device, epochs)."""


def work_folder(folder: Path) -> Path:
    """Where the model folder is built: a hidden sibling with a fixed name, so a resumed run finds it."""
    return folder.with_name(f".{folder.name}.training")


def open_work(folder: Path, config: TrainConfig, info: DatasetInfo, overwrite: bool,
              log: Callable[[str], None]) -> Path:
    """Create the work folder, or reopen an interrupted run's when resuming (checking it is the same run)."""
    work = work_folder(folder)
    run = {"dataset": str(info.path.resolve()), **{key: asdict(config)[key] for key in _RESUME_KEYS}}
    run["class_weights"] = list(run["class_weights"])
    if work.exists() and config.resume:
        _check_same_run(work, run)
        log(f"Resuming the interrupted run in {work}.")
        return work
    if work.exists() and not overwrite:
        raise InputError("OUTPUT", f"an interrupted training run into '{folder}' exists ({work}).",
                         "Continue it with --resume (RESUME), or start again with --overwrite (OVERWRITE).")
    if work.exists():
        shutil.rmtree(work)
    if config.resume:
        log("Nothing to resume: starting a new run.")
    work.mkdir(parents=True)
    (work / "run.json").write_text(json.dumps(run, indent=1))
    return work


def _check_same_run(work: Path, run: dict) -> None:
    """Refuse to resume when ``run`` (dataset and :data:`_RESUME_KEYS`) differs from the interrupted run's."""
    try:
        previous = json.loads((work / "run.json").read_text())
    except (OSError, ValueError):
        previous = None
    changed = [key for key in run if previous is None or previous.get(key) != run[key]]
    if changed:
        raise InputError("RESUME", f"the interrupted run in '{work}' was started with other settings "
                         f"({', '.join(changed)}).",
                         "Resume with the same settings, or use --overwrite to start again.")


@contextlib.contextmanager
def kept_for_resume(work: Path, log: Callable[[str], None],
                    cancelling: Callable[[], bool] = lambda: False) -> Iterator[None]:
    """Cancelling removes ``work``; any other failure keeps it (and says so), so that ``resume`` continues.

    Args:
        cancelling: whether a cancel was requested; a failure meanwhile is taken as its consequence (e.g. a
            chip-reading process ended by the same SIGTERM sent to the process group): ``work`` is removed and
            :class:`CancelledError` raised instead.
    """
    try:
        yield
    except CancelledError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    except BaseException as error:
        if _asked(cancelling):
            shutil.rmtree(work, ignore_errors=True)
            raise CancelledError(f"Cancelled while training ({type(error).__name__} meanwhile).") from None
        log(f"Training stopped; continue it with --resume (the interrupted run is kept in {work}).")
        raise


def _asked(cancelling: Callable[[], bool]) -> bool:
    try:
        return bool(cancelling())
    except Exception:  # a check that raises is an interruption that keeps the run (e.g. SIGHUP)
        return False


def publish(work: Path, folder: Path, overwrite: bool) -> None:
    """Rename the complete ``work`` folder to ``folder``, replacing an empty one (any one with ``overwrite``)."""
    if folder.exists() and (overwrite or not any(folder.iterdir())):
        shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
    os.replace(work, folder)
