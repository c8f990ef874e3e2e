"""Loading glacier polygons: batched reprojection (against pyproj point by point and the former per-glacier GDAL
path), repairs, progress and cancel, and polygons the target CRS cannot hold.

``synthetic_region`` also serves to time a whole RGI region (13,000 outlines, about 2.7 million vertices): see
docs/dataset.md, *Progress and cancel*."""
import fiona
import numpy as np
import pytest
from pyproj import Transformer
from rasterio.warp import transform_geom
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape

from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.progress import Monitor

UTM = "EPSG:32645"


def wobbly_ring(rng, lon, lat, radius_deg, vertices):
    """A smooth outline of ``vertices`` points around (lon, lat): a circle bent by a few harmonics."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    radii = np.ones(vertices)
    for k in (2, 3, 5, 9):
        radii += rng.uniform(0, 0.25 / k ** 0.5) * np.sin(k * angles + rng.uniform(0, 2 * np.pi))
    return np.column_stack([lon + radius_deg * radii * np.cos(angles), lat + 0.9 * radius_deg * radii * np.sin(angles)])


def synthetic_region(count, seed=0):
    """``count`` glacier-like outlines in longitude/latitude (85-89° E, 27-30° N), 20-400 vertices each: every
    10th has a hole, every 20th a second part, every 50th is an invalid bow-tie (repaired on loading)."""
    rng = np.random.default_rng(seed)
    outlines = []
    for k in range(count):
        lon, lat, radius = rng.uniform(85, 89), rng.uniform(27, 30), rng.uniform(0.002, 0.02)
        shell = wobbly_ring(rng, lon, lat, radius, int(rng.integers(20, 400)))
        if k % 10 == 3:
            outlines.append(Polygon(shell, [wobbly_ring(rng, lon, lat, radius * 0.3, 12)[::-1]]))
        elif k % 20 == 7:
            outlines.append(MultiPolygon([Polygon(shell), Polygon(wobbly_ring(rng, lon + 3 * radius, lat,
                                                                              radius / 2, 30))]))
        elif k % 50 == 11:
            outlines.append(Polygon([(lon, lat), (lon + radius, lat + radius), (lon + radius, lat),
                                     (lon, lat + radius)]))
        else:
            outlines.append(Polygon(shell))
    return outlines


def rings(geometry):
    """Every ring's coordinates (n x 2 or n x 3), part by part, exterior before holes."""
    return [np.asarray(ring.coords) for polygon in getattr(geometry, "geoms", [geometry])
            for ring in (polygon.exterior, *polygon.interiors)]


@pytest.fixture(scope="module")
def region():
    outlines = synthetic_region(1200)  # three batches of reprojection
    return outlines, [GlacierRecord(f"G{k:05d}", g.wkb) for k, g in enumerate(outlines)]


def test_every_vertex_lands_where_pyproj_puts_it_and_the_structure_is_kept(region):
    outlines, records = region
    glaciers = load_glaciers(records, "EPSG:4326", UTM)
    to_utm = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)
    assert len(glaciers.geometries) == 1200 and glaciers.repaired == 24  # every 50th is a bow-tie
    for source, moved, glacier_id in zip(outlines, glaciers.geometries, glaciers.ids):
        if not source.is_valid:
            assert moved.geom_type == "MultiPolygon" and len(moved.geoms) == 2  # both triangles of the bow-tie
            continue
        assert moved.geom_type == source.geom_type, glacier_id
        before, after = rings(source), rings(moved)
        assert [len(r) for r in after] == [len(r) for r in before]  # parts, holes and vertices, in order
        for ring_before, ring_after in zip(before, after):
            expected = np.array([to_utm.transform(x, y) for x, y in ring_before])
            np.testing.assert_allclose(ring_after, expected, rtol=1e-9)
    assert sum(len(g.interiors) for g in glaciers.geometries if g.geom_type == "Polygon") == 120
    assert 480_000 < glaciers.geometries[0].centroid.x < 900_000  # UTM 45N eastings, metres


def test_everest_outlines_equal_the_former_per_glacier_gdal_reprojection(everest):
    with fiona.open(everest["outlines"]) as src:
        features, crs = list(src), src.crs_wkt
    records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in features]
    glaciers = load_glaciers(records, crs, UTM)
    assert len(glaciers.ids) == 86 and glaciers.repaired == 0
    for feature, moved in zip(features, glaciers.geometries):
        former = shape(transform_geom(crs, UTM, mapping(shape(feature["geometry"]))))
        assert [len(r) for r in rings(moved)] == [len(r) for r in rings(former)]
        for ring, ring_former in zip(rings(moved), rings(former)):
            np.testing.assert_allclose(ring, ring_former, rtol=1e-9)
    assert sum(g.area for g in glaciers.geometries) / 1e6 == pytest.approx(
        sum(f["properties"]["Area"] for f in features), rel=0.01)  # RGI areas, km²


