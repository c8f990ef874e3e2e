"""Tiny multi-class ONNX fixtures with known maths and image writers for the image-folder tests.

``softmax_model``: p = softmax over classes of a per-pixel linear map of the standardised bands (optionally
also seeing the left neighbour, so tile edges matter); :func:`softmax_reference` is its numpy twin.
"""
from __future__ import annotations

import warnings

import numpy as np
import onnx
import rasterio
from onnx import TensorProto, helper, numpy_helper
from rasterio.errors import NotGeoreferencedWarning

from glacier_dl_plugin.core.config import ModelMetadata

CLASSES = ("snow", "firn", "ice")
META3 = ModelMetadata(bands=("image:1", "image:2"), classes=CLASSES, chip_size=32, pixel_size=1.0,
                      mean=(100.0, 50.0), std=(20.0, 10.0))
WEIGHTS3 = np.array([[0.0, 0.0], [1.5, -0.5], [-1.0, 1.2]], np.float32)  # logits per class and band
BIAS3 = np.array([0.2, -0.1, 0.0], np.float32)


def softmax_model(path, metadata=META3, weights=WEIGHTS3, bias=BIAS3, left=0.0):
    """p = softmax_k(Σ_b w_kb · ((1 − left) · x_b[i, j] + left · x_b[i, j − 1]) + c_k), x standardised; the
    missing left neighbour at a tile's first column is 0. ``left`` > 0 makes tile edges (blending) matter."""
    k, bands = weights.shape
    kernel = np.zeros((k, bands, 1, 2), np.float32)
    kernel[:, :, 0, 0], kernel[:, :, 0, 1] = weights * left, weights * (1 - left)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["input", "w", "b"], ["logits"], pads=[0, 1, 0, 0]),
         helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1)], "softmax",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", bands, "H", "W"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", k, "H", "W"])],
        initializer=[numpy_helper.from_array(kernel, "w"), numpy_helper.from_array(bias, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    helper.set_model_props(model, {"glacierdl": metadata.to_json()})
    onnx.save(model, str(path))
    return path


def softmax_reference(image):
    """numpy probabilities ``[K, H, W]`` of :func:`softmax_model` with ``left=0``."""
    x = (image - np.asarray(META3.mean, np.float32)[:, None, None]) / np.asarray(META3.std, np.float32)[:, None, None]
    logits = np.tensordot(WEIGHTS3, x, axes=1) + BIAS3[:, None, None]
    e = np.exp(logits - logits.max(axis=0))
    return e / e.sum(axis=0)


def write(path, array, driver="GTiff", **profile):
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # plain images have no georeferencing
        with rasterio.open(path, "w", driver=driver, width=array.shape[2], height=array.shape[1],
                           count=array.shape[0], dtype=array.dtype, **profile) as dst:
            dst.write(array)
    return array


def image2(seed, height, width):
    rng = np.random.default_rng(seed)
    return np.stack([rng.normal(100, 25, (height, width)), rng.normal(50, 12, (height, width))]).astype(np.float32)
