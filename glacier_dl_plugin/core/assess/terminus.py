"""Calving-front lines: the boundary between ice and ocean pixels of a class raster, with its error in metres.

The front is traced on pixel edges: every edge with an ice pixel on one side and an ocean pixel on the other
is one segment, segments are merged into lines, lines shorter than ``min_length_m`` (icebergs, mélange) are
dropped, and the rest are optionally smoothed (Chaikin corner cutting, end points kept). The raster is read
in strips of rows, so a large scene never sits in memory at once.

Against reference front lines, the mean distance error (MDE) pools both directions: points every half pixel
along the extracted lines and along the references, each with its distance to the nearest line of the other
set; MDE is the mean of all those distances, in metres.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from pyproj import CRS as ProjCRS
from pyproj import Transformer
from rasterio.windows import Window
from shapely import wkb
from shapely.affinity import affine_transform
from shapely.geometry import LineString, MultiLineString, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, transform, unary_union

from ..atomic import atomic_path
from ..config import TerminusConfig
from ..errors import InputError
from ..progress import SILENT, Monitor

__all__ = ["TerminusConfig", "FrontLine", "TerminusSummary", "front_segments", "chaikin",
           "extract_terminus"]

_STRIP_ROWS = 1024


@dataclass(frozen=True)
class FrontLine:
    """One front line in the raster's CRS; its length and mean distance to the references in metres."""

    geometry: LineString
    length_m: float
    mean_distance_m: float | None


@dataclass(frozen=True)
class TerminusSummary:
    path: Path
    lines: tuple[FrontLine, ...]
    dropped: int
    mean_distance_m: float | None


def front_segments(classes: np.ndarray, ice: Sequence[int], ocean: Sequence[int], row_offset: int = 0,
                   below: np.ndarray | None = None) -> list:
    """Pixel edges between ice and ocean pixels as ((x0, y0), (x1, y1)) in pixel coordinates (x = column).

    Args:
        classes: a strip of rows of the class raster, starting at raster row ``row_offset``.
        below: the raster row under the strip (None at the raster's end), for the strip's lowest edges.
    """
    is_ice, is_ocean = np.isin(classes, ice), np.isin(classes, ocean)
    rows, cols = np.nonzero((is_ice[:, :-1] & is_ocean[:, 1:]) | (is_ocean[:, :-1] & is_ice[:, 1:]))
    segments = [((c + 1, r + row_offset), (c + 1, r + row_offset + 1)) for r, c in zip(rows.tolist(), cols.tolist())]
    if below is not None:
        is_ice, is_ocean = np.vstack([is_ice, np.isin(below, ice)]), np.vstack([is_ocean, np.isin(below, ocean)])
    rows, cols = np.nonzero((is_ice[:-1] & is_ocean[1:]) | (is_ocean[:-1] & is_ice[1:]))
    segments += [((c, r + row_offset + 1), (c + 1, r + row_offset + 1)) for r, c in zip(rows.tolist(), cols.tolist())]
    return segments


def chaikin(line: LineString, iterations: int) -> LineString:
    """Chaikin's corner cutting: each pass replaces every corner by points at 1/4 and 3/4 of its edges.

    Open lines keep their end points; closed rings stay closed.
    """
    points = np.asarray(line.coords)
    closed = line.is_ring
    for _ in range(iterations):
        if len(points) < 3:
            break
        q = 0.75 * points[:-1] + 0.25 * points[1:]
        r = 0.25 * points[:-1] + 0.75 * points[1:]
        cut = np.empty((2 * len(q), points.shape[1]))
        cut[0::2], cut[1::2] = q, r
        points = np.vstack([cut, cut[:1]]) if closed else np.vstack([points[:1], cut[1:-1], points[-1:]])
    return LineString(points)


def _strips(src: rasterio.DatasetReader, band: int,
            monitor: Monitor) -> Iterable[tuple[np.ndarray, np.ndarray | None, int]]:
    """Strips of rows, the row below each (None at the end) and the first row's index; nodata reads as -1."""
    for row in range(0, src.height, _STRIP_ROWS):
        monitor.step(row, src.height, 0, 60)
        height = min(_STRIP_ROWS + 1, src.height - row)
        data = np.ma.filled(src.read(band, window=Window(0, row, src.width, height), masked=True).astype(np.int64), -1)
        if row + _STRIP_ROWS < src.height:
            yield data[:-1], data[-1:], row
        else:
            yield data, None, row


class _Metric:
    """Geometries from the raster CRS into metres: unchanged for a metre-based CRS, otherwise projected onto a
    local azimuthal equidistant plane centred on the fronts (distances true within a few km of it)."""

    def __init__(self, crs: rasterio.crs.CRS, lines: Sequence[BaseGeometry]) -> None:
        self.transformer = None
        if crs.is_geographic or crs.linear_units_factor[1] != 1.0:
            centre = unary_union(lines).centroid
            lon, lat = Transformer.from_crs(crs.to_wkt(), "EPSG:4326", always_xy=True).transform(centre.x, centre.y)
            local = ProjCRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
            self.transformer = Transformer.from_crs(crs.to_wkt(), local, always_xy=True)

    def __call__(self, geometry: BaseGeometry) -> BaseGeometry:
        return geometry if self.transformer is None else transform(self.transformer.transform, geometry)


