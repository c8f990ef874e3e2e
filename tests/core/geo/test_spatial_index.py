"""The R-tree answers with positions in the list it was given, whatever the shapely version."""
from shapely.geometry import LineString, Point, Polygon, box

from glacier_dl_plugin.core.geo.spatial_index import SpatialIndex


def test_query_gives_the_indices_of_the_bounding_boxes_met():
    geometries = [box(0, 0, 10, 10), box(20, 0, 30, 10), Point(50, 50), LineString([(0, 40), (40, 40)])]
    index = SpatialIndex(geometries)
    assert sorted(index.query(box(5, 5, 25, 6))) == [0, 1]
    assert sorted(index.query(box(35, 35, 55, 55))) == [2, 3]
    assert index.query(box(100, 100, 110, 110)) == []
    assert all(type(i) is int for i in index.query(box(-1, -1, 60, 60)))


def test_query_meets_bounding_boxes_not_shapes():
    ell = Polygon([(0, 0), (10, 0), (10, 2), (2, 2), (2, 10), (0, 10)])  # an L: its box's top-right is empty
    index = SpatialIndex([ell])
    assert index.query(Point(8, 8).buffer(1)) == [0]  # a candidate the caller tests exactly
    assert not ell.intersects(Point(8, 8).buffer(1))


def test_equal_geometries_keep_their_own_indices_and_empty_ones_are_never_returned():
    geometries = [box(0, 0, 1, 1), box(0, 0, 1, 1), Polygon(), box(0, 0, 1, 1)]
    index = SpatialIndex(geometries)
    assert sorted(index.query(box(0, 0, 2, 2))) == [0, 1, 3]
    assert index.geometries == geometries


def test_nearest_gives_the_index_of_the_closest_geometry():
    geometries = [box(0, 0, 1, 1), box(10, 0, 11, 1), box(0, 10, 1, 11)]
    index = SpatialIndex(geometries)
    assert index.nearest(Point(9, 0.5)) == 1
    assert index.nearest(Point(0.5, 8)) == 2
    assert index.nearest(box(-5, -5, -4, -4)) == 0
