"""The fitting maths of calibration on arrays with known answers: temperature, ECE, interval width k."""
import math

import numpy as np
import pytest

from glacier_dl_plugin.core.assess.calibration_fit import (
    choose_k,
    expected_calibration_error,
    fit_temperature,
    minimal_k,
)
from glacier_dl_plugin.core.predict.ensemble import apply_temperature


def test_temperature_divides_the_logit():
    p = np.array([[0.9, 0.2, 1e-9], [0.1, 0.8, 1.0]])
    logit = np.log(np.maximum(p[1], 1e-7)) - np.log(np.maximum(p[0], 1e-7))
    np.testing.assert_allclose(apply_temperature(p, 2.5, axis=0)[1], 1 / (1 + np.exp(-logit / 2.5)), rtol=1e-6)


def test_fit_temperature_recovers_a_known_sharpening():
    rng = np.random.default_rng(1)
    z = rng.normal(0, 2, 200_000)
    labels = rng.random(z.size) < 1 / (1 + np.exp(-z))  # calibrated log-odds z
    sharp = 1 / (1 + np.exp(-3 * z))  # the model says 3z
    log_p = np.log(np.stack([1 - sharp, sharp]).clip(1e-7))
    assert fit_temperature(log_p, labels) == pytest.approx(3.0, rel=0.03)


def test_ece_is_zero_for_frequencies_matching_probabilities():
    p = np.repeat([0.1, 0.5, 0.9], 10)
    labels = np.array([1] + [0] * 9 + [1] * 5 + [0] * 5 + [1] * 9 + [0], bool)
    assert expected_calibration_error(p, labels, bins=10) == pytest.approx(0.0, abs=1e-12)
    assert expected_calibration_error(np.full(10, 0.9), np.zeros(10, bool)) == pytest.approx(0.9)


def test_minimal_k_brackets_the_reference_area_exactly():
    mean, std, areas = np.array([0.9, 0.6, 0.4, 0.2]), np.array([0.1, 0.2, 0.05, 0.1]), np.ones(4)
    # z = (mean - 0.5) / std = 4, 0.5, -2, -3: area_low(k) counts z >= k, area_high(k) counts z >= -k
    assert minimal_k(mean, std, areas, 2.0, 0.5) == 0.0  # the mean outline already has the area
    assert minimal_k(mean, std, areas, 1.0, 0.5) == pytest.approx(0.5)  # drop the z = 0.5 pixel
    assert minimal_k(mean, std, areas, 3.0, 0.5) == pytest.approx(2.0)  # add the z = -2 pixel
    assert minimal_k(mean, std, areas, 4.0, 0.5) == pytest.approx(3.0)
    assert math.isinf(minimal_k(mean, std, areas, 5.0, 0.5))  # more than all pixels


def test_choose_k_covers_the_share_asked_for():
    k, covered = choose_k([0.0, 0.2, 0.4, 1.0, 2.0, 3.0, 5.0, 9.0, math.inf, 0.1], 0.6827)
    assert (k, covered) == (3.0, 0.7)  # 7 of 10 glaciers need k <= 3; 6 of 10 (k = 2) are too few
