"""Reduced-precision ensemble members: int8 for CPUs, float16 for GPUs.

int8: static QDQ quantisation with onnxruntime. Weights are quantised per output channel (int8) and
activations per tensor (uint8), with activation ranges calibrated on tiles of the raster being predicted,
standardised as the member expects. On CPUs with VNNI or AMX int8 instructions this runs 2-4× faster
than float32 (``tests/bench/bench_predict_lowp.py`` measures it, and the change of IoU, on the Everest
sample).

float16: every float tensor of the graph becomes float16, inputs and outputs stay float32 (a cast at
each end), the final softmax stays float32. GPUs run float16 on their tensor cores; onnxruntime's CPU
provider runs it about 2× slower than float32, so predict uses it on GPUs only.

Both need the ``onnx`` package (training requirements).
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
from rasterio.windows import Window

from ..config.choices import Precision
from ..errors import MissingDependencyError
from ..geo.raster_stack import RasterStack
from ..progress import Monitor
from .ensemble import Ensemble, execution_providers, open_session

__all__ = ["quantize_member", "quantize_ensemble", "calibration_tiles", "CALIBRATION_TILES", "float16_member",
           "float16_ensemble", "reduced_precision"]

Tiles = Sequence[tuple[np.ndarray, np.ndarray]]
"""Raw pixels ``[bands, t, t]`` and validity ``[t, t]`` of some tiles."""

CALIBRATION_TILES = 8
"""Tiles whose activations set the int8 ranges: spread over the raster, mostly valid ones."""


def _missing_onnx(precision: str, error: ImportError) -> MissingDependencyError:
    return MissingDependencyError(
        f"PRECISION={precision} needs the 'onnx' package (pip install -r training/requirements.txt); "
        "use PRECISION=fp32 otherwise.")


def _quantization():
    try:
        from onnxruntime import quantization
        from onnxruntime.quantization.shape_inference import quant_pre_process
    except ImportError as error:
        raise _missing_onnx("int8", error) from error
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


def quantize_ensemble(ensemble: Ensemble, tiles: Tiles, folder: Path,
                      threads: int = 0) -> Ensemble:
    """The ensemble with every member replaced by its int8 copy (written into ``folder``), on the CPU."""
    members = []
    for member in ensemble.members:
        standardised = [member.standardise(data[None], valid[None])[0] for data, valid in tiles]
        target = quantize_member(member.source, folder / f"{member.name}.int8.onnx",
                                 member.session.get_inputs()[0].name, standardised)
        session = open_session(target, ["CPUExecutionProvider"], threads or os.cpu_count() or 1)
        members.append(dataclasses.replace(member, session=session, source=target))
    return dataclasses.replace(ensemble, members=members, providers=["CPUExecutionProvider"])


def float16_member(source: Path, target: Path) -> Path:
    """Write a float16 copy of ONNX model ``source`` to ``target`` (float32 inputs, outputs and softmax).

    The metadata properties (``glacierdl`` and Deepness keys) are kept.
    """
    try:
        import onnx
        from onnxruntime.transformers.float16 import DEFAULT_OP_BLOCK_LIST, convert_float_to_float16
    except ImportError as error:
        raise _missing_onnx("fp16", error) from error
    # probabilities near 0 and 1 keep their resolution: temperature scaling takes their logarithm
    half = convert_float_to_float16(onnx.load(str(source)), keep_io_types=True,
                                    op_block_list=DEFAULT_OP_BLOCK_LIST + ["Softmax"])
    onnx.save(half, str(target))
    return target


def float16_ensemble(ensemble: Ensemble, folder: Path, providers: list, threads: int = 0) -> Ensemble:
    """The ensemble with every member replaced by its float16 copy (written into ``folder``) on ``providers``."""
    members = []
    for member in ensemble.members:
        target = float16_member(member.source, folder / f"{member.name}.fp16.onnx")
        session = open_session(target, providers, threads or os.cpu_count() or 1)
        members.append(dataclasses.replace(member, session=session, source=target))
    return dataclasses.replace(ensemble, members=members, providers=members[0].session.get_providers())


def _int8(ensemble: Ensemble, tiles: Callable[[], Tiles], folder: Path, monitor: Monitor) -> Ensemble:
    """int8 members calibrated on ``tiles()`` of the raster (CPU); on a GPU the float32 members are kept."""
    if ensemble.on_gpu:
        monitor.warning("PRECISION=int8 is a CPU path; the GPU runs the float32 members "
                        "(PRECISION=fp16 is the GPU's).")
        return ensemble
    started = time.perf_counter()
    picked = tiles()
    quantized = quantize_ensemble(ensemble, picked, folder)
    monitor.log(f"Members quantised to int8 on {len(picked)} tiles in {time.perf_counter() - started:.0f} s.")
    return quantized


def _fp16(ensemble: Ensemble, device: str, folder: Path, monitor: Monitor) -> Ensemble:
    """float16 members on the GPU; on the CPU (where float16 runs slower) the float32 members are kept."""
    if not ensemble.on_gpu:
        monitor.warning("PRECISION=fp16 is a GPU path (the CPU runs float16 about 2× slower than float32); "
                        "the CPU runs the float32 members (PRECISION=int8 is the CPU's).")
        return ensemble
    started = time.perf_counter()
    half = float16_ensemble(ensemble, folder, execution_providers(device, ensemble.providers))
    monitor.log(f"Members converted to float16 in {time.perf_counter() - started:.0f} s.")
    return half


def reduced_precision(ensemble: Ensemble, precision: Precision, device: str, tiles: Callable[[], Tiles],
                      folder: Path, monitor: Monitor) -> Ensemble:
    """The members at ``precision`` (copies written into ``folder``); ``fp32``: the ensemble itself.

    Args:
        tiles: the tiles int8 activation ranges are calibrated on (called only for int8 on a CPU).
    """
    if precision == "int8":
        return _int8(ensemble, tiles, folder, monitor)
    if precision == "fp16":
        return _fp16(ensemble, device, folder, monitor)
    return ensemble
