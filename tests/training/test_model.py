"""Building models by name, encoder depth, local encoder weights, device choice."""
from __future__ import annotations

import dataclasses

import pytest
import torch
from safetensors.torch import save_file

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.errors import InputError
from training.model import build_model, load_encoder_weights, output_stride, resolve_device

SMALL = TrainConfig(encoder="resnet18", encoder_depth=3)


@pytest.mark.parametrize("depth,widths", [(3, [64, 32, 16]), (4, [128, 64, 32, 16]), (5, [256, 128, 64, 32, 16])])
def test_unet_decoder_is_sized_to_the_encoder_depth(depth, widths):
    model = build_model(dataclasses.replace(SMALL, encoder_depth=depth), n_bands=4, n_classes=3).eval()
    assert [block.conv2[0].out_channels for block in model.decoder.blocks] == widths
    assert output_stride(model, depth) == 2**depth
    with torch.no_grad():
        assert model(torch.zeros(2, 4, 32, 32)).shape == (2, 3, 32, 32)


def test_architecture_names_are_case_insensitive():
    model = build_model(dataclasses.replace(SMALL, architecture="fpn", encoder_depth=5), n_bands=3, n_classes=2)
    assert type(model).__name__ == "FPN"


def test_unknown_architecture_lists_the_valid_ones():
    with pytest.raises(InputError) as error:
        build_model(dataclasses.replace(SMALL, architecture="UNetto"), 3, 2)
    assert error.value.parameter == "ARCHITECTURE"
    assert "UNetto" in error.value.problem and "Unet, UnetPlusPlus" in error.value.fix and "FPN" in error.value.fix


def test_unknown_encoder_lists_the_valid_ones():
    with pytest.raises(InputError) as error:
        build_model(dataclasses.replace(SMALL, encoder="resnet7"), 3, 2)
    assert error.value.parameter == "ENCODER" and "resnet18" in error.value.fix and "efficientnet-b0" in error.value.fix


def test_rgb_encoder_weights_are_adapted_to_more_bands(tmp_path):
    rgb = build_model(SMALL, n_bands=3, n_classes=2)
    torch.save(rgb.encoder.state_dict(), tmp_path / "encoder.pth")
    model = build_model(SMALL, n_bands=4, n_classes=2)
    note = load_encoder_weights(model, tmp_path / "encoder.pth")
    assert "1 adapted" in note
    old, new = rgb.encoder.conv1.weight, model.encoder.conv1.weight
    torch.testing.assert_close(new[:, :3], old * 3 / 4)
    torch.testing.assert_close(new[:, 3], old[:, 0] * 3 / 4)
    torch.testing.assert_close(model.encoder.layer1[0].conv1.weight, rgb.encoder.layer1[0].conv1.weight)


def test_whole_model_safetensors_weights_load_into_the_encoder(tmp_path):
    source = build_model(SMALL, n_bands=3, n_classes=2)
    save_file({k: v.contiguous() for k, v in source.state_dict().items() if k.startswith("encoder.")},
              tmp_path / "model.safetensors")
    model = build_model(SMALL, n_bands=3, n_classes=2)
    load_encoder_weights(model, tmp_path / "model.safetensors")
    torch.testing.assert_close(model.encoder.conv1.weight, source.encoder.conv1.weight)


def test_weights_of_another_encoder_are_refused(tmp_path):
    other = build_model(dataclasses.replace(SMALL, encoder="resnet50"), n_bands=3, n_classes=2)
    torch.save(other.encoder.state_dict(), tmp_path / "resnet50.pth")
    with pytest.raises(InputError) as error:
        load_encoder_weights(build_model(SMALL, 3, 2), tmp_path / "resnet50.pth")
    assert error.value.parameter == "ENCODER_WEIGHTS"


@pytest.mark.parametrize("content", [None, b"not a checkpoint"])
def test_missing_or_unreadable_weights_file_is_an_input_error(tmp_path, content):
    path = tmp_path / "weights.pth"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match="ENCODER_WEIGHTS"):
        load_encoder_weights(build_model(SMALL, 3, 2), path)


def test_auto_device_and_cpu():
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_requested_without_gpu_names_device():
    with pytest.raises(InputError) as error:
        resolve_device("cuda:0")
    assert error.value.parameter == "DEVICE" and "cpu" in error.value.fix
