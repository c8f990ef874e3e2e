"""Evaluation against reference outlines: exact values for identical and shifted predictions (binary and per
class), buffers in metres on geographic CRSs, real RGI data."""
import csv
import json
import math

import fiona
import numpy as np
import pytest
import rasterio
from pyproj import Geod
from rasterio.crs import CRS
from rasterio.features import rasterize
from shapely.affinity import translate
from shapely.geometry import box, shape

from calibration_fixtures import PIXEL, calibration_scene, pixel_box, write_raster
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.assess.boundary_distance import mean_boundary_distance_m
from glacier_dl_plugin.core.assess.evaluation import (
    RasterPrediction, check_reference_classes, evaluate_polygons, evaluate_raster, raster_prediction)
from glacier_dl_plugin.core.geo.geodesy import geodesic_area_km2
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.progress import Monitor
from glacier_dl_plugin.core.assess.evaluation_report import write_evaluation
from glacier_dl_plugin.core.assess.scoring_zones import buffer_in_crs_units, glacier_zones

UTM = "EPSG:32645"
SHIFT = 3  # pixels, eastwards


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evaluation")
    scene = calibration_scene(folder, grid=3)
    shifted = np.zeros_like(scene.truth)
    shifted[:, SHIFT:] = scene.truth[:, :-SHIFT]
    write_raster(folder / "classes.tif", scene.truth[None].astype(np.uint8), nodata=255)
    write_raster(folder / "shifted.tif", np.where(shifted, 0.8, 0.1)[None].astype(np.float32), nodata=-9999)
    outlines = {g: pixel_box(*r) for g, r in scene.rectangles.items()}
    return folder, scene, outlines


def expected_shift_scores(rectangle, shift_px):
    """IoU and symmetric mean boundary distance (m) of a w × h rectangle and its copy moved d along x.

    IoU = (w − d) / (w + d). Boundary distances, integrated along the reference: the left edge is d away
    (h·d), the right edge min(d, y, h − y) (h·d − d²), the top and bottom edges d − x over their first d
    (d²/2 each); the total 2·h·d over the perimeter 2(w + h), the same both ways: h·d / (w + h).
    """
    row0, row1, col0, col1 = rectangle
    h, w, d = (row1 - row0) * PIXEL, (col1 - col0) * PIXEL, shift_px * PIXEL
    return (w - d) / (w + d), h * d / (w + h)


def test_identical_class_raster_scores_perfectly(scene):
    folder, _, outlines = scene
    evaluation = evaluate_raster(RasterPrediction(str(folder / "classes.tif"), "classes"), outlines, 300)
    for g in evaluation.glaciers:
        s = g.scores
        assert (s["iou"], s["precision"], s["recall"], s["f1"], s["accuracy"]) == (1, 1, 1, 1, 1)
        assert s["rel_area_error"] == 0 and s["boundary_distance_m"] == pytest.approx(0, abs=1e-6)
        assert s["ref_area_km2"] == pytest.approx(geodesic_area_km2(outlines[g.zone.glacier_id], UTM), rel=1e-3)
    assert evaluation.area_weighted()["iou"] == 1 and len(evaluation.glaciers) == 9


def test_identical_polygons_score_perfectly(scene):
    _, _, outlines = scene
    evaluation = evaluate_polygons(list(outlines.values()), list(outlines), outlines, UTM, 300)
    assert all(g.scores["iou"] == pytest.approx(1, abs=1e-9) for g in evaluation.glaciers)
    assert all(g.scores["boundary_distance_m"] == pytest.approx(0, abs=1e-6) for g in evaluation.glaciers)