def test_repaired_bow_tie_keeps_both_triangles_and_heights_are_kept():
    bowtie = Polygon([(86.0, 28.0), (86.01, 28.01), (86.01, 28.0), (86.0, 28.01)])
    tilted = Polygon([(86.1, 28.1, 5000.0), (86.11, 28.1, 5100.0), (86.11, 28.11, 5200.0)])
    glaciers = load_glaciers([GlacierRecord("bowtie", bowtie.wkb), GlacierRecord("tilted", tilted.wkb)],
                             "EPSG:4326", UTM)
    assert glaciers.repaired == 1 and glaciers.geometries[0].is_valid
    former = shape(transform_geom("EPSG:4326", UTM, mapping(MultiPolygon(
        [Polygon([(86.0, 28.0), (86.005, 28.005), (86.0, 28.01)]),
         Polygon([(86.005, 28.005), (86.01, 28.0), (86.01, 28.01)])]))))
    assert glaciers.geometries[0].area == pytest.approx(former.area, rel=1e-6)  # about 0.5 km²
    coords = np.asarray(glaciers.geometries[1].exterior.coords)
    np.testing.assert_array_equal(coords[:, 2], [5000.0, 5100.0, 5200.0, 5000.0])
    x, y = Transformer.from_crs("EPSG:4326", UTM, always_xy=True).transform(86.1, 28.1)
    assert tuple(coords[0, :2]) == pytest.approx((x, y), rel=1e-12)


def test_progress_rises_through_the_given_range_every_batch(region):
    _, records = region
    seen = []
    load_glaciers(records, "EPSG:4326", UTM, monitor=Monitor(progress=seen.append), percent=(10, 20))
    assert seen == sorted(seen) and seen[0] == 10 and seen[-1] == 20
    assert len(set(seen)) >= 6  # parsing and reprojecting, 500 polygons at a time


def test_cancel_stops_loading_at_once_and_leaves_the_records_untouched(region):
    _, records = region
    before = [r.geometry_wkb for r in records]
    for after_reports in (1, 5):  # while parsing, then while reprojecting
        seen = []
        monitor = Monitor(progress=seen.append, is_cancelled=lambda s=seen, n=after_reports: len(s) >= n)
        with pytest.raises(CancelledError):
            load_glaciers(records, "EPSG:4326", UTM, monitor=monitor)
        assert len(seen) == after_reports  # no batch after the cancel
    assert [r.geometry_wkb for r in records] == before


def test_a_polygon_the_target_crs_cannot_hold_names_the_glacier():
    far = Polygon([(0.0, 0.0), (0.1, 0.0), (0.1, 0.1)])  # 87° from UTM 45N's central meridian, on the equator
    near = Polygon([(86.9, 28.0), (87.0, 28.0), (87.0, 28.1)])
    with pytest.raises(InputError, match="GLACIERS: glacier 'far' lies outside the area where WGS 84 / UTM zone 45N"):
        load_glaciers([GlacierRecord("near", near.wkb), GlacierRecord("far", far.wkb)], "EPSG:4326", UTM)


def test_a_layer_without_crs_is_named_by_its_parameter():
    records = [GlacierRecord("A", Polygon([(10.7, 46.8), (10.8, 46.8), (10.8, 46.9)]).wkb)]
    with pytest.raises(InputError, match=r"^GLACIERS: the layer has no coordinate reference system"):
        load_glaciers(records, "", UTM)
    with pytest.raises(InputError, match=r"^REFERENCE: the layer has no coordinate reference system"):
        load_glaciers(records, "", UTM, parameter="REFERENCE")
    with pytest.raises(InputError, match=r"^PREDICTION: contains no glacier polygon"):
        load_glaciers([], "EPSG:4326", UTM, parameter="PREDICTION")


def test_without_drops_every_polygon_of_the_glaciers_named():
    parts = [GlacierRecord(g, box(x, 0, x + 1, 1).wkb, c) for g, x, c in (("A", 0, "ice"), ("B", 2, "debris"),
                                                                           ("A", 4, "debris"))]
    glaciers = load_glaciers(parts, UTM, UTM)
    left = glaciers.without(["A"])
    assert left.ids == ("B",) and left.class_indices == (glaciers.class_indices[1],) and left.class_names == \
        glaciers.class_names
    assert glaciers.without([]) is glaciers
