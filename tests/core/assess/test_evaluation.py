"""Evaluation against reference outlines: exact values for identical and shifted predictions (raster and
polygons), area intervals, refusals and cancelling, real RGI data. Per-class scores: test_evaluation_classes."""
import fiona
import numpy as np
import pytest
import rasterio
from rasterio.features import rasterize
from shapely.affinity import translate
from shapely.geometry import shape

from calibration_fixtures import PIXEL, write_raster
from evaluation_fixtures import SHIFT, UTM, expected_shift_scores
from glacier_dl_plugin.core.assess.evaluation import evaluate_polygons, evaluate_raster
from glacier_dl_plugin.core.assess.prediction_raster import RasterPrediction, raster_prediction
from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.geo.geodesy import geodesic_area_km2
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.progress import Monitor


def test_identical_class_raster_scores_perfectly(scored_scene):
    outlines = scored_scene.outlines
    evaluation = evaluate_raster(RasterPrediction(str(scored_scene.folder / "classes.tif"), "classes"), outlines, 300)
    for g in evaluation.glaciers:
        s = g.scores
        assert (s["iou"], s["precision"], s["recall"], s["f1"], s["accuracy"]) == (1, 1, 1, 1, 1)
        assert s["rel_area_error"] == 0 and s["boundary_distance_m"] == pytest.approx(0, abs=1e-6)
        assert s["ref_area_km2"] == pytest.approx(geodesic_area_km2(outlines[g.zone.glacier_id], UTM), rel=1e-3)
    assert evaluation.area_weighted()["iou"] == 1 and len(evaluation.glaciers) == 9


def test_identical_polygons_score_perfectly(scored_scene):
    outlines = scored_scene.outlines
    evaluation = evaluate_polygons(list(outlines.values()), list(outlines), outlines, UTM, 300)
    assert all(g.scores["iou"] == pytest.approx(1, abs=1e-9) for g in evaluation.glaciers)
    assert all(g.scores["boundary_distance_m"] == pytest.approx(0, abs=1e-6) for g in evaluation.glaciers)


def test_shifted_raster_gives_the_analytic_iou_and_boundary_distance(scored_scene):
    rectangles = scored_scene.scene.rectangles
    prediction = RasterPrediction(str(scored_scene.folder / "shifted.tif"), "probability", 0.5)
    evaluation = evaluate_raster(prediction, scored_scene.outlines, 300)
    for g in evaluation.glaciers:
        iou, distance = expected_shift_scores(rectangles[g.zone.glacier_id], SHIFT)
        assert g.scores["iou"] == pytest.approx(iou, rel=1e-9)
        assert g.scores["rel_area_error"] == pytest.approx(0, abs=1e-9)
        assert g.scores["boundary_distance_m"] == pytest.approx(distance, rel=5e-3)  # UTM scale factor, sampling
    sizes = [(r[1] - r[0], r[3] - r[2]) for r in rectangles.values()]
    pooled = sum(h * (w - SHIFT) for h, w in sizes) / sum(h * (w + SHIFT) for h, w in sizes)
    assert evaluation.area_weighted()["iou"] == pytest.approx(pooled, rel=1e-6)
    assert evaluation.overall()["iou"] == pytest.approx(np.mean([g.scores["iou"] for g in evaluation.glaciers]))


def test_shifted_polygons_give_the_analytic_scores_in_metres(scored_scene):
    outlines = scored_scene.outlines
    shift_m = 45.0  # not a whole number of pixels: the vector path is exact
    moved = [translate(g, xoff=shift_m) for g in outlines.values()]
    evaluation = evaluate_polygons(moved, list(outlines), outlines, UTM, 300)
    for g in evaluation.glaciers:
        iou, distance = expected_shift_scores(scored_scene.scene.rectangles[g.zone.glacier_id], shift_m / PIXEL)
        assert g.scores["iou"] == pytest.approx(iou, rel=1e-6)
        assert g.scores["boundary_distance_m"] == pytest.approx(distance, rel=5e-3)


@pytest.mark.slow
def test_rgi_outlines_burnt_on_the_landsat_grid_score_as_themselves(everest, tmp_path):
    with rasterio.open(everest["rgb"]) as src:
        profile = dict(driver="GTiff", width=src.width, height=src.height, count=1, dtype="uint8", crs=src.crs,
                       transform=src.transform, nodata=255)
    with fiona.open(everest["outlines"]) as source:
        records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in source]
    outlines = load_glaciers(records, "EPSG:4326", profile["crs"]).by_glacier()
    burnt = rasterize(((g, 1) for g in outlines.values()), out_shape=(profile["height"], profile["width"]),
                      transform=profile["transform"], dtype=np.uint8)
    with rasterio.open(tmp_path / "burnt.tif", "w", **profile) as dst:
        dst.write(burnt[None])
    evaluation = evaluate_raster(RasterPrediction(str(tmp_path / "burnt.tif"), "classes"), outlines, 300)
    assert len(evaluation.glaciers) == 86
    assert evaluation.area_weighted()["iou"] > 0.99  # pixel centres inside: the same pixels both ways
    big = [g for g in evaluation.glaciers if g.scores["ref_area_km2"] > 1]
    assert all(g.scores["boundary_distance_m"] < 15 for g in big)  # staircase vs smooth: under half a pixel


