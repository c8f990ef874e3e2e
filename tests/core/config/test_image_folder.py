"""Image-folder prediction's configuration: Predict's inference rules, plus what is written per image."""
import dataclasses

import pytest

from glacier_dl_plugin.core.config.fields import from_mapping
from glacier_dl_plugin.core.config.image_folder import IMAGE_SUFFIXES, ImageFolderConfig
from glacier_dl_plugin.core.config.predict import InferenceConfig
from glacier_dl_plugin.core.errors import InputError


def test_it_is_predicts_inference_with_the_same_defaults():
    config = ImageFolderConfig()
    assert isinstance(config, InferenceConfig) and config.probabilities is True
    shared = {f.name for f in dataclasses.fields(InferenceConfig)}
    assert {k: v for k, v in dataclasses.asdict(config).items() if k in shared} == dataclasses.asdict(InferenceConfig())
    assert ".png" in IMAGE_SUFFIXES and ".tif" in IMAGE_SUFFIXES


def test_text_values_are_converted_and_bad_ones_name_their_parameter():
    config = from_mapping(ImageFolderConfig, {"tile_size": "64", "overlap": "16", "probabilities": "false"})
    assert (config.tile_size, config.overlap, config.probabilities) == (64, 16, False)
    with pytest.raises(InputError, match=r"^OVERLAP: 64 px is not smaller than the 64 px tile"):
        ImageFolderConfig(tile_size=64, overlap=64)
    with pytest.raises(InputError, match=r"^BLENDING: "):
        ImageFolderConfig(blending="box")
    with pytest.raises(InputError, match=r"^DEVICE: unknown device 'gpu'"):
        ImageFolderConfig(device="gpu")