def test_shifted_raster_gives_the_analytic_iou_and_boundary_distance(scene):
    folder, scene_, outlines = scene
    evaluation = evaluate_raster(RasterPrediction(str(folder / "shifted.tif"), "probability", 0.5), outlines, 300)
    for g in evaluation.glaciers:
        iou, distance = expected_shift_scores(scene_.rectangles[g.zone.glacier_id], SHIFT)
        assert g.scores["iou"] == pytest.approx(iou, rel=1e-9)
        assert g.scores["rel_area_error"] == pytest.approx(0, abs=1e-9)
        assert g.scores["boundary_distance_m"] == pytest.approx(distance, rel=5e-3)  # UTM scale factor, sampling
    sizes = [(r[1] - r[0], r[3] - r[2]) for r in scene_.rectangles.values()]
    pooled = sum(h * (w - SHIFT) for h, w in sizes) / sum(h * (w + SHIFT) for h, w in sizes)
    assert evaluation.area_weighted()["iou"] == pytest.approx(pooled, rel=1e-6)
    assert evaluation.overall()["iou"] == pytest.approx(np.mean([g.scores["iou"] for g in evaluation.glaciers]))


def test_shifted_polygons_give_the_analytic_scores_in_metres(scene):
    _, scene_, outlines = scene
    shift_m = 45.0  # not a whole number of pixels: the vector path is exact
    moved = [translate(g, xoff=shift_m) for g in outlines.values()]
    evaluation = evaluate_polygons(moved, list(outlines), outlines, UTM, 300)
    for g in evaluation.glaciers:
        iou, distance = expected_shift_scores(scene_.rectangles[g.zone.glacier_id], shift_m / PIXEL)
        assert g.scores["iou"] == pytest.approx(iou, rel=1e-6)
        assert g.scores["boundary_distance_m"] == pytest.approx(distance, rel=5e-3)


def test_boundary_distance_is_in_metres_on_a_geographic_crs():
    """The same 1 km square shift measured in degrees near 47° N is still 1 km-ish, not 0.01."""
    a = box(10.75, 46.79, 10.76, 46.80)
    b = translate(a, xoff=0.001)  # about 76 m east at 46.8° N
    metres = 0.001 * math.cos(math.radians(46.795)) * 111_320
    side_x, side_y = 0.01 * math.cos(math.radians(46.795)) * 111_320, 0.01 * 110_950
    assert mean_boundary_distance_m(a, b, "EPSG:4326") == pytest.approx(side_y * metres / (side_x + side_y), rel=0.01)


@pytest.mark.slow
def test_rgi_outlines_burnt_on_the_landsat_grid_score_as_themselves(everest, tmp_path):
    with rasterio.open(everest["rgb"]) as src:
        grid = src.transform, (src.height, src.width), src.crs
    with fiona.open(everest["outlines"]) as source:
        records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in source]
    outlines = load_glaciers(records, "EPSG:4326", grid[2]).by_glacier()
    burnt = rasterize(((g, 1) for g in outlines.values()), out_shape=grid[1], transform=grid[0], dtype=np.uint8)
    path = write_utm(everest, burnt, tmp_path / "burnt.tif")
    evaluation = evaluate_raster(RasterPrediction(str(path), "classes"), outlines, 300)
    assert len(evaluation.glaciers) == 86
    assert evaluation.area_weighted()["iou"] > 0.99  # pixel centres inside: the same pixels both ways
    big = [g for g in evaluation.glaciers if g.scores["ref_area_km2"] > 1]
    assert all(g.scores["boundary_distance_m"] < 15 for g in big)  # staircase vs smooth: under half a pixel


def write_utm(everest, burnt, path):
    with rasterio.open(everest["rgb"]) as src:
        profile = dict(driver="GTiff", width=src.width, height=src.height, count=1, dtype="uint8", crs=src.crs,
                       transform=src.transform, nodata=255)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(burnt[None])
    return path


def test_threshold_comes_from_the_calibration_tags_or_warns(scene, tmp_path):
    folder, _, _ = scene
    with rasterio.open(folder / "shifted.tif") as src:
        data = src.read()
    calibrated = write_raster(tmp_path / "cal.tif", data, -9999, {"GLACIERDL_CALIBRATED": "1",
                                                                   "GLACIERDL_THRESHOLD": "0.9"})
    assert raster_prediction(str(calibrated)).threshold == 0.9
    logged = []
    plain = raster_prediction(str(folder / "shifted.tif"), monitor=Monitor(log=logged.append))
    assert (plain.kind, plain.threshold) == ("probability", 0.5) and "not calibrated" in logged[0]
    assert raster_prediction(str(folder / "classes.tif")).kind == "classes"


