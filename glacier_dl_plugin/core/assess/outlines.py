"""Per-glacier outlines and their uncertainty bounds from predict's mean and std probability rasters.

For each glacier of the inventory, only the glacier's buffered window of the rasters is read. Three masks are
drawn there: the outline (mean >= t), the lower bound (mean - k*std >= t) and the upper bound
(mean + k*std >= t). Each is clipped to the glacier's territory: the pixels within ``buffer_m`` metres of the
glacier and nearer to it than to any other glacier (so a pixel claimed by two buffers goes to the nearer
glacier). Areas are measured on the WGS 84 ellipsoid on the pixel outlines, before any simplification, so
simplifying never changes an area and the ordering area_low <= area <= area_high always holds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import rasterio
from rasterio.features import rasterize, shapes
from rasterio.transform import Affine
from rasterio.windows import Window
from scipy import ndimage
from shapely.geometry import MultiPolygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..atomic import atomic_path
from ..config import OutlineConfig
from ..errors import InputError
from ..geo.geodesy import geodesic_area_km2, metres_per_unit
from ..geo.glaciers import GlacierSet
from ..progress import SILENT, Monitor
from ..geo.spatial_index import SpatialIndex

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
    """One glacier's outline and bounds (grid CRS) with their ellipsoidal areas in km²."""

    glacier_id: str
    geometries: tuple[BaseGeometry, BaseGeometry, BaseGeometry]  # outline, lower, upper
    area: float
    area_low: float
    area_high: float

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


def _outer_window(geometry: BaseGeometry, transform: Affine, pad: tuple[int, int]) -> Window:
    """Pixel window of the geometry's bounds rounded outwards and padded by (rows, cols); not clipped."""
    window = rasterio.windows.from_bounds(*geometry.bounds, transform=transform)
    row0, col0 = math.floor(window.row_off) - pad[0], math.floor(window.col_off) - pad[1]
    row1 = math.ceil(window.row_off + window.height) + pad[0]
    col1 = math.ceil(window.col_off + window.width) + pad[1]
    return Window(col0, row0, col1 - col0, row1 - row0)


def _clip(window: Window, width: int, height: int) -> Window | None:
    col0, row0 = max(window.col_off, 0), max(window.row_off, 0)
    col1, row1 = min(window.col_off + window.width, width), min(window.row_off + window.height, height)
    return Window(col0, row0, col1 - col0, row1 - row0) if col1 > col0 and row1 > row0 else None


class _Territories:
    """Which pixels of a window belong to which glacier: within the buffer and nearest to it."""

    def __init__(self, glaciers: dict[str, BaseGeometry], transform: Affine, buffer_m: float) -> None:
        self.ids = list(glaciers)
        self.geometries = list(glaciers.values())
        # Larger glaciers first: later shapes win in rasterize, so where inventory outlines overlap the smaller
        # glacier keeps the shared pixels instead of vanishing inside the larger one.
        self.order = sorted(range(len(self.ids)), key=lambda i: -self.geometries[i].area)
        self.index = SpatialIndex(self.geometries)
        self.transform = transform
        self.buffer_m = buffer_m

    def labels(self, window: Window) -> np.ndarray:
        """Glacier numbers (index + 1, 0 none) in ``window``; pixel centres decide, touches fill the rest."""
        transform = rasterio.windows.transform(window, self.transform)
        hits = set(self.index.query(box(*rasterio.windows.bounds(window, self.transform))))
        ordered = [i for i in self.order if i in hits]
        out_shape = (int(window.height), int(window.width))
        shapes_ = [(self.geometries[i], i + 1) for i in ordered]
        # Touched pixels give glaciers thinner than a pixel a seed; centres then decide every other pixel.
        labels = rasterize(shapes_, out_shape, transform=transform, all_touched=True, dtype="int32")
        centres = rasterize(shapes_, out_shape, transform=transform, all_touched=False, dtype="int32")
        return np.where(centres > 0, centres, labels)

    def mask(self, number: int, window: Window, pad: tuple[int, int], spacing: tuple[float, float]) -> np.ndarray:
        """Territory of glacier ``number`` in ``window``; ``pad`` extra pixels around it see rival glaciers.

        Args:
            spacing: pixel height and width in metres (anisotropic on geographic grids).
        """
        wide = Window(window.col_off - pad[1], window.row_off - pad[0], window.width + 2 * pad[1],
                      window.height + 2 * pad[0])
        labels = self.labels(wide)
        distance, (rows, cols) = ndimage.distance_transform_edt(labels == 0, sampling=spacing, return_indices=True)
        inner = (slice(pad[0], pad[0] + int(window.height)), slice(pad[1], pad[1] + int(window.width)))
        owner = labels[rows[inner], cols[inner]]
        return (owner == number) & (distance[inner] <= self.buffer_m)


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


