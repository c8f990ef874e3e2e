"""Evaluate's configuration: the prediction kind, threshold and buffer checked naming their parameter."""
import pytest

from glacier_dl_plugin.core.config import EvaluateConfig
from glacier_dl_plugin.core.errors import InputError


def test_defaults():
    assert (EvaluateConfig().kind, EvaluateConfig().threshold, EvaluateConfig().buffer_m) == ("auto", None, 300.0)


@pytest.mark.parametrize("given, message", [
    ({"kind": "mask"}, r"^PREDICTION_KIND: unknown value 'mask'"),
    ({"buffer_m": -5.0}, r"^BUFFER: must be at least 0, got -5"),
    ({"threshold": 0.0}, r"^THRESHOLD: must lie in \(0, 1\), got 0"),
])
def test_bad_values_name_their_parameter(given, message):
    with pytest.raises(InputError, match=message):
        EvaluateConfig(**given)


def test_point_scores_band_is_checked_naming_band():
    from glacier_dl_plugin.core.config import PointScoresConfig

    assert (PointScoresConfig().band, PointScoresConfig().unit) == (1, "m")
    with pytest.raises(InputError, match=r"^BAND: must be at least 1, got 0"):
        PointScoresConfig(band=0)
