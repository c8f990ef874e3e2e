"""Crash-safe checkpoint files: written beside their target and renamed over it only when complete.

A crash or a full disk while writing therefore leaves the previous checkpoint valid, and a resumed run
never reads a half-written file. Only tensors and plain values are stored (safetensors, or ``torch.save``
of a dict read back with ``weights_only=True``): loading never unpickles code.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from glacier_dl_plugin.core.errors import GlacierDLError

__all__ = ["atomic_save", "write_checkpoint", "read_checkpoint", "load_resume_state"]


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    temporary = path.with_name(f".{path.name}.writing")
    try:
        write(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())  # the data reaches the disk before the rename makes it current
        os.replace(temporary, path)
    except (OSError, SafetensorError, RuntimeError) as error:  # torch.save reports I/O failures as RuntimeError
        raise GlacierDLError(f"Could not write {path.name} ({getattr(error, 'strerror', None) or error}); the previous "
                             f"checkpoint is kept. Free disk space and run again with --resume.") from error
    finally:
        temporary.unlink(missing_ok=True)


def atomic_save(state: dict[str, Any], path: Path) -> None:
    """``torch.save(state)`` to ``path`` atomically (tensors, numbers, strings, lists and dicts only)."""
    _atomic(path, lambda temporary: torch.save(state, temporary))


def write_checkpoint(path: Path, state: dict[str, torch.Tensor], metadata_json: str) -> None:
    """The member's state dict as safetensors with its ``ModelMetadata`` JSON in the header, atomically."""
    tensors = {key: value.contiguous() for key, value in state.items()}
    _atomic(path, lambda temporary: save_file(tensors, str(temporary), metadata={"glacierdl": metadata_json}))


def read_checkpoint(path: Path) -> dict[str, torch.Tensor]:
    return load_file(str(path))


def load_resume_state(path: Path) -> dict[str, Any]:
    """What :func:`atomic_save` wrote, read without unpickling anything but tensors and plain values."""
    return torch.load(path, map_location="cpu", weights_only=True)
