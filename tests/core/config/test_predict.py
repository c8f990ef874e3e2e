"""Predict's configuration and the inference Predict and Calibrate share: ranges, devices, the overlap against
the tile, band-name matching on by default."""
import pytest

from glacier_dl_plugin.core.config import PredictConfig
from glacier_dl_plugin.core.config.predict import InferenceConfig
from glacier_dl_plugin.core.errors import InputError


def test_defaults_match_names_and_let_the_device_choose():
    config = PredictConfig()
    assert (config.tile_size, config.overlap, config.device, config.ignore_band_names) == (0, 32, "auto", False)


@pytest.mark.parametrize("given, message", [
    ({"batch_size": 0}, r"^BATCH_SIZE: must be at least 1, got 0. Give 1 or more.$"),
    ({"tile_size": -1}, r"^TILE_SIZE: must be at least 0, got -1"),
    ({"device": "gpu"}, r"^DEVICE: unknown device 'gpu'. Use auto, cpu, cuda or cuda:N"),
    ({"threshold": 1.0}, r"^THRESHOLD: must lie in \(0, 1\), got 1"),
    ({"tile_size": 32, "overlap": 32}, r"^OVERLAP: 32 px is not smaller than the 32 px tile. Use at most 31 px"),
    ({"overlap": 100, "overlap_percent": True}, r"^OVERLAP: 100 % is not below 100 %"),
])
def test_bad_values_name_their_parameter_and_what_is_allowed(given, message):
    with pytest.raises(InputError, match=message):
        PredictConfig(**given)


def test_any_gpu_index_is_a_device_and_percent_overlaps_round_to_pixels():
    assert InferenceConfig(device="cuda:12").device == "cuda:12"
    assert InferenceConfig(overlap=25, overlap_percent=True).overlap_pixels(128) == 32
    with pytest.raises(InputError, match=r"OVERLAP: 99 % of the 32 px tile rounds to 32 px.* Use at most 98 %"):
        InferenceConfig(overlap=99, overlap_percent=True).overlap_pixels(32)
