"""TerminusConfig: class values, lengths and bands checked once, each error naming its parameter."""
import pytest

from glacier_dl_plugin.core.config import TerminusConfig
from glacier_dl_plugin.core.config.fields import default, from_mapping
from glacier_dl_plugin.core.errors import InputError


def test_defaults_are_ice_2_ocean_3_and_500_m():
    config = TerminusConfig()
    assert (config.ice_classes, config.ocean_classes, config.min_length_m) == ((2,), (3,), 500.0)
    assert default(TerminusConfig, "smoothing") == 0


@pytest.mark.parametrize("values, message", [
    (dict(ice_classes=()), "ICE_CLASSES: is empty"),
    (dict(ocean_classes=()), "OCEAN_CLASSES: is empty"),
    (dict(ice_classes=(2, 3)), r"OCEAN_CLASSES: values \[3\] are also ice classes"),
    (dict(min_length_m=-1.0), "MIN_LENGTH"),
    (dict(smoothing=-2), "SMOOTHING"),
    (dict(band=0), "BAND"),
])
def test_bad_values_name_their_parameter(values, message):
    with pytest.raises(InputError, match=message):
        TerminusConfig(**values)


def test_text_values_convert_as_from_the_command_line():
    config = from_mapping(TerminusConfig, {"min_length_m": "250", "smoothing": "3"})
    assert (config.min_length_m, config.smoothing) == (250.0, 3)