def test_outputs_hold_every_glacier_and_the_overall_rows(scene, tmp_path):
    folder, scene_, outlines = scene
    evaluation = evaluate_raster(RasterPrediction(str(folder / "shifted.tif"), "probability", 0.5), outlines, 300)
    write_evaluation(evaluation, str(tmp_path / "s.csv"), str(tmp_path / "s.gpkg"), str(tmp_path / "r.html"),
                     str(scene_.image), str(folder / "shifted.tif"))
    rows = list(csv.DictReader((tmp_path / "s.csv").read_text().splitlines()))
    assert [r["glacier_id"] for r in rows] == sorted(outlines) + ["overall_mean", "overall_area_weighted"]
    assert float(rows[-1]["iou"]) == pytest.approx(evaluation.area_weighted()["iou"], rel=1e-5)
    with fiona.open(tmp_path / "s.gpkg", layer="scores") as layer:
        features = list(layer)
    assert len(features) == 9 and features[0]["properties"]["iou"] == pytest.approx(float(rows[0]["iou"]), rel=1e-5)
    page = (tmp_path / "r.html").read_text()
    assert page.count("data:image/png;base64") == 6 and "worst" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "s.csv", "s.gpkg"]  # no temporaries


def test_prediction_missing_the_reference_is_refused(scene, tmp_path):
    _, _, outlines = scene
    far = {g: translate(o, xoff=1e6) for g, o in outlines.items()}
    with pytest.raises(InputError, match="REFERENCE: no reference glacier overlaps"):
        evaluate_raster(RasterPrediction(str(scene[0] / "classes.tif"), "classes"), far, 300)
    with pytest.raises(InputError, match="PREDICTION: no predicted polygon overlaps"):
        evaluate_polygons(list(far.values()), None, outlines, UTM, 300)


def test_prediction_ids_without_a_match_are_refused(scene):
    _, _, outlines = scene
    with pytest.raises(InputError, match="PREDICTION_ID_FIELD: no prediction id matches"):
        evaluate_polygons(list(outlines.values()), [f"X{i}" for i in range(len(outlines))], outlines, UTM, 300)


def test_cancelling_stops_the_glacier_loop(scene):
    from glacier_dl_plugin.core.errors import CancelledError

    folder, _, outlines = scene
    with pytest.raises(CancelledError):
        evaluate_raster(RasterPrediction(str(folder / "classes.tif"), "classes"), outlines, 300,
                        Monitor(is_cancelled=lambda: True))


def test_area_interval_uses_the_calibrated_k_and_tells_whether_it_holds_the_reference(scene, tmp_path):
    _, scene_, outlines = scene
    mean = np.where(scene_.truth, 0.45, 0.05)[None].astype(np.float32)
    std = write_raster(tmp_path / "std.tif", np.where(scene_.truth, 0.1, 0.0)[None].astype(np.float32), -9999)

    def evaluate(k):
        tags = {"GLACIERDL_CALIBRATED": "1", "GLACIERDL_THRESHOLD": "0.5", "GLACIERDL_K": str(k)}
        path = write_raster(tmp_path / f"mean_{k}.tif", mean, -9999, tags)
        return evaluate_raster(raster_prediction(str(path), std=str(std)), outlines, 300)

    # the mean (0.45) never reaches 0.5; mean + k·std does for k = 1 (0.55) but not for k = 0.4 (0.49)
    wide, narrow = evaluate(1.0), evaluate(0.4)
    for g in wide.glaciers:
        s = g.scores
        assert (s["area_low_km2"], s["area_high_km2"], s["in_interval"]) == (0, s["ref_area_km2"], 1)
    assert all(g.scores["area_high_km2"] == 0 and g.scores["in_interval"] == 0 for g in narrow.glaciers)
    assert (wide.overall()["in_interval"], narrow.overall()["in_interval"]) == (1, 0)
    assert wide.area_weighted()["area_high_km2"] == pytest.approx(wide.area_weighted()["ref_area_km2"])


