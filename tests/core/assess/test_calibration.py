"""Calibration on a synthetic scene with known truth and an ensemble four times too sharp."""
import json
import math

import fiona
import numpy as np
import pytest
from shapely.geometry import shape

from calibration_fixtures import META, OVERCONFIDENT_MEMBERS, calibration_scene, overconfident_ensemble
from glacier_dl_plugin.core.assess.calibration import (
    CalibrationConfig, calibrate_ensemble, choose_k, expected_calibration_error, fit_temperature, minimal_k,
    store_calibration)
from glacier_dl_plugin.core.predict.ensemble import apply_temperature
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.assess.scoring_zones import glacier_zones, pixel_areas_km2, zone_masks
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.progress import Monitor
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, read_grid
from onnx_fixtures import pointwise_model, pointwise_reference

CONFIG = CalibrationConfig(device="cpu")


def reference(scene):
    with fiona.open(scene.glaciers) as source:
        records = [GlacierRecord(f["properties"]["glacier_id"], shape(f["geometry"]).wkb) for f in source]
    return load_glaciers(records, "EPSG:32645", "EPSG:32645")


def thirds(ids):
    return [[g for i, g in enumerate(ids) if i % 3 == m] for m in range(3)]


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calibration")
    scene = calibration_scene(folder)
    model = overconfident_ensemble(folder / "model", thirds(sorted(scene.rectangles)))
    logged = []
    result = calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), reference(scene), None,
                                CONFIG, Monitor(log=logged.append))
    return scene, model, result, logged


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


def test_calibration_finds_the_true_temperature_and_lowers_ece(calibrated):
    _, _, result, _ = calibrated
    assert all(3.3 < t < 4.7 for t in result.temperatures.values()), result.temperatures  # truth: 8x vs 2x
    assert result.ece_after < 0.75 * result.ece_before
    assert len(result.validation_glaciers) == 25


def test_calibration_covers_one_sigma_of_validation_glaciers(calibrated):
    _, _, result, _ = calibrated
    assert 0.6827 <= result.coverage <= 0.6827 + 1 / 25 + 1e-9
    assert result.k > 0


def test_k_covers_about_one_sigma_of_unseen_glaciers(calibrated, tmp_path):
    """An independent numpy ensemble on a new scene, with the fitted temperatures and k."""
    _, _, result, _ = calibrated
    scene = calibration_scene(tmp_path, seed=7)
    grid = read_grid(str(scene.image))
    import rasterio

    with rasterio.open(scene.image) as src:
        image = src.read()
    members = []
    for i, (weights, bias) in enumerate(OVERCONFIDENT_MEMBERS):
        p = pointwise_reference(image, weights, bias, META)
        members.append(apply_temperature(np.stack([1 - p, p]), result.temperatures[f"member_{i:02d}"], axis=0)[1])
    members = np.stack(members)
    mean, std = members.mean(axis=0), members.std(axis=0)
    covered = []
    for zone in glacier_zones(reference(scene).by_glacier(), grid.crs, CONFIG.buffer_m, grid):
        in_zone, label = zone_masks(zone, grid)
        rows, cols = zone.window.toslices()
        areas = np.broadcast_to(pixel_areas_km2(grid, zone.window), in_zone.shape)
        k_i = minimal_k(mean[rows, cols][in_zone], std[rows, cols][in_zone], areas[in_zone],
                        float(areas[label].sum()), 0.5)
        covered.append(k_i <= result.k)
    assert 0.45 <= np.mean(covered) <= 0.9  # 68 % ± 2 binomial sigmas of 25 glaciers


def test_members_prefer_glaciers_they_never_saw(calibrated, tmp_path):
    scene, _, _, logged = calibrated
    assert not any("may have seen" in line for line in logged)
    model = overconfident_ensemble(tmp_path / "model")  # no test glaciers listed
    logged = []
    calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), reference(scene), ["G00", "G01"],
                       CONFIG, Monitor(log=logged.append))
    assert sum("may have seen" in line for line in logged) == 3


def test_stored_block_keeps_every_other_key_and_is_read_back(calibrated, tmp_path):
    _, model, result, _ = calibrated
    before = json.loads((model / "ensemble.json").read_text())
    store_calibration(str(model), result)
    after = json.loads((model / "ensemble.json").read_text())
    assert {k: v for k, v in after.items() if k != "calibration"} == before
    assert after["calibration"]["temperatures"] == result.temperatures
    assert set(after["calibration"]) == {"temperatures", "threshold", "k", "ece_before", "ece_after", "coverage",
                                         "validation_glaciers"}
    assert sorted(p.name for p in model.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_recalibrating_a_calibrated_model_does_not_compound(calibrated):
    scene, model, result, _ = calibrated
    store_calibration(str(model), result)
    again = calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), reference(scene), None,
                               CONFIG)
    assert again.temperatures == pytest.approx(result.temperatures, rel=1e-3)


def test_a_single_onnx_file_is_refused(calibrated, tmp_path):
    scene, _, _, _ = calibrated
    onnx = pointwise_model(tmp_path / "one.onnx", (1.0, 0.0), 0.0, META)
    with pytest.raises(InputError, match="MODEL: .*single model file.*model folder"):
        calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(onnx), reference(scene), None, CONFIG)


def test_unknown_validation_ids_are_listed(calibrated):
    scene, model, _, _ = calibrated
    with pytest.raises(InputError, match="VALIDATION_IDS: 2 id.*G98, G99"):
        calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), reference(scene),
                           ["G00", "G98", "G99"], CONFIG)


def test_glaciers_off_the_raster_are_refused(calibrated):
    scene, model, _, _ = calibrated
    far = load_glaciers([GlacierRecord("far", shape({"type": "Polygon", "coordinates": [
        [(0, 0), (1000, 0), (1000, 1000), (0, 0)]]}).wkb)], "EPSG:32645", "EPSG:32645")
    with pytest.raises(InputError, match="no reference glacier overlaps"):
        calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), far, None, CONFIG)


def test_predict_reads_the_stored_temperatures_back(calibrated):
    from glacier_dl_plugin.core.predict.ensemble import load_ensemble

    _, model, result, _ = calibrated
    store_calibration(str(model), result)
    members = load_ensemble(str(model), "cpu", log=lambda message: None).members
    assert {m.name: m.temperature for m in members} == result.temperatures


def test_cancelling_leaves_the_manifest_untouched(calibrated):
    from glacier_dl_plugin.core.errors import CancelledError

    scene, model, _, _ = calibrated
    before = (model / "ensemble.json").read_text()
    with pytest.raises(CancelledError):
        calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), reference(scene), None, CONFIG,
                           Monitor(is_cancelled=lambda: True))
    assert (model / "ensemble.json").read_text() == before
