"""int8 ensemble members for faster CPU inference: static QDQ quantisation with onnxruntime.

Weights are quantised per output channel (int8) and activations per tensor (uint8), with activation ranges
calibrated on tiles of the raster being predicted, standardised as the member expects. On CPUs with VNNI
or AMX int8 instructions this runs about 2× faster than float32 (``tests/bench/bench_predict.py`` measures
it, and the change of IoU, on the Everest sample). Needs the ``onnx`` package (training requirements).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
from rasterio.windows import Window

from .ensemble import Ensemble, Member, open_session
from .errors import MissingDependencyError
from .raster_stack import RasterStack

__all__ = ["quantize_member", "quantize_ensemble", "calibration_tiles", "CALIBRATION_TILES"]

CALIBRATION_TILES = 8
"""Tiles whose activations set the int8 ranges: spread over the raster, mostly valid ones."""


def _quantization():
    try:
        from onnxruntime import quantization
        from onnxruntime.quantization.shape_inference import quant_pre_process
    except ImportError as error:
        raise MissingDependencyError(
            "PRECISION=int8 needs the 'onnx' package (pip install -r training/requirements.txt); "
            "use PRECISION=fp32 otherwise.") from error
    return quantization, quant_pre_process


def calibration_tiles(stack: RasterStack, origins: Sequence[tuple[int, int]], tile: int,
                      offset: tuple[int, int] = (0, 0), count: int = CALIBRATION_TILES
                      ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Raw pixels and validity of up to ``count`` tiles evenly spread over ``origins`` (at least half valid)."""
    picked = []
    for index in np.linspace(0, len(origins) - 1, min(len(origins), 4 * count)).astype(int):
        row, col = origins[index]
        data, valid = stack.read(Window(offset[1] + col, offset[0] + row, tile, tile))
        if valid.mean() >= 0.5:
            picked.append((data, valid))
        if len(picked) == count:
            break
    return picked or [stack.read(Window(offset[1] + origins[0][1], offset[0] + origins[0][0], tile, tile))]


class _Batches:
    """onnxruntime's CalibrationDataReader protocol over standardised tiles, one tile per call."""

    def __init__(self, name: str, tiles: Sequence[np.ndarray]) -> None:
        self._items: Iterator = iter([{name: t[None].astype(np.float32)} for t in tiles])

    def get_next(self):
        return next(self._items, None)


def quantize_member(source: Path, target: Path, input_name: str, tiles: Sequence[np.ndarray]) -> Path:
    """Write an int8 QDQ copy of ONNX model ``source`` to ``target``, calibrated on standardised ``tiles``.

    The metadata properties (``glacierdl`` and Deepness keys) are carried over.
    """
    quantization, quant_pre_process = _quantization()
    import onnx

    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
        quantization.quantize_static(
            str(prepared), str(target), _Batches(input_name, tiles), quant_format=quantization.QuantFormat.QDQ,
            per_channel=True, activation_type=quantization.QuantType.QUInt8,
            weight_type=quantization.QuantType.QInt8)
    original, quantized = onnx.load(str(source), load_external_data=False), onnx.load(str(target))
    del quantized.metadata_props[:]
    quantized.metadata_props.extend(original.metadata_props)
    onnx.save(quantized, str(target))
    return target


def quantize_ensemble(ensemble: Ensemble, tiles: Sequence[tuple[np.ndarray, np.ndarray]], folder: Path,
                      threads: int = 0) -> Ensemble:
    """The ensemble with every member replaced by its int8 copy (written into ``folder``), on the CPU."""
    members = []
    for member in ensemble.members:
        standardised = [member.standardise(data[None], valid[None])[0] for data, valid in tiles]
        target = quantize_member(member.source, folder / f"{member.name}.int8.onnx",
                                 member.session.get_inputs()[0].name, standardised)
        session = open_session(target, ["CPUExecutionProvider"], threads or os.cpu_count() or 1)
        members.append(Member(member.name, session, member.metadata, member.temperature, member.test_glaciers,
                              target))
    return Ensemble(members, ["CPUExecutionProvider"], ensemble.path, ensemble.calibration)