def test_uncalibrated_bounds_use_k_1_with_a_warning_and_std_must_share_the_grid(scene, tmp_path):
    folder, _, _ = scene
    logged = []
    prediction = raster_prediction(str(folder / "shifted.tif"), threshold=0.6, std=str(folder / "shifted.tif"),
                                   monitor=Monitor(log=logged.append))
    assert (prediction.threshold, prediction.k) == (0.6, 1.0) and "k = 1" in logged[0]
    other = write_raster(tmp_path / "small.tif", np.zeros((1, 5, 5), np.float32))
    with pytest.raises(InputError, match="STD: is not on the grid"):
        raster_prediction(str(folder / "shifted.tif"), std=str(other))


def test_a_100_m_buffer_at_60_degrees_north_is_100_m_along_each_axis():
    """WGS 84 radii of curvature at φ = 60°: N = a/√(1 − e² sin²φ) along the parallel (times cos φ), and
    M = a(1 − e²)/(1 − e² sin²φ)^1.5 along the meridian."""
    a, e2, phi = 6378137.0, 0.00669437999014, math.radians(60)
    w = 1 - e2 * math.sin(phi) ** 2
    per_degree_east = math.radians(1) * a / math.sqrt(w) * math.cos(phi)  # 55,800 m
    per_degree_north = math.radians(1) * a * (1 - e2) / w**1.5  # 111,412 m
    wgs84 = CRS.from_epsg(4326)
    expected = (100 / per_degree_east, 100 / per_degree_north)  # (0.001792°, 0.000898°)
    assert buffer_in_crs_units(100, wgs84, 10.0, 60.0) == pytest.approx(expected, rel=1e-6)
    assert buffer_in_crs_units(100, CRS.from_epsg(32645), 480000, 3110000) == (100, 100)  # projected: metres
    glacier = box(9.995, 59.995, 10.005, 60.005)
    zone = glacier_zones({"G": glacier}, wgs84, 100)[0].zone
    west, south, east, north = zone.bounds
    assert (9.995 - west, 59.995 - south) == pytest.approx(expected, rel=1e-6)
    geod = Geod(ellps="WGS84")
    assert geod.inv(10.005, 60, east, 60)[2] == pytest.approx(100, rel=1e-4)  # on the ground, both ways
    assert geod.inv(10, 60.005, 10, north)[2] == pytest.approx(100, rel=1e-4)


CLASSES = ["background", "clean_ice", "debris"]
DOWN = 2  # pixel rows by which the predicted clean ice reaches into the debris


def split(rectangle):
    """A glacier rectangle's clean-ice upper half and debris lower half (pixel rows, columns)."""
    row0, row1, col0, col1 = rectangle
    middle = row0 + (row1 - row0) // 2
    return (row0, middle, col0, col1), (middle, row1, col0, col1)


def expected_class_pixels(rectangle, shift=SHIFT, down=DOWN):
    """Reference (rows) × predicted (columns) pixels of a split glacier predicted ``shift`` px east with the
    clean/debris boundary ``down`` rows lower; the background × background cell is the zone's and left 0."""
    (r0, m, c0, c1), (_, r1, _, _) = split(rectangle)
    hc, hd, w, d, j = m - r0, r1 - m, c1 - c0, shift, down
    return np.array([[0, (hc + j) * d, (hd - j) * d],
                     [hc * d, hc * (w - d), 0],
                     [hd * d, j * (w - d), (hd - j) * (w - d)]])


