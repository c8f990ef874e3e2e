"""Per-class evaluation (clean ice, debris): the class matrix of a moved two-class prediction, exactly."""
import numpy as np
import pytest

from calibration_fixtures import PIXEL, write_raster
from evaluation_fixtures import CLASSES, DOWN, SHIFT, expected_class_pixels, split
from glacier_dl_plugin.core.assess.evaluation import evaluate_raster
from glacier_dl_plugin.core.assess.prediction_raster import raster_prediction
from glacier_dl_plugin.core.errors import InputError


def test_per_class_scores_of_a_moved_class_map_are_analytic(scored_scene, classed):
    rectangles = scored_scene.scene.rectangles
    reference, class_map, _ = classed
    evaluation = evaluate_raster(raster_prediction(str(class_map)), reference.by_glacier(), 300, classes=reference)
    assert evaluation.class_names == tuple(CLASSES)
    for g in evaluation.glaciers:
        expected = expected_class_pixels(rectangles[g.zone.glacier_id])
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
    for glacier_id, rectangle in rectangles.items():
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
    assert (pooled == sum(expected_class_pixels(r) for r in rectangles.values())).all()
    assert rows["overall_mean", "debris"]["iou"] == pytest.approx(
        np.mean([rows[g, "debris"]["iou"] for g in rectangles]), rel=1e-12)
    area = evaluation.class_confusion().km2
    assert rows["overall_area_weighted", "clean_ice"]["iou"] == pytest.approx(
        area[1, 1] / (area[1].sum() + area[:, 1].sum() - area[1, 1]), rel=1e-12)


def test_a_mean_raster_scores_per_class_as_its_class_map(scored_scene, classed):
    reference, class_map, mean = classed
    from_map = evaluate_raster(raster_prediction(str(class_map)), scored_scene.outlines, 300, classes=reference)
    prediction = raster_prediction(str(mean), threshold=0.5)
    assert prediction.classes == tuple(CLASSES)  # from the band descriptions
    from_mean = evaluate_raster(prediction, scored_scene.outlines, 300, classes=reference)
    assert (from_mean.class_confusion().pixels == from_map.class_confusion().pixels).all()


def test_a_binary_or_unnamed_prediction_cannot_be_scored_per_class(scored_scene, classed, tmp_path):
    reference, _, _ = classed
    binary = write_raster(tmp_path / "binary.tif", np.zeros((1, 10, 10), np.uint8), 255,
                          {"GLACIERDL_CLASSES": '["background", "glacier"]'})
    with pytest.raises(InputError, match="REFERENCE_CLASS_FIELD: per-class scores need a multi-class prediction, "
                                         "but the prediction has the classes background, glacier"):
        evaluate_raster(raster_prediction(str(binary)), scored_scene.outlines, 300, classes=reference)
    with pytest.raises(InputError, match="PREDICTION: has no class names"):
        evaluate_raster(raster_prediction(str(scored_scene.folder / "classes.tif")), scored_scene.outlines, 300,
                        classes=reference)