def _samples(line: BaseGeometry, step: float) -> list:
    """Points every ``step`` along a (multi)line, end points included."""
    points = []
    for part in getattr(line, "geoms", [line]):
        count = max(int(np.ceil(part.length / step)), 1)
        points += [part.interpolate(d) for d in np.linspace(0, part.length, count + 1)]
    return points


def _reproject(geometry: BaseGeometry, source: str, target: str) -> BaseGeometry:
    if rasterio.crs.CRS.from_user_input(source) == rasterio.crs.CRS.from_user_input(target):
        return geometry
    return transform(Transformer.from_crs(source, target, always_xy=True).transform, geometry)


def _lines(src: rasterio.DatasetReader, config: TerminusConfig, monitor: Monitor) -> list[LineString]:
    segments = []
    for strip, below, row in _strips(src, config.band, monitor):
        segments += front_segments(strip, config.ice_classes, config.ocean_classes, row, below)
    if not segments:
        raise InputError("INPUT", f"no ice pixel (classes {list(config.ice_classes)}) touches an ocean pixel "
                         f"(classes {list(config.ocean_classes)}).", "Check ICE_CLASSES and OCEAN_CLASSES against "
                         "the raster's class values.")
    merged = linemerge(MultiLineString(segments))
    a, b, c, d, e, f = src.transform[:6]
    return [affine_transform(line, [a, b, d, e, c, f]) for line in getattr(merged, "geoms", [merged])]


def extract_terminus(class_path: str | Path, config: TerminusConfig, out_path: str | Path,
                     references: Sequence[bytes] = (), reference_crs: str = "", monitor: Monitor = SILENT
                     ) -> TerminusSummary:
    """Trace the ice-ocean boundary into GeoPackage layer ``terminus`` (id, length_m, mean_distance_m).

    Args:
        references: reference front lines as WKB in ``reference_crs``; their distance error is reported.

    Raises:
        InputError: no ice-ocean boundary, every line shorter than the minimum length, or a raster without CRS.
    """
    with rasterio.open(class_path) as src:
        if src.crs is None:
            raise InputError("INPUT", "has no CRS.", "Assign the raster's CRS first.")
        crs, pixel = src.crs, min(abs(src.transform.a), abs(src.transform.e))
        lines = _lines(src, config, monitor)
    metric = _Metric(crs, lines)
    lengths = [metric(line).length for line in lines]
    # Filtered on the traced length (smoothing shortens a staircase), reported with the written line's length.
    kept = [(smooth, metric(smooth).length) for smooth in (chaikin(line, config.smoothing) for line, length
                                                          in zip(lines, lengths) if length >= config.min_length_m)]
    if not kept:
        raise InputError("MIN_LENGTH", f"all {len(lines)} ice-ocean lines are shorter than {config.min_length_m:g} m "
                         f"(longest {max(lengths):.0f} m).", "Lower MIN_LENGTH.")
    monitor.step(70, 100)
    # Sample every half pixel: the pixel size in metres, measured along the longest line.
    longest = max(kept, key=lambda item: item[1])
    step = pixel / 2 * longest[1] / longest[0].length
    references = [_reproject(wkb.loads(r), reference_crs, crs.to_wkt()) for r in references]
    fronts, overall = _measure(kept, [metric(r) for r in references], metric, step)
    _write(Path(out_path), fronts, crs.to_wkt())
    monitor.progress(100)
    if overall is not None:
        monitor.log(f"Mean distance error against the reference fronts: {overall:.1f} m.")
    return TerminusSummary(Path(out_path), tuple(fronts), len(lines) - len(kept), overall)


def _measure(kept: list[tuple[LineString, float]], references: list[BaseGeometry], metric: _Metric,
             step: float) -> tuple[list[FrontLine], float | None]:
    """Front lines with their distances to the (metric) references, and the pooled MDE; None without references.

    Args:
        step: sampling step along the lines in metres.
    """
    if not references:
        return [FrontLine(line, length, None) for line, length in kept], None
    reference = unary_union(references)
    predicted = [metric(line) for line, _ in kept]
    per_line = [[reference.distance(p) for p in _samples(line, step)] for line in predicted]
    backwards = [unary_union(predicted).distance(p) for p in _samples(reference, step)]
    overall = float(np.mean([d for distances in per_line for d in distances] + backwards))
    return [FrontLine(line, length, float(np.mean(d))) for (line, length), d in zip(kept, per_line)], overall


def _write(path: Path, fronts: Sequence[FrontLine], crs_wkt: str) -> None:
    import fiona  # only the vector writers need it (as in core.dataset.preview)

    schema = {"geometry": "LineString", "properties": {"id": "int", "length_m": "float", "mean_distance_m": "float"}}
    with atomic_path(path) as temporary:
        with fiona.open(temporary, "w", driver="GPKG", layer="terminus", crs_wkt=crs_wkt, schema=schema) as sink:
            sink.writerecords({"geometry": mapping(front.geometry), "properties": {
                "id": i, "length_m": front.length_m, "mean_distance_m": front.mean_distance_m}}
                for i, front in enumerate(fronts, start=1))
