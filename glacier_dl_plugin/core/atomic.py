"""The one output rule of every Glacier DL algorithm, and atomic outputs.

The rule, checked before any work: an output path is given; it can be written (its folder, or the nearest
existing folder above it, accepts a new file); and it does not exist yet, unless the run is allowed to
replace it (``OVERWRITE``). A folder output may also exist empty. Every refusal names the output parameter,
the path and the fix.

Outputs are then written under a temporary name beside the target and published by rename only when
complete: a cancelled, failed or signalled run (SIGTERM and SIGINT are turned into cancellation, see
:mod:`core.progress`) never leaves a half-written file or folder at the path the user asked for; the
temporary sibling is removed instead, and so are the folders created for it.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

from .errors import InputError

__all__ = ["atomic_path", "atomic_dir", "check_output_file", "check_output_folder", "check_output_key",
           "check_outputs", "check_writable_folder", "REPLACE_FIX"]

REPLACE_FIX = "Choose another path, or set OVERWRITE=true to replace it."
"""The fix every 'already exists' refusal gives."""


def _temporary_sibling(target: Path) -> Path:
    # Same folder as the target, so the final rename never crosses file systems; the suffix is kept
    # because GDAL picks drivers (and warns) by extension.
    return target.with_name(f".{target.stem}.partial-{uuid.uuid4().hex[:8]}{target.suffix}")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _make_parents(target: Path) -> list[Path]:
    """Create ``target``'s missing parent folders; returns those created, outermost first."""
    missing = [p for p in reversed(target.parents) if not p.exists()]
    target.parent.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):  # innermost first; a folder something else now uses stays
        try:
            folder.rmdir()
        except OSError:
            return


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path for one file; rename it onto ``target`` when the block succeeds."""
    target = Path(target)
    created = _make_parents(target)
    temporary = _temporary_sibling(target)
    published = False
    try:
        yield temporary
        os.replace(temporary, target)
        published = True
    finally:
        _remove(temporary)
        if not published:
            _remove_empty(created)


@contextlib.contextmanager
def atomic_dir(target: str | os.PathLike, overwrite: bool = False) -> Iterator[Path]:
    """Yield a fresh temporary folder; it replaces ``target`` only when the block succeeds.

    Args:
        target: the folder the user asked for.
        overwrite: remove an existing ``target`` once the new one is complete.
    """
    target = Path(target)
    created = _make_parents(target)
    temporary = _temporary_sibling(target)
    temporary.mkdir()
    published = False
    try:
        yield temporary
        if target.exists() and overwrite:
            _remove(target)
        os.replace(temporary, target)
        published = True
    finally:
        _remove(temporary)
        if not published:
            _remove_empty(created)


def check_writable_folder(path: str | os.PathLike, parameter: str) -> None:
    """Refuse ``path`` when no new file can be made in it, or in the nearest existing folder above it (that
    is where the missing folders would be created). Tried with a real file: permission bits say nothing on
    ``/proc``, read-only mounts or to root."""
    folder = Path(path).absolute()
    existing = next((p for p in [folder, *folder.parents] if p.exists()), Path("/"))
    if not existing.is_dir():
        raise InputError(parameter, f"'{existing}' is a file, so no folder can be made under it.",
                         "Choose a path in a folder.")
    try:
        handle, probe = tempfile.mkstemp(prefix=".glacierdl-write-test-", dir=existing)
    except OSError as error:
        raise InputError(parameter, f"cannot write into '{existing}' ({error.strerror or error}).",
                         "Choose a folder you may write to.") from None
    os.close(handle)
    os.unlink(probe)


def check_output_file(path: str | os.PathLike, overwrite: bool, parameter: str) -> Path:
    """The output rule for one file (see the module): returns the path.

    Raises:
        InputError: no path, a folder, an unwritable place, or an existing file without ``overwrite``.
    """
    if not str(path).strip():
        raise InputError(parameter, "no output file was given.", "Choose a file to write to.")
    target = Path(path)
    if target.is_dir():
        raise InputError(parameter, f"'{target}' is a folder.", "Give a file name (with its extension).")
    check_writable_folder(target.parent, parameter)
    if target.exists() and not overwrite:
        raise InputError(parameter, f"'{target}' already exists.", REPLACE_FIX)
    return target


def check_output_folder(path: str | os.PathLike, overwrite: bool, parameter: str = "OUTPUT") -> Path:
    """The output rule for a folder: refuse an empty path, an unwritable place, or an existing non-empty
    folder (or a file) unless ``overwrite`` is set; returns the path."""
    if not str(path).strip():
        raise InputError(parameter, "no output folder was given.", "Choose a folder to write to.")
    folder = Path(path)
    check_writable_folder(folder.parent, parameter)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())) and not overwrite:
        raise InputError(parameter, f"'{folder}' already exists and is not empty.",
                         "Choose another folder, or set OVERWRITE=true to replace it.")
    return folder


def check_outputs(files: Mapping[str, str], overwrite: bool, folders: Mapping[str, str] | None = None) -> None:
    """The output rule for every output of one run, before any work: ``files`` and ``folders`` map each
    output parameter to its path (leave out the optional ones not given)."""
    for parameter, path in files.items():
        check_output_file(path, overwrite, parameter)
    for parameter, path in (folders or {}).items():
        check_output_folder(path, overwrite, parameter)


def check_output_key(path: str | os.PathLike, key: str, overwrite: bool, parameter: str) -> None:
    """The output rule for a result stored as one key of an existing JSON file (Calibrate's ``calibration``
    block in a model's ensemble.json): the file's folder can be written (the file is replaced by rename), and
    the key is absent unless ``overwrite``. A missing or unreadable file is left to the caller's own checks."""
    path = Path(path)
    if not path.is_file():
        return
    check_writable_folder(path.parent, parameter)
    try:
        present = key in json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return
    if present and not overwrite:
        raise InputError(parameter, f"'{path}' already holds a {key}.",
                         f"Set OVERWRITE=true to replace it, or use a copy of '{path.parent}'.")
