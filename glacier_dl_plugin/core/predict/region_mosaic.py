"""The region mosaic of the scenes' parts, and the per-glacier table read from it.

Overlap rule: where scenes overlap, the first scene (in the given order) with a valid pixel wins; nodata
pixels of a part let the next scene show through. A GDAL VRT draws its last source on top, so the parts
are listed in reverse. Mean and std come from the same scene at every pixel (the same rule on the same
nodata). The VRTs (and the optional Cloud-Optimised GeoTIFFs) appear only when complete.
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.features import geometry_mask
from rasterio.windows import Window, from_bounds
from shapely.geometry import box

from ..atomic import atomic_path
from ..config import NODATA_FLOAT
from ..geo.geodesy import geodesic_area_km2

__all__ = ["Mosaic", "build_mosaic", "glacier_rows", "write_glacier_table", "TABLE_FIELDS"]

TABLE_FIELDS = ("glacier_id", "scenes", "predicted_from", "pixels", "coverage", "area_km2", "sigma_km2")


@dataclass(frozen=True)
class Mosaic:
    """The mosaic files: VRTs of the parts' mean and std, and their COG copies when asked for."""

    mean: Path
    std: Path
    mean_cog: Path | None = None
    std_cog: Path | None = None


def _gdal():
    from osgeo import gdal  # Debian's GDAL bindings (QGIS's too); only the mosaic needs them

    gdal.UseExceptions()
    return gdal


def _vrt(parts: Sequence[str], target: Path) -> None:
    gdal = _gdal()
    with atomic_path(target) as temporary:
        sources = [str(Path(p).resolve()) for p in reversed(parts)]  # the first part is drawn last: on top
        options = gdal.BuildVRTOptions(srcNodata=NODATA_FLOAT, VRTNodata=NODATA_FLOAT, resampleAlg="nearest")
        dataset = gdal.BuildVRT(str(temporary), sources, options=options)
        del dataset  # GDAL 3.6 has no Close(): dropping the last reference writes and closes it


def _cog(vrt: Path, target: Path) -> None:
    gdal = _gdal()
    with atomic_path(target) as temporary:
        options = gdal.TranslateOptions(format="COG", creationOptions=["COMPRESS=DEFLATE", "PREDICTOR=YES",
                                                                       "BLOCKSIZE=256", "NUM_THREADS=ALL_CPUS"])
        dataset = gdal.Translate(str(temporary), str(vrt), options=options)
        del dataset  # GDAL 3.6 has no Close(): dropping the last reference writes and closes it


def build_mosaic(means: Sequence[str], stds: Sequence[str], out: Path, cog: bool = False) -> Mosaic:
    """``out/mosaic_mean.vrt`` and ``mosaic_std.vrt`` of the parts (first part wins), and COGs when ``cog``."""
    mean, std = out / "mosaic_mean.vrt", out / "mosaic_std.vrt"
    _vrt(means, mean)
    _vrt(stds, std)
    if not cog:
        return Mosaic(mean, std)
    mean_cog, std_cog = out / "mosaic_mean.tif", out / "mosaic_std.tif"
    _cog(mean, mean_cog)
    _cog(std, std_cog)
    return Mosaic(mean, std, mean_cog, std_cog)


def _pixel_areas_km2(transform, crs, window: Window) -> np.ndarray:
    """Ground area in km² of one pixel of each row of ``window`` (geodesic: right at any latitude)."""
    rows = []
    for r in range(int(window.height)):
        x0, y0 = transform * (window.col_off, window.row_off + r)
        x1, y1 = transform * (window.col_off + 1, window.row_off + r + 1)
        rows.append(geodesic_area_km2(box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), crs.to_wkt()))
    return np.asarray(rows)[:, None]


