"""Polygonize's configuration: ranges named by parameter, and the DATE as ISO or RGI YYYYMMDD."""
import pytest

from glacier_dl_plugin.core.config import OutlineConfig
from glacier_dl_plugin.core.errors import InputError


def test_defaults_and_rgi_dates_are_accepted():
    assert OutlineConfig().buffer_m == 300.0 and OutlineConfig(date="20030799").date == "20030799"


@pytest.mark.parametrize("given, message", [
    ({"date": "-9999999"}, r"^DATE: '-9999999' is RGI's 'date unknown'"),
    ({"buffer_m": -1.0}, r"^BUFFER: must be at least 0, got -1"),
    ({"threshold": 1.0}, r"^THRESHOLD: must lie in \(0, 1\), got 1"),
])
def test_bad_values_name_their_parameter(given, message):
    with pytest.raises(InputError, match=message):
        OutlineConfig(**given)
