"""Polygonize: outlines and ellipsoidal areas from mean/std rasters, per glacier, read window by window.
(The bounds, from the calibration or the parameters: test_outline_bounds.py.)"""
import fiona
import numpy as np
import pytest
import rasterio
from rasterio.enums import MergeAlg
from rasterio.features import rasterize
from rasterio.transform import from_origin
from shapely.geometry import box, shape

from glacier_dl_plugin.core.assess.outlines import OutlineConfig, polygonize_outlines
from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.progress import Monitor
from outline_fixtures import UTM, everest_glaciers, geod_area_km2, read_layer, write_raster


@pytest.fixture(scope="module")
def burnt(everest, tmp_path_factory):
    """Everest RGI outlines burnt into a 5 m UTM grid (mean 1 inside, 0 outside; std 0) and polygonized."""
    glaciers, originals = everest_glaciers(everest["outlines"])
    by_glacier = glaciers.by_glacier()
    corners = np.array([g.bounds for g in glaciers.geometries])
    (xmin, ymin), (xmax, ymax) = corners[:, :2].min(0), corners[:, 2:].max(0)
    transform = from_origin(np.floor(xmin) - 500, np.ceil(ymax) + 500, 5.0, 5.0)
    shape_ = (int((ymax - ymin + 1000) / 5) + 1, int((xmax - xmin + 1000) / 5) + 1)
    ids = sorted(by_glacier)
    # Each pixel is labelled by the glacier holding its centre; a few RGI outlines overlap a little (0 there).
    labels = rasterize([(by_glacier[i], n) for n, i in enumerate(ids, 1)], shape_, transform=transform,
                       dtype="int32")
    overlaps = rasterize([(by_glacier[i], 1) for i in ids], shape_, transform=transform, dtype="int32",
                         merge_alg=MergeAlg.add) > 1
    labels[overlaps] = 0
    folder = tmp_path_factory.mktemp("burnt")
    mean = write_raster(folder / "mean.tif", ((labels > 0) | overlaps).astype(np.float32), transform, UTM)
    std = write_raster(folder / "std.tif", np.zeros(shape_, np.float32), transform, UTM)
    summary = polygonize_outlines(mean, std, glaciers, OutlineConfig(threshold=0.5, k=1.0, min_area_km2=0),
                                  folder / "outlines.gpkg")
    return summary, read_layer(summary.path), labels, overlaps, ids, transform, by_glacier, originals


@pytest.mark.slow
def test_burnt_outlines_come_back_pixel_for_pixel(burnt):
    """Against the burnt pixels' exact footprint: re-burning each output outline gives the very same pixels
    (where two RGI outlines overlap, the pixel goes to one of them: not compared)."""
    summary, out, labels, overlaps, ids, transform, _, _ = burnt
    assert summary.glaciers == len(ids) == 86 and summary.empty == () and summary.outside == ()
    from scipy import ndimage

    for number, (glacier_id, window) in enumerate(zip(ids, ndimage.find_objects(labels)), 1):
        local = rasterio.transform.from_origin(*(transform * (window[1].start, window[0].start)), 5.0, 5.0)
        again = rasterize([out[glacier_id][0]], labels[window].shape, transform=local, dtype="uint8")
        compared = ~overlaps[window]
        assert np.array_equal((again > 0)[compared], (labels[window] == number)[compared]), glacier_id


@pytest.mark.slow
def test_burnt_outlines_match_the_rgi_outlines_and_their_geodesic_areas(burnt):
    """Against the original RGI polygons. Pixel edges are a staircase around any smooth outline: the
    symmetric difference is about a quarter pixel times the perimeter, so on a 5 m grid IoU >= 0.99 holds for
    glaciers of 1 km² and more, and every glacier stays above the bound 1 - perimeter*pixel/(2*area).
    Areas are compared with pyproj's geodesic area of the untouched lon/lat polygons."""
    _, out, _, _, ids, _, by_glacier, originals = burnt
    for glacier_id in ids:
        outline, attributes = out[glacier_id]
        reference = by_glacier[glacier_id]
        iou = outline.intersection(reference).area / outline.union(reference).area
        assert iou >= 1 - reference.length * 5.0 / (2 * reference.area), glacier_id
        if reference.area >= 1e6:
            assert iou >= 0.99, glacier_id
        expected = geod_area_km2(originals[glacier_id])
        tolerance = 0.01 if expected >= 0.05 else 0.02  # two glaciers under 0.05 km² (< 2000 pixels)
        assert attributes["area"] == pytest.approx(expected, rel=tolerance), glacier_id
    total = sum(o[1]["area"] for o in out.values())
    assert total == pytest.approx(sum(geod_area_km2(p) for p in originals.values()), rel=1e-3)


