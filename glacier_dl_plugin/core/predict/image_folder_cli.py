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

import sys
from collections.abc import Sequence

from ..config.command_line import TypedErrorParser, add_config_options, run_command
from ..config.fields import from_mapping
from ..config.image_folder import ImageFolderConfig
from ..progress import Monitor
from .image_folder import predict_image_folder

__all__ = ["build_parser", "main"]

_NOT_OPTIONS = ("held_out_only", "ignore_band_names")  # no glaciers, no band names here


def build_parser() -> TypedErrorParser:
    """The options: --model, --images, --out, --overwrite, then one per configuration field."""
    parser = TypedErrorParser(prog="python -m glacier_dl_plugin.core.predict.image_folder_cli", allow_abbrev=False,
                              description="Predict every image of a plain image folder with a Glacier DL model "
                                          "(docs/predict.md, 'Image folders').")
    parser.add_argument("--model", required=True, help="model folder, its ensemble.json, or one .onnx file")
    parser.add_argument("--images", required=True, help="folder with images/<id>.tif|png (and masks/ to score)")
    parser.add_argument("--out", required=True, help="output folder (masks/, probabilities/, scores.csv)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    add_config_options(parser, ImageFolderConfig, skip=_NOT_OPTIONS)
    return parser


def _predict(argv: Sequence[str] | None, monitor: Monitor) -> str:
    arguments = vars(build_parser().parse_args(argv))
    model, images, out, overwrite = (arguments.pop(k) for k in ("model", "images", "out", "overwrite"))
    summary = predict_image_folder(images, model, out, from_mapping(ImageFolderConfig, arguments, source="ARGUMENTS"),
                                   monitor, overwrite)
    lines = [f"{len(summary.masks)} image(s) predicted into {summary.out}"]
    if "all" in summary.scores:
        scores = summary.scores["all"]
        ious = ", ".join(f"{c} {scores[f'iou_{c}']:.3f}" for c in summary.classes)
        lines.append(f"pixel accuracy {scores['pixel_accuracy']:.3f}; IoU {ious} ({summary.scores_csv})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 2 bad input, 130 cancelled)."""
    return run_command(lambda monitor: _predict(argv, monitor))


if __name__ == "__main__":
    sys.exit(main())
