"""Loading an ensemble of ONNX members with their embedded metadata into onnxruntime sessions."""
from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..config import ModelMetadata
from ..errors import GlacierDLError, InputError, MissingDependencyError
from ..jobs.model_card import item_member_entries
from .devices import CPU, CUDA, first_session_on_gpu, providers_for

__all__ = ["Member", "Ensemble", "load_ensemble", "execution_providers", "run_split_on_oom", "open_session"]

PROBABILITY_FLOOR = 1e-7
"""Probabilities are clipped to this before the log of temperature scaling (see docs/formats.md)."""


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
    """onnxruntime providers for ``device`` (``auto``, ``cpu``, ``cuda`` or ``cuda:N``) given the providers
    ``available`` (or those an ensemble's sessions use), CPU always last. Loading decides the device with
    :func:`core.predict.devices.providers_for`, which also checks that CUDA can work.

    Raises:
        InputError: CUDA asked for explicitly but this onnxruntime has no CUDA provider.
    """
    if device == "cpu":
        return [CPU]
    has_cuda = CUDA in available
    if device == "auto":
        return ([CUDA] if has_cuda else []) + [CPU]
    if not has_cuda:
        raise InputError("DEVICE", f"{device} was requested but onnxruntime offers only {list(available)}.",
                         "Use DEVICE=cpu (or auto), or install onnxruntime-gpu with CUDA 13 and cuDNN 9.")
    device_id = int(device.partition(":")[2] or 0)
    return [(CUDA, {"device_id": device_id}), CPU]


def _is_out_of_memory(error: Exception) -> bool:
    text = str(error).lower()
    return "out of memory" in text or "failed to allocate" in text or "bad_alloc" in text


def run_split_on_oom(run: Callable[[np.ndarray], np.ndarray], batch: np.ndarray,
                     log: Callable[[str], None] = print) -> np.ndarray:
    """``run(batch)``; when the device runs out of memory, the batch is halved and run in parts.

    Raises:
        GlacierDLError: out of memory even for one tile.
    """
    try:
        return run(batch)
    except Exception as error:  # onnxruntime raises untyped errors; only memory exhaustion is retried
        if not _is_out_of_memory(error):
            raise
        if len(batch) == 1:
            raise GlacierDLError(
                "BATCH_SIZE: the device ran out of memory even for one tile. Use a smaller TILE_SIZE, "
                "DEVICE=cpu, or free GPU memory used by other programs.") from error
    half = len(batch) // 2
    log(f"Out of device memory with {len(batch)} tiles per call; retrying with {half}.")
    return np.concatenate([run_split_on_oom(run, batch[:half], log), run_split_on_oom(run, batch[half:], log)])


def apply_temperature(probabilities: np.ndarray, temperature: float, axis: int = 1) -> np.ndarray:
    """``softmax(log(max(p, 1e-7)) / T)`` along the class ``axis`` (equal to ``softmax(logits / T)``)."""
    logits = np.log(np.maximum(probabilities, PROBABILITY_FLOOR)) / temperature
    logits -= logits.max(axis=axis, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=axis, keepdims=True)


