"""Command lines generated from the configuration dataclasses, for machines without QGIS (an HPC login or
compute node): ``python -m training fit`` and the prediction command lines share this.

Every field becomes an option ``--<field-name>`` (plus the aliases the field declares with
``setting(flags=...)``, e.g. ``--lr``, ``--tile``), with the field's docstring, range and default as help.
Values are read as text and converted and checked by the dataclass, so a wrong value names its parameter
exactly as it would from QGIS. A usage error is an :class:`InputError` too, and :func:`run_command` turns
errors into exit statuses without a traceback.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import typing
from collections.abc import Callable, Collection
from typing import NoReturn

from ..errors import CancelledError, GlacierDLError, InputError
from ..progress import Monitor, SignalStop
from .fields import choices, default, field_type, help_texts, limits

__all__ = ["TypedErrorParser", "add_config_options", "run_command", "EXIT_BAD_INPUT", "EXIT_CANCELLED"]

EXIT_BAD_INPUT = 2
EXIT_CANCELLED = 130
"""Exit statuses: 2 as argparse uses for bad usage, 130 as a shell reports Ctrl+C."""


class TypedErrorParser(argparse.ArgumentParser):
    """argparse whose usage errors are typed errors (parameter ARGUMENTS), reported like any bad input."""

    def error(self, message: str) -> NoReturn:
        raise InputError("ARGUMENTS", f"{message}.", f"Run '{self.prog} --help' for the options.")


def _help(cls: type, name: str) -> str:
    """The field's description, its allowed range and its default (the choices are in its metavar)."""
    extra = []
    if limits(cls, name) is not None:
        extra.append(limits(cls, name).describe())
    value = default(cls, name)
    if value not in ("", (), None) and field_type(cls, name) is not bool:
        extra.append(f"default {','.join(map(str, value)) if isinstance(value, tuple) else value}")
    text = help_texts(cls).get(name, "").rstrip(".") + (f" ({'; '.join(extra)})" if extra else "")
    return text.replace("%", "%%")  # argparse formats help with %


def _metavar(cls: type, name: str) -> str:
    if choices(cls, name):
        return "{" + ",".join(choices(cls, name)) + "}"
    if typing.get_origin(field_type(cls, name)) is tuple:
        return "A,B,..."
    return name.upper()


def add_config_options(parser: argparse.ArgumentParser, cls: type, skip: Collection[str] = ()) -> None:
    """One option per field of the dataclass ``cls`` but ``skip``; unset options stay out of the namespace
    (so the dataclass defaults, or a configuration file, apply)."""
    for item in dataclasses.fields(cls):
        if item.name in skip:
            continue
        flags = [f"--{item.name.replace('_', '-')}", *item.metadata.get("flags", ())]
        common = {"dest": item.name, "default": argparse.SUPPRESS, "help": _help(cls, item.name)}
        if field_type(cls, item.name) is bool:
            parser.add_argument(*flags, action=argparse.BooleanOptionalAction, **common)
        else:
            parser.add_argument(*flags, metavar=_metavar(cls, item.name), **common)


def _progress(percent: float) -> None:
    print(f"\r{percent:5.1f} %", end="", file=sys.stderr, flush=True)


def run_command(work: Callable[[Monitor], str]) -> int:
    """Run ``work`` with a monitor printing progress and log lines to stderr, cancelled by Ctrl+C or SIGTERM;
    returns the exit status: 0 (``work``'s summary printed on stdout), 2 for bad input, 130 when cancelled."""
    stop = SignalStop()
    monitor = Monitor(progress=_progress, log=lambda line: print(line, file=sys.stderr),
                      is_cancelled=lambda: stop.requested)
    try:
        with stop.installed():
            summary = work(monitor)
    except CancelledError as error:
        print(f"\nCancelled: {error}", file=sys.stderr)
        return EXIT_CANCELLED
    except GlacierDLError as error:
        print(f"\nError: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(file=sys.stderr)  # ends the progress line
    print(summary)
    return 0
