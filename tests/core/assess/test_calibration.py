"""Calibration on a synthetic scene with known truth and an ensemble four times too sharp; its members'
probabilities are Predict's, whatever the model (derived bands), blending, flips or held-out members."""
import dataclasses
import json

import fiona
import numpy as np
import pytest
import rasterio
from shapely.geometry import shape

from calibration_fixtures import (
    META,
    OVERCONFIDENT_MEMBERS,
    calibration_scene,
    featured_ensemble,
    overconfident_ensemble,
)
from glacier_dl_plugin.core.assess.calibration import calibrate_ensemble, store_calibration
from glacier_dl_plugin.core.assess.calibration_fit import minimal_k
from glacier_dl_plugin.core.assess.scoring_zones import glacier_zones, pixel_areas_km2, zone_masks
from glacier_dl_plugin.core.config.calibrate import CalibrationConfig
from glacier_dl_plugin.core.config.predict import InferenceConfig, PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, read_grid
from glacier_dl_plugin.core.predict.ensemble import apply_temperature
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.regions import glacier_area
from glacier_dl_plugin.core.progress import Monitor
from onnx_fixtures import neighbour_model, pointwise_model, pointwise_reference

CONFIG = CalibrationConfig(inference=InferenceConfig(device="cpu"))


def reference(scene):
    with fiona.open(scene.glaciers) as source:
        records = [GlacierRecord(f["properties"]["glacier_id"], shape(f["geometry"]).wkb) for f in source]
    return load_glaciers(records, "EPSG:32645", "EPSG:32645")


def thirds(ids):
    return [[g for i, g in enumerate(ids) if i % 3 == m] for m in range(3)]


def two_thirds(ids):
    """Member m holds out the glaciers of the two other thirds: every glacier has two unseen members."""
    return [[g for i, g in enumerate(ids) if i % 3 != m] for m in range(3)]


TILED = InferenceConfig(tile_size=64, overlap=16, device="cpu")


def predicted(scene, model, inference, folder, reference_area=False):
    """Predict's member rasters (glacier probability) and mean, with the same inference settings, over the
    whole raster or (``reference_area``) the reference glaciers and Calibrate's buffer."""
    config = PredictConfig(**dataclasses.asdict(inference))
    area = (lambda grid: glacier_area(grid, reference(scene), CONFIG.buffer_m)) if reference_area else None
    summary = predict_raster([RasterInput(str(scene.image), "evidence")], str(model), config,
                             str(folder / "mean.tif"), str(folder / "std.tif"), members_dir=str(folder / "members"),
                             area=area)
    members = []
    for path in summary.members:
        with rasterio.open(path) as src:
            members.append(src.read(1))
    with rasterio.open(summary.mean) as src:
        return uncropped(np.stack(members), scene, summary.grid), uncropped(src.read(1), scene, summary.grid)


def uncropped(values, scene, grid):
    """Predict's ``values`` on its output ``grid`` (cropped to the glaciers' buffers) placed on the scene's
    whole grid, -9999 elsewhere: indexed like Calibrate's samples."""
    with rasterio.open(scene.image) as src:
        col, row = (round(v) for v in ~src.transform * (grid.transform.c, grid.transform.f))
        whole = np.full(values.shape[:-2] + (src.height, src.width), -9999, np.float32)
    whole[..., row:row + grid.height, col:col + grid.width] = values
    return whole


def sampled(result):
    """The sampled glacier probabilities ``[members, n]`` of a calibration (temperature 1)."""
    return np.exp(result.samples.log_probabilities[:, 1])


@pytest.fixture(scope="module")
def small_scene(tmp_path_factory):
    return calibration_scene(tmp_path_factory.mktemp("small_scene"), grid=3)


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calibration")
    scene = calibration_scene(folder)
    model = overconfident_ensemble(folder / "model", thirds(sorted(scene.rectangles)))
    logged = []
    result = calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), reference(scene), None,
                                CONFIG, Monitor(log=logged.append))
    return scene, model, result, logged


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
    with pytest.raises(InputError, match="GLACIERS: no glacier polygon overlaps the input rasters"):
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


