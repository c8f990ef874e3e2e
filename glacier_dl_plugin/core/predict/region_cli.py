"""``python -m glacier_dl_plugin.core.predict.region_cli``: region-wide prediction without QGIS (an HPC login node).

::

    python -m glacier_dl_plugin.core.predict.region_cli --model MODEL \\
        (--scenes a.tif b.tif ... | --scenes-folder DIR | --vrt X.vrt) [--glaciers inv.gpkg] --out DIR \\
        [--cluster local|tcp://host:port|cluster.yaml|none] [--workers 2] [--cog] [--tile 256] ...

Every other field of :class:`core.config.region.RegionConfig` is an option ``--<field-name>``; values are
converted and checked by the dataclass, so a wrong value names its parameter as it would in QGIS. Progress
and the cluster's messages go to stderr; a bad input prints the error and exits 2; Ctrl+C or SIGTERM cancel
(exit 130). A rerun with the same settings skips the scenes already complete.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..config.fields import choices, default, field_type, from_mapping, help_texts
from ..config.region import RegionConfig, resolve_scenes
from ..errors import CancelledError, GlacierDLError, InputError
from ..progress import Monitor, SignalStop
from .region import predict_region

__all__ = ["build_parser", "main"]

_ALIASES = {"tile_size": ("--tile",)}
_OWN = ("scenes", "model", "out", "glaciers")
_PROG = "python -m glacier_dl_plugin.core.predict.region_cli"


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are typed errors, reported like every other bad input."""

    def error(self, message: str) -> NoReturn:
        raise InputError("ARGUMENTS", f"{message}.", f"Run '{_PROG} --help' for the options.")


def build_parser() -> argparse.ArgumentParser:
    """The options: the model, the scenes (files, a folder or a VRT), the inventory, the output folder, then one
    per configuration field."""
    parser = _Parser(prog=_PROG, allow_abbrev=False, description="Predict many scenes with a Glacier DL model "
                     "on a Dask cluster into one mosaic (docs/predict.md, 'Region-wide prediction').")
    parser.add_argument("--model", required=True, help="model folder, its ensemble.json, or one .onnx file")
    parser.add_argument("--scenes", nargs="+", default=[], metavar="SCENE",
                        help="scene rasters, in priority order (where they overlap the first wins)")
    parser.add_argument("--scenes-folder", default="", metavar="DIR", help="a folder of scenes (sorted by name)")
    parser.add_argument("--vrt", default="", metavar="X.vrt", help="a VRT of scenes (its top source first)")
    parser.add_argument("--glaciers", default="", metavar="INVENTORY",
                        help="glacier inventory (GeoPackage, shapefile...) for the per-glacier table")
    parser.add_argument("--out", required=True, help="output folder (parts/, mosaic_*.vrt, glaciers.csv)")
    texts = help_texts(RegionConfig)
    for item in dataclasses.fields(RegionConfig):
        if item.name in _OWN:
            continue
        flags = [f"--{item.name.replace('_', '-')}", *_ALIASES.get(item.name, ())]
        text = f"{texts.get(item.name, '').rstrip('.')} (default {default(RegionConfig, item.name)})"
        common = {"dest": item.name, "default": argparse.SUPPRESS, "help": text.replace("%", "%%")}
        if field_type(RegionConfig, item.name) is bool:
            parser.add_argument(*flags, action=argparse.BooleanOptionalAction, **common)
        else:
            options = choices(RegionConfig, item.name)
            parser.add_argument(*flags, metavar="{" + ",".join(options) + "}" if options else item.name.upper(),
                                **common)
    return parser


def config_from(argv: Sequence[str] | None) -> RegionConfig:
    """The :class:`RegionConfig` the command line describes (scenes from --scenes, --scenes-folder and --vrt)."""
    arguments = vars(build_parser().parse_args(argv))
    scenes = resolve_scenes(arguments.pop("scenes"), arguments.pop("scenes_folder"), arguments.pop("vrt"))
    return from_mapping(RegionConfig, {**arguments, "scenes": list(scenes)}, source="ARGUMENTS")


def _progress(percent: float) -> None:
    print(f"\r{percent:5.1f} %", end="", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 2 bad input, 130 cancelled)."""
    stop = SignalStop()
    try:
        config = config_from(argv)
        monitor = Monitor(progress=_progress, log=lambda line: print(line, file=sys.stderr),
                          is_cancelled=lambda: stop.requested)
        with stop.installed():
            summary = predict_region(config, monitor)
    except CancelledError as error:
        print(f"\nCancelled: {error}", file=sys.stderr)
        return 130
    except GlacierDLError as error:
        print(f"\nError: {error}", file=sys.stderr)
        return 2
    print(f"\n{len(summary.results)} scene(s), {summary.skipped} already complete; mosaic {summary.mosaic.mean}"
          + (f"; table {summary.table}" if summary.table else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
