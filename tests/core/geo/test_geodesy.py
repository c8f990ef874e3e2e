"""Measures on the WGS 84 ellipsoid: areas in km² and metres per CRS unit, checked against independent maths."""
import math

import numpy as np
import pytest
from pyproj import CRS as ProjCRS
from pyproj import Transformer
from rasterio.crs import CRS
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.ops import transform

from glacier_dl_plugin.core.geo.geodesy import geodesic_area_km2, metres_per_unit, to_lonlat

A, F = 6378137.0, 1 / 298.257223563  # WGS 84
E2 = F * (2 - F)
UTM_K0 = 0.9996  # UTM scale factor on the central meridian


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Textbook lengths of one degree of longitude (prime vertical radius) and latitude (meridional radius)."""
    phi = math.radians(lat)
    w = 1 - E2 * math.sin(phi) ** 2
    return math.radians(1) * A * math.cos(phi) / math.sqrt(w), math.radians(1) * A * (1 - E2) / w ** 1.5


def test_a_utm_square_on_the_central_meridian_is_larger_on_the_ground_by_the_scale_factor():
    square = box(500000, 3000000, 501000, 3001000)  # 1 km² of map, at 87° E (zone 45's central meridian)
    assert geodesic_area_km2(square, "EPSG:32645") == pytest.approx(1 / UTM_K0 ** 2, rel=1e-6)


def test_the_crs_may_be_an_epsg_code_wkt_or_a_proj_string():
    square = box(500000, 3000000, 501000, 3001000)
    crs = ProjCRS.from_epsg(32645)
    areas = [geodesic_area_km2(square, c) for c in ("EPSG:32645", crs.to_wkt(), "+proj=utm +zone=45 +datum=WGS84")]
    assert areas == pytest.approx([areas[0]] * 3, rel=1e-9)


def test_holes_of_an_oriented_polygon_are_subtracted_and_clockwise_shells_count_positive():
    shell = [(500000, 3000000), (502000, 3000000), (502000, 3002000), (500000, 3002000)]  # 4 km², anticlockwise
    hole = [(500500, 3000500), (500500, 3001500), (501500, 3001500), (501500, 3000500)]  # 1 km², clockwise
    full = geodesic_area_km2(Polygon(shell), "EPSG:32645")
    assert full == pytest.approx(4 / UTM_K0 ** 2, rel=1e-6)
    assert geodesic_area_km2(Polygon(shell[::-1]), "EPSG:32645") == pytest.approx(full, rel=1e-12)
    assert geodesic_area_km2(Polygon(shell, [hole]), "EPSG:32645") == pytest.approx(full * 3 / 4, rel=1e-6)
    assert geodesic_area_km2(Polygon(shell[::-1], [hole[::-1]]), "EPSG:32645") == pytest.approx(full * 3 / 4,
                                                                                                rel=1e-6)


def test_a_hole_wound_like_its_shell_is_still_subtracted():
    shell = [(500000, 3000000), (502000, 3000000), (502000, 3002000), (500000, 3002000)]
    hole = [(500500, 3000500), (501500, 3000500), (501500, 3001500), (500500, 3001500)]  # anticlockwise too
    assert geodesic_area_km2(Polygon(shell, [hole]), "EPSG:32645") == pytest.approx(3 / UTM_K0 ** 2, rel=1e-6)


def test_parts_of_a_multipolygon_add_up_whatever_their_winding():
    east = box(503000, 3000000, 504000, 3001000)
    parts = MultiPolygon([box(500000, 3000000, 501000, 3001000), Polygon(list(east.exterior.coords)[::-1])])
    assert geodesic_area_km2(parts, "EPSG:32645") == pytest.approx(2 / UTM_K0 ** 2, rel=1e-4)


def test_a_degree_cell_matches_its_equal_area_projection_and_an_empty_geometry_has_none():
    edges = np.linspace(0, 1, 1001)
    ring = ([(10 + t, 45) for t in edges] + [(11, 45 + t) for t in edges[1:]]
            + [(11 - t, 46) for t in edges[1:]] + [(10, 46 - t) for t in edges[1:]])
    laea = Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=45.5 +lon_0=10.5 +ellps=WGS84", always_xy=True)
    reference = transform(laea.transform, Polygon(ring)).area / 1e6  # about 8,686 km²
    assert geodesic_area_km2(box(10, 45, 11, 46), "EPSG:4326") == pytest.approx(reference, rel=1e-4)
    assert geodesic_area_km2(Polygon(), "EPSG:4326") == 0.0


def test_to_lonlat_maps_the_utm_false_origin_to_the_central_meridian_on_the_equator():
    point = to_lonlat(box(499999, -1, 500001, 1), "EPSG:32645").centroid
    assert (point.x, point.y) == pytest.approx((87.0, 0.0), abs=1e-7)


def test_projected_crs_give_their_linear_unit_on_both_axes():
    assert metres_per_unit(CRS.from_epsg(32645), 400000, 3100000) == (1.0, 1.0)
    feet = metres_per_unit(CRS.from_epsg(2227), 6000000, 2000000)  # California III, US survey feet
    assert feet == pytest.approx((1200 / 3937, 1200 / 3937), rel=1e-12)


@pytest.mark.parametrize("lat", [0.0, 27.9, 46.8, 60.0, -72.5])
def test_degrees_are_the_ellipsoids_radii_of_curvature_at_the_point(lat):
    east, north = metres_per_unit(CRS.from_epsg(4326), 86.9, lat)
    assert (east, north) == pytest.approx(metres_per_degree(lat), rel=1e-6)


def test_the_poles_are_measured_one_degree_away_instead_of_collapsing_to_zero():
    geographic = CRS.from_epsg(4326)
    for pole in (90.0, -90.0):
        east, north = metres_per_unit(geographic, 5, pole)
        assert (east, north) == metres_per_unit(geographic, 5, math.copysign(89.0, pole))
        assert 1900 < east < 2000 and north == pytest.approx(metres_per_degree(89.0)[1], rel=1e-6)
