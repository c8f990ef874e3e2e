"""Polygons from WKB: repaired when invalid, reprojected with PROJ (x first), errors naming the feature."""
import pytest
from pyproj import Transformer
from rasterio.crs import CRS
from shapely.geometry import Point, Polygon, box

from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.polygons import parse_and_reproject, reproject_all

WGS84, UTM = CRS.from_epsg(4326), CRS.from_epsg(32632)


def test_polygons_are_repaired_counted_and_reprojected_x_first():
    bow_tie = Polygon([(10.7, 46.8), (10.8, 46.9), (10.8, 46.8), (10.7, 46.9)])  # invalid: crosses itself
    square = box(10.7, 46.8, 10.8, 46.9)
    (tie, plain), repaired = parse_and_reproject([bow_tie.wkb, square.wkb], WGS84, UTM, "GLACIERS", ["a", "b"])
    assert repaired == 1 and tie.is_valid and tie.area == pytest.approx(plain.area / 2, rel=1e-3)
    expected = Transformer.from_crs("EPSG:4326", "EPSG:32632", always_xy=True).transform(10.7, 46.8)
    assert any(c == pytest.approx(expected, abs=1e-6) for c in plain.exterior.coords)


def test_a_point_or_an_unreachable_polygon_names_the_feature():
    with pytest.raises(InputError, match="GLACIERS: has a Point geometry"):
        parse_and_reproject([Point(0, 0).wkb], WGS84, UTM, "GLACIERS", ["glacier 'X'"])
    far = box(-80.0, 0.0, -79.9, 0.1)  # 89° from UTM 32N's central meridian, on the equator
    with pytest.raises(InputError, match="MASK: feature 3 lies outside the area where WGS 84 / UTM zone 32N"):
        reproject_all([far], WGS84, UTM, "MASK", ["feature 3"])


@pytest.mark.parametrize("crs", ["", None, "   "])
def test_a_layer_without_crs_names_the_parameter_and_how_to_set_one(crs):
    from glacier_dl_plugin.core.geo.polygons import layer_crs

    with pytest.raises(InputError, match=r"^REFERENCE: the layer has no coordinate reference system \(a shapefile "
                                         r"without its .prj file\?\).* Add the .prj file beside the .shp.*Layer "
                                         r"Properties › Source"):
        layer_crs(crs, "REFERENCE")


def test_a_readable_crs_is_returned_and_an_unreadable_one_named():
    from glacier_dl_plugin.core.geo.polygons import layer_crs

    assert layer_crs("EPSG:4326", "GLACIERS") == WGS84 and layer_crs(UTM, "GLACIERS") is UTM
    with pytest.raises(InputError, match=r"^GLACIERS: the layer's coordinate reference system cannot be read"):
        layer_crs("GEOGCS[nonsense", "GLACIERS")
