"""Terrain pieces of the synthetic scene: unit-variance smooth noise, bounded relief, hillshade facing the sun,
windows clipped to the grid and elliptical distances."""
import numpy as np
import pytest

from synthetic.terrain import SPACING_M, ellipse, hillshade, relief_and_massifs, smooth_noise, window


def test_smooth_noise_has_unit_variance_and_varies_over_its_cell():
    noise = smooth_noise(np.random.default_rng(0), (120, 100), cell=10)
    assert noise.dtype == np.float32 and noise.shape == (120, 100)
    assert (float(noise.mean()), float(noise.std())) == pytest.approx((0.0, 1.0), abs=1e-3)
    neighbours = np.corrcoef(noise[:, :-1].ravel(), noise[:, 1:].ravel())[0, 1]
    far = np.corrcoef(noise[:, :-30].ravel(), noise[:, 30:].ravel())[0, 1]
    assert neighbours > 0.9 and abs(far) < 0.3  # smooth over a pixel, unrelated three cells away


def test_relief_is_below_4500_m_and_its_massifs_lie_inside_the_valid_width():
    relief, massifs = relief_and_massifs(np.random.default_rng(1), (100, 120), valid_width=100)
    assert 0 <= relief.min() and relief.max() < 4500 and 4 <= len(massifs) <= 6
    assert all(0.1 * 100 <= row <= 0.9 * 100 and 0.1 * 100 <= col <= 0.9 * 100 for row, col, _, _ in massifs)


def test_hillshade_is_brightest_on_slopes_facing_the_south_east_sun():
    rows, cols = np.mgrid[:20, :20].astype(float)
    flat, south_east, north_west = np.zeros((20, 20)), -(rows + cols) * SPACING_M, (rows + cols) * SPACING_M
    # rows run north to south: a surface rising to the north-west faces the south-east
    assert hillshade(flat) == pytest.approx(np.sin(np.radians(45)))
    assert hillshade(south_east).mean() > hillshade(flat).mean() > hillshade(north_west).mean()


def test_windows_are_clipped_to_the_grid_and_the_ellipse_is_1_on_its_rim():
    assert window((10, 10), (1, 8), 3) == (slice(0, 6), slice(4, 10))
    assert window((10, 10), (-20, 5), 3) == (slice(0, 0), slice(1, 10))  # off the grid: empty
    box, distance = ellipse((50, 50), (25, 25), (10, 5))
    rows, cols = np.ogrid[box]
    assert distance[(rows == 35) & (cols == 25)] == pytest.approx(1) and distance[(rows == 25) & (cols == 30)] == 1
