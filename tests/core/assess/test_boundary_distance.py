"""The symmetric mean boundary distance, in metres whatever the CRS: analytic values for shifted rectangles."""
import math

import pytest
from shapely.affinity import translate
from shapely.geometry import Polygon, box

from glacier_dl_plugin.core.assess.boundary_distance import mean_boundary_distance_m


def test_a_rectangle_moved_along_its_width_is_h_d_over_w_plus_h_away():
    """w × h moved d along x: 2·h·d of distance integrated over each perimeter 2(w + h), see evaluation_fixtures."""
    w, h, d = 600.0, 300.0, 90.0
    a = box(500000, 3100000, 500000 + w, 3100000 + h)
    expected = h * d / (w + h)  # 30 m
    assert mean_boundary_distance_m(a, translate(a, xoff=d), "EPSG:32645") == pytest.approx(expected, rel=5e-3)  # sampling


def test_boundary_distance_is_in_metres_on_a_geographic_crs():
    """The same shape of shift measured in degrees near 47° N is metres on the ground, not 0.001."""
    a = box(10.75, 46.79, 10.76, 46.80)
    b = translate(a, xoff=0.001)  # about 76 m east at 46.8° N
    metres = 0.001 * math.cos(math.radians(46.795)) * 111_320
    side_x, side_y = 0.01 * math.cos(math.radians(46.795)) * 111_320, 0.01 * 110_950
    assert mean_boundary_distance_m(a, b, "EPSG:4326") == pytest.approx(side_y * metres / (side_x + side_y), rel=0.01)


def test_identical_outlines_are_0_m_apart_and_an_empty_one_is_undefined():
    a = box(500000, 3100000, 500300, 3100300)
    assert mean_boundary_distance_m(a, a, "EPSG:32645") == pytest.approx(0, abs=1e-9)
    assert math.isnan(mean_boundary_distance_m(a, Polygon(), "EPSG:32645"))
