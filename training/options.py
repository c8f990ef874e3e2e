"""The ``python -m training fit`` command line, generated from the configuration dataclasses.

Every field of :class:`TrainingRun` and :class:`TrainConfig` is an option ``--<field-name>`` (plus the
aliases the field declares, e.g. ``--out``, ``--lr``), with the field's docstring as help and its default
shown. ``--config job.json`` reads a whole run (what QGIS writes); options given next to it override the
file, and anything left out takes the dataclass default. Values are converted and validated by the
dataclasses, so a wrong value names its parameter exactly as it would from QGIS.
"""
from __future__ import annotations

import argparse
import dataclasses
import typing
from typing import Any, NoReturn

from glacier_dl_plugin.core.config import TrainConfig, TrainingRun
from glacier_dl_plugin.core.config.fields import choices, default, field_type, help_texts, limits
from glacier_dl_plugin.core.config.training import read_settings
from glacier_dl_plugin.core.errors import InputError

__all__ = ["build_parser", "run_from"]

_NOT_OPTIONS = ("config",)  # TrainingRun.config is the TrainConfig fields themselves


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are typed errors (the caller reports them as protocol events, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise InputError("ARGUMENTS", f"{message}.", "Run 'python -m training fit --help' for the options.")


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
    kind = field_type(cls, name)
    if choices(cls, name):
        return "{" + ",".join(choices(cls, name)) + "}"
    if typing.get_origin(kind) is tuple:
        return "A,B,..."
    return name.upper()


def _add_options(parser: argparse.ArgumentParser, cls: type) -> None:
    for item in dataclasses.fields(cls):
        if item.name in _NOT_OPTIONS:
            continue
        flags = [f"--{item.name.replace('_', '-')}", *item.metadata.get("flags", ())]
        common = {"dest": item.name, "default": argparse.SUPPRESS, "help": _help(cls, item.name)}
        if field_type(cls, item.name) is bool:
            parser.add_argument(*flags, action=argparse.BooleanOptionalAction, **common)
        else:  # read as text: the dataclass conversion names the parameter when a value is wrong
            parser.add_argument(*flags, metavar=_metavar(cls, item.name), **common)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m training", description="Glacier DL training (docs/training.md).",
                     allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    fit = commands.add_parser("fit", help="train an ensemble and export it to ONNX", allow_abbrev=False,
                              description="Train an ensemble. Give --dataset and --out, or --config with a JSON "
                                          "file of the same settings; options override the file.")
    fit.add_argument("--config", default=None, metavar="JOB.json",
                     help="JSON file with the run's settings (one object: dataset, output, overwrite and the "
                          "training settings below, named with underscores)")
    _add_options(fit, TrainingRun)
    _add_options(fit, TrainConfig)
    return parser


def run_from(arguments: argparse.Namespace) -> TrainingRun:
    """The run the parsed ``arguments`` describe: the ``--config`` file, overridden by the options given.

    Raises:
        InputError: an unreadable config file, unknown settings in it, or a value that cannot be used.
    """
    values: dict[str, Any] = read_settings(arguments.config) if arguments.config else {}
    values.update({key: value for key, value in vars(arguments).items() if key not in ("command", "config")})
    return TrainingRun.from_mapping(values)
