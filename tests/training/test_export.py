"""ONNX export of a member: names, dynamic axes, metadata, and a loud failure when outputs differ."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import onnx
import onnxruntime
import pytest
import torch

from glacier_dl_plugin.core.config import ModelMetadata, TrainConfig
from glacier_dl_plugin.core.errors import GlacierDLError
from training.export import ATOL, Probabilities, export_member, tolerance, verify_export
from training.model import build_model

CONFIG = TrainConfig(encoder="resnet18", encoder_depth=3)
METADATA = ModelMetadata(bands=("a", "b", "c"), classes=("background", "glacier", "debris"), chip_size=32,
                         pixel_size=10.0, mean=(1.0, 2.0, 3.0), std=(4.0, 5.0, 6.0), fold=2, seed=7,
                         test_glaciers=("G1",))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    torch.manual_seed(0)
    model = build_model(CONFIG, n_bands=3, n_classes=3).eval()
    path = tmp_path_factory.mktemp("export") / "member.onnx"
    difference = export_member(model, path, METADATA, torch.randn(4, 3, 32, 32), multiple=8)
    return model, path, difference


def test_export_runs_at_other_batch_and_tile_sizes(exported):
    model, path, difference = exported
    assert difference < ATOL
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = torch.randn(3, 3, 48, 64)
    (probabilities,) = session.run(None, {"input": x.numpy()})
    with torch.no_grad():
        expected = torch.softmax(model(x), dim=1)
    torch.testing.assert_close(torch.from_numpy(probabilities), expected, atol=1e-4, rtol=1e-3)
    assert probabilities.shape == (3, 3, 48, 64)


def test_export_embeds_glacierdl_and_deepness_metadata(exported):
    _, path, _ = exported
    properties = {p.key: p.value for p in onnx.load(str(path)).metadata_props}
    assert ModelMetadata.from_json(properties["glacierdl"]) == dataclasses.replace(METADATA, output_stride=8)
    assert all(json.loads(v) is not None for v in properties.values())  # Deepness json.loads every value
    assert json.loads(properties["model_type"]) == "Segmentor" and json.loads(properties["tile_size"]) == 32
    assert json.loads(properties["class_names"]) == {"0": "background", "1": "glacier", "2": "debris"}
    assert float(properties["resolution"]) == 1000.0 and 0 < int(properties["tiles_overlap"]) < 100
    raw = np.array([[7.0, 8.0, 9.0]])  # Deepness: (raw / 255 - mean) / std == ours: (raw - mean) / std
    mean, std = (np.array(json.loads(properties[f"standardization_{k}"])) for k in ("mean", "std"))
    deepness = (raw / 255 - mean) / std
    np.testing.assert_allclose(deepness, (raw - np.array(METADATA.mean)) / np.array(METADATA.std))
    assert onnx.load(str(path)).opset_import[0].version == 17


def test_an_export_that_differs_from_torch_fails_loudly(exported):
    model, path, _ = exported
    other = build_model(CONFIG, n_bands=3, n_classes=3).eval()  # other random weights
    with pytest.raises(GlacierDLError, match="does not reproduce the torch model"):
        verify_export(Probabilities(other), path, torch.randn(2, 3, 32, 32))


def test_tolerance_widens_only_for_huge_logits():
    assert tolerance(torch.tensor([3.0, -12.0])) == ATOL
    assert tolerance(torch.tensor([400.0])) == pytest.approx(8e-4)


def test_float16_copy_of_a_unet_agrees_with_float32(exported, tmp_path):
    from glacier_dl_plugin.core.predict.quantize import float16_member

    _, path, _ = exported
    half = float16_member(path, tmp_path / "member.fp16.onnx")
    assert {p.key: p.value for p in onnx.load(str(half)).metadata_props}["glacierdl"] == dataclasses.replace(
        METADATA, output_stride=8).to_json()
    x = np.random.default_rng(0).normal(0, 1, (2, 3, 64, 64)).astype(np.float32)
    full, reduced = (onnxruntime.InferenceSession(str(p), providers=["CPUExecutionProvider"]).run(None, {"input": x})[0]
                     for p in (path, half))
    assert reduced.dtype == np.float32 and reduced.shape == full.shape
    assert np.abs(reduced - full).max() < 0.02  # softmax outputs: float16 activations, float32 softmax
    assert (reduced.argmax(axis=1) == full.argmax(axis=1)).mean() > 0.995


def test_a_trained_member_records_its_output_stride_for_predict(trained_model):
    """Predict refuses tiles that are not a multiple of it (smp's decoders would run them misaligned)."""
    from training_fixtures import TINY_CONFIG

    properties = {p.key: p.value for p in onnx.load(str(trained_model / "member_00.onnx")).metadata_props}
    assert ModelMetadata.from_json(properties["glacierdl"]).output_stride == 2 ** TINY_CONFIG.encoder_depth == 8
