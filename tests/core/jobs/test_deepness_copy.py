"""Fixed-tile copies for Deepness, from the tiny ONNX fixtures (real onnx and onnxruntime)."""
from __future__ import annotations

import json

import numpy as np
import onnx
import onnxruntime
import pytest
from onnxruntime.capi.onnxruntime_pybind11_state import InvalidArgument

from glacier_dl_plugin.core.jobs.deepness_copy import SMALL_SEGMENT, deepness_keys, write_fixed_copy
from onnx_fixtures import META, halving_model, pointwise_model


def _shape(path):
    dims = onnx.load(str(path)).graph.input[0].type.tensor_type.shape.dim
    return [d.dim_value or d.dim_param for d in dims]


def test_keys_are_json_for_deepness():
    keys = deepness_keys(0.62, 128)
    assert {k: json.loads(v) for k, v in keys.items()} == {"seg_thresh": 0.62, "seg_small_segment": SMALL_SEGMENT,
                                                          "tile_size": 128}


@pytest.mark.parametrize("model", [pointwise_model, halving_model])
def test_copy_has_fixed_tile_dynamic_batch_and_equal_outputs(tmp_path, model):
    source = tmp_path / "member.onnx"
    if model is pointwise_model:
        model(source, (0.8, -0.5, 0.3), 0.1, META)
    else:
        model(source, META)
    target = tmp_path / "deepness" / "member.onnx"
    difference = write_fixed_copy(source, target, 32, 3, {"seg_thresh": "0.7"})
    assert difference <= 1e-6
    shape = _shape(target)
    assert isinstance(shape[0], str) and shape[1:] == [3, 32, 32]
    assert _shape(source)[2:] == ["H", "W"]  # the member itself keeps any tile size
    session = onnxruntime.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map
    assert meta["seg_thresh"] == "0.7" and json.loads(meta["glacierdl"])["chip_size"] == 32
    x = np.random.default_rng(1).normal(size=(2, 3, 32, 32)).astype(np.float32)
    out = session.run(None, {"input": x})[0]
    assert out.shape == (2, 2, 32, 32)
    with pytest.raises(InvalidArgument, match="dimensions"):  # the fixed copy refuses other tile sizes
        session.run(None, {"input": x[:, :, :16, :16]})
    assert not list(tmp_path.glob("deepness/.*partial*"))
