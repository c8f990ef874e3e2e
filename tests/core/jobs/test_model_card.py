"""The model card: STAC item (MLM extension, validated with stac_model and pystac's local core schema), the
Deepness copies' seg_thresh, and Predict loading a model by its item (real onnxruntime, tiny ONNX fixtures)."""
from __future__ import annotations

import copy
import json

import numpy as np
import onnxruntime
import pystac
import pystac.validation
import pytest
from pystac.extensions.classification import ClassificationExtension
from stac_model.schema import SCHEMA_URI as MLM_URI
from stac_model.schema import MLModelExtension, MLModelProperties

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.jobs.model_card import (
    CARD_NAME,
    CLASSIFICATION_SCHEMA,
    DEEPNESS_DIR,
    MLM_SCHEMA,
    item_member_entries,
    write_model_card,
)
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from onnx_fixtures import MEMBERS, META, ensemble_folder, regression_model


def validate(item: dict) -> MLModelProperties:
    """What is checked offline: STAC core (pystac's bundled item schema, extensions left out: their schemas are
    online only), pystac's parser, and the MLM fields with stac_model's pydantic models."""
    core = copy.deepcopy(item)
    core["stac_extensions"] = []
    assert pystac.validation.validate_dict(core) is not None
    del core["properties"]["datetime"]
    with pytest.raises(pystac.errors.STACValidationError):  # the local schema really is checked
        pystac.validation.validate_dict(core)
    stac = pystac.Item.from_dict(item)
    assert MLModelExtension.has_extension(stac)
    return MLModelProperties.model_validate(item["properties"])


def _seg_thresh(path) -> float:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return json.loads(session.get_modelmeta().custom_metadata_map["seg_thresh"])


def test_segmentation_item_validates_and_lists_members_and_deepness_copies(tmp_path):
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:2], META)
    item_path = write_model_card(folder)
    item = json.loads(item_path.read_text())
    assert item_path.name == CARD_NAME and MLM_SCHEMA == MLM_URI and CLASSIFICATION_SCHEMA == ClassificationExtension.get_schema_uri()
    properties = validate(item)
    assert properties.name == "model" and {t.value if hasattr(t, "value") else t for t in properties.tasks} == {
        "semantic-segmentation"}
    assert len(properties.input) == 2 and properties.input[0].bands == list(META.bands)
    scaling = properties.input[0].value_scaling
    assert [(s.mean, s.stddev) for s in scaling] == list(zip(META.mean, META.std))
    assert properties.input[0].input.shape == [-1, 3, -1, -1]
    assert [c.name for c in properties.output[0].classes] == ["background", "glacier"]
    assert properties.framework == "ONNX"
    models = {k: a["href"] for k, a in item["assets"].items() if "mlm:model" in a["roles"]}
    assert models == {"member_00": "member_00.onnx", "member_01": "member_01.onnx"}
    assert item["assets"]["member_00_deepness"]["href"] == f"{DEEPNESS_DIR}/member_00.onnx"
    assert item["properties"]["glacierdl:threshold"] == 0.5 and _seg_thresh(folder / "deepness/member_01.onnx") == 0.5


def test_calibrated_threshold_reaches_item_and_copies(tmp_path):
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:1], META, calibration={"threshold": 0.35,
                                                                                 "temperatures": {"member_00": 1.5}})
    item = json.loads(write_model_card(folder).read_text())
    assert item["properties"]["glacierdl:threshold"] == 0.35 and item["properties"]["glacierdl:calibrated"]
    assert _seg_thresh(folder / DEEPNESS_DIR / "member_00.onnx") == 0.35


def test_regression_item_has_the_regression_task_and_no_deepness_copy(tmp_path):
    meta = ModelMetadata(bands=META.bands, classes=(), chip_size=32, pixel_size=30.0, mean=META.mean, std=META.std,
                         task="regression", target="thickness:1")
    folder = ensemble_folder(tmp_path / "thickness", MEMBERS[:1], meta, model=regression_model)
    item = json.loads(write_model_card(folder).read_text())
    properties = validate(item)
    assert "regression" in item["properties"]["mlm:tasks"] and properties.output[0].result.shape == [-1, 1, -1, -1]
    assert not (folder / DEEPNESS_DIR).exists() and "member_00_deepness" not in item["assets"]


def test_predict_loads_the_model_by_its_item(tmp_path):
    folder = ensemble_folder(tmp_path / "model", MEMBERS, META, calibration={"temperatures": {"member_01": 2.0}})
    by_item = load_ensemble(write_model_card(folder), device="cpu", log=lambda m: None)
    by_folder = load_ensemble(folder, device="cpu", log=lambda m: None)
    assert [m.name for m in by_item.members] == ["member_00", "member_01", "member_02"]
    assert [m.temperature for m in by_item.members] == [1.0, 2.0, 1.0]
    x = np.random.default_rng(0).normal(100, 20, (1, 3, 32, 32)).astype(np.float32)
    valid = np.ones((1, 32, 32), np.float32)
    for a, b in zip(by_item.members, by_folder.members):
        np.testing.assert_array_equal(a.predict(x, valid), b.predict(x, valid))


def test_item_without_onnx_assets_is_a_model_error(tmp_path):
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:1], META)
    item = json.loads(write_model_card(folder).read_text())
    item["assets"] = {k: a for k, a in item["assets"].items() if "mlm:model" not in a["roles"]}
    (folder / "bare.json").write_text(json.dumps(item))
    with pytest.raises(InputError) as error:
        item_member_entries(folder / "bare.json")
    assert error.value.parameter == "MODEL" and "no ONNX model assets" in str(error.value)
    with pytest.raises(InputError, match="MODEL"):
        load_ensemble(folder / "bare.json", device="cpu")
