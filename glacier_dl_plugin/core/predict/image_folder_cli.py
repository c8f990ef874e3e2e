"""``python -m glacier_dl_plugin.core.predict.image_folder_cli``: predict an image folder without QGIS.

For a compute node with only the plugin's Python packages (numpy, rasterio, onnxruntime)::

    python -m glacier_dl_plugin.core.predict.image_folder_cli --model MODEL --images DIR --out DIR \\
        [--tile 256] [--overlap 32] [--device cuda] [--blending hann] [--tta] [--no-probabilities] ...

Every field of :class:`core.config.image_folder.ImageFolderConfig` but the held-out and band-name ones (no
glaciers, no named bands here) is an option ``--<field-name>`` (``--tile`` is ``--tile-size``); values are
converted and checked by the dataclass, so a wrong value names its parameter as it would in QGIS. Progress goes to stderr; a bad input prints the error and exits 2; Ctrl+C or SIGTERM
cancel (exit 130) and leave no output folder.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..config.fields import choices, default, field_type, from_mapping, help_texts
from ..config.image_folder import ImageFolderConfig
from ..errors import CancelledError, GlacierDLError, InputError
from ..progress import Monitor, SignalStop
from .image_folder import predict_image_folder

__all__ = ["build_parser", "main"]

_ALIASES = {"tile_size": ("--tile",)}
_NOT_OPTIONS = ("held_out_only", "ignore_band_names")  # no glaciers, no band names here
_PROG = "python -m glacier_dl_plugin.core.predict.image_folder_cli"


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are typed errors, reported like every other bad input."""

    def error(self, message: str) -> NoReturn:
        raise InputError("ARGUMENTS", f"{message}.", f"Run '{_PROG} --help' for the options.")


def build_parser() -> argparse.ArgumentParser:
    """The options: --model, --images, --out, --overwrite, then one per configuration field."""
    parser = _Parser(prog=_PROG, allow_abbrev=False,
                     description="Predict every image of a plain image folder with a Glacier DL model "
                                 "(docs/predict.md, 'Image folders').")
    parser.add_argument("--model", required=True, help="model folder, its ensemble.json, or one .onnx file")
    parser.add_argument("--images", required=True, help="folder with images/<id>.tif|png (and masks/ to score)")
    parser.add_argument("--out", required=True, help="output folder (masks/, probabilities/, scores.csv)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    texts = help_texts(ImageFolderConfig)
    for item in (f for f in dataclasses.fields(ImageFolderConfig) if f.name not in _NOT_OPTIONS):
        flags = [f"--{item.name.replace('_', '-')}", *_ALIASES.get(item.name, ())]
        text = f"{texts.get(item.name, '').rstrip('.')} (default {default(ImageFolderConfig, item.name)})"
        common = {"dest": item.name, "default": argparse.SUPPRESS, "help": text.replace("%", "%%")}
        if field_type(ImageFolderConfig, item.name) is bool:
            parser.add_argument(*flags, action=argparse.BooleanOptionalAction, **common)
        else:
            options = choices(ImageFolderConfig, item.name)
            parser.add_argument(*flags, metavar="{" + ",".join(options) + "}" if options else item.name.upper(),
                                **common)
    return parser


def _progress(percent: float) -> None:
    print(f"\r{percent:5.1f} %", end="", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 2 bad input, 130 cancelled)."""
    stop = SignalStop()
    try:
        arguments = vars(build_parser().parse_args(argv))
        model, images, out, overwrite = (arguments.pop(k) for k in ("model", "images", "out", "overwrite"))
        config = from_mapping(ImageFolderConfig, arguments, source="ARGUMENTS")
        monitor = Monitor(progress=_progress, log=lambda line: print(line, file=sys.stderr),
                          is_cancelled=lambda: stop.requested)
        with stop.installed():
            summary = predict_image_folder(images, model, out, config, monitor, overwrite)
    except CancelledError as error:
        print(f"\nCancelled: {error}", file=sys.stderr)
        return 130
    except GlacierDLError as error:
        print(f"\nError: {error}", file=sys.stderr)
        return 2
    print(f"\n{len(summary.masks)} image(s) predicted into {summary.out}", file=sys.stderr)
    if "all" in summary.scores:
        scores = summary.scores["all"]
        ious = ", ".join(f"{c} {scores[f'iou_{c}']:.3f}" for c in summary.classes)
        print(f"pixel accuracy {scores['pixel_accuracy']:.3f}; IoU {ious} ({summary.scores_csv})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
