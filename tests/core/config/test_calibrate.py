"""Calibrate's configuration: its own ranges, and the inference settings it shares with Predict."""
import pytest

from glacier_dl_plugin.core.config import ONE_SIGMA, CalibrationConfig
from glacier_dl_plugin.core.config.predict import InferenceConfig
from glacier_dl_plugin.core.errors import InputError


def test_defaults_cover_one_sigma_with_predicts_inference():
    config = CalibrationConfig()
    assert config.coverage == ONE_SIGMA and config.inference == InferenceConfig() and config.buffer_m == 300.0


@pytest.mark.parametrize("given, message", [
    ({"coverage": 1.0}, r"^COVERAGE: must lie in \(0, 1\), got 1"),
    ({"buffer_m": -1.0}, r"^BUFFER: must be at least 0, got -1. Give 0 or more.$"),
    ({"max_pixels": 0}, r"^MAX_PIXELS: must be at least 1, got 0"),
    ({"threshold": 0.0}, r"^THRESHOLD: must lie in \(0, 1\), got 0"),
])
def test_bad_values_name_their_parameter(given, message):
    with pytest.raises(InputError, match=message):
        CalibrationConfig(**given)