@dataclass
class Member:
    """One ensemble member: an onnxruntime session and the metadata it was trained with.

    Attributes:
        temperature: calibration temperature (1: none); see docs/formats.md.
        test_glaciers: ids of the glaciers the member never saw in training.
        source: the ONNX file the session was loaded from.
    """

    name: str
    session: object
    metadata: ModelMetadata
    temperature: float = 1.0
    test_glaciers: tuple[str, ...] = field(default_factory=tuple)
    source: Path | None = None

    def __post_init__(self) -> None:
        # built once: predict runs on the hot path, once per batch of tiles
        self._mean = np.asarray(self.metadata.mean, dtype=np.float32)[None, :, None, None]
        self._inverse_std = (1.0 / np.asarray(self.metadata.std, dtype=np.float32))[None, :, None, None]
        self._input = self.session.get_inputs()[0].name
        self._output = self.session.get_outputs()[0].name

    @property
    def normalisation(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """``(mean, std)`` per band: members of one dataset share it, so their input is standardised once."""
        return tuple(self.metadata.mean), tuple(self.metadata.std)

    def standardise(self, batch: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """``(x − mean) / std`` with invalid pixels set to 0 (the training mean), exactly as in training."""
        x = batch - self._mean  # one new array, then in place: this runs once per batch of tiles
        x *= self._inverse_std
        x *= valid[:, None]
        return x

    def run(self, x: np.ndarray) -> np.ndarray:
        """The raw model output for standardised ``x`` ``[N, bands, H, W]``."""
        return self.session.run([self._output], {self._input: x.astype(np.float32, copy=False)})[0]

    def calibrate(self, probabilities: np.ndarray) -> np.ndarray:
        """Temperature scaling ``softmax(log(max(p, 1e-7)) / T)`` over the class axis (identity for T = 1)."""
        if self.temperature == 1.0 or self.metadata.task == "regression":
            return probabilities
        return apply_temperature(probabilities, self.temperature)

    def predict(self, batch: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Class probabilities (or regression values) ``[N, channels, H, W]`` for raw pixel values."""
        return self.calibrate(self.run(self.standardise(batch, valid)))


@dataclass
class Ensemble:
    """Members that share bands, classes and chip size."""

    members: list[Member]
    providers: list[str]
    path: str = ""
    calibration: dict = field(default_factory=dict)
    derived_features: dict = field(default_factory=dict)  # the dataset's feature recipe (core.dataset.features.recipe)
    output_stride: int = 0
    """Pixels per cell of the coarsest feature map (2^encoder depth): tiles must be a multiple; 0: unknown."""

    @property
    def metadata(self) -> ModelMetadata:
        return self.members[0].metadata

    @property
    def on_gpu(self) -> bool:
        return self.providers[0] != "CPUExecutionProvider"


def _manifest(model: Path) -> tuple[Path, dict]:
    manifest = model / "ensemble.json"
    if not manifest.is_file():
        raise InputError("MODEL", f"'{model}' has no ensemble.json.",
                         "Choose the folder written by Train Ensemble, or a single .onnx file.")
    try:
        content = json.loads(manifest.read_text())
        content["members"]
    except (ValueError, KeyError, TypeError) as error:
        raise InputError("MODEL", f"'{manifest}' is not a valid ensemble manifest ({error}).",
                         "Train the ensemble again.") from error
    if not content["members"]:
        raise InputError("MODEL", f"'{manifest}' lists no members.", "Train the ensemble again.")
    return manifest, content


def _member_entries(model: Path) -> tuple[list[dict], dict]:
    """``(member entries with absolute 'path', manifest)`` of a model folder, manifest or ONNX file (whose
    manifest is empty) or STAC item (``stac_item.json``: its ONNX assets, :mod:`core.jobs.model_card`)."""
    if model.name == "ensemble.json":
        model = model.parent
    elif model.suffix.lower() == ".json":
        return item_member_entries(model)
    if model.is_file():
        return [{"name": model.stem, "path": model}], {}
    _, content = _manifest(model)
    return [{**m, "path": model / m["onnx"]} for m in content["members"]], content


def open_session(path: Path, providers: list, threads: int):
    """An onnxruntime session with Glacier DL's settings; unreadable models raise InputError (MODEL)."""
    ort = _onnxruntime()
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # one model call at a time uses every core; the reader and writer threads sleep in I/O meanwhile,
    # so worker threads must not spin-wait between calls and steal their time slices
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
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


def load_ensemble(model: str | os.PathLike, device: str = "auto", log: Callable[[str], None] = print,
                  threads: int = 0, warn: Callable[[str], None] | None = None) -> Ensemble:
    """Open every member of a model folder (``ensemble.json``), its STAC item or a single ONNX file.

    The device is decided before onnxruntime is asked for CUDA (:func:`core.predict.devices.providers_for`);
    the first member's CUDA session is opened quietly, and the providers it really uses decide for every
    member: ``auto`` then falls back to the CPU with one warning, while ``cuda``/``cuda:N`` that did not start
    is an error. Calibration temperatures of the manifest are attached to their members.

    Args:
        threads: onnxruntime intra-op threads; 0: every core.
        warn: where the CPU fallback is reported (default ``log``).

    Raises:
        InputError: (MODEL) an unreadable model; (DEVICE) a GPU asked for that cannot be used.
    """
    ort = _onnxruntime()
    warn = warn or log
    threads = threads or os.cpu_count() or 1
    entries, manifest = _member_entries(Path(model))
    wanted = providers_for(ort, device, log, warn)
    calibration = manifest.get("calibration") or {}
    temperatures = calibration.get("temperatures", {})
    members = []
    for entry in entries:
        name, path = entry["name"], entry["path"]
        if not path.is_file():
            raise InputError("MODEL", f"member file '{path}' is missing.", "Train the ensemble again.")
        if members or wanted[0] == CPU:
            session = open_session(path, wanted, threads)
        else:
            session, wanted = first_session_on_gpu(ort, functools.partial(open_session, path, threads=threads),
                                                   wanted, device, warn)
        metadata = _metadata(session, path)
        held_out = tuple(entry.get("test_glaciers") or metadata.test_glaciers)
        members.append(Member(name, session, metadata, float(temperatures.get(name, 1.0)), held_out, path))
    _check_consistent(members)
    if temperatures:
        log(f"Calibration temperatures applied: {', '.join(f'{m.name} {m.temperature:.2f}' for m in members)}.")
    log(f"Loaded {len(members)} member(s) on {members[0].session.get_providers()[0]}.")
    return Ensemble(members, members[0].session.get_providers(), str(model), calibration,
                    manifest.get("derived_features") or {}, _output_stride(members[0].metadata, manifest))


def _output_stride(metadata: ModelMetadata, manifest: dict) -> int:
    """The recorded output stride; for models exported before it was recorded, 2^encoder depth of the
    training settings in ``ensemble.json``; 0: unknown (a single old .onnx file)."""
    if metadata.output_stride:
        return metadata.output_stride
    depth = (manifest.get("train_config") or {}).get("encoder_depth")
    return 2 ** depth if isinstance(depth, int) and 0 < depth < 10 else 0


def _check_consistent(members: list[Member]) -> None:
    first = members[0].metadata
    for member in members[1:]:
        if (member.metadata.bands, member.metadata.classes, member.metadata.task) != (
                first.bands, first.classes, first.task):
            raise InputError("MODEL", f"member {member.name} has other bands or classes than {members[0].name}.",
                             "Use members of one training run.")