def test_a_model_with_derived_bands_is_calibrated_on_what_predict_computes(small_scene, tmp_path):
    model = featured_ensemble(tmp_path / "model", thirds(sorted(small_scene.rectangles)))
    config = CalibrationConfig(inference=TILED)
    result = calibrate_ensemble([RasterInput(str(small_scene.image), "evidence")], str(model), reference(small_scene),
                                None, config)
    assert all(2.5 < t < 6 for t in result.temperatures.values()) and result.k > 0
    members, _ = predicted(small_scene, model, TILED, tmp_path)
    samples = result.samples
    assert len(samples.rows) > 10_000
    np.testing.assert_allclose(sampled(result), np.maximum(members[:, samples.rows, samples.cols], 1e-7), atol=1e-6)


@pytest.mark.parametrize("options", [dict(blending="centre"), dict(blending="gaussian"), dict(tta=True)])
def test_blending_and_flips_change_calibration_as_they_change_predict(small_scene, tmp_path, options):
    """The neighbour model's values near tile edges depend on the blending and flips."""
    model = overconfident_ensemble(tmp_path / "model", model=neighbour_model)
    ids, inputs = sorted(small_scene.rectangles), [RasterInput(str(small_scene.image), "evidence")]
    runs = []
    for name, inference in (("default", TILED), ("changed", dataclasses.replace(TILED, **options))):
        result = calibrate_ensemble(inputs, str(model), reference(small_scene), ids,
                                    CalibrationConfig(inference=inference))
        (tmp_path / name).mkdir()
        members, _ = predicted(small_scene, model, inference, tmp_path / name)
        runs.append((result.samples, sampled(result), members))
    (before, calibrated_before, predicted_before), (after, calibrated_after, predicted_after) = runs
    np.testing.assert_array_equal(before.rows, after.rows)  # the same pixels, by the seed
    predict_change = predicted_after[:, after.rows, after.cols] - predicted_before[:, before.rows, before.cols]
    assert np.abs(predict_change).max() > 1e-3
    np.testing.assert_allclose(calibrated_after - calibrated_before, predict_change, atol=2e-6)


def test_held_out_members_count_where_predict_counts_them(small_scene, tmp_path):
    model = overconfident_ensemble(tmp_path / "model", two_thirds(sorted(small_scene.rectangles)))
    inference = dataclasses.replace(TILED, held_out_only=True)
    result = calibrate_ensemble([RasterInput(str(small_scene.image), "evidence")], str(model), reference(small_scene),
                                None, CalibrationConfig(inference=inference))
    samples = result.samples
    assert samples.eligible.sum(axis=0).min() >= 1 and not samples.eligible.all()
    _, mean = predicted(small_scene, model, inference, tmp_path, reference_area=True)
    held_out_mean = (sampled(result) * samples.eligible).sum(axis=0) / samples.eligible.sum(axis=0)
    np.testing.assert_allclose(held_out_mean, mean[samples.rows, samples.cols], atol=1e-6)


def test_int8_members_are_those_predict_quantises_on_the_same_area(small_scene, tmp_path):
    model = overconfident_ensemble(tmp_path / "model", thirds(sorted(small_scene.rectangles)))
    inference = dataclasses.replace(TILED, precision="int8")
    result = calibrate_ensemble([RasterInput(str(small_scene.image), "evidence")], str(model), reference(small_scene),
                                None, CalibrationConfig(inference=inference))
    members, _ = predicted(small_scene, model, inference, tmp_path, reference_area=True)
    samples = result.samples
    np.testing.assert_allclose(sampled(result), np.maximum(members[:, samples.rows, samples.cols], 1e-7), atol=1e-6)
    (tmp_path / "fp32").mkdir()
    full, _ = predicted(small_scene, model, TILED, tmp_path / "fp32", reference_area=True)
    assert np.abs(full[:, samples.rows, samples.cols] - members[:, samples.rows, samples.cols]).max() > 1e-3


@pytest.mark.parametrize("inference,message", [
    (dict(overlap=64), r"OVERLAP: 64 px is not smaller than the 64 px tile\. Use at most 63 px"),
    (dict(overlap=99, overlap_percent=True, tile_size=32), r"OVERLAP: 99 % of the 32 px tile rounds to 32 px"),
])
def test_an_overlap_not_below_the_tile_is_refused_naming_the_largest(calibrated, inference, message):
    scene, model, _, _ = calibrated
    before = (model / "ensemble.json").read_text()
    with pytest.raises(InputError, match=message):
        config = CalibrationConfig(inference=InferenceConfig(device="cpu", **inference))
        calibrate_ensemble([RasterInput(str(scene.image), "evidence")], str(model), reference(scene), None, config)
    assert (model / "ensemble.json").read_text() == before
