"""Evaluation against reference outlines: exact values for identical and shifted predictions, real RGI data."""
import csv
import math

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.features import rasterize
from shapely.affinity import translate
from shapely.geometry import shape

from calibration_fixtures import PIXEL, calibration_scene, pixel_box, write_raster
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.evaluation import (
    RasterPrediction, evaluate_polygons, evaluate_raster, mean_boundary_distance_m, raster_prediction)
from glacier_dl_plugin.core.geodesy import geodesic_area_km2
from glacier_dl_plugin.core.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.progress import Monitor
from glacier_dl_plugin.core.report import write_evaluation

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
    from shapely.geometry import box

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
