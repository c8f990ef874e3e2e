"""Mean distance between two outlines' boundaries, in metres, on a local equidistant projection."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from pyproj import CRS as ProjCRS
from pyproj import Transformer
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform

from ..geo.geodesy import to_lonlat

__all__ = ["mean_boundary_distance_m"]


def _local_metric(geometries: Sequence[BaseGeometry], crs: str) -> list[BaseGeometry]:
    """Geometries on an azimuthal equidistant projection centred on the first one (metres)."""
    lonlat = [to_lonlat(g, crs) for g in geometries]
    centre = lonlat[0].centroid
    aeqd = ProjCRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
    project = Transformer.from_crs(ProjCRS.from_epsg(4326), aeqd, always_xy=True).transform
    return [transform(project, g) for g in lonlat]


def _rings(geometry: BaseGeometry) -> list[np.ndarray]:
    parts = getattr(geometry, "geoms", [geometry])  # overlays may return collections with lines or points
    return [np.asarray(ring.coords) for p in parts if p.geom_type == "Polygon" and not p.is_empty
            for ring in (p.exterior, *p.interiors)]


def _densify(rings: list[np.ndarray], spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every ~``spacing`` along the rings (segment midpoints of equal pieces) and their lengths."""
    starts = np.concatenate([r[:-1] for r in rings])
    steps = np.concatenate([np.diff(r, axis=0) for r in rings])
    lengths = np.hypot(steps[:, 0], steps[:, 1])
    pieces = np.maximum(np.ceil(lengths / spacing), 1).astype(int)
    segment = np.repeat(np.arange(len(pieces)), pieces)
    first = np.repeat(np.cumsum(pieces) - pieces, pieces)
    fraction = (np.arange(len(segment)) - first + 0.5) / pieces[segment]
    return starts[segment] + fraction[:, None] * steps[segment], (lengths / pieces)[segment]


def mean_boundary_distance_m(a: BaseGeometry, b: BaseGeometry, crs: str, spacing_m: float = 1.0) -> float:
    """Symmetric mean distance between the boundaries of two (multi)polygons, in metres.

    ``(∫_∂a d(x, ∂b) dx + ∫_∂b d(x, ∂a) dx) / (|∂a| + |∂b|)``, summed over points every ``spacing_m``
    (coarser beyond 200,000 points in all); NaN when either polygon is empty.
    """
    if a.is_empty or b.is_empty:
        return math.nan
    a_m, b_m = _local_metric([a, b], crs)
    if not (_rings(a_m) and _rings(b_m)):
        return math.nan
    spacing = max(spacing_m, (a_m.length + b_m.length) / 200_000)
    (pa, wa), (pb, wb) = _densify(_rings(a_m), spacing), _densify(_rings(b_m), spacing)
    da, _ = cKDTree(pb).query(pa)
    db, _ = cKDTree(pa).query(pb)
    return float((np.dot(da, wa) + np.dot(db, wb)) / (wa.sum() + wb.sum()))
