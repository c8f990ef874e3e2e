"""Create dataset's configuration: ranges (chip size, folds, nodata share) and the derived feature names."""
import pytest

from glacier_dl_plugin.core.config import DatasetConfig
from glacier_dl_plugin.core.errors import InputError


def test_defaults():
    config = DatasetConfig()
    assert (config.chip_size, config.stride, config.n_folds, config.features) == (128, 64, 5, ())


@pytest.mark.parametrize("given, message", [
    ({"chip_size": 0}, r"^CHIP_SIZE: must be at least 16, got 0. Give 16 or more.$"),
    ({"n_folds": 0}, r"^FOLDS: must be at least 1, got 0"),
    ({"buffer_m": -100.0}, r"^BUFFER: must be at least 0, got -100"),
    ({"max_nodata_fraction": 2.0}, r"^MAX_NODATA: must lie in \[0, 1\], got 2"),
    ({"features": ("slope", "ndbi")}, r"^FEATURES: unknown value.s. ndbi. Use any of: slope, aspect, ndsi"),
])
def test_bad_values_name_their_parameter_and_what_is_allowed(given, message):
    with pytest.raises(InputError, match=message):
        DatasetConfig(**given)
