"""Building a segmentation-models-pytorch model by name, loading local encoder weights, picking the device.

Weights are never downloaded: encoders start random unless a local state-dict file is given. SAM2 Hiera
encoders (:mod:`training.encoders`) load Meta's checkpoints through :mod:`training.sam2_weights`.
"""
from __future__ import annotations

import inspect
from pathlib import Path

import segmentation_models_pytorch as smp
import torch

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.errors import InputError

from .encoders import HIERA_ENCODERS, smp_encoder_name
from .sam2_weights import load_hiera_weights

__all__ = ["ARCHITECTURES", "ENCODERS", "build_model", "load_encoder_weights", "resolve_device", "training_devices",
           "output_stride", "adapt_input_channels"]

ARCHITECTURES: dict[str, type[torch.nn.Module]] = {
    cls.__name__: cls for cls in smp.MODEL_ARCHITECTURES_MAPPING.values()
}
"""smp architecture classes by name (``Unet``, ``FPN``, ...)."""

ENCODERS: tuple[str, ...] = tuple(sorted(smp.encoders.encoders)) + tuple(HIERA_ENCODERS)
"""smp's own encoder names and SAM2's Hiera encoders; ``tu-<timm model>`` names are accepted as well when timm
knows the model."""


def _architecture(name: str) -> type[torch.nn.Module]:
    by_lower = {key.lower(): cls for key, cls in ARCHITECTURES.items()}
    if name.lower() not in by_lower:
        raise InputError("ARCHITECTURE", f"unknown architecture '{name}'.",
                         f"Choose one of: {', '.join(ARCHITECTURES)}.")
    return by_lower[name.lower()]


def _check_encoder(name: str) -> None:
    if name in ENCODERS or name.startswith("tu-"):
        return
    raise InputError("ENCODER", f"unknown encoder '{name}'.",
                     f"Choose one of: {', '.join(ENCODERS)} (or tu-<timm model name>).")


def _depth_arguments(cls: type[torch.nn.Module], depth: int) -> dict[str, object]:
    """``encoder_depth`` and, for U-Net-like decoders with one width per stage, that many decoder widths.

    The narrowest widths of the default are kept (e.g. ``(64, 32, 16)`` for depth 3): the last stages run
    at full resolution, where narrow layers keep the model fast.
    """
    parameters = inspect.signature(cls.__init__).parameters
    arguments: dict[str, object] = {}
    if "encoder_depth" in parameters:
        arguments["encoder_depth"] = depth
    default = parameters["decoder_channels"].default if "decoder_channels" in parameters else None
    if isinstance(default, (tuple, list)):
        arguments["decoder_channels"] = tuple(default)[-depth:]
    return arguments


def build_model(config: TrainConfig, n_bands: int, n_classes: int) -> torch.nn.Module:
    """A randomly initialised smp model (logits ``[N, n_classes, H, W]`` for ``[N, n_bands, H, W]``).

    Raises:
        InputError: (ARCHITECTURE / ENCODER) unknown names, listing the valid ones, or a combination smp
            cannot build.
    """
    cls = _architecture(config.architecture)
    _check_encoder(config.encoder)
    try:
        return cls(encoder_name=smp_encoder_name(config.encoder), encoder_weights=None, in_channels=n_bands, classes=n_classes,
                   **_depth_arguments(cls, config.encoder_depth))
    except Exception as error:  # smp and timm raise KeyError, ValueError, RuntimeError, AssertionError...
        parameter = "ENCODER" if smp_encoder_name(config.encoder).startswith("tu-") else "ARCHITECTURE"
        raise InputError(parameter, f"{cls.__name__} with encoder {config.encoder} and depth "
                         f"{config.encoder_depth} could not be built ({error}).",
                         "Try the defaults (Unet, resnet18) or another encoder depth.") from error


def output_stride(model: torch.nn.Module, depth: int) -> int:
    """How much the encoder downsamples (pixels; 2^depth for smp encoders): chip sides must be a multiple of
    this, and prediction tiles too (the export records it as ``ModelMetadata.output_stride``). smp's decoders
    resize each stage to its skip connection, so other sizes run without error but misalign the features."""
    encoder = getattr(model, "encoder", None)
    return int(getattr(encoder, "output_stride", 2**depth))


def _read_state(path: Path) -> dict[str, torch.Tensor]:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        state = load_file(str(path))
    else:
        state = torch.load(path, map_location="cpu", weights_only=True)
    for wrapper in ("state_dict", "model"):  # a Lightning checkpoint; Meta's SAM2 {"model": state_dict}
        if isinstance(state, dict) and isinstance(state.get(wrapper), dict):
            state = state[wrapper]
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ValueError("the file holds no state dict of tensors")
    if state and all(key.startswith("encoder.") for key in state):
        state = {key[len("encoder."):]: value for key, value in state.items()}  # a whole smp model's
    return state


