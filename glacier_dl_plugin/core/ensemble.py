"""Loading an ensemble of ONNX members with their embedded metadata into onnxruntime sessions."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .config import ModelMetadata
from .errors import InputError, MissingDependencyError

__all__ = ["Member", "Ensemble", "load_ensemble", "execution_providers"]


def _onnxruntime():
    try:
        import onnxruntime
    except ImportError as error:
        raise MissingDependencyError(
            "onnxruntime is not installed in the Python environment Glacier DL uses. Install it with "
            "`pip install -r glacier_dl_plugin/requirements.txt` (see the README, 'Installing into QGIS')."
        ) from error
    return onnxruntime


def execution_providers(device: str, available: Sequence[str]) -> list:
    """onnxruntime providers for ``device`` (``auto``, ``cpu``, ``cuda`` or ``cuda:N``), CPU always last.

    Raises:
        InputError: CUDA asked for explicitly but this onnxruntime has no CUDA provider.
    """
    if device == "cpu":
        return ["CPUExecutionProvider"]
    has_cuda = "CUDAExecutionProvider" in available
    if device == "auto":
        return (["CUDAExecutionProvider"] if has_cuda else []) + ["CPUExecutionProvider"]
    if not has_cuda:
        raise InputError("DEVICE", f"{device} was requested but onnxruntime offers only {list(available)}.",
                         "Use DEVICE=cpu (or auto), or install onnxruntime-gpu with CUDA 13 and cuDNN 9.")
    device_id = int(device.partition(":")[2] or 0)
    return [("CUDAExecutionProvider", {"device_id": device_id}), "CPUExecutionProvider"]


@dataclass
class Member:
    """One ensemble member: an onnxruntime session and the metadata it was trained with."""

    name: str
    session: object
    metadata: ModelMetadata

    def __post_init__(self) -> None:
        # built once: predict runs on the hot path, once per batch of tiles
        self._mean = np.asarray(self.metadata.mean, dtype=np.float32)[None, :, None, None]
        self._std = np.asarray(self.metadata.std, dtype=np.float32)[None, :, None, None]

    def predict(self, batch: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Class probabilities ``[N, classes, H, W]`` for raw ``[N, bands, H, W]`` pixel values.

        Inputs are standardised with the member's own statistics; invalid pixels are set to 0 after
        standardisation (the training mean), exactly as in training.
        """
        x = ((batch - self._mean) / self._std) * valid[:, None]
        return self.session.run(None, {"input": x.astype(np.float32, copy=False)})[0]


@dataclass
class Ensemble:
    """Members that share bands, classes and chip size."""

    members: list[Member]
    providers: list[str]

    @property
    def metadata(self) -> ModelMetadata:
        return self.members[0].metadata


def _member_files(model: Path) -> list[tuple[str, Path]]:
    if model.name == "ensemble.json":
        model = model.parent
    if model.is_file():
        return [(model.stem, model)]
    manifest = model / "ensemble.json"
    if not manifest.is_file():
        raise InputError("MODEL", f"'{model}' has no ensemble.json.",
                         "Choose the folder written by Train Ensemble, or a single .onnx file.")
    try:
        members = json.loads(manifest.read_text())["members"]
    except (ValueError, KeyError) as error:
        raise InputError("MODEL", f"'{manifest}' is not a valid ensemble manifest ({error}).",
                         "Train the ensemble again.") from error
    if not members:
        raise InputError("MODEL", f"'{manifest}' lists no members.", "Train the ensemble again.")
    return [(m["name"], model / m["onnx"]) for m in members]


def _session(path: Path, providers: list, threads: int):
    ort = _onnxruntime()
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=providers)
    except Exception as error:  # onnxruntime raises its own untyped errors for unreadable models
        raise InputError("MODEL", f"'{path.name}' could not be loaded as an ONNX model ({error}).",
                         "Choose a model written by Train Ensemble.") from error


def _metadata(session, path: Path) -> ModelMetadata:
    raw = session.get_modelmeta().custom_metadata_map.get("glacierdl")
    if raw is None:
        raise InputError("MODEL", f"'{path.name}' carries no Glacier DL metadata.",
                         "Export the model with `python -m training fit`.")
    return ModelMetadata.from_json(raw)


def load_ensemble(model: str | os.PathLike, device: str = "auto", log: Callable[[str], None] = print) -> Ensemble:
    """Open every member of a model folder (``ensemble.json``) or a single ONNX file.

    The providers each session really uses are checked: when CUDA was wanted but did not load, the
    CPU fallback is reported through ``log`` rather than happening silently.
    """
    ort = _onnxruntime()
    wanted = execution_providers(device, ort.get_available_providers())
    threads = os.cpu_count() or 1
    members = []
    for name, path in _member_files(Path(model)):
        if not path.is_file():
            raise InputError("MODEL", f"member file '{path}' is missing.", "Train the ensemble again.")
        session = _session(path, wanted, threads)
        used = session.get_providers()
        if wanted[0] != "CPUExecutionProvider" and used[0] == "CPUExecutionProvider":
            log(f"CUDA did not load for {name}: running on the CPU (check CUDA 13 / cuDNN 9 libraries).")
        members.append(Member(name, session, _metadata(session, path)))
    _check_consistent(members)
    log(f"Loaded {len(members)} member(s) on {members[0].session.get_providers()[0]}.")
    return Ensemble(members, members[0].session.get_providers())


def _check_consistent(members: list[Member]) -> None:
    first = members[0].metadata
    for member in members[1:]:
        if (member.metadata.bands, member.metadata.classes) != (first.bands, first.classes):
            raise InputError("MODEL", f"member {member.name} has other bands or classes than {members[0].name}.",
                             "Use members of one training run.")
