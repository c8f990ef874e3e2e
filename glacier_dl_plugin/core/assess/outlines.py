"""Per-glacier outlines and their uncertainty bounds from predict's mean and std probability rasters.

For each glacier of the inventory, only the glacier's buffered window of the rasters is read. Three masks are
drawn there: the outline (mean >= t), the lower bound (mean - k*std >= t) and the upper bound
(mean + k*std >= t). Each is clipped to the glacier's territory (:mod:`core.assess.territories`): the pixels
within ``buffer_m`` metres on the ground of the glacier and nearer to it than to any other glacier (so a pixel
claimed by two buffers goes to the nearer glacier). Areas are measured on the WGS 84 ellipsoid on the pixel
outlines, before any simplification, so simplifying (by ``simplify_m`` metres on the ground along both axes)
never changes an area and the ordering area_low <= area <= area_high always holds.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.features import shapes
from rasterio.transform import Affine
from rasterio.windows import Window
from scipy import ndimage
from shapely.geometry import MultiPolygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..atomic import atomic_path
from ..config import OutlineConfig
from ..config.dates import iso_date
from ..errors import InputError
from ..geo.coverage import centre_count, centres_inside, coverage, listed
from ..geo.geodesy import geodesic_area_km2
from ..geo.glaciers import GlacierSet
from ..geo.ground import scale_at
from ..geo.raster_stack import Grid
from ..progress import SILENT, Monitor
from .territories import Territories, glacier_window

__all__ = ["OutlineConfig", "Bounds", "GlacierOutline", "OutlineSummary", "LAYERS", "resolve_bounds",
           "polygonize_outlines"]

LAYERS = ("outlines", "outlines_low", "outlines_high")
"""GeoPackage layers written: the outline, the lower-bound and the upper-bound outline of each glacier."""


@dataclass(frozen=True)
class Bounds:
    """The threshold and k actually used, whether they come from a calibration, and why not if not."""

    threshold: float
    k: float
    calibrated: bool
    warning: str = ""


@dataclass(frozen=True)
class GlacierOutline:
    """One glacier's outline and bounds (grid CRS) with their ellipsoidal areas in km², and the share of its
    inventory outline the rasters saw (``coverage``: pixel centres on the raster and valid, 1 = whole)."""

    glacier_id: str
    geometries: tuple[BaseGeometry, BaseGeometry, BaseGeometry]  # outline, lower, upper
    area: float
    area_low: float
    area_high: float
    coverage: float = 1.0

    @property
    def sigma_area(self) -> float:
        """Half the width of the [area_low, area_high] interval, km²."""
        return (self.area_high - self.area_low) / 2


@dataclass(frozen=True)
class OutlineSummary:
    """What :func:`polygonize_outlines` wrote."""

    path: Path
    glaciers: int
    outside: tuple[str, ...]
    empty: tuple[str, ...]
    bounds: Bounds
    total_area: float
    total_sigma: float
    partial: tuple[str, ...] = ()  # glaciers only partly covered by valid pixels (coverage below 1)


def resolve_bounds(tags: dict[str, str], config: OutlineConfig) -> Bounds:
    """Threshold and k: parameters first, then the raster's calibration tags, else 0.5 and k = 1 (warned)."""
    calibrated = tags.get("GLACIERDL_CALIBRATED") == "1"
    threshold = config.threshold if config.threshold is not None else float(tags.get("GLACIERDL_THRESHOLD", 0.5))
    if config.k is not None:
        return Bounds(threshold, config.k, calibrated)
    if calibrated:
        return Bounds(threshold, float(tags.get("GLACIERDL_K", 1.0)), True)
    return Bounds(threshold, 1.0, False, (
        "MEAN carries no calibration (tag GLACIERDL_CALIBRATED is not 1): the bounds use k = 1, which is not a "
        "calibrated interval. Run Calibrate on the model and predict again, or set K explicitly."))


