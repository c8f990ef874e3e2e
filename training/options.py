"""The ``python -m training fit`` command line, generated from the configuration dataclasses.

Every field of :class:`TrainingRun` and :class:`TrainConfig` is an option ``--<field-name>`` (plus the
aliases the field declares, e.g. ``--out``, ``--lr``), with the field's docstring as help and its default
shown. ``--config job.json`` reads a whole run (what QGIS writes); options given next to it override the
file, and anything left out takes the dataclass default. Values are converted and validated by the
dataclasses, so a wrong value names its parameter exactly as it would from QGIS.
"""
from __future__ import annotations

import argparse
from typing import Any

from glacier_dl_plugin.core.config import TrainConfig, TrainingRun
from glacier_dl_plugin.core.config.command_line import TypedErrorParser, add_config_options
from glacier_dl_plugin.core.config.training import read_settings

__all__ = ["build_parser", "run_from"]


def build_parser() -> argparse.ArgumentParser:
    parser = TypedErrorParser(prog="python -m training", description="Glacier DL training (docs/training.md).",
                              allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=TypedErrorParser)
    fit = commands.add_parser("fit", help="train an ensemble and export it to ONNX", allow_abbrev=False,
                              description="Train an ensemble. Give --dataset and --out, or --config with a JSON "
                                          "file of the same settings; options override the file.")
    fit.add_argument("--config", default=None, metavar="JOB.json",
                     help="JSON file with the run's settings (one object: dataset, output, overwrite and the "
                          "training settings below, named with underscores)")
    add_config_options(fit, TrainingRun, skip=("config",))  # TrainingRun.config: the TrainConfig options
    add_config_options(fit, TrainConfig)
    return parser


def run_from(arguments: argparse.Namespace) -> TrainingRun:
    """The run the parsed ``arguments`` describe: the ``--config`` file, overridden by the options given.

    Raises:
        InputError: an unreadable config file, unknown settings in it, or a value that cannot be used.
    """
    values: dict[str, Any] = read_settings(arguments.config) if arguments.config else {}
    values.update({key: value for key, value in vars(arguments).items() if key not in ("command", "config")})
    return TrainingRun.from_mapping(values)
