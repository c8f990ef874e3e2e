"""Confusion areas and their scores: glacier vs background from masks and polygons, and the class matrix."""
import math

import numpy as np
import pytest
from shapely.geometry import box

from glacier_dl_plugin.core.assess.confusion import (
    CLASS_SCORE_NAMES,
    ClassConfusion,
    Confusion,
    class_confusion,
    confusion_from_masks,
    confusion_from_polygons,
)


def test_scores_of_known_areas():
    scores = Confusion(tp=3.0, fp=1.0, fn=2.0, tn=4.0).scores()
    assert scores["iou"] == pytest.approx(3 / 6) and scores["precision"] == pytest.approx(3 / 4)
    assert scores["recall"] == pytest.approx(3 / 5) and scores["f1"] == pytest.approx(6 / 9)
    assert scores["accuracy"] == pytest.approx(7 / 10) and scores["accuracy_background"] == pytest.approx(4 / 5)
    assert scores["rel_area_error"] == pytest.approx((4 - 5) / 5)
    assert (scores["ref_area_km2"], scores["pred_area_km2"]) == (5.0, 4.0)


def test_nothing_predicted_or_present_leaves_scores_undefined():
    scores = Confusion(tn=1.0).scores()
    assert all(math.isnan(scores[n]) for n in ("iou", "precision", "recall", "f1", "rel_area_error"))
    assert scores["accuracy"] == 1 and (Confusion(1, 2, 3, 4) + Confusion(1, 1, 1, 1)) == Confusion(2, 3, 4, 5)


def test_masks_weigh_each_counted_pixel_by_its_row_area():
    predicted = np.array([[1, 1], [0, 0]], bool)
    reference = np.array([[1, 0], [1, 0]], bool)
    counted = np.array([[1, 1], [1, 0]], bool)  # the bottom-right pixel is nodata
    areas = np.array([[2.0], [3.0]])  # km² per pixel of each row
    assert confusion_from_masks(predicted, reference, counted, areas) == Confusion(2.0, 2.0, 3.0, 0.0)


def test_polygons_give_exact_ellipsoidal_areas():
    zone = box(500000, 3100000, 501000, 3101000)  # 1 km² in UTM 45N
    reference, predicted = box(500000, 3100000, 500500, 3101000), box(500250, 3100000, 500750, 3101000)
    c = confusion_from_polygons(predicted, reference, zone, "EPSG:32645")
    assert (c.tp, c.fp, c.fn, c.tn) == pytest.approx((0.25, 0.25, 0.25, 0.25), rel=2e-3)  # UTM scale factor


def test_the_class_matrix_counts_pixels_and_km2_and_scores_one_class_against_the_rest():
    reference = np.array([[0, 1, 1], [2, 2, 0]])
    predicted = np.array([[0, 1, 2], [2, 1, 9]])  # 9: not a class Predict writes, left out
    matrix = class_confusion(reference, predicted, np.ones((2, 3), bool), np.array([[1.0], [2.0]]), 3)
    assert matrix.pixels.tolist() == [[1, 0, 0], [0, 1, 1], [0, 1, 1]]
    assert matrix.km2.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 2.0, 2.0]]
    debris = matrix.scores(2)  # tp 2, fp 1 (clean ice predicted as debris), fn 2 (debris predicted as ice)
    assert set(debris) == set(CLASS_SCORE_NAMES)
    assert (debris["iou"], debris["precision"], debris["recall"]) == pytest.approx((2 / 5, 2 / 3, 2 / 4))
    assert (matrix + matrix).pixels.sum() == 2 * matrix.pixels.sum()
    assert isinstance(matrix + matrix, ClassConfusion)