@dataclass(frozen=True)
class _Rasters:
    mean: rasterio.DatasetReader
    std: rasterio.DatasetReader
    band: int

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean, std and validity in ``window`` (nodata or non-finite in either raster is invalid)."""
        mean, std = (src.read(self.band, window=window, masked=True) for src in (self.mean, self.std))
        valid = ~np.ma.getmaskarray(mean) & ~np.ma.getmaskarray(std)
        mean, std = mean.filled(0).astype(np.float32), std.filled(0).astype(np.float32)
        valid &= np.isfinite(mean) & np.isfinite(std)
        return mean, std, valid


def _check_rasters(mean: rasterio.DatasetReader, std: rasterio.DatasetReader, band: int) -> None:
    if (mean.crs, mean.transform, mean.shape) != (std.crs, std.transform, std.shape):
        raise InputError("STD", "is not on the grid of MEAN (CRS, pixel size, extent).",
                         "Give the std raster written by the same Predict run as the mean raster.")
    if band > min(mean.count, std.count):
        raise InputError("BAND", f"band {band} does not exist (MEAN has {mean.count}).",
                         f"Choose a band between 1 and {min(mean.count, std.count)}.")
    if mean.crs is None:
        raise InputError("MEAN", "has no CRS.", "Assign the raster's CRS (e.g. with GDAL's Assign Projection).")


def _clean(mask: np.ndarray, fill_holes: bool, min_pixels: float) -> np.ndarray:
    """Optionally fill holes, then drop 4-connected patches (each a written polygon) under ``min_pixels``."""
    if fill_holes:
        mask = ndimage.binary_fill_holes(mask)
    if min_pixels <= 0 or not mask.any():
        return mask
    labels, count = ndimage.label(mask)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    keep = sizes >= min_pixels
    keep[0] = False
    return keep[labels]


def _polygons(mask: np.ndarray, transform: Affine) -> BaseGeometry:
    """The mask's pixel footprint as one (multi)polygon in the grid CRS."""
    parts = [shape(geom) for geom, _ in shapes(mask.astype(np.uint8), mask=mask, transform=transform)]
    return unary_union(parts) if parts else MultiPolygon()


def _glacier_outline(glacier_id: str, number: int, geometry: BaseGeometry, rasters: _Rasters,
                     territories: Territories, bounds: Bounds, config: OutlineConfig) -> GlacierOutline | None:
    """One glacier's outline and bounds, or None when its buffered window misses the raster."""
    src = rasters.mean
    place = glacier_window(geometry, src.crs, src.transform, src.width, src.height, config.buffer_m)
    if place is None:
        return None
    mean, std, valid = rasters.read(place.window)
    seen = _coverage(geometry, place.window, valid, rasters)
    territory = territories.mask(number, place) & valid
    min_pixels = config.min_area_km2 * 1e6 / (place.scale.x * place.scale.y)
    transform = rasterio.windows.transform(place.window, src.transform)
    on_ground = scale_at(geometry, src.crs)
    geometries, areas = [], []
    for probability in (mean, mean - bounds.k * std, mean + bounds.k * std):
        mask = _clean((probability >= bounds.threshold) & territory, config.fill_holes, min_pixels)
        polygons = _polygons(mask, transform)
        areas.append(geodesic_area_km2(polygons, src.crs.to_wkt()))
        if config.simplify_m > 0:
            polygons = on_ground.simplify(polygons, config.simplify_m)
        geometries.append(polygons)
    return GlacierOutline(glacier_id, tuple(geometries), *areas, seen)


def _coverage(geometry: BaseGeometry, window: Window, valid: np.ndarray, rasters: _Rasters) -> float:
    """Share of the glacier's pixel centres on the rasters and valid (``valid``: over ``window``, which holds
    every centre of the glacier on the raster); see :func:`core.geo.coverage.coverage`."""
    src = rasters.mean
    total = centre_count(geometry, src.transform)
    if total == 0:  # smaller than a pixel: the pixel under it decides
        return coverage(geometry, Grid(src.crs, src.transform, src.width, src.height), lambda w: rasters.read(w)[2])
    return float((centres_inside(geometry, src.transform, window) & valid).sum()) / total


def _outlines(rasters: _Rasters, glaciers: GlacierSet, bounds: Bounds, config: OutlineConfig,
              monitor: Monitor) -> Iterator[tuple[str, GlacierOutline | None]]:
    by_glacier = glaciers.by_glacier()
    territories = Territories(by_glacier, rasters.mean.transform, config.buffer_m)
    for number, (glacier_id, geometry) in enumerate(by_glacier.items(), start=1):
        monitor.step(number - 1, len(by_glacier), 0, 95)
        yield glacier_id, _glacier_outline(glacier_id, number, geometry, rasters, territories, bounds, config)


def _as_multipolygon(geometry: BaseGeometry) -> dict | None:
    if geometry.is_empty:
        return None  # a glacier with no predicted pixel keeps its row, with a null geometry and area 0
    polygons = [geometry] if geometry.geom_type == "Polygon" else [g for g in getattr(geometry, "geoms", [])
                                                                   if g.geom_type == "Polygon"]
    return mapping(MultiPolygon(polygons))


