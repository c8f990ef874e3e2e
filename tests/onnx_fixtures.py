"""Tiny ONNX models with known maths, built directly with onnx.helper (no torch needed).

``pointwise_model``: p(glacier) = sigmoid(Σ_b w_b · x_b + c) per pixel, where x is the standardised
input; output ``[N, 2, H, W]`` = (1 − p, p). A 1×1 convolution is exactly translation invariant, so a
tiled, blended prediction must equal the whole-image prediction to float precision.
``regression_model``: the same convolution without softmax, output ``values`` ``[N, 1, H, W]``.
``halving_model``: pools and upsamples by 2 like a U-Net stage, so odd tile sizes fail inside onnxruntime.
``neighbour_model``: like ``pointwise_model`` but each pixel also sees its left neighbour (a 1×2 convolution,
zero-padded at the tile edge): values near tile edges depend on where the tiles lie, so blending and
test-time augmentation (flips) change the result, while the interior still equals the whole image's.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnx
import rasterio
from onnx import TensorProto, helper, numpy_helper
from rasterio.transform import from_origin

from glacier_dl_plugin.core.config import ModelMetadata


def pointwise_model(path: Path, weights: Sequence[float], bias: float, metadata: ModelMetadata) -> Path:
    """Write the 1×1-convolution fixture model with ``metadata`` embedded; returns ``path``."""
    bands = len(weights)
    w = numpy_helper.from_array(np.asarray(weights, np.float32).reshape(1, bands, 1, 1), "w")
    b = numpy_helper.from_array(np.asarray([bias], np.float32), "b")
    one = numpy_helper.from_array(np.asarray(1.0, np.float32), "one")
    nodes = [
        helper.make_node("Conv", ["input", "w", "b"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["p"]),
        helper.make_node("Sub", ["one", "p"], ["q"]),
        helper.make_node("Concat", ["q", "p"], ["probabilities"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "pointwise",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", bands, "H", "W"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2, "H", "W"])],
        initializer=[w, b, one])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    helper.set_model_props(model, {"glacierdl": metadata.to_json(), "model_type": "Segmentor"})
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def neighbour_model(path: Path, weights: Sequence[float], bias: float, metadata: ModelMetadata,
                    left: float = 0.25) -> Path:
    """p(glacier) = sigmoid(Σ_b w_b · ((1 − left) · x_b[i, j] + left · x_b[i, j − 1]) + c), the missing left
    neighbour of a tile's first column taken as 0 (standardised mean); output ``[N, 2, H, W]``."""
    bands = len(weights)
    kernel = np.zeros((1, bands, 1, 2), np.float32)
    kernel[0, :, 0, 0] = np.asarray(weights, np.float32) * left
    kernel[0, :, 0, 1] = np.asarray(weights, np.float32) * (1 - left)
    nodes = [
        helper.make_node("Conv", ["input", "w", "b"], ["logit"], pads=[0, 1, 0, 0]),
        helper.make_node("Sigmoid", ["logit"], ["p"]),
        helper.make_node("Sub", ["one", "p"], ["q"]),
        helper.make_node("Concat", ["q", "p"], ["probabilities"], axis=1),
    ]
    initializers = [numpy_helper.from_array(kernel, "w"), numpy_helper.from_array(np.asarray([bias], np.float32), "b"),
                    numpy_helper.from_array(np.asarray(1.0, np.float32), "one")]
    graph = helper.make_graph(
        nodes, "neighbour", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", bands, "H", "W"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2, "H", "W"])],
        initializer=initializers)
    return _save(graph, path, metadata)


def pointwise_reference(image: np.ndarray, weights: Sequence[float], bias: float,
                        metadata: ModelMetadata) -> np.ndarray:
    """numpy p(glacier) of :func:`pointwise_model` for a raw ``[bands, H, W]`` image."""
    mean = np.asarray(metadata.mean, np.float32)[:, None, None]
    std = np.asarray(metadata.std, np.float32)[:, None, None]
    x = (image - mean) / std
    logit = np.tensordot(np.asarray(weights, np.float32), x, axes=1) + bias
    return 1 / (1 + np.exp(-logit))


