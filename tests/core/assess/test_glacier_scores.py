"""Summaries of an evaluation: mean over glaciers (NaNs skipped) and scores of the pooled areas."""
import math

import pytest
from shapely.geometry import Polygon, box

from glacier_dl_plugin.core.assess.confusion import Confusion
from glacier_dl_plugin.core.assess.glacier_scores import Evaluation, GlacierScores
from glacier_dl_plugin.core.assess.scoring_zones import GlacierZone


def scores(glacier_id, confusion, distance, interval=None):
    zone = GlacierZone(glacier_id, box(0, 0, 1, 1), box(-1, -1, 2, 2), None)
    return GlacierScores(zone, confusion, distance, Polygon(), interval)


def test_overall_is_the_mean_over_glaciers_and_area_weighted_pools_the_areas():
    big = scores("big", Confusion(tp=8.0, fp=0.0, fn=2.0, tn=10.0), 10.0)  # IoU 0.8, reference 10 km²
    small = scores("small", Confusion(tp=0.0, fp=1.0, fn=1.0, tn=10.0), 30.0)  # IoU 0, reference 1 km²
    evaluation = Evaluation([big, small], "EPSG:32645")
    assert evaluation.overall()["iou"] == pytest.approx(0.4)
    assert evaluation.overall()["ref_area_km2"] == pytest.approx(11.0)
    weighted = evaluation.area_weighted()
    assert weighted["iou"] == pytest.approx(8 / (8 + 1 + 3))
    assert weighted["boundary_distance_m"] == pytest.approx((10 * 10 + 30 * 1) / 11)
    assert math.isnan(weighted["in_interval"])  # no std raster


def test_undefined_scores_are_skipped_and_intervals_counted():
    hit = scores("hit", Confusion(tp=1.0, tn=1.0), 0.0, interval=(0.5, 1.5))
    empty = scores("empty", Confusion(tn=1.0), math.nan, interval=(0.0, 0.5))  # no glacier: IoU undefined
    evaluation = Evaluation([hit, empty], "EPSG:32645")
    assert hit.scores["in_interval"] == 1 and empty.scores["in_interval"] == 1  # 0 km² lies in [0, 0.5]
    assert evaluation.overall()["iou"] == 1 and evaluation.overall()["in_interval"] == 1
    assert evaluation.area_weighted()["area_high_km2"] == pytest.approx(2.0)
