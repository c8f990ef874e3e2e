"""Lengths on the ground in metres, as map units along each axis: the one place buffers and tolerances are converted.

Near a point, any map (a CRS, or a grid's pixel coordinates) is the ground stretched by its own scale along
each axis: ``x`` metres per map unit eastward and ``y`` northward (:func:`core.geo.geodesy.metres_per_unit`).
On a geographic grid at 60° N a degree of longitude is 55.8 km but a degree of latitude 111.4 km, so 300 m
are 0.0054° east-west and 0.0027° north-south. A length in metres is therefore a pair of map lengths, and a
circle on the ground an ellipse on the map. Every algorithm takes its metres through a :class:`GroundScale`
taken at the geometry's centroid:

- where it works with polygons (Predict's glacier areas, Evaluate and Calibrate's scoring zones, Create
  dataset's chip search in pixel coordinates), :meth:`GroundScale.buffer` grows the geometry by an ellipse
  of radii :meth:`GroundScale.units`;
- where it works with pixel arrays (Polygonize's territories), :meth:`GroundScale.units` pads the window
  along each axis and the scale itself is the spacing of the distance transform, in metres per pixel.

Both read the same two factors at the same point, so their zones agree to within rasterisation (a pixel).
The factors are those at the centroid: across a glacier spanning Δφ of latitude the east-west scale drifts
by about tan φ · Δφ (0.8 % of the buffer for 0.1°, 12 km, at 78° N).
"""
from __future__ import annotations

from dataclasses import dataclass

from rasterio.crs import CRS
from rasterio.transform import Affine
from shapely.affinity import scale
from shapely.geometry.base import BaseGeometry

from .geodesy import metres_per_unit
from .raster_stack import Grid

__all__ = ["GroundScale", "ground_scale", "pixel_scale", "pixel_scale_at", "scale_at", "buffer_on_ground", "grow",
           "metres_per_pixel", "unit_name"]

BUFFER_RESOLUTION = 16
"""Segments per quarter circle of a buffer (shapely's default)."""


def grow(geometry: BaseGeometry, radii: tuple[float, float], resolution: int = BUFFER_RESOLUTION) -> BaseGeometry:
    """``geometry`` grown by an ellipse of semi-axes ``radii`` (along x, along y; map units).

    The geometry is stretched along x until the ellipse is a circle of radius ``radii[1]``, buffered, and
    stretched back (about its centroid, which only keeps the numbers small).
    """
    along_x, along_y = radii
    if along_x <= 0 and along_y <= 0:
        return geometry
    if along_x == along_y:
        return geometry.buffer(along_x, resolution)
    centre = geometry.centroid
    stretched = scale(geometry, along_y / along_x, 1.0, origin=centre)
    return scale(stretched.buffer(along_y, resolution), along_x / along_y, 1.0, origin=centre)


@dataclass(frozen=True)
class GroundScale:
    """Metres on the ground per map unit along x and along y near one point (map: CRS units or pixels)."""

    x: float
    y: float

    def units(self, metres: float) -> tuple[float, float]:
        """``metres`` on the ground as map units along x and along y."""
        return metres / self.x, metres / self.y

    def buffer(self, geometry: BaseGeometry, metres: float, resolution: int = BUFFER_RESOLUTION) -> BaseGeometry:
        """``geometry`` (map units) grown by ``metres`` on the ground; unchanged for ``metres`` <= 0."""
        return grow(geometry, self.units(metres), resolution) if metres > 0 else geometry

    def simplify(self, geometry: BaseGeometry, metres: float) -> BaseGeometry:
        """Douglas-Peucker simplification (topology kept) with a tolerance of ``metres`` on the ground."""
        along_x, along_y = self.units(metres)
        if along_x == along_y:
            return geometry.simplify(along_x, preserve_topology=True)
        centre = geometry.centroid
        stretched = scale(geometry, along_y / along_x, 1.0, origin=centre)
        return scale(stretched.simplify(along_y, preserve_topology=True), along_x / along_y, 1.0, origin=centre)


def ground_scale(crs: CRS, x: float, y: float) -> GroundScale:
    """Metres per unit of ``crs`` along x and y at the point (x, y) of ``crs``."""
    return GroundScale(*metres_per_unit(crs, x, y))


def scale_at(geometry: BaseGeometry, crs: CRS) -> GroundScale:
    """Metres per unit of ``crs`` at the centroid of ``geometry`` (in ``crs``)."""
    centre = geometry.centroid
    return ground_scale(crs, centre.x, centre.y)


def pixel_scale(crs: CRS, transform: Affine, x: float, y: float) -> GroundScale:
    """Metres per pixel along columns (x) and rows (y) of a north-up grid, at the point (x, y) of ``crs``."""
    on_ground = ground_scale(crs, x, y)
    return GroundScale(abs(transform.a) * on_ground.x, abs(transform.e) * on_ground.y)


def pixel_scale_at(geometry: BaseGeometry, crs: CRS, transform: Affine) -> GroundScale:
    """Metres per pixel of a north-up grid (``crs``, ``transform``) at the centroid of ``geometry`` (in ``crs``)."""
    centre = geometry.centroid
    return pixel_scale(crs, transform, centre.x, centre.y)


def buffer_on_ground(geometry: BaseGeometry, metres: float, crs: CRS,
                     resolution: int = BUFFER_RESOLUTION) -> BaseGeometry:
    """``geometry`` (in ``crs``) grown by ``metres`` on the ground, at the scale of its centroid."""
    return scale_at(geometry, crs).buffer(geometry, metres, resolution) if metres > 0 else geometry


def metres_per_pixel(grid: Grid) -> tuple[float, float]:
    """Pixel width and height in metres at the grid's centre (exact on projected grids, whose scale is
    their linear unit everywhere)."""
    xmin, ymin, xmax, ymax = grid.bounds
    on_ground = pixel_scale(grid.crs, grid.transform, (xmin + xmax) / 2, (ymin + ymax) / 2)
    return on_ground.x, on_ground.y


def unit_name(crs: CRS) -> str:
    """The unit of the CRS's axes: ``degree`` for geographic CRSs, else the linear unit (``metre``, ...)."""
    return "degree" if crs.is_geographic else crs.linear_units_factor[0]
