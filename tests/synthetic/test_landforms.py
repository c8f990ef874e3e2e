"""Landforms of the synthetic scene: separate glaciers on the free ground, lakes off the ice, and a cloud that
never hides a glacier with its shadow to the north-west."""
import numpy as np
from scipy import ndimage

from synthetic.landforms import GAP, place_cloud, place_glaciers, place_lakes
from synthetic.terrain import relief_and_massifs, smooth_noise

SHAPE = (160, 160)


def placed(seed=0, n=4):
    rng = np.random.default_rng(seed)
    relief, massifs = relief_and_massifs(rng, SHAPE, SHAPE[1])
    free = np.zeros(SHAPE, bool)
    free[GAP:-GAP, GAP:-GAP] = True
    rough = smooth_noise(rng, SHAPE, 4)
    return rng, relief, free, rough, place_glaciers(rng, relief, massifs, free, rough, n, 160)


def test_glaciers_are_one_piece_each_apart_from_each_other_and_flow_from_head_to_snout():
    _, _, free, _, (labels, flow, snouts) = placed()
    assert labels.max() == len(snouts) >= 2
    for glacier in range(1, labels.max() + 1):
        ice = labels == glacier
        assert ndimage.label(ice)[1] == 1  # one connected piece
        others = (labels > 0) & ~ice
        assert not (ndimage.binary_dilation(ice, iterations=GAP) & others).any()  # GAP px of rock between
        assert 0 <= flow[ice].min() < 0.3 < flow[ice].max() <= 1
    assert not free[labels > 0].any()  # their ground is taken


def test_lakes_lie_on_free_ground_only():
    rng, relief, free, rough, (labels, _, snouts) = placed(seed=2)
    lakes = place_lakes(rng, 3000 + relief, free, snouts, rough, 160)
    assert lakes.any() and not (lakes & ~free).any() and not (lakes & (labels > 0)).any()


def test_the_cloud_never_covers_a_glacier_and_casts_its_shadow_north_west():
    rng, _, _, _, (labels, _, _) = placed(seed=3)
    alpha, shadow = place_cloud(rng, labels > 0, SHAPE[1], 160)
    assert alpha.max() == 1 and (alpha[labels > 0] == 0).all()
    rows, cols = np.nonzero(alpha > 0.5)
    shade_rows, shade_cols = np.nonzero(shadow > 0.5)
    assert shade_rows.mean() < rows.mean() and shade_cols.mean() < cols.mean()
