"""Every architecture the issue names builds by name and maps a tiny chip to per-pixel logits."""
from __future__ import annotations

import pytest
import torch

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.errors import InputError
from training.model import ARCHITECTURES, build_model


@pytest.mark.parametrize("architecture,encoder", [
    ("Unet", "resnet18"), ("UnetPlusPlus", "resnet18"), ("DeepLabV3Plus", "resnet18"), ("FPN", "resnet18"),
    ("Segformer", "mit_b0"), ("Segformer", "resnet18"), ("Unet", "efficientnet-b0"), ("Unet", "tu-hrnet_w18_small"),
])
def test_architecture_builds_and_predicts_per_pixel(architecture, encoder):
    torch.manual_seed(0)
    model = build_model(TrainConfig(architecture=architecture, encoder=encoder, encoder_depth=5), 4, 3).eval()
    with torch.no_grad():
        logits = model(torch.randn(1, 4, 64, 64))
    assert logits.shape == (1, 3, 64, 64) and torch.isfinite(logits).all()


def test_the_issue_architectures_are_offered():
    assert {"Unet", "UnetPlusPlus", "DeepLabV3Plus", "FPN", "Segformer"} <= set(ARCHITECTURES)


def test_unknown_architecture_names_the_segformer_option():
    with pytest.raises(InputError) as error:
        build_model(TrainConfig(architecture="HRNet"), 3, 2)
    assert error.value.parameter == "ARCHITECTURE"
    assert "Segformer" in error.value.fix and "UnetPlusPlus" in error.value.fix
