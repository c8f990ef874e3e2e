"""SAM2 Hiera as an encoder: builds under both names, stride 32, fine-tuning groups, and one real epoch on a
snowpack folder through the whole member (train, test, ONNX export checked against torch)."""
from __future__ import annotations

import dataclasses
import json

import onnx
import pytest
import torch

from glacier_dl_plugin.core.config import ModelMetadata, TrainConfig
from glacier_dl_plugin.core.errors import InputError
from training.encoders import encoder_layer, parameter_groups
from training.model import build_model, output_stride

HIERA = TrainConfig(encoder="sam2_hiera_tiny", members=1, epochs=1, batch_size=4, device="cpu", loader_workers=0,
                    mixed_precision=False, patience=0, lr_patience=0)


def test_hiera_unet_on_four_bands_and_its_stride():
    torch.manual_seed(0)
    model = build_model(HIERA, n_bands=4, n_classes=3).eval()
    with torch.no_grad():
        out = model(torch.randn(2, 4, 64, 96))
    assert out.shape == (2, 3, 64, 96) and torch.isfinite(out).all()
    assert output_stride(model, HIERA.encoder_depth) == 32
    same = build_model(dataclasses.replace(HIERA, encoder="tu-sam2_hiera_tiny"), 4, 3)
    assert sum(p.numel() for p in same.parameters()) == sum(p.numel() for p in model.parameters())


def test_layer_depths():
    assert encoder_layer("model.model.patch_embed.proj.weight") == 0
    assert encoder_layer("model.model.pos_embed") == 0
    assert encoder_layer("model.model.blocks.11.mlp.fc2.bias") == 12
    assert encoder_layer("layer3.1.conv2.weight") == 3 and encoder_layer("conv1.weight") == 0


def test_encoder_learning_rate_factor_and_layer_decay():
    model = build_model(HIERA, n_bands=1, n_classes=3)
    groups = parameter_groups(model, 1e-3, encoder_lr_factor=0.1, layer_decay=0.5)
    assert groups[0]["name"] == "decoder" and groups[0]["lr"] == 1e-3
    by_name = {g["name"]: g["lr"] for g in groups}
    assert by_name["encoder.12"] == pytest.approx(1e-4)  # the last of 12 blocks
    assert by_name["encoder.11"] == pytest.approx(5e-5) and by_name["encoder.0"] == pytest.approx(1e-4 * 0.5**12)
    assert sum(len(g["params"]) for g in groups) == len(list(model.parameters()))


def test_frozen_encoder_does_not_move_in_a_step():
    torch.manual_seed(0)
    model = build_model(HIERA, n_bands=1, n_classes=3)
    groups = parameter_groups(model, 1e-2, freeze_encoder=True)
    assert [g["name"] for g in groups] == ["decoder"]
    before = {k: v.clone() for k, v in model.state_dict().items()}
    optimiser = torch.optim.Adam(groups)
    loss = torch.nn.functional.cross_entropy(model(torch.randn(2, 1, 64, 64)), torch.randint(0, 3, (2, 64, 64)))
    loss.backward()
    optimiser.step()
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before if k.startswith("encoder."))
    assert not all(torch.equal(before[k], after[k]) for k in before if k.startswith("decoder."))


def test_chips_not_a_multiple_of_32_are_refused_up_front(tmp_path):
    from synthetic.snowpack import generate_snowpack_folder
    from training.fit import fit_ensemble

    folder = generate_snowpack_folder(tmp_path / "snow", n_images=2, size=(48, 48))  # whole 48 px chips
    with pytest.raises(InputError, match="ENCODER_DEPTH.*48 px chips.*multiple of 32"):
        fit_ensemble(folder, tmp_path / "model", HIERA)


@pytest.mark.slow  # about 8 s on an idle 2-core machine, 25 s on a busy one
@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_one_epoch_on_a_snowpack_folder_exports_an_agreeing_onnx(tmp_path):
    from synthetic.snowpack import generate_snowpack_folder
    from training.fit import fit_ensemble

    folder = generate_snowpack_folder(tmp_path / "snow", n_images=4, size=(100, 70), seed=2)
    import timm

    from training.sam2_weights import meta_key

    trunk = timm.create_model("sam2_hiera_tiny", pretrained=False).state_dict()
    torch.save({"model": {meta_key(k): v for k, v in trunk.items() if not k.startswith("head.")}},
               tmp_path / "sam2.1_hiera_tiny.pt")  # Meta's layout
    config = dataclasses.replace(HIERA, encoder_weights=str(tmp_path / "sam2.1_hiera_tiny.pt"),
                                 encoder_lr_factor=0.1, layer_decay=0.8)
    model = fit_ensemble(folder, tmp_path / "model", config)
    assert "154 of 154 encoder tensors (1 adapted to the band count)" in (model / "train.log").read_text()
    ensemble = json.loads((model / "ensemble.json").read_text())
    member = ensemble["members"][0]
    assert set(member["test"]["per_class"]) == {"background", "class_1", "class_2"}
    onnx_files = sorted(model.glob("*.onnx"))
    assert len(onnx_files) == 1
    properties = {p.key: p.value for p in onnx.load(str(onnx_files[0])).metadata_props}
    metadata = ModelMetadata.from_json(properties["glacierdl"])
    assert metadata.output_stride == 32 and metadata.chip_size == 64 and metadata.bands == ("image:1",)
    assert json.loads(properties["tile_size"]) == 64
    assert "ONNX matches torch" in (model / "train.log").read_text()  # export_member's own check passed
    # the exported member runs on tiles of another size (multiples of the stride), as Predict cuts them
    import numpy as np
    import onnxruntime

    session = onnxruntime.InferenceSession(str(onnx_files[0]), providers=["CPUExecutionProvider"])
    (probabilities,) = session.run(None, {"input": np.random.default_rng(0).normal(size=(2, 1, 96, 64)).astype("f4")})
    assert probabilities.shape == (2, 3, 96, 64) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    # and the SAM2-backbone member runs through the one prediction engine unchanged (image-folder Predict)
    from glacier_dl_plugin.core.config.image_folder import ImageFolderConfig
    from glacier_dl_plugin.core.predict.image_folder import predict_image_folder

    summary = predict_image_folder(folder, str(model), tmp_path / "predicted",
                                   ImageFolderConfig(tile_size=64, overlap=16, device="cpu"))
    import rasterio

    for image in sorted((folder / "images").glob("*.tif")):
        with rasterio.open(tmp_path / "predicted" / "masks" / image.name) as mask, rasterio.open(image) as src:
            values = mask.read(1)
            assert values.shape == (src.height, src.width) and set(np.unique(values)) <= {0, 1, 2}
    assert (tmp_path / "predicted" / "scores.csv").is_file() and summary is not None