@pytest.fixture(scope="module")
def classed(scene):
    """Clean-ice/debris reference polygons, and the class map and mean raster of the moved prediction."""
    folder, scene_, _ = scene
    records = [GlacierRecord(g, pixel_box(*part).wkb, name) for g, r in scene_.rectangles.items()
               for part, name in zip(split(r), CLASSES[1:])]
    classes = np.zeros(scene_.truth.shape, np.uint8)
    for (r0, m, c0, c1), (_, r1, _, _) in map(split, scene_.rectangles.values()):
        classes[r0:m + DOWN, c0 + SHIFT:c1 + SHIFT] = 1
        classes[m + DOWN:r1, c0 + SHIFT:c1 + SHIFT] = 2
    tags = {"GLACIERDL_CLASSES": json.dumps(CLASSES)}
    class_map = write_raster(folder / "class_map.tif", classes[None], 255, tags)
    # bands clean ice, debris: they sum to ≥ 0.5 on the predicted glacier, where the right class is the larger
    mean = np.array([[0.1, 0.6, 0.15], [0.1, 0.2, 0.55]], np.float32)[:, classes]
    write_raster(folder / "mean_3class.tif", mean, -9999)
    with rasterio.open(folder / "mean_3class.tif", "r+") as dst:  # no tag: the band descriptions name the classes
        dst.descriptions = ("clean_ice probability", "debris probability")
    return load_glaciers(records, UTM, UTM), class_map, folder / "mean_3class.tif"


def test_per_class_scores_of_a_moved_class_map_are_analytic(scene, classed):
    _, scene_, _ = scene
    reference, class_map, _ = classed
    prediction = raster_prediction(str(class_map))
    evaluation = evaluate_raster(prediction, reference.by_glacier(), 300, classes=reference)
    assert evaluation.class_names == tuple(CLASSES)
    for g in evaluation.glaciers:
        expected = expected_class_pixels(scene_.rectangles[g.zone.glacier_id])
        pixels = g.classes.pixels.copy()
        pixels[0, 0] = 0
        assert (pixels == expected).all()
        assert g.classes.km2[1, 1] == pytest.approx(expected[1, 1] * PIXEL**2 / 1e6, rel=2e-3)  # UTM scale
        # the classes split exactly the glacier of the binary scores
        c = g.confusion
        assert (c.tp, c.fp, c.fn, c.tn) == pytest.approx(
            (g.classes.km2[1:, 1:].sum(), g.classes.km2[0, 1:].sum(), g.classes.km2[1:, 0].sum(),
             g.classes.km2[0, 0]), rel=1e-12)
    rows = {(row, name): s for row, name, s in evaluation.class_scores()}
    assert len(rows) == 9 * 2 + 2 * 2
    for glacier_id, rectangle in scene_.rectangles.items():
        (r0, m, c0, c1), (_, r1, _, _) = split(rectangle)
        hc, hd, w, d, j = m - r0, r1 - m, c1 - c0, SHIFT, DOWN
        clean, debris = rows[glacier_id, "clean_ice"], rows[glacier_id, "debris"]
        tp, predicted, truth = hc * (w - d), (hc + j) * w, hc * w
        assert (clean["iou"], clean["precision"], clean["recall"], clean["f1"]) == pytest.approx(
            (tp / (predicted + truth - tp), tp / predicted, tp / truth, 2 * tp / (predicted + truth)), rel=1e-6)
        tp, predicted, truth = (hd - j) * (w - d), (hd - j) * w, hd * w
        assert (debris["iou"], debris["precision"], debris["recall"]) == pytest.approx(
            (tp / (predicted + truth - tp), tp / predicted, tp / truth), rel=1e-6)
        assert (debris["ref_area_km2"], debris["pred_area_km2"]) == pytest.approx(
            (truth * PIXEL**2 / 1e6, predicted * PIXEL**2 / 1e6), rel=2e-3)
    pooled = evaluation.class_confusion().pixels.copy()
    pooled[0, 0] = 0
    assert (pooled == sum(expected_class_pixels(r) for r in scene_.rectangles.values())).all()
    assert rows["overall_mean", "debris"]["iou"] == pytest.approx(
        np.mean([rows[g, "debris"]["iou"] for g in scene_.rectangles]), rel=1e-12)
    area = evaluation.class_confusion().km2
    assert rows["overall_area_weighted", "clean_ice"]["iou"] == pytest.approx(
        area[1, 1] / (area[1].sum() + area[:, 1].sum() - area[1, 1]), rel=1e-12)


