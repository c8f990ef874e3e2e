"""Reduced-precision members: int8 QDQ copies calibrated on tiles of the raster, float16 copies, and which
precision runs on which device."""
import numpy as np
import onnx
import onnxruntime
import pytest
from onnx import numpy_helper

from glacier_dl_plugin.core.geo.raster_stack import RasterInput, open_stack
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from glacier_dl_plugin.core.predict.quantize import (
    CALIBRATION_TILES,
    calibration_tiles,
    float16_member,
    quantize_member,
    reduced_precision,
)
from glacier_dl_plugin.core.progress import Monitor
from onnx_fixtures import MEMBERS, META, ensemble_folder, pointwise_model, pointwise_reference, write_image

WEIGHTS, BIAS = MEMBERS[0]


def standardised(image):
    """``image`` ``[bands, H, W]`` standardised as the fixture members expect."""
    mean, std = (np.asarray(v, np.float32)[:, None, None] for v in (META.mean, META.std))
    return ((image - mean) / std).astype(np.float32)


def run(path, x):
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"input": x})[0]


@pytest.fixture(scope="module")
def member(tmp_path_factory):
    return pointwise_model(tmp_path_factory.mktemp("member") / "member.onnx", WEIGHTS, BIAS, META)


def test_an_int8_copy_agrees_with_float32_within_the_quantisation_step(member, tmp_path):
    rng = np.random.default_rng(0)
    tiles = [standardised(rng.normal(80, 30, (3, 32, 32)).astype(np.float32)) for _ in range(4)]
    target = quantize_member(member, tmp_path / "member.int8.onnx", "input", tiles)
    image = rng.normal(80, 30, (3, 48, 40)).astype(np.float32)  # another size than the calibration tiles
    x = standardised(image)[None]
    full, reduced = run(member, x), run(target, x)
    np.testing.assert_allclose(full[0, 1], pointwise_reference(image, WEIGHTS, BIAS, META), atol=1e-5)
    assert reduced.shape == full.shape == (1, 2, 48, 40) and reduced.dtype == np.float32
    # uint8 inputs (a step of about 0.03 standard deviations) and int8 weights: logits within about 0.2
    assert np.abs(reduced - full).max() < 0.06 and np.abs(reduced - full).mean() < 0.01
    assert ((reduced[0, 1] > 0.5) == (full[0, 1] > 0.5)).mean() > 0.97
    assert not np.allclose(reduced, full, atol=1e-5)  # really the quantised graph
    model = onnx.load(str(target))
    ops = {node.op_type for node in model.graph.node}
    assert {"QuantizeLinear", "DequantizeLinear"} <= ops
    assert any(numpy_helper.to_array(t).dtype == np.int8 for t in model.graph.initializer)  # int8 weights
    assert {p.key: p.value for p in model.metadata_props} == {"glacierdl": META.to_json(), "model_type": "Segmentor"}


def test_a_float16_copy_keeps_float32_inputs_outputs_and_metadata(member, tmp_path):
    half = float16_member(member, tmp_path / "member.fp16.onnx")
    model = onnx.load(str(half))
    assert {p.key: p.value for p in model.metadata_props}["glacierdl"] == META.to_json()
    assert any(numpy_helper.to_array(t).dtype == np.float16 for t in model.graph.initializer)
    x = standardised(np.random.default_rng(1).normal(80, 30, (3, 32, 32)).astype(np.float32))[None]
    full, reduced = run(member, x), run(half, x)
    assert reduced.dtype == np.float32 and np.abs(reduced - full).max() < 2e-3


@pytest.fixture()
def stack_with_a_hole(tmp_path):
    """A 96 x 128 px three-band raster whose left half (columns 0-63) is nodata."""
    image = write_image(tmp_path / "img.tif", 96, 128, nodata_box=(0, 96, 0, 64))
    with open_stack([RasterInput(str(tmp_path / "img.tif"), "img")]) as stack:
        yield stack, image


