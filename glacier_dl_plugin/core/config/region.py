"""Configuration of region-wide prediction: many scenes, one model, one mosaic, one per-glacier table."""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .checks import AT_LEAST_ONE, NON_NEGATIVE
from .cluster import ClusterConfig
from .fields import setting
from .predict import InferenceConfig

__all__ = ["RegionConfig", "resolve_scenes", "SCENE_SUFFIXES"]

SCENE_SUFFIXES = (".tif", ".tiff", ".vrt", ".img", ".jp2")
"""Raster files a scenes folder contributes (sorted by name)."""


@dataclass(frozen=True)
class RegionConfig(InferenceConfig):
    """What a region prediction runs: the tiled inference of Predict over each scene, then a mosaic.

    Attributes:
        scenes: the scene rasters, in priority order: where scenes overlap, the first one that has a valid
            pixel wins (the mosaic's rule, the same in-process and on a cluster).
        model: the model (folder, ensemble.json or .onnx).
        out: the output folder: ``parts/``, ``mosaic_mean.vrt``, ``mosaic_std.vrt``, ``glaciers.csv``.
        glaciers: a glacier inventory (any vector file GDAL reads) for the per-glacier table; empty: none.
        id_field: the inventory's glacier id attribute; empty: ``glacier_id``, else the feature id.
        cluster: ``none`` (in this process), ``local`` (a local Dask cluster), ``tcp://host:port`` (a running
            scheduler) or a YAML cluster file (see docs/scaleout.md).
        workers: Dask workers to start (local or YAML clusters), one thread each.
        retries: times a failed task is tried again.
        part_size: cut each scene into tasks of about this many pixels a side (rounded up to whole output
            blocks, BLOCK_SIZE); 0: one task per scene.
        cog: also write the mosaics as Cloud-Optimised GeoTIFFs.
    """

    scenes: tuple[str, ...] = ()
    model: str = ""
    out: str = ""
    glaciers: str = ""
    id_field: str = ""
    cluster: str = "local"
    workers: int = setting(2, limits=AT_LEAST_ONE)
    retries: int = setting(2, limits=NON_NEGATIVE)
    part_size: int = setting(0, limits=NON_NEGATIVE)
    cog: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.scenes:
            raise InputError("SCENES", "no scene raster was given.", "Give scene files, a folder of scenes or a VRT.")
        missing = [s for s in self.scenes if not Path(s).is_file()]
        if missing:
            raise InputError("SCENES", f"{len(missing)} scene file(s) do not exist: {', '.join(missing[:3])}.",
                             "Check the paths (they are read by every worker: use a shared file system).")
        if len({Path(s).stem for s in self.scenes}) != len(self.scenes):
            raise InputError("SCENES", "two scenes have the same file name; their parts would collide.",
                             "Rename one of them, or give each once.")
        if not self.model:
            raise InputError("MODEL", "no model was given.", "Give a model folder, ensemble.json or .onnx file.")
        if not self.out:
            raise InputError("OUTPUT", "no output folder was given.", "Choose a folder to write to.")
        if self.cluster != "none":
            ClusterConfig(self.cluster)  # raises InputError (CLUSTER) for a malformed address or file

    def inference(self) -> InferenceConfig:
        """The tiled-inference part, as Predict runs it."""
        names = {f.name for f in dataclasses.fields(InferenceConfig)}
        return InferenceConfig(**{n: getattr(self, n) for n in names})


def resolve_scenes(scenes: Sequence[str] = (), folder: str = "", vrt: str = "") -> tuple[str, ...]:
    """The scene files, in priority order, from a list, a folder (its rasters sorted by name) or a VRT (its
    sources last-listed first: the one a VRT shows on top stays on top); a file given twice keeps its first place.

    Raises:
        InputError: (SCENES) none of them given, an empty folder, or a VRT that cannot be read.
    """
    found = list(scenes)
    if folder:
        if not Path(folder).is_dir():
            raise InputError("SCENES_FOLDER", f"'{folder}' is not a folder.", "Give a folder of scene rasters.")
        found += sorted(str(p) for p in Path(folder).iterdir() if p.suffix.lower() in SCENE_SUFFIXES)
        if not found:
            raise InputError("SCENES_FOLDER", f"'{folder}' holds no raster ({', '.join(SCENE_SUFFIXES)}).",
                             "Put the scenes there, or list them.")
    if vrt:  # a VRT draws its last source on top: listed first here, it keeps winning
        found += reversed(_vrt_sources(vrt))
    if not found:
        raise InputError("SCENES", "no scene raster was given.", "Give scene files, a folder of scenes or a VRT.")
    return tuple(dict.fromkeys(str(Path(f).resolve()) for f in found))  # a file given twice counts once, first


def _vrt_sources(vrt: str) -> list[str]:
    """The source files of a mosaic VRT, each once, in the order they are listed."""
    import xml.etree.ElementTree as ElementTree

    try:
        root = ElementTree.parse(vrt).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise InputError("VRT", f"cannot read '{vrt}' ({error}).", "Give a VRT built by gdalbuildvrt.") from None
    sources: list[str] = []
    for node in root.iter("SourceFilename"):
        path = Path(node.text or "")
        if node.get("relativeToVRT") == "1":
            path = Path(vrt).parent / path
        if str(path) not in sources:
            sources.append(str(path))
    if not sources:
        raise InputError("VRT", f"'{vrt}' lists no source raster.", "Give a VRT of scene files.")
    return sources