@dataclass(frozen=True)
class _Scale:
    """Pixel size in metres (rows, cols), padding in pixels for the buffer, metres per CRS unit."""

    spacing: tuple[float, float]
    pad: tuple[int, int]
    metres_per_unit: float


def _scale(geometry: BaseGeometry, src: rasterio.DatasetReader, buffer_m: float) -> _Scale:
    point = geometry.representative_point()
    mx, my = metres_per_unit(src.crs, point.x, point.y)
    spacing = (abs(src.transform.e) * my, abs(src.transform.a) * mx)
    pad = (math.ceil(buffer_m / spacing[0]) + 1, math.ceil(buffer_m / spacing[1]) + 1)
    return _Scale(spacing, pad, max(mx, my))


def _glacier_outline(glacier_id: str, number: int, geometry: BaseGeometry, rasters: _Rasters,
                     territories: _Territories, bounds: Bounds, config: OutlineConfig) -> GlacierOutline | None:
    """One glacier's outline and bounds, or None when its buffered window misses the raster."""
    src = rasters.mean
    scale = _scale(geometry, src, config.buffer_m)
    window = _clip(_outer_window(geometry, src.transform, scale.pad), src.width, src.height)
    if window is None:
        return None
    mean, std, valid = rasters.read(window)
    territory = territories.mask(number, window, scale.pad, scale.spacing) & valid
    min_pixels = config.min_area_km2 * 1e6 / (scale.spacing[0] * scale.spacing[1])
    transform = rasterio.windows.transform(window, src.transform)
    geometries, areas = [], []
    for probability in (mean, mean - bounds.k * std, mean + bounds.k * std):
        mask = _clean((probability >= bounds.threshold) & territory, config.fill_holes, min_pixels)
        polygons = _polygons(mask, transform)
        areas.append(geodesic_area_km2(polygons, src.crs.to_wkt()))
        if config.simplify_m > 0:
            polygons = polygons.simplify(config.simplify_m / scale.metres_per_unit, preserve_topology=True)
        geometries.append(polygons)
    return GlacierOutline(glacier_id, tuple(geometries), *areas)


def _outlines(rasters: _Rasters, glaciers: GlacierSet, bounds: Bounds, config: OutlineConfig,
              monitor: Monitor) -> Iterator[tuple[str, GlacierOutline | None]]:
    by_glacier = glaciers.by_glacier()
    territories = _Territories(by_glacier, rasters.mean.transform, config.buffer_m)
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
    "threshold": "float", "k": "float", "calibrated": "int", "date": "str"}}


def _write(path: Path, outlines: list[GlacierOutline], bounds: Bounds, config: OutlineConfig, crs_wkt: str) -> None:
    import fiona  # only the vector writers need it (as in core.dataset.preview)

    with atomic_path(path) as temporary:
        for layer_index, layer in enumerate(LAYERS):
            with fiona.open(temporary, "w", driver="GPKG", layer=layer, crs_wkt=crs_wkt, schema=_SCHEMA) as sink:
                sink.writerecords({
                    "geometry": _as_multipolygon(o.geometries[layer_index]),
                    "properties": {"glacier_id": o.glacier_id, "area": o.area, "area_low": o.area_low,
                                   "area_high": o.area_high, "sigma_area": o.sigma_area,
                                   "threshold": bounds.threshold, "k": bounds.k, "calibrated": int(bounds.calibrated),
                                   "date": config.date}} for o in outlines)


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
        monitor.log(f"{len(outside)} glacier(s) lie outside the raster and were left out: {', '.join(outside[:10])}")
    _write(Path(out_path), outlines, bounds, config, crs_wkt)
    monitor.progress(100)
    return OutlineSummary(Path(out_path), len(outlines), outside, tuple(o.glacier_id for o in outlines if o.area == 0),
                          bounds, sum(o.area for o in outlines), sum(o.sigma_area for o in outlines))
