"""Encoder names beyond smp's own (SAM2's Hiera image encoders) and the optimiser's parameter groups.

SAM2 Hiera (``sam2_hiera_tiny``, ``_small``, ``_base_plus``, ``_large``) runs as the timm model of the same
name through smp's timm-universal encoder (``tu-sam2_hiera_tiny``): its four stages (strides 4, 8, 16, 32;
96-768 channels for tiny) feed the same U-Net/FPN decoders as any CNN, so members export, predict and
ensemble exactly like the U-Nets. Either name is accepted.

Fine-tuning (``TrainConfig``): ``freeze_encoder`` trains the decoder and head only; otherwise the encoder
trains at ``encoder_lr_factor`` times the learning rate, optionally with layer-wise decay.
"""
from __future__ import annotations

import re

import torch

__all__ = ["HIERA_ENCODERS", "smp_encoder_name", "encoder_layer", "parameter_groups"]

HIERA_ENCODERS: dict[str, str] = {f"sam2_hiera_{size}": f"tu-sam2_hiera_{size}"
                                  for size in ("tiny", "small", "base_plus", "large")}
"""SAM2 Hiera image encoders by their short name -> the smp encoder name."""


def smp_encoder_name(name: str) -> str:
    """The name smp builds (``sam2_hiera_tiny`` -> ``tu-sam2_hiera_tiny``; others unchanged)."""
    return HIERA_ENCODERS.get(name, name)


_BLOCK = re.compile(r"(?:^|\.)(?:blocks|stages)\.(\d+)\.")  # 0-based: Hiera, ViT, ConvNeXt
_LAYER = re.compile(r"(?:^|\.)layer(\d+)\.")  # 1-based: ResNet


def encoder_layer(name: str) -> int:
    """The depth of an encoder parameter for layer-wise decay: 0 for stems (patch embedding, position
    embeddings, ``conv1``), ``i + 1`` for ``blocks.i`` (Hiera, ViT) or ``layeri`` (ResNet)."""
    block, layer = _BLOCK.search(name), _LAYER.search(name)
    return int(block.group(1)) + 1 if block else int(layer.group(1)) if layer else 0


def parameter_groups(model: torch.nn.Module, learning_rate: float, freeze_encoder: bool = False,
                     encoder_lr_factor: float = 1.0, layer_decay: float = 1.0) -> list[dict]:
    """Adam parameter groups: the decoder and head first (``learning_rate``), then the encoder's.

    The encoder's layer ``i`` of ``n`` (see :func:`encoder_layer`) gets
    ``learning_rate * encoder_lr_factor * layer_decay ** (n - i)``; with ``freeze_encoder`` its parameters
    stop requiring gradients and are left out.
    """
    encoder = getattr(model, "encoder", None)
    encoder_ids = {id(p) for p in encoder.parameters()} if encoder is not None else set()
    rest = [p for p in model.parameters() if id(p) not in encoder_ids]
    groups = [{"params": rest, "lr": learning_rate, "name": "decoder"}]
    if encoder is None:
        return groups
    if freeze_encoder:
        for parameter in encoder.parameters():
            parameter.requires_grad_(False)
        return groups
    named = list(encoder.named_parameters())
    depth = {name: encoder_layer(name) for name, _ in named}
    top = max(depth.values(), default=0)
    by_layer: dict[int, list] = {}
    for name, parameter in named:
        by_layer.setdefault(depth[name], []).append(parameter)
    for layer in sorted(by_layer):
        groups.append({"params": by_layer[layer], "name": f"encoder.{layer}",
                       "lr": learning_rate * encoder_lr_factor * layer_decay ** (top - layer)})
    return groups