def test_prediction_missing_the_reference_is_refused(scored_scene):
    outlines = scored_scene.outlines
    far = {g: translate(o, xoff=1e6) for g, o in outlines.items()}
    with pytest.raises(InputError, match="REFERENCE: no reference glacier overlaps"):
        evaluate_raster(RasterPrediction(str(scored_scene.folder / "classes.tif"), "classes"), far, 300)
    with pytest.raises(InputError, match="PREDICTION: no predicted polygon overlaps"):
        evaluate_polygons(list(far.values()), None, outlines, UTM, 300)


def test_prediction_ids_without_a_match_are_refused(scored_scene):
    outlines = scored_scene.outlines
    with pytest.raises(InputError, match="PREDICTION_ID_FIELD: no prediction id matches"):
        evaluate_polygons(list(outlines.values()), [f"X{i}" for i in range(len(outlines))], outlines, UTM, 300)


def test_cancelling_stops_the_glacier_loop(scored_scene):
    with pytest.raises(CancelledError):
        evaluate_raster(RasterPrediction(str(scored_scene.folder / "classes.tif"), "classes"), scored_scene.outlines,
                        300, Monitor(is_cancelled=lambda: True))


def test_area_interval_uses_the_calibrated_k_and_tells_whether_it_holds_the_reference(scored_scene, tmp_path):
    truth = scored_scene.scene.truth
    mean = np.where(truth, 0.45, 0.05)[None].astype(np.float32)
    std = write_raster(tmp_path / "std.tif", np.where(truth, 0.1, 0.0)[None].astype(np.float32), -9999)

    def evaluate(k):
        tags = {"GLACIERDL_CALIBRATED": "1", "GLACIERDL_THRESHOLD": "0.5", "GLACIERDL_K": str(k)}
        path = write_raster(tmp_path / f"mean_{k}.tif", mean, -9999, tags)
        return evaluate_raster(raster_prediction(str(path), std=str(std)), scored_scene.outlines, 300)

    # the mean (0.45) never reaches 0.5; mean + k·std does for k = 1 (0.55) but not for k = 0.4 (0.49)
    wide, narrow = evaluate(1.0), evaluate(0.4)
    for g in wide.glaciers:
        s = g.scores
        assert (s["area_low_km2"], s["area_high_km2"], s["in_interval"]) == (0, s["ref_area_km2"], 1)
    assert all(g.scores["area_high_km2"] == 0 and g.scores["in_interval"] == 0 for g in narrow.glaciers)
    assert (wide.overall()["in_interval"], narrow.overall()["in_interval"]) == (1, 0)
    assert wide.area_weighted()["area_high_km2"] == pytest.approx(wide.area_weighted()["ref_area_km2"])


def test_reference_glaciers_partly_or_not_covered_and_subpixel_ones(scored_scene, tmp_path):
    """The prediction's eastern part is nodata: glaciers across it are scored on their covered part (coverage
    below 1), glaciers wholly under it are left out, and a glacier smaller than a pixel is skipped."""
    with rasterio.open(scored_scene.folder / "classes.tif") as src:
        profile, classes = src.profile, src.read(1)
    profile.update(nodata=255)
    cut = classes.shape[1] // 2
    classes[:, cut:] = 255
    with rasterio.open(tmp_path / "half.tif", "w", **profile) as dst:
        dst.write(classes, 1)
    x, y = profile["transform"] * (3, 3)  # a pixel corner, far from every centre
    outlines = {**scored_scene.outlines, "TINY": shape({"type": "Polygon", "coordinates": [[
        (x - 2, y - 2), (x + 2, y - 2), (x + 2, y + 2), (x - 2, y + 2), (x - 2, y - 2)]]})}
    warnings = []
    evaluation = evaluate_raster(RasterPrediction(str(tmp_path / "half.tif"), "classes"), outlines, 300,
                                 Monitor(warn=warnings.append))
    coverage = {g.zone.glacier_id: g.coverage for g in evaluation.glaciers}
    assert "TINY" not in coverage and all(0 < c <= 1 for c in coverage.values())
    assert any(c < 1 for c in coverage.values()) and any(c == 1 for c in coverage.values())
    assert len(coverage) < len(scored_scene.outlines)
    assert "REFERENCE: 1 reference glacier(s) hold no pixel centre" in warnings[0] and "TINY" in warnings[0]
    assert any("were not scored" in w for w in warnings) and any("only partly covered" in w for w in warnings)
    assert all(g.scores["coverage"] == g.coverage for g in evaluation.glaciers)
    assert 0 < evaluation.area_weighted()["coverage"] < 1


def test_an_all_nodata_prediction_is_refused_naming_prediction(scored_scene, tmp_path):
    with rasterio.open(scored_scene.folder / "classes.tif") as src:
        profile = {**src.profile, "nodata": 255}
        shape_ = src.shape
    with rasterio.open(tmp_path / "empty.tif", "w", **profile) as dst:
        dst.write(np.full(shape_, 255, profile["dtype"]), 1)
    with pytest.raises(InputError, match=r"^PREDICTION: holds only nodata over the 9 reference glacier\(s\) it covers "
                                         r"\(nothing to score\)"):
        evaluate_raster(RasterPrediction(str(tmp_path / "empty.tif"), "classes"), scored_scene.outlines, 300)
