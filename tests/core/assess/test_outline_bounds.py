"""Polygonize's bounds: the lower and upper outlines from mean ± k·std, the threshold and k read from the
calibration predict writes into the mean raster, or set by the parameters."""
import numpy as np
import pytest
import rasterio
from rasterio.features import rasterize

from glacier_dl_plugin.core.assess.outlines import LAYERS, OutlineConfig, polygonize_outlines, resolve_bounds
from glacier_dl_plugin.core.config import PredictConfig
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.progress import Monitor
from onnx_fixtures import everest_ensemble
from outline_fixtures import UTM, everest_glaciers, read_layer, write_raster


@pytest.fixture(scope="module")
def fuzzy(everest, tmp_path_factory):
    """A probability field on the 30 m Landsat grid that fades across each outline, and a spread that peaks
    there: the kind of mean/std pair an ensemble gives."""
    glaciers, _ = everest_glaciers(everest["outlines"])
    with rasterio.open(everest["rgb"]) as src:
        transform, shape_ = src.transform, src.shape
    inside = rasterize([(g, 1) for g in glaciers.geometries], shape_, transform=transform, dtype="uint8") > 0
    from scipy import ndimage

    signed = np.where(inside, ndimage.distance_transform_edt(inside), -ndimage.distance_transform_edt(~inside))
    mean = 1 / (1 + np.exp(-(signed - 0.5) / 1.5))
    std = 0.25 * np.exp(-((signed - 0.5) / 3) ** 2)
    mean[:, :20] = -9999.0  # a nodata strip on the western edge
    folder = tmp_path_factory.mktemp("fuzzy")
    tags = {"GLACIERDL_CALIBRATED": "1", "GLACIERDL_THRESHOLD": "0.5", "GLACIERDL_K": "1.5"}
    return (write_raster(folder / "mean.tif", mean, transform, UTM, tags),
            write_raster(folder / "std.tif", std, transform, UTM), glaciers, folder)


def test_lower_outline_lies_inside_the_outline_inside_the_upper_one(fuzzy):
    mean, std, glaciers, folder = fuzzy
    progress = []
    summary = polygonize_outlines(mean, std, glaciers, OutlineConfig(), folder / "o.gpkg",
                                  Monitor(progress=progress.append))
    assert (summary.bounds.threshold, summary.bounds.k, summary.bounds.calibrated) == (0.5, 1.5, True)
    layers = [read_layer(summary.path, layer) for layer in LAYERS]
    outlines, lows, highs = layers
    assert summary.glaciers == len(outlines) > 60 and progress[-1] == 100
    widths = []
    for glacier_id, (outline, a) in outlines.items():
        assert a["area_low"] <= a["area"] <= a["area_high"]
        assert a["sigma_area"] == pytest.approx((a["area_high"] - a["area_low"]) / 2)
        assert (a["k"], a["calibrated"]) == (1.5, 1)
        if outline is not None:
            low, high = lows[glacier_id][0], highs[glacier_id][0]
            assert high.contains(outline.buffer(-0.01)) and (low is None or outline.contains(low.buffer(-0.01)))
            widths.append(a["area_high"] - a["area_low"])
    assert sum(widths) > 0  # the bounds are not degenerate


def test_parameters_override_the_calibration_and_min_area_and_simplify_act(fuzzy):
    mean, std, glaciers, folder = fuzzy
    plain = polygonize_outlines(mean, std, glaciers, OutlineConfig(min_area_km2=0, fill_holes=True),
                                folder / "plain.gpkg")
    config = OutlineConfig(threshold=0.7, k=0.0, min_area_km2=0.5, simplify_m=30, fill_holes=True, date="2000-10-30")
    tuned = polygonize_outlines(mean, std, glaciers, config, folder / "tuned.gpkg")
    before, after = read_layer(plain.path), read_layer(tuned.path)
    assert (tuned.bounds.threshold, tuned.bounds.k) == (0.7, 0.0)
    for glacier_id, (outline, a) in after.items():
        assert a["area_low"] == a["area"] == a["area_high"] and a["date"] == "2000-10-30"  # k = 0
        assert a["area"] <= before[glacier_id][1]["area"] + 1e-9  # a higher threshold keeps fewer pixels
        for part in getattr(outline, "geoms", [outline] if outline else []):
            assert part.area >= 0.5e6 * 0.95 and not part.interiors  # min area (before simplification), holes
    def vertices(layer):
        return sum(len(g.exterior.coords) for o, _ in layer.values() if o for g in o.geoms)
    assert vertices(after) < vertices(before) / 2


def test_uncalibrated_raster_asked_for_calibrated_bounds_uses_k_1_with_a_warning(tmp_path):
    bounds = resolve_bounds({"GLACIERDL_CALIBRATED": "0", "GLACIERDL_THRESHOLD": "0.5", "GLACIERDL_K": "1"},
                            OutlineConfig())
    assert (bounds.k, bounds.calibrated) == (1.0, False) and "k = 1" in bounds.warning
    assert resolve_bounds({}, OutlineConfig()).threshold == 0.5  # rasters without any tag
    assert resolve_bounds({}, OutlineConfig(k=2.0)).warning == ""


def test_bounds_come_from_the_calibration_predict_writes_into_the_mean_raster(everest, tmp_path):
    """The contract end to end: a calibrated ensemble -> predict's mean/std (tags) -> polygonize's t and k."""
    calibration = {"temperatures": {"member_00": 1.0, "member_01": 1.0}, "threshold": 0.6, "k": 2.0}
    model = everest_ensemble(tmp_path / "model", calibration=calibration)
    inputs = [RasterInput(str(everest["rgb"]), "rgb"), RasterInput(str(everest["nir"]), "nir")]
    predict_raster(inputs, str(model), PredictConfig(tile_size=64, overlap=16, device="cpu"),
                   str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    glaciers, _ = everest_glaciers(everest["outlines"])
    summary = polygonize_outlines(tmp_path / "mean.tif", tmp_path / "std.tif", glaciers, OutlineConfig(),
                                  tmp_path / "o.gpkg")
    assert (summary.bounds.threshold, summary.bounds.k, summary.bounds.calibrated) == (0.6, 2.0, True)
    assert summary.bounds.warning == "" and summary.total_area > 0
    outlines = read_layer(summary.path)
    assert all(a["area_low"] <= a["area"] <= a["area_high"] for _, a in outlines.values())