def test_a_mean_raster_scores_per_class_as_its_class_map(scene, classed):
    _, _, outlines = scene
    reference, class_map, mean = classed
    from_map = evaluate_raster(raster_prediction(str(class_map)), outlines, 300, classes=reference)
    prediction = raster_prediction(str(mean), threshold=0.5)
    assert prediction.classes == tuple(CLASSES)  # from the band descriptions
    from_mean = evaluate_raster(prediction, outlines, 300, classes=reference)
    assert (from_mean.class_confusion().pixels == from_map.class_confusion().pixels).all()


def test_per_class_outputs_hold_every_glacier_and_class_and_the_class_matrix(scene, classed, tmp_path):
    _, scene_, _ = scene
    reference, class_map, _ = classed
    evaluation = evaluate_raster(raster_prediction(str(class_map)), reference.by_glacier(), 300, classes=reference)
    write_evaluation(evaluation, str(tmp_path / "s.csv"), str(tmp_path / "s.gpkg"), str(tmp_path / "r.html"),
                     class_csv_path=str(tmp_path / "classes.csv"))
    rows = list(csv.DictReader((tmp_path / "classes.csv").read_text().splitlines()))
    assert [(r["glacier_id"], r["class"]) for r in rows[-4:]] == [
        ("overall_mean", "clean_ice"), ("overall_mean", "debris"), ("overall_area_weighted", "clean_ice"),
        ("overall_area_weighted", "debris")]
    assert len(rows) == 22 and float(rows[-1]["iou"]) == pytest.approx(evaluation.class_scores()[-1][2]["iou"], 1e-5)
    page = (tmp_path / "r.html").read_text()
    debris_as_clean = sum(expected_class_pixels(r)[2, 1] for r in scene_.rectangles.values())
    assert "Class matrix (km²)" in page and f"<td>{debris_as_clean}</td>" in page
    assert page.count("data:image/png;base64") == 6 + 1  # the panels and the heat map


def test_binary_evaluation_has_no_class_outputs(scene, tmp_path):
    folder, _, outlines = scene
    evaluation = evaluate_raster(RasterPrediction(str(folder / "classes.tif"), "classes"), outlines, 300)
    write_evaluation(evaluation, str(tmp_path / "s.csv"), str(tmp_path / "s.gpkg"), str(tmp_path / "r.html"),
                     class_csv_path=str(tmp_path / "classes.csv"))
    assert evaluation.class_names == () and evaluation.glaciers[0].classes is None
    assert not (tmp_path / "classes.csv").exists() and "Per class" not in (tmp_path / "r.html").read_text()


def test_reference_classes_must_match_a_multi_class_prediction(scene, classed, tmp_path):
    folder, _, outlines = scene
    reference, class_map, _ = classed
    multi = raster_prediction(str(class_map))
    with pytest.raises(InputError, match=r"REFERENCE_CLASS_FIELD: the reference classes debris cover, ice are not "
                                         r"classes of the model \(clean_ice, debris\)"):
        check_reference_classes(["ice", "debris cover", "debris"], multi)
    with pytest.raises(InputError, match="REFERENCE_CLASS_FIELD: 1 reference feature"):
        check_reference_classes(["debris", None], multi)
    binary = write_raster(tmp_path / "binary.tif", np.zeros((1, 10, 10), np.uint8), 255,
                          {"GLACIERDL_CLASSES": json.dumps(["background", "glacier"])})
    with pytest.raises(InputError, match="REFERENCE_CLASS_FIELD: per-class scores need a multi-class prediction, "
                                         "but the prediction has the classes background, glacier"):
        evaluate_raster(raster_prediction(str(binary)), outlines, 300, classes=reference)
    with pytest.raises(InputError, match="PREDICTION: has no class names"):
        evaluate_raster(raster_prediction(str(folder / "classes.tif")), outlines, 300, classes=reference)