def two_glaciers(tmp_path, crs=UTM, transform=from_origin(500000, 3100000, 10, 10)):
    """Two 300 m squares 400 m apart (west, east) and a band of mean = 1 running between and past them."""
    west, east = box(500500, 3098500, 500800, 3098800), box(501200, 3098500, 501500, 3098800)
    mean = np.zeros((300, 250), np.float32)
    grid = rasterize([(west, 1), (east, 1), (box(500300, 3098600, 501900, 3098700), 1)], mean.shape,
                     transform=transform)
    mean[grid > 0] = 1
    paths = (write_raster(tmp_path / "mean.tif", mean, transform, crs),
             write_raster(tmp_path / "std.tif", np.zeros_like(mean), transform, crs))
    glaciers = load_glaciers([GlacierRecord("west", west.wkb), GlacierRecord("east", east.wkb)], crs, crs)
    return paths, glaciers


def test_pixels_in_two_buffers_go_to_the_nearer_glacier_and_the_buffer_is_in_metres(tmp_path):
    (mean, std), glaciers = two_glaciers(tmp_path)
    summary = polygonize_outlines(mean, std, glaciers, OutlineConfig(threshold=0.5, k=1, buffer_m=300,
                                                                     min_area_km2=0), tmp_path / "o.gpkg")
    out = read_layer(summary.path)
    west, east = out["west"][0], out["east"][0]
    assert west.intersection(east).area == 0
    # The band between them (400 m) is split at its middle; outside, it is kept for 300 m.
    assert west.bounds[2] == pytest.approx(501000) and east.bounds[0] == pytest.approx(501000)
    assert west.bounds[0] == pytest.approx(500300) and east.bounds[2] == pytest.approx(501800)
    assert out["west"][1]["area"] == pytest.approx(0.09 + 0.1 * (0.2 + 0.2), rel=0.01)


def test_a_geographic_grid_gets_its_buffer_and_areas_in_metres(hintereisferner, tmp_path):
    with fiona.open(hintereisferner["outline"]) as src:
        crs, feature = src.crs_wkt, next(iter(src))
    outline = shape(feature["geometry"])
    x0, y0, x1, y1 = outline.bounds
    transform = from_origin(x0 - 0.01, y1 + 0.01, 0.0001, 0.0001)  # about 7.6 m x 11 m
    shape_ = (int((y1 - y0 + 0.02) / 0.0001), int((x1 - x0 + 0.02) / 0.0001))
    xe, ye = max(outline.exterior.coords)  # the easternmost vertex: nothing of the glacier lies east of it
    blob = box(xe + 0.0033, ye - 0.0005, xe + 0.0050, ye + 0.0005)  # 250-380 m east, 111 m tall
    mean = rasterize([(outline, 1), (blob, 1)], shape_, transform=transform).astype(np.float32)
    paths = (write_raster(tmp_path / "m.tif", mean, transform, "EPSG:4326"),
             write_raster(tmp_path / "s.tif", np.zeros_like(mean), transform, "EPSG:4326"))
    glaciers = load_glaciers([GlacierRecord("RGI60-11.00897", outline.wkb)], crs, "EPSG:4326")
    areas = {}
    for buffer_m in (200, 320):
        config = OutlineConfig(threshold=0.5, k=1, buffer_m=buffer_m, min_area_km2=0)
        summary = polygonize_outlines(*paths, glaciers, config, tmp_path / f"{buffer_m}.gpkg")
        areas[buffer_m] = summary.total_area
    assert areas[200] == pytest.approx(geod_area_km2([outline]), rel=0.005)
    assert 0.002 < areas[320] - areas[200] < 0.0095  # the blob's part within 320 m (at most 70 m x 111 m) joins


def test_bad_inputs_are_refused_and_nothing_is_written(tmp_path, tmp_path_factory):
    (mean, std), glaciers = two_glaciers(tmp_path)
    elsewhere = write_raster(tmp_path_factory.mktemp("elsewhere") / "std.tif", np.zeros((300, 250), np.float32),
                             from_origin(500000, 3100000, 30, 30), UTM)  # as large, another pixel size
    target = tmp_path / "out.gpkg"
    with pytest.raises(InputError, match="^MEAN: no pixel"):
        polygonize_outlines(std, std, glaciers, OutlineConfig(threshold=0.5, k=1), target)
    far = load_glaciers([GlacierRecord("far", box(0, 0, 100, 100).wkb)], UTM, UTM)
    with pytest.raises(InputError, match="^GLACIERS: no glacier"):
        polygonize_outlines(mean, std, far, OutlineConfig(), target)
    with pytest.raises(InputError, match="^STD: is not on the grid"):
        polygonize_outlines(mean, elsewhere, glaciers, OutlineConfig(), target)
    with pytest.raises(InputError, match="^BAND"):
        polygonize_outlines(mean, std, glaciers, OutlineConfig(band=2), target)
    with pytest.raises(InputError, match="^THRESHOLD"):
        OutlineConfig(threshold=1.5)
    with pytest.raises(CancelledError):
        polygonize_outlines(mean, std, glaciers, OutlineConfig(), target, Monitor(is_cancelled=lambda: True))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mean.tif", "std.tif"]


