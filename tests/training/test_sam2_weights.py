"""SAM2 Hiera weights from a local file: Meta's checkpoint layout, timm safetensors, counts, refusals."""
from __future__ import annotations

import pytest
import timm
import torch
from safetensors.torch import save_file

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.errors import InputError
from training.model import build_model, load_encoder_weights
from training.sam2_weights import hiera_key, meta_key

CONFIG = TrainConfig(encoder="sam2_hiera_tiny")


@pytest.fixture(scope="module")
def trunk():
    """A randomly initialised timm SAM2 Hiera tiny trunk's state dict (timm names; no classifier head:
    Meta's checkpoint has none, timm adds ``head.norm``)."""
    torch.manual_seed(1)
    state = timm.create_model("sam2_hiera_tiny", pretrained=False).state_dict()
    return {k: v for k, v in state.items() if not k.startswith("head.")}


def _meta_file(tmp_path, trunk, extra=True):
    """Meta's layout: ``{"model": ...}``, ``image_encoder.trunk.`` + ``mlp.layers.0/1``, other SAM2 parts too."""
    state = {meta_key(k): v for k, v in trunk.items()}
    state["image_encoder.neck.convs.0.conv.weight"] = torch.zeros(256, 768, 1, 1)
    state["sam_mask_decoder.iou_token.weight"] = torch.zeros(1, 256)
    if extra:
        state["image_encoder.trunk.blocks.99.attn.qkv.weight"] = torch.zeros(3, 3)
    path = tmp_path / "sam2.1_hiera_tiny.pt"
    torch.save({"model": state}, path)
    return path


def test_key_mapping_is_timms_checkpoint_filter():
    assert meta_key("blocks.3.mlp.fc1.weight") == "image_encoder.trunk.blocks.3.mlp.layers.0.weight"
    assert hiera_key("image_encoder.trunk.blocks.3.mlp.layers.1.bias", meta=True) == "blocks.3.mlp.fc2.bias"
    assert hiera_key("image_encoder.neck.convs.0.conv.weight", meta=True) is None
    assert hiera_key("model.model.pos_embed", meta=False) == "pos_embed"


def test_meta_checkpoint_loads_with_counts_and_unmatched_key(tmp_path, trunk):
    path = _meta_file(tmp_path, trunk)
    model = build_model(CONFIG, n_bands=1, n_classes=3)  # one NIR band: the patch embedding is adapted
    line = load_encoder_weights(model, path)
    assert f"{len(trunk)} of 154 encoder tensors (1 adapted to the band count)" in line
    assert "2 non-encoder SAM2 tensors skipped" in line
    assert "1 unmatched: image_encoder.trunk.blocks.99.attn.qkv.weight" in line and "left random" not in line
    own = model.encoder.state_dict()
    assert torch.equal(own["model.model.blocks.4.attn.qkv.weight"], trunk["blocks.4.attn.qkv.weight"])
    assert torch.equal(own["model.model.blocks.1.mlp.fc2.bias"], trunk["blocks.1.mlp.fc2.bias"])
    # NIR alone = a grey image in R, G and B: the sum of the three RGB kernels
    torch.testing.assert_close(own["model.model.patch_embed.proj.weight"][:, 0],
                               trunk["patch_embed.proj.weight"].sum(dim=1))


def test_timm_safetensors_and_rgb_plus_nir(tmp_path, trunk):
    path = tmp_path / "hiera.safetensors"
    save_file({k: v.contiguous() for k, v in trunk.items()}, str(path))
    model = build_model(CONFIG, n_bands=4, n_classes=2)
    line = load_encoder_weights(model, path)
    assert "154 of 154 encoder tensors (1 adapted" in line and "unmatched" not in line
    weight = model.encoder.state_dict()["model.model.patch_embed.proj.weight"]
    rgb = trunk["patch_embed.proj.weight"]
    torch.testing.assert_close(weight, torch.cat([rgb, rgb[:, :1]], dim=1) * 0.75)  # R, G, B, R x 3/4


def test_a_file_that_matches_nothing_is_refused(tmp_path):
    path = tmp_path / "resnet.pt"
    torch.save(timm.create_model("resnet18", pretrained=False).state_dict(), path)
    with pytest.raises(InputError, match="ENCODER_WEIGHTS.*none of which fits the SAM2 Hiera"):
        load_encoder_weights(build_model(CONFIG, n_bands=3, n_classes=2), path)
    partial = tmp_path / "partial.pt"  # a trunk of another size: every block shape differs
    torch.save({"model": {"image_encoder.trunk.patch_embed.proj.weight": torch.zeros(144, 3, 7, 7)}}, partial)
    with pytest.raises(InputError, match="none of which fits"):
        load_encoder_weights(build_model(CONFIG, n_bands=3, n_classes=2), partial)