def test_calibration_tiles_are_spread_over_the_raster_and_mostly_valid(stack_with_a_hole):
    stack, image = stack_with_a_hole
    origins = [(r, c) for r in range(0, 96, 16) for c in range(0, 112, 16)]  # 42 tiles, every second one valid
    tiles = calibration_tiles(stack, origins, 32, count=5)
    assert len(tiles) == 5
    for data, valid in tiles:
        assert data.shape == (3, 32, 32) and valid.mean() >= 0.5
    first, _ = tiles[0]
    (row, col), = [(r, c) for r, c in origins if np.array_equal(image[:, r:r + 32, c:c + 32], first)]
    assert col >= 48  # the tiles on the nodata half were passed over
    rows = {r for data, _ in tiles for r, c in origins if np.array_equal(image[:, r:r + 32, c:c + 32], data)}
    assert len(rows) >= 3  # spread down the raster, not the first few tiles of its top row
    assert len(calibration_tiles(stack, origins, 32)) == CALIBRATION_TILES


def test_calibration_tiles_fall_back_to_the_first_tile_and_honour_an_offset(stack_with_a_hole):
    stack, image = stack_with_a_hole
    (data, valid), = calibration_tiles(stack, [(0, 0), (32, 16), (64, 0)], 32)  # all on the nodata half
    assert not valid.any() and data.shape == (3, 32, 32)
    (data, valid), = calibration_tiles(stack, [(0, 0)], 32, offset=(10, 100))  # a region's window at (10, 100)
    np.testing.assert_array_equal(data[:, :, :28], image[:, 10:42, 100:128])
    assert valid[:, :28].all() and not valid[:, 28:].any()  # columns 128 and beyond lie outside the raster


@pytest.fixture()
def ensemble(tmp_path):
    calibration = {"temperatures": {"member_00": 1.5, "member_01": 0.8}}
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:2], META, calibration=calibration)
    return load_ensemble(folder, "cpu", log=lambda line: None)


def test_int8_on_the_cpu_replaces_every_member_by_its_calibrated_copy(ensemble, tmp_path):
    rng = np.random.default_rng(2)
    tiles = [(rng.normal(80, 30, (3, 32, 32)).astype(np.float32), np.ones((32, 32), bool)) for _ in range(3)]
    logs, calls = [], []
    quantised = reduced_precision(ensemble, "int8", "cpu", lambda: calls.append(1) or tiles, tmp_path,
                                  Monitor(log=logs.append))
    assert calls == [1] and [m.source for m in quantised.members] == [tmp_path / "member_00.int8.onnx",
                                                                      tmp_path / "member_01.int8.onnx"]
    assert [m.temperature for m in quantised.members] == [1.5, 0.8] and quantised.providers == ["CPUExecutionProvider"]
    assert logs and logs[0].startswith("Members quantised to int8 on 3 tiles")
    image = rng.normal(80, 30, (1, 3, 40, 40)).astype(np.float32)
    valid = np.ones((1, 40, 40), bool)
    for full, reduced in zip(ensemble.members, quantised.members, strict=True):
        assert np.abs(reduced.predict(image, valid) - full.predict(image, valid)).max() < 0.05


def test_fp32_is_the_ensemble_itself_and_each_reduced_precision_stays_on_its_own_device(ensemble, tmp_path):
    def no_tiles():
        raise AssertionError("tiles are read for int8 on a CPU only")

    assert reduced_precision(ensemble, "fp32", "cpu", no_tiles, tmp_path, Monitor()) is ensemble
    warnings = []
    assert reduced_precision(ensemble, "fp16", "cpu", no_tiles, tmp_path, Monitor(warn=warnings.append)) is ensemble
    assert "PRECISION=fp16 is a GPU path" in warnings[0]
    on_gpu = type(ensemble)(ensemble.members, ["CUDAExecutionProvider", "CPUExecutionProvider"], ensemble.path)
    assert reduced_precision(on_gpu, "int8", "cuda", no_tiles, tmp_path, Monitor(warn=warnings.append)) is on_gpu
    assert "PRECISION=int8 is a CPU path" in warnings[1]
    assert list(tmp_path.glob("*.onnx")) == []  # no copy was written