def glacier_rows(glaciers: dict, mosaic: Mosaic, parts: Sequence[tuple[str, str]]) -> list[dict]:
    """One row per glacier (polygons in the mosaic's CRS): the scenes covering it, those its pixels came from,
    the predicted area Σ p·a over its pixels (p: mean probability of the first class band, a: the pixel's
    ground area) and its σ = Σ std·a (members' spread taken as fully correlated between pixels: an upper
    bound), in km²; ``coverage``: the share of its pixels with a prediction.

    Args:
        parts: ``(scene name, mean part path)`` in priority order (a scene may have several parts).
    """
    names = [name for name, _ in parts]
    rows = []
    with rasterio.open(mosaic.mean) as mean, rasterio.open(mosaic.std) as std:
        sources = [rasterio.open(path) for _, path in parts]
        try:
            for gid, geometry in sorted(glaciers.items()):
                window = from_bounds(*geometry.bounds, transform=mean.transform).round_offsets().round_lengths()
                window = window.intersection(Window(0, 0, mean.width, mean.height)) if _overlaps(window, mean) else None
                inside = (np.zeros((0, 0), bool) if window is None else
                          ~geometry_mask([geometry], (int(window.height), int(window.width)),
                                         mean.window_transform(window)))
                if window is None or not inside.any():
                    rows.append(dict(glacier_id=gid, scenes="", predicted_from="", pixels=0, coverage=0.0,
                                     area_km2=0.0, sigma_km2=0.0))
                    continue
                p, s = mean.read(1, window=window), std.read(1, window=window)
                valid = inside & (p != NODATA_FLOAT)
                a = _pixel_areas_km2(mean.transform, mean.crs, window)
                covering, taken = [], np.zeros_like(valid)
                for name, src in zip(names, sources):
                    if not box(*src.bounds).intersects(geometry):
                        continue
                    covering.append(name)
                    here = src.read(1, window=from_bounds(*mean.window_bounds(window), transform=src.transform),
                                    boundless=True, fill_value=NODATA_FLOAT) != NODATA_FLOAT
                    first = valid & here & ~taken
                    if first.any():
                        taken |= first
                        covering[-1] = name + "*"
                rows.append(dict(glacier_id=gid, scenes=";".join(dict.fromkeys(c.rstrip("*") for c in covering)),
                                 predicted_from=";".join(dict.fromkeys(c[:-1] for c in covering if c.endswith("*"))),
                                 pixels=int(valid.sum()), coverage=float(valid.sum() / inside.sum()),
                                 area_km2=float((np.where(valid, p, 0.0) * a).sum()),
                                 sigma_km2=float((np.where(valid, s, 0.0) * a).sum())))
        finally:
            for src in sources:
                src.close()
    return rows


def _overlaps(window: Window, dataset) -> bool:
    return (window.col_off < dataset.width and window.row_off < dataset.height
            and window.col_off + window.width > 0 and window.row_off + window.height > 0)


def read_inventory(path: str, id_field: str, crs) -> dict:
    """Glacier polygons by id from a vector file, reprojected to ``crs`` (parts of one id united)."""
    import fiona  # only the table needs a vector reader
    from shapely.geometry import shape

    from ..errors import InputError
    from ..geo.glaciers import GlacierRecord, load_glaciers

    records = []
    with fiona.open(path) as source:
        field = id_field or ("glacier_id" if "glacier_id" in source.schema["properties"] else "")
        if id_field and id_field not in source.schema["properties"]:
            raise InputError("ID_FIELD", f"'{path}' has no field '{id_field}'.",
                             f"Use one of: {', '.join(source.schema['properties'])}.")
        source_crs = source.crs_wkt
        for feature in source:
            if feature.geometry is None:
                continue
            gid = str(feature.properties[field]) if field else str(feature.id)
            records.append(GlacierRecord(gid, shape(feature.geometry).wkb))
    return load_glaciers(records, source_crs, crs).by_glacier()


def write_glacier_table(inventory: str, id_field: str, mosaic: Mosaic, parts: Sequence[tuple[str, str]],
                        target: Path) -> Path:
    """The per-glacier table (:func:`glacier_rows`) as CSV, written atomically."""
    with rasterio.open(mosaic.mean) as mean:
        crs = mean.crs
    rows = glacier_rows(read_inventory(inventory, id_field, crs), mosaic, parts)
    with atomic_path(target) as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=TABLE_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
    return target
