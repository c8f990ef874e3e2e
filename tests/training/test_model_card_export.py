"""Model cards of really trained members: Deepness copies (fixed tile, equal outputs, keys), the MLM STAC item,
Calibrate's threshold reaching both, and Predict loading the model by its item (real torch, onnx, onnxruntime)."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import onnx
import onnxruntime
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.warp import transform_bounds
from stac_model.schema import MLModelProperties

from glacier_dl_plugin.core.assess.calibration import Calibration, store_calibration
from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.geo.ground import metres_per_pixel
from glacier_dl_plugin.core.geo.raster_stack import Grid
from glacier_dl_plugin.core.jobs.model_card import CARD_NAME, DEEPNESS_DIR
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from training.export import metadata_properties
from training.fit import fit_ensemble
from training_fixtures import TINY_CONFIG


def _session(path):
    return onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def test_deepness_copies_have_fixed_tiles_and_equal_the_members(trained_model):
    for name in ("member_00", "member_01"):
        copy = trained_model / DEEPNESS_DIR / f"{name}.onnx"
        dims = onnx.load(str(copy)).graph.input[0].type.tensor_type.shape.dim
        assert dims[0].dim_param and not dims[0].dim_value  # dynamic batch
        assert [d.dim_value for d in dims[1:]] == [3, 32, 32]  # C, T, T with T = the training chip size
        output = onnx.load(str(copy)).graph.output[0].type.tensor_type.shape.dim
        assert [d.dim_value for d in output[1:]] == [2, 32, 32]  # Deepness reads the class count here
        main = onnx.load(str(trained_model / f"{name}.onnx")).graph.input[0].type.tensor_type.shape.dim
        assert [d.dim_param for d in main[2:]] == ["height", "width"]  # the member keeps any tile size
        x = np.random.default_rng(3).normal(size=(2, 3, 32, 32)).astype(np.float32)
        fixed, member = _session(copy), _session(trained_model / f"{name}.onnx")
        np.testing.assert_allclose(fixed.run(None, {"input": x})[0], member.run(None, {"input": x})[0], atol=1e-5)
        keys = {k: json.loads(v) for k, v in fixed.get_modelmeta().custom_metadata_map.items() if k != "glacierdl"}
        assert keys["model_type"] == "Segmentor" and keys["class_names"] == {"0": "background", "1": "glacier"}
        assert keys["resolution"] == 3000.0  # 30 m UTM pixels, in cm on the ground
        assert (keys["tile_size"], keys["seg_thresh"], keys["seg_small_segment"]) == (32, 0.5, 0)


@pytest.mark.parametrize("latitude", [0.5, 46.8])
def test_resolution_of_a_one_arc_second_grid_is_cm_on_the_ground(latitude):
    step = 1 / 3600
    grid = Grid(CRS.from_epsg(4326), from_origin(10.0, latitude + 50 * step, step, step), 100, 100)
    width_m, height_m = metres_per_pixel(grid)
    metadata = ModelMetadata(bands=("dem:1",), classes=("background", "glacier"), chip_size=32, pixel_size=step,
                             pixel_height=step, mean=(0.0,), std=(1.0,), crs=grid.crs.to_wkt(), pixel_unit="degree",
                             pixel_size_m=(width_m, height_m))
    resolution = json.loads(metadata_properties(metadata)["resolution"])
    assert resolution == pytest.approx(width_m * 100)
    assert resolution == pytest.approx(3087 * np.cos(np.radians(latitude)), rel=0.01)  # not 0.028 (degrees x 100)
    assert height_m * 100 == pytest.approx(3087, rel=0.01)


def test_item_of_a_trained_model_validates_with_its_training_extent(trained_model):
    item = json.loads((trained_model / CARD_NAME).read_text())
    properties = MLModelProperties.model_validate(item["properties"])
    assert item["properties"]["mlm:tasks"] == ["semantic-segmentation"]
    assert properties.architecture == "Unet (resnet18 encoder)" and len(properties.input) == 2
    assert item["id"] == properties.name == "model"  # the published name, not the hidden work folder's
    # the tiny dataset's 24 chips of 32 px x 30 m in a row: UTM 45N, x 500-523.04 km, y 3099.04-3100 km
    expected = transform_bounds(CRS.from_epsg(32645), CRS.from_epsg(4326), 500_000, 3_099_040, 523_040, 3_100_000)
    assert item["bbox"] == pytest.approx(list(expected), abs=1e-6)
    assert item["geometry"]["coordinates"][0][0] == item["bbox"][:2]
    assert item["properties"]["datetime"].endswith("Z")
    assert {a["href"] for a in item["assets"].values() if "mlm:model" in a["roles"]} == {
        "member_00.onnx", "member_01.onnx"}


def test_calibrate_threshold_updates_the_deepness_copies_and_the_item(trained_model, tmp_path):
    import shutil

    model = shutil.copytree(trained_model, tmp_path / "model")
    calibration = Calibration({"member_00": 1.3, "member_01": 0.9}, 0.42, 1.1, 0.1, 0.05, 0.7, ("RGI60-15.00001",),
                              None, None, None)
    store_calibration(str(model), calibration)
    item = json.loads((model / CARD_NAME).read_text())
    assert item["properties"]["glacierdl:threshold"] == 0.42 and item["properties"]["glacierdl:calibrated"]
    assert item["bbox"] == json.loads((trained_model / CARD_NAME).read_text())["bbox"]
    for name in ("member_00", "member_01"):
        meta = _session(model / DEEPNESS_DIR / f"{name}.onnx").get_modelmeta().custom_metadata_map
        assert json.loads(meta["seg_thresh"]) == 0.42


def test_predict_loads_a_trained_model_by_its_item(trained_model):
    by_item = load_ensemble(trained_model / CARD_NAME, device="cpu", log=lambda m: None)
    by_folder = load_ensemble(trained_model, device="cpu", log=lambda m: None)
    assert [m.source for m in by_item.members] == [m.source for m in by_folder.members]
    assert by_item.output_stride == by_folder.output_stride == 8
    x = np.random.default_rng(0).normal(200, 50, (1, 3, 64, 64)).astype(np.float32)
    valid = np.ones((1, 64, 64), np.float32)
    for a, b in zip(by_item.members, by_folder.members):
        np.testing.assert_array_equal(a.predict(x, valid), b.predict(x, valid))


@pytest.mark.slow
def test_regression_members_get_the_regression_task(make_dataset, tmp_path):
    model = fit_ensemble(make_dataset(regression=True), tmp_path / "model", dataclasses.replace(TINY_CONFIG, members=1))
    item = json.loads((model / CARD_NAME).read_text())
    properties = MLModelProperties.model_validate(item["properties"])
    assert "regression" in item["properties"]["mlm:tasks"] and properties.output[0].name == "values"
    assert not (model / DEEPNESS_DIR).exists()
