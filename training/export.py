"""ONNX export of one member, with its metadata embedded and its output checked against torch.

The legacy TorchScript exporter (``dynamo=False``) is used: it needs no extra package (the dynamo exporter
needs onnxscript), handles smp's models, and gives dynamic N/H/W axes from ``dynamic_axes``.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import warnings
from pathlib import Path

import onnx
import onnxruntime
import torch

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.errors import GlacierDLError

__all__ = ["OPSET", "TILES_OVERLAP_PERCENT", "Probabilities", "Values", "metadata_properties", "export_member",
           "verify_export", "tolerance"]

OPSET = 17
TILES_OVERLAP_PERCENT = 25
"""Overlap suggested to Deepness, in percent of the tile (the plugin's default 32 px of a 128 px tile)."""
DEEPNESS_SCALE = 255.0
"""Deepness divides pixel values by this before standardising."""
ATOL = 1e-4
"""Largest accepted difference between onnxruntime and torch probabilities for ordinary logits."""
LOGIT_RELATIVE_ERROR = 4e-6
"""float32 rounding of logits, relative to the largest one: kernels that sum in another order differ by about
this much. Softmax turns a logit error d into at most d / 2 probability error, so barely trained models with
logits in the hundreds get a proportionally wider tolerance; real export faults differ by 0.1 or more."""

_DYNAMIC = {0: "batch", 2: "height", 3: "width"}


class Probabilities(torch.nn.Module):
    """The exported graph: ``softmax(model(input))`` over the class axis, ``[N, C, H, W]``."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    output_name = "probabilities"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.model(x), dim=1)

    def reference(self, logits: torch.Tensor) -> torch.Tensor:
        return torch.softmax(logits, dim=1)


class Values(torch.nn.Module):
    """The exported graph of a regression member: ``model(input) * std + mean``, ``[N, 1, H, W]`` in the
    target's units (the model learns standardised targets, see :class:`training.losses.RegressionLoss`)."""

    output_name = "values"

    def __init__(self, model: torch.nn.Module, mean: float, std: float) -> None:
        super().__init__()
        self.model, self.mean, self.std = model, float(mean), float(std)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x) * self.std + self.mean

    def reference(self, output: torch.Tensor) -> torch.Tensor:
        return output * self.std + self.mean


def metadata_properties(metadata: ModelMetadata) -> dict[str, str]:
    """ONNX metadata: ``glacierdl`` (the :class:`ModelMetadata` JSON) and the keys Deepness reads.

    Deepness parses every value with ``json.loads`` (so the model type is the JSON string ``"Segmentor"``)
    and computes ``(pixel / 255 - mean) / std``; mean and std are therefore written divided by 255, which
    gives exactly our ``(pixel - mean) / std``. ``resolution`` is the pixel width on the ground in cm, also for
    models trained on a geographic grid.
    """
    deepness = {
        "model_type": "Regressor" if metadata.task == "regression" else "Segmentor",
        "class_names": {str(i): name for i, name in enumerate(metadata.classes)},
        "resolution": metadata.ground_pixel_size[0] * 100.0,
        "tile_size": metadata.chip_size,
        "tiles_overlap": TILES_OVERLAP_PERCENT,
        "standardization_mean": [m / DEEPNESS_SCALE for m in metadata.mean],
        "standardization_std": [s / DEEPNESS_SCALE for s in metadata.std],
    }
    return {"glacierdl": metadata.to_json(), **{key: json.dumps(value) for key, value in deepness.items()}}


def _export_graph(wrapper: Probabilities | Values, sample: torch.Tensor, path: Path) -> None:
    with warnings.catch_warnings():
        # The legacy exporter announces its deprecation on every call; it is chosen on purpose (see above).
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(wrapper, (sample,), str(path), dynamo=False, opset_version=OPSET,
                          input_names=["input"], output_names=[wrapper.output_name],
                          dynamic_axes={"input": _DYNAMIC, wrapper.output_name: _DYNAMIC}, do_constant_folding=True)


def _embed(path: Path, properties: dict[str, str]) -> None:
    model = onnx.load(str(path))
    del model.metadata_props[:]
    for key, value in properties.items():
        model.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def tolerance(logits: torch.Tensor) -> float:
    """Accepted probability difference: ``max(ATOL, LOGIT_RELATIVE_ERROR * max|logit| / 2)``."""
    return max(ATOL, LOGIT_RELATIVE_ERROR * float(logits.abs().max()) / 2) if logits.numel() else ATOL


def verify_export(wrapper: Probabilities | Values, path: Path, batch: torch.Tensor) -> float:
    """Run ``batch`` through onnxruntime (CPU) and torch; returns the largest absolute difference.

    Raises:
        GlacierDLError: the outputs differ by more than :func:`tolerance` (rtol 1e-3) or have another shape.
    """
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    exported = torch.from_numpy(session.run([wrapper.output_name], {"input": batch.numpy()})[0])
    with torch.no_grad():
        logits = wrapper.model(batch)
    expected = wrapper.reference(logits)
    scale = abs(getattr(wrapper, "std", 1.0))  # regression values carry the target's units
    try:
        torch.testing.assert_close(exported, expected, atol=tolerance(logits) * scale, rtol=1e-3)
    except AssertionError as error:
        raise GlacierDLError(f"The ONNX export {path.name} does not reproduce the torch model: {error}") from error
    return float((exported - expected).abs().max()) if exported.numel() else 0.0


def export_member(model: torch.nn.Module, path: Path, metadata: ModelMetadata, batch: torch.Tensor,
                  multiple: int, target_stats: tuple[float, float] = (0.0, 1.0)) -> float:
    """Write ``model`` as ONNX to ``path`` with ``metadata`` embedded, then verify it.

    Segmentation members output ``probabilities`` (softmax applied); regression members output ``values``
    (``target_stats`` = mean and std of the target, undoing the standardisation the model learnt).

    Args:
        model: the trained member, on any device (a CPU copy is exported).
        batch: real standardised chips ``float32 [N, bands, H, W]`` for tracing and verification.
        multiple: the model's output stride (:func:`training.model.output_stride`), recorded in the metadata
            (``output_stride``: prediction tiles must be a multiple of it); a crop ``multiple`` pixels shorter
            checks the dynamic axes.

    Returns:
        The largest absolute difference between onnxruntime and torch outputs on ``batch``.
    """
    model = copy.deepcopy(model).cpu().float()
    metadata = dataclasses.replace(metadata, output_stride=int(multiple))
    regression = metadata.task == "regression"
    wrapper = (Values(model, *target_stats) if regression else Probabilities(model)).eval()
    batch = batch.detach().cpu().float()
    _export_graph(wrapper, batch[:1], path)
    _embed(path, metadata_properties(metadata))
    difference = verify_export(wrapper, path, batch)
    # A single, non-square crop checks that N, H and W really are dynamic (tiles need not be chip-sized).
    if batch.shape[-2] > multiple:
        verify_export(wrapper, path, batch[:1, :, : batch.shape[-2] - multiple, :])
    return difference