def ensemble_folder(folder: Path, members: Sequence[tuple[Sequence[float], float]],
                    metadata: ModelMetadata, test_glaciers: Sequence[Sequence[str]] = (),
                    calibration: dict | None = None, derived_features: dict | None = None,
                    model=pointwise_model) -> Path:
    """A model folder with one pointwise member per ``(weights, bias)`` and its ensemble.json.

    ``test_glaciers[i]`` are the glaciers member ``i`` never saw; ``calibration`` the manifest's block;
    ``derived_features`` the dataset's feature recipe (``core.dataset.features.recipe``) for models whose
    last bands are ``derived:…``; ``model`` writes each member (``pointwise_model`` or ``neighbour_model``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, (weights, bias) in enumerate(members):
        name = f"member_{i:02d}"
        model(folder / f"{name}.onnx", weights, bias, metadata)
        held_out = list(test_glaciers[i]) if test_glaciers else []
        entries.append({"name": name, "onnx": f"{name}.onnx", "seed": i, "fold": i if held_out else -1,
                        "test_glaciers": held_out, "metrics": {}})
    manifest = {"format": "glacierdl-ensemble", "version": 1, "bands": list(metadata.bands),
                "classes": list(metadata.classes), "chip_size": metadata.chip_size, "members": entries}
    if calibration:
        manifest["calibration"] = calibration
    if derived_features:
        manifest["derived_features"] = derived_features
    (folder / "ensemble.json").write_text(json.dumps(manifest))
    return folder


def regression_model(path: Path, weights: Sequence[float], bias: float, metadata: ModelMetadata) -> Path:
    """A pointwise regression fixture: ``values`` ``[N, 1, H, W]`` = Σ_b w_b · x_b + c (no softmax)."""
    bands = len(weights)
    w = numpy_helper.from_array(np.asarray(weights, np.float32).reshape(1, bands, 1, 1), "w")
    b = numpy_helper.from_array(np.asarray([bias], np.float32), "b")
    graph = helper.make_graph(
        [helper.make_node("Conv", ["input", "w", "b"], ["values"])], "regression",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", bands, "H", "W"])],
        [helper.make_tensor_value_info("values", TensorProto.FLOAT, ["N", 1, "H", "W"])], initializer=[w, b])
    return _save(graph, path, metadata)


def halving_model(path: Path, metadata: ModelMetadata) -> Path:
    """A fixture that halves and restores the tile (2×2 max-pool, ×2 upsampling, added to the input), so,
    like a U-Net, it fails for odd tile sizes; output ``[N, 2, H, W]`` is not meant to be meaningful."""
    bands = len(metadata.bands)
    scales = numpy_helper.from_array(np.asarray([1, 1, 2, 2], np.float32), "scales")
    w = numpy_helper.from_array(np.full((2, bands, 1, 1), 0.1, np.float32), "w")
    nodes = [
        helper.make_node("MaxPool", ["input"], ["pooled"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Resize", ["pooled", "", "scales"], ["up"], mode="nearest"),
        helper.make_node("Add", ["up", "input"], ["sum"]),
        helper.make_node("Conv", ["sum", "w"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "halving", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", bands, "H", "W"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2, "H", "W"])],
        initializer=[scales, w])
    return _save(graph, path, metadata)


def _save(graph, path: Path, metadata: ModelMetadata) -> Path:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    helper.set_model_props(model, {"glacierdl": metadata.to_json()})
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


# A three-band UTM test image and three pointwise members shared by the predict tests.
META = ModelMetadata(bands=("img:1", "img:2", "img:3"), classes=("background", "glacier"), chip_size=32,
                     pixel_size=30.0, mean=(100.0, 50.0, 10.0), std=(20.0, 10.0, 5.0))
MEMBERS = [((0.8, -0.5, 0.3), 0.1), ((0.2, 0.4, -0.6), -0.2), ((-0.3, 0.1, 0.9), 0.05)]


def write_image(path, height, width, nodata_box=None, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.normal(80, 30, (3, height, width)).astype(np.float32)
    if nodata_box is not None:
        r0, r1, c0, c1 = nodata_box
        data[:, r0:r1, c0:c1] = -1
    profile = dict(driver="GTiff", width=width, height=height, count=3, dtype="float32", nodata=-1,
                   crs="EPSG:32645", transform=from_origin(480000, 3110000, 30, 30))
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
    return data


EVEREST_META = ModelMetadata(bands=("rgb:1", "rgb:2", "rgb:3", "nir:1"), classes=("background", "glacier"),
                             chip_size=64, pixel_size=30.0, mean=(150, 150, 150, 130), std=(60, 60, 60, 60))
"""A model for the Everest sample's RGB + NIR bands (Landsat digital numbers)."""
EVEREST_MEMBERS = [((1, 1, 1, 0.5), 0.0), ((0.8, 1.2, 1, 0.2), -0.3)]


def everest_ensemble(folder: Path, **options) -> Path:
    """Two pointwise members on the Everest bands: glacier where the pixels are bright (snow and ice)."""
    return ensemble_folder(folder, EVEREST_MEMBERS, EVEREST_META, **options)
