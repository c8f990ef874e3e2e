"""Loading SAM2 Hiera image-encoder weights from a local file into an smp ``tu-sam2_hiera_*`` encoder.

Accepted files (never downloaded; see docs/foundation.md for where to get them):

* Meta's SAM2 checkpoint (``sam2.1_hiera_tiny.pt`` ...): ``{"model": state_dict}``; only the image
  encoder's trunk, ``image_encoder.trunk.<key>``, is used (the neck, prompt encoder, mask decoder and
  memory modules are skipped and counted). Meta names the MLP layers ``mlp.layers.0/1``; timm names them
  ``mlp.fc1/fc2`` (the mapping of timm's own ``hieradet_sam2.checkpoint_filter_fn``).
* a timm state dict or ``.safetensors`` file of the same model (``blocks.0.attn.qkv.weight`` ...), or an
  smp encoder's own (``model.model.blocks...``).

The patch embedding (the first convolution, 3 RGB input channels in every SAM2 checkpoint) is adapted to
the band count as for every encoder (:func:`training.model.adapt_input_channels`). Tensors whose shapes
differ otherwise are not loaded and are listed as unmatched; a file that matches no tensor is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from glacier_dl_plugin.core.errors import InputError

__all__ = ["META_PREFIX", "HieraLoad", "hiera_key", "meta_key", "load_hiera_weights"]

META_PREFIX = "image_encoder.trunk."
_SMP_PREFIX = "model.model."  # smp's TimmUniversalEncoder -> timm FeatureGetterNet -> the Hiera model
_RENAMES = (("mlp.layers.0.", "mlp.fc1."), ("mlp.layers.1.", "mlp.fc2."))


def hiera_key(key: str, meta: bool) -> str | None:
    """The timm key of a file's key, or None for a part of a Meta (``meta``) checkpoint that is no trunk."""
    if key.startswith(_SMP_PREFIX):
        return key[len(_SMP_PREFIX):]
    if meta:
        if not key.startswith(META_PREFIX):
            return None
        key = key[len(META_PREFIX):]
    for meta, timm in _RENAMES:
        key = key.replace(meta, timm)
    return key


def meta_key(timm_key: str) -> str:
    """Meta's checkpoint name of a timm Hiera key (the inverse of :func:`hiera_key`)."""
    for meta, timm in _RENAMES:
        timm_key = timm_key.replace(timm, meta)
    return META_PREFIX + timm_key


@dataclass(frozen=True)
class HieraLoad:
    """What a load did: tensors loaded (of the encoder's), patch-embed channels adapted, file tensors that
    matched nothing (names), SAM2 parts skipped (neck, decoders, memory) and encoder tensors left random."""

    loaded: int
    total: int
    adapted: int
    unmatched: tuple[str, ...]
    skipped: int
    missing: tuple[str, ...]

    def line(self, name: str) -> str:
        text = (f"Loaded SAM2 Hiera encoder weights from {name}: {self.loaded} of {self.total} encoder tensors "
                f"({self.adapted} adapted to the band count), {self.skipped} non-encoder SAM2 tensors skipped")
        if self.unmatched:
            shown = ", ".join(self.unmatched[:5]) + (" ..." if len(self.unmatched) > 5 else "")
            text += f", {len(self.unmatched)} unmatched: {shown}"
        if self.missing:
            text += f", {len(self.missing)} encoder tensors left random (e.g. {self.missing[0]})"
        return text + "."


def _adapt(weight: torch.Tensor, channels: int) -> torch.Tensor:
    from .model import adapt_input_channels

    return adapt_input_channels(weight, channels)


def load_hiera_weights(encoder: torch.nn.Module, state: dict[str, torch.Tensor], path: Path) -> HieraLoad:
    """Load ``state`` (already read from ``path``; Meta's ``{"model": ...}`` unwrapped) into ``encoder``.

    Raises:
        InputError: (ENCODER_WEIGHTS) not one tensor of the file fits the encoder.
    """
    own = encoder.state_dict()
    used: dict[str, torch.Tensor] = {}
    unmatched, skipped, adapted = [], 0, 0
    meta = any(key.startswith(META_PREFIX) for key in state)
    for key, value in state.items():
        name = hiera_key(key, meta)
        if name is None:
            skipped += 1
            continue
        target = own.get(_SMP_PREFIX + name)
        if target is None:
            unmatched.append(key)
        elif value.shape == target.shape:
            used[_SMP_PREFIX + name] = value
        elif value.ndim == 4 and value.shape[:1] + value.shape[2:] == target.shape[:1] + target.shape[2:]:
            used[_SMP_PREFIX + name], adapted = _adapt(value, target.shape[1]), adapted + 1
        else:
            unmatched.append(f"{key} {tuple(value.shape)} (encoder {tuple(target.shape)})")
    if not used:
        raise InputError("ENCODER_WEIGHTS", f"'{path}' holds {len(state)} tensors, none of which fits the SAM2 Hiera "
                         f"encoder (e.g. {next(iter(state), 'none')}).",
                         "Give Meta's SAM2 checkpoint of the same size (e.g. sam2.1_hiera_tiny.pt for "
                         "sam2_hiera_tiny) or a timm state dict of that model.")
    torch.nn.Module.load_state_dict(encoder, used, strict=False)
    missing = tuple(k[len(_SMP_PREFIX):] for k in own if k not in used)
    return HieraLoad(len(used), len(own), adapted, tuple(unmatched), skipped, missing)
