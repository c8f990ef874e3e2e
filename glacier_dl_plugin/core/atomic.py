"""Write outputs under a temporary name and publish them by rename only when complete.

A cancelled or failed run therefore never leaves a half-written file or folder at the path the user asked
for: the temporary sibling is removed instead.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError

__all__ = ["atomic_path", "atomic_dir", "check_output_folder"]


def _temporary_sibling(target: Path) -> Path:
    # Same folder as the target, so the final rename never crosses file systems; the suffix is kept
    # because GDAL picks drivers (and warns) by extension.
    return target.with_name(f".{target.stem}.partial-{uuid.uuid4().hex[:8]}{target.suffix}")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path for one file; rename it onto ``target`` when the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_sibling(target)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        _remove(temporary)


@contextlib.contextmanager
def atomic_dir(target: str | os.PathLike, overwrite: bool = False) -> Iterator[Path]:
    """Yield a fresh temporary folder; it replaces ``target`` only when the block succeeds.

    Args:
        target: the folder the user asked for.
        overwrite: remove an existing ``target`` once the new one is complete.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_sibling(target)
    temporary.mkdir()
    try:
        yield temporary
        if target.exists() and overwrite:
            _remove(target)
        os.replace(temporary, target)
    finally:
        _remove(temporary)


def check_output_folder(path: str | os.PathLike, overwrite: bool, parameter: str = "OUTPUT") -> Path:
    """Refuse an empty path, or an existing non-empty folder unless ``overwrite`` is set."""
    if not str(path).strip():
        raise InputError(parameter, "no output folder was given.", "Choose a folder to write to.")
    folder = Path(path)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())) and not overwrite:
        raise InputError(
            parameter, f"'{folder}' already exists and is not empty.",
            "Choose a new folder, or set OVERWRITE to replace it.",
        )
    return folder
