"""Copies of ONNX members that the Deepness QGIS plugin can load: fixed tile height and width, dynamic batch.

Deepness reads the input shape ``[batch, C, SIZE, SIZE]`` and fails on symbolic heights and widths, which our
members keep so that Predict can use any tile size. The copy is derived from the exported member without torch:
the input's height and width (and the outputs' dimensions named like them) get the tile size, stale intermediate
shapes are dropped and re-inferred. This is correct for our graphs because they were exported with dynamic
height and width: every Reshape/Resize size is computed from ``Shape`` at run time, never baked in, and
:func:`write_fixed_copy` proves it by running both models on the same ``[2, C, T, T]`` batch.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ..atomic import atomic_path
from ..errors import GlacierDLError, MissingDependencyError

__all__ = ["SMALL_SEGMENT", "COPY_ATOL", "deepness_keys", "write_fixed_copy", "compare_outputs"]

SMALL_SEGMENT = 0
"""``seg_small_segment`` written for Deepness: 0 pixels, no small-segment removal (Glacier DL's Polygonize
applies its own minimum area on the ground)."""
COPY_ATOL = 1e-5
"""Largest accepted difference between the fixed-size copy and its member on the same batch."""
_VERIFY_BATCH = 2


def _onnx():
    try:
        import onnx
    except ImportError as error:
        raise MissingDependencyError(
            "The onnx package is needed to write the Deepness copies of the members. Install it with "
            "`pip install -r training/requirements.txt`.") from error
    return onnx


def deepness_keys(threshold: float, tile: int) -> dict[str, str]:
    """The Deepness keys a copy adds to its member's metadata: ``seg_thresh`` (the calibrated threshold, else
    0.5), ``seg_small_segment`` (:data:`SMALL_SEGMENT` px) and ``tile_size`` (the fixed tile), JSON-encoded as
    Deepness parses every value with ``json.loads``."""
    return {"seg_thresh": json.dumps(float(threshold)), "seg_small_segment": json.dumps(SMALL_SEGMENT),
            "tile_size": json.dumps(int(tile))}


def _fix_dims(model, tile: int) -> None:
    initializers = {i.name for i in model.graph.initializer}
    first = next(i for i in model.graph.input if i.name not in initializers)
    dims = first.type.tensor_type.shape.dim
    if len(dims) != 4:
        raise GlacierDLError(f"A Deepness copy needs a [batch, C, H, W] input, not {len(dims)} axes.")
    symbolic = {d.dim_param for d in dims[2:] if d.dim_param}
    if not dims[0].dim_value:
        dims[0].dim_param = dims[0].dim_param or "batch"
    for dim in dims[2:]:
        dim.dim_value = tile  # clears dim_param (one of the two)
    for output in model.graph.output:
        for dim in list(output.type.tensor_type.shape.dim)[2:]:
            if dim.dim_param in symbolic:
                dim.dim_value = tile
    del model.graph.value_info[:]  # symbolic intermediate shapes: re-inferred below


def compare_outputs(source: Path, copy: Path, channels: int, tile: int, seed: int = 0) -> float:
    """Run ``source`` and ``copy`` (onnxruntime, CPU) on one seeded standard-normal batch ``[2, channels, tile,
    tile]``; returns the largest absolute difference of their first outputs."""
    import onnxruntime

    batch = np.random.default_rng(seed).standard_normal((_VERIFY_BATCH, channels, tile, tile)).astype(np.float32)
    outputs = []
    for path in (source, copy):
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        outputs.append(session.run(None, {session.get_inputs()[0].name: batch})[0])
    if outputs[0].shape != outputs[1].shape:
        raise GlacierDLError(f"The Deepness copy {copy.name} outputs {outputs[1].shape}, its member {outputs[0].shape}.")
    return float(np.abs(outputs[0] - outputs[1]).max())


def write_fixed_copy(source: Path, target: Path, tile: int, channels: int,
                     extra: Mapping[str, str] = {}) -> float:
    """Write ``source`` to ``target`` with input ``[batch, channels, tile, tile]`` and the metadata ``extra``
    added (replacing keys of the same name), then check it against ``source``.

    Returns:
        The largest absolute difference between the copy and ``source`` on a ``[2, channels, tile, tile]`` batch.

    Raises:
        MissingDependencyError: the onnx package is missing.
        GlacierDLError: the copy does not reproduce ``source`` within :data:`COPY_ATOL`.
    """
    onnx = _onnx()
    model = onnx.load(str(source))
    _fix_dims(model, tile)
    model = onnx.shape_inference.infer_shapes(model)
    properties = {p.key: p.value for p in model.metadata_props} | dict(extra)
    del model.metadata_props[:]
    for key, value in properties.items():
        model.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(model)
    with atomic_path(target) as temporary:
        onnx.save(model, str(temporary))
        difference = compare_outputs(source, temporary, channels, tile)
        if not difference <= COPY_ATOL:
            raise GlacierDLError(f"The fixed {tile} px copy of {source.name} differs from it by {difference:.3g}.")
    return difference