def test_only_each_glaciers_window_is_read_from_a_huge_raster(tmp_path):
    """A 200 000 x 200 000 px (160 GB as float32) sparse GeoTIFF: reading it whole would fail, window by window
    it takes a moment. Only the two glaciers' surroundings (1 m pixels) hold data."""
    from rasterio.windows import Window

    transform = from_origin(300000, 9000000, 1, 1)
    profile = dict(driver="GTiff", width=200_000, height=200_000, count=1, dtype="float32", crs=UTM,
                   transform=transform, nodata=-9999.0, tiled=True, blockxsize=256, blockysize=256,
                   compress="deflate", sparse_ok=True, BIGTIFF="YES")
    glaciers = {"near": box(301000, 8998500, 301500, 8999000), "far": box(499000, 8801000, 499400, 8801300)}
    with rasterio.open(tmp_path / "mean.tif", "w", **profile) as mean, \
            rasterio.open(tmp_path / "std.tif", "w", **profile) as std:
        for geometry in glaciers.values():
            x0, _, _, y1 = geometry.buffer(400).bounds
            window = Window(int(x0 - 300000), int(9000000 - y1), 1300, 1300)
            local = rasterio.windows.transform(window, transform)
            burnt = rasterize([(geometry, 1)], (1300, 1300), transform=local).astype(np.float32)
            mean.write(burnt, 1, window=window)
            std.write(np.zeros_like(burnt), 1, window=window)
    inventory = load_glaciers([GlacierRecord(i, g.wkb) for i, g in glaciers.items()], UTM, UTM)
    summary = polygonize_outlines(tmp_path / "mean.tif", tmp_path / "std.tif", inventory,
                                  OutlineConfig(threshold=0.5, k=1, min_area_km2=0), tmp_path / "o.gpkg")
    areas = {i: a["area"] for i, (_, a) in read_layer(summary.path).items()}
    assert areas == pytest.approx({i: geod_km2_utm(g) for i, g in glaciers.items()}, rel=1e-3)


def geod_km2_utm(geometry):
    from pyproj import Transformer
    from shapely.ops import transform as reproject

    to_lonlat = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True).transform
    return geod_area_km2([reproject(to_lonlat, geometry)])


def test_glaciers_partly_off_the_raster_or_over_nodata_carry_their_coverage(tmp_path):
    """west lies whole on the raster; east's eastern third runs past its edge; a nodata strip hides a third of
    west's twin: coverage 1, 2/3 and 2/3, with a warning naming the two."""
    transform = from_origin(500000, 3100000, 10, 10)
    mean = np.full((100, 100), 0.9, np.float32)  # x 500000-501000
    mean[:, 30:35] = -9999.0  # nodata over x 500300-500350
    paths = (write_raster(tmp_path / "mean.tif", mean, transform, UTM),
             write_raster(tmp_path / "std.tif", np.zeros_like(mean), transform, UTM))
    records = [GlacierRecord("whole", box(500500, 3099300, 500650, 3099450).wkb),
               GlacierRecord("edge", box(500900, 3099300, 501050, 3099450).wkb),  # 50 of 150 m off the raster
               GlacierRecord("hidden", box(500250, 3099600, 500400, 3099750).wkb)]  # 50 of 150 m over nodata
    warnings = []
    summary = polygonize_outlines(*paths, load_glaciers(records, UTM, UTM), OutlineConfig(threshold=0.5, k=1, buffer_m=0,
                                  min_area_km2=0, date="20030799"), tmp_path / "o.gpkg", Monitor(warn=warnings.append))
    for layer in ("outlines", "outlines_low", "outlines_high"):
        out = read_layer(summary.path, layer)
        assert {g: a["coverage"] for g, (_, a) in out.items()} == pytest.approx({"whole": 1, "edge": 2 / 3,
                                                                                 "hidden": 2 / 3})
        assert {a["date"] for _, a in out.values()} == {"2003-07-15"}  # RGI's unknown day: the 15th
    assert summary.partial == ("edge", "hidden")
    assert "GLACIERS: 2 glacier(s) are only partly covered by valid pixels of MEAN" in warnings[0]
    assert "edge (67 %), hidden (67 %)" in warnings[0]