_SCHEMA = {"geometry": "MultiPolygon", "properties": {
    "glacier_id": "str", "area": "float", "area_low": "float", "area_high": "float", "sigma_area": "float",
    "threshold": "float", "k": "float", "calibrated": "int", "date": "str", "coverage": "float"}}


def _write(path: Path, outlines: list[GlacierOutline], bounds: Bounds, date: str, crs_wkt: str) -> None:
    import fiona  # only the vector writers need it (as in core.dataset.preview)

    with atomic_path(path) as temporary:
        for layer_index, layer in enumerate(LAYERS):
            with fiona.open(temporary, "w", driver="GPKG", layer=layer, crs_wkt=crs_wkt, schema=_SCHEMA) as sink:
                sink.writerecords({
                    "geometry": _as_multipolygon(o.geometries[layer_index]),
                    "properties": {"glacier_id": o.glacier_id, "area": o.area, "area_low": o.area_low,
                                   "area_high": o.area_high, "sigma_area": o.sigma_area,
                                   "threshold": bounds.threshold, "k": bounds.k, "calibrated": int(bounds.calibrated),
                                   "date": date, "coverage": o.coverage}} for o in outlines)


def _warn_partial(outlines: list[GlacierOutline], monitor: Monitor) -> None:
    """Say which glaciers the rasters saw only in part (their areas are those of the part seen)."""
    partial = [o for o in outlines if o.coverage < 1]
    if partial:
        shares = [f"{o.glacier_id} ({100 * o.coverage:.0f} %)" for o in partial]
        monitor.warning(f"GLACIERS: {len(partial)} glacier(s) are only partly covered by valid pixels of MEAN (off the "
                        f"raster or over nodata): {listed(shares)}. Their areas are those of the covered part only "
                        "(field coverage below 1), and Area change leaves them out of its totals; predict over "
                        "rasters covering the whole glaciers for their full areas.")


def polygonize_outlines(mean_path: str | Path, std_path: str | Path, glaciers: GlacierSet, config: OutlineConfig,
                        out_path: str | Path, monitor: Monitor = SILENT) -> OutlineSummary:
    """Write the outline, lower- and upper-bound layers (:data:`LAYERS`) of every glacier to a GeoPackage.

    Args:
        mean_path, std_path: predict's mean and std rasters (same grid; band ``config.band``).
        glaciers: inventory outlines already in the rasters' CRS (:func:`core.geo.glaciers.load_glaciers`).
        out_path: the ``.gpkg`` to write; it appears only when complete.

    Raises:
        InputError: rasters on different grids, no glacier over the raster, or no glacier pixel at all.
    """
    with rasterio.open(mean_path) as mean, rasterio.open(std_path) as std:
        _check_rasters(mean, std, config.band)
        bounds = resolve_bounds(mean.tags(), config)
        if bounds.warning:
            monitor.warning(bounds.warning)
        monitor.log(f"Threshold {bounds.threshold:g}, k = {bounds.k:g} "
                    f"({'calibrated' if bounds.calibrated else 'not calibrated'}).")
        results = list(_outlines(_Rasters(mean, std, config.band), glaciers, bounds, config, monitor))
        crs_wkt = mean.crs.to_wkt()
    outlines = sorted((o for _, o in results if o is not None), key=lambda o: o.glacier_id)
    outside = tuple(sorted(g for g, o in results if o is None))
    if not outlines:
        raise InputError("GLACIERS", "no glacier (with its buffer) overlaps the MEAN raster.",
                         "Check that the layers cover the same area and that their CRSs are set correctly.")
    if not any(o.area_high > 0 for o in outlines):
        raise InputError("MEAN", f"no pixel near any glacier reaches the threshold {bounds.threshold:g}, even "
                         "within the upper bound.", "Check BAND and THRESHOLD, and that MEAN is a probability raster.")
    if outside:
        monitor.log(f"{len(outside)} glacier(s) lie outside the raster and were left out: {listed(outside)}")
    _warn_partial(outlines, monitor)
    _write(Path(out_path), outlines, bounds, iso_date("DATE", config.date), crs_wkt)
    monitor.progress(100)
    return OutlineSummary(Path(out_path), len(outlines), outside, tuple(o.glacier_id for o in outlines if o.area == 0),
                          bounds, sum(o.area for o in outlines), sum(o.sigma_area for o in outlines),
                          tuple(o.glacier_id for o in outlines if o.coverage < 1))