def adapt_input_channels(weight: torch.Tensor, channels: int) -> torch.Tensor:
    """First-convolution (patch-embedding) weights for ``channels`` bands from weights for ``old`` (3, RGB).

    More bands (RGB+NIR, + DEM ...): band ``i`` takes the kernel of channel ``i % old``, scaled by
    ``old / channels`` (as smp does). Fewer bands (NIR alone, 2 bands): band ``i`` takes the sum of the kernels
    of the channels ``j`` with ``j % channels == i``, so one NIR band acts as a grey image copied into R, G and
    B. Either way a constant input gives the same activation as before. Bands are standardised (mean 0, std 1)
    by the training, so the kernels see inputs of the scale they learnt on.
    """
    old = weight.shape[1]
    if channels < old:
        return torch.stack([weight[:, i::channels].sum(dim=1) for i in range(channels)], dim=1)
    index = torch.arange(channels) % old
    return weight[:, index] * (old / channels)


def load_encoder_weights(model: torch.nn.Module, path: str | Path) -> str:
    """Load a local encoder state dict (``.pth``/``.pt`` via ``weights_only``, or ``.safetensors``).

    Tensors that differ from the model's only in their input channels (the first convolution of an RGB
    encoder used with more bands) are adapted. Returns a line for the log.

    Raises:
        InputError: (ENCODER_WEIGHTS) missing or unreadable file, or weights of another encoder.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("ENCODER_WEIGHTS", f"'{path}' does not exist.",
                         "Give a local state-dict file, or none for random weights.")
    try:
        state = _read_state(path)
    except Exception as error:  # torch.load and safetensors raise many types for foreign files
        raise InputError("ENCODER_WEIGHTS", f"'{path}' could not be read as a state dict ({error}).",
                         "Save the encoder with torch.save(encoder.state_dict(), path).") from error
    if is_hiera_model(model):
        return load_hiera_weights(model.encoder, state, path).line(path.name)
    own = model.encoder.state_dict()
    adapted = 0
    for key, value in list(state.items()):
        target = own.get(key)
        if target is not None and value.ndim == 4 and value.shape[1] != target.shape[1] \
                and value.shape[:1] + value.shape[2:] == target.shape[:1] + target.shape[2:]:
            state[key], adapted = adapt_input_channels(value, target.shape[1]), adapted + 1
        elif target is not None and value.shape != target.shape:
            raise InputError("ENCODER_WEIGHTS", f"'{path}' holds {key} of shape {tuple(value.shape)}, the "
                             f"encoder needs {tuple(target.shape)}.", "Give weights of the same encoder.")
    # Keys are matched here rather than by the encoders' own load_state_dict overrides, whose signatures
    # and return values differ between encoder families.
    missing = [k for k in own if k not in state and not k.endswith("num_batches_tracked")]
    if missing:
        raise InputError("ENCODER_WEIGHTS", f"'{path}' lacks {len(missing)} encoder tensors (e.g. {missing[0]}).",
                         "Give weights of the same encoder (keys as in smp's model.encoder.state_dict()).")
    used = {k: v for k, v in state.items() if k in own}
    torch.nn.Module.load_state_dict(model.encoder, used, strict=False)
    return (f"Loaded encoder weights from {path.name} ({len(used)} tensors, {adapted} adapted to the band "
            f"count, {len(state) - len(used)} unused).")


def is_hiera_model(model: torch.nn.Module) -> bool:
    """Whether ``model``'s encoder is a SAM2 Hiera (timm ``HieraDet``) trunk."""
    inner = getattr(getattr(getattr(model, "encoder", None), "model", None), "model", None)
    return type(inner).__name__ == "HieraDet"


def resolve_device(requested: str, allow_cpu_fallback: bool = False) -> torch.device:
    """``auto`` -> the first CUDA GPU when torch sees one, else the CPU.

    Args:
        allow_cpu_fallback: a requested GPU that is absent gives the CPU instead of an error.

    Raises:
        InputError: (DEVICE) a CUDA device was requested but is not available (and no fallback allowed).
    """
    if requested == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if requested == "cpu":
        return torch.device("cpu")
    device = torch.device(requested)
    count = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if (device.index or 0) < count:
        return device
    if allow_cpu_fallback:
        return torch.device("cpu")
    if not count:
        raise InputError("DEVICE", f"{requested} was requested but torch sees no CUDA GPU.",
                         "Use DEVICE=cpu (or auto), allow the CPU fallback (--allow-cpu-fallback), or install a "
                         "CUDA build of torch that matches the driver.")
    raise InputError("DEVICE", f"{requested} was requested but only {count} GPU(s) exist.",
                     "Use DEVICE=cuda:0 or auto.")


def training_devices(requested: str, allow_cpu_fallback: bool = False) -> list[torch.device]:
    """The devices members are spread over: every GPU for ``auto``/``cuda`` (none: the CPU), else one."""
    first = resolve_device(requested, allow_cpu_fallback)
    if first.type == "cuda" and requested in ("auto", "cuda"):
        return [torch.device("cuda", i) for i in range(torch.cuda.device_count())]
    return [first]
