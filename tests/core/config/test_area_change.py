"""Area change's configuration: dates typed as ISO or RGI YYYYMMDD, each checked naming its parameter."""
import pytest

from glacier_dl_plugin.core.config import AreaChangeConfig
from glacier_dl_plugin.core.errors import InputError


def test_typed_dates_may_be_iso_or_rgi_and_fields_default_to_empty():
    config = AreaChangeConfig(date_0="2003-07-30", date_1="20150899")
    assert (config.date_field, config.coverage_field) == ("", "")


@pytest.mark.parametrize("field, parameter", [("date_0", "DATE_0"), ("date_1", "DATE_1")])
def test_a_date_that_cannot_be_read_names_its_parameter(field, parameter):
    with pytest.raises(InputError, match=rf"^{parameter}: '2003/07/30' is not a date. Write dates as YYYY-MM-DD, or "
                                         r"as RGI's YYYYMMDD"):
        AreaChangeConfig(**{field: "2003/07/30"})
