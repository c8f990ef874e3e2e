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

import sys
from collections.abc import Sequence

from ..config.command_line import TypedErrorParser, add_config_options, run_command
from ..config.fields import from_mapping
from ..config.region import RegionConfig, resolve_scenes
from ..progress import Monitor
from .region import predict_region

__all__ = ["build_parser", "main"]

_OWN = ("scenes", "model", "out", "glaciers")


def build_parser() -> TypedErrorParser:
    """The options: the model, the scenes (files, a folder or a VRT), the inventory, the output folder, then one
    per configuration field."""
    parser = TypedErrorParser(prog="python -m glacier_dl_plugin.core.predict.region_cli", allow_abbrev=False,
                              description="Predict many scenes with a Glacier DL model on a Dask cluster into one "
                                          "mosaic (docs/predict.md, 'Region-wide prediction').")
    parser.add_argument("--model", required=True, help="model folder, its ensemble.json, or one .onnx file")
    parser.add_argument("--scenes", nargs="+", default=[], metavar="SCENE",
                        help="scene rasters, in priority order (where they overlap the first wins)")
    parser.add_argument("--scenes-folder", default="", metavar="DIR", help="a folder of scenes (sorted by name)")
    parser.add_argument("--vrt", default="", metavar="X.vrt", help="a VRT of scenes (its top source first)")
    parser.add_argument("--glaciers", default="", metavar="INVENTORY",
                        help="glacier inventory (GeoPackage, shapefile...) for the per-glacier table")
    parser.add_argument("--out", required=True, help="output folder (parts/, mosaic_*.vrt, glaciers.csv)")
    add_config_options(parser, RegionConfig, skip=_OWN)
    return parser


def config_from(argv: Sequence[str] | None) -> RegionConfig:
    """The :class:`RegionConfig` the command line describes (scenes from --scenes, --scenes-folder and --vrt)."""
    arguments = vars(build_parser().parse_args(argv))
    scenes = resolve_scenes(arguments.pop("scenes"), arguments.pop("scenes_folder"), arguments.pop("vrt"))
    return from_mapping(RegionConfig, {**arguments, "scenes": list(scenes)}, source="ARGUMENTS")


def _predict(argv: Sequence[str] | None, monitor: Monitor) -> str:
    summary = predict_region(config_from(argv), monitor)
    return (f"{len(summary.results)} scene(s), {summary.skipped} already complete; mosaic {summary.mosaic.mean}"
            + (f"; table {summary.table}" if summary.table else ""))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 2 bad input, 130 cancelled)."""
    return run_command(lambda monitor: _predict(argv, monitor))


if __name__ == "__main__":
    sys.exit(main())
