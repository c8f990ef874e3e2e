"""The area-change outputs: CSV cells (empty where undefined, the TOTAL row last), the footprint layer (NULL
where not finite, no geometry for an ice-free glacier) and a plot drawn without pyplot."""
import csv
import math
import subprocess
import sys
from pathlib import Path

import fiona
import pytest
from shapely.geometry import Polygon, box

from glacier_dl_plugin.core.assess.area_change import (
    GlacierChange,
    OutlineLayer,
    OutlineRecord,
    glacier_changes,
    regional_change,
)
from glacier_dl_plugin.core.assess.area_change_outputs import write_change_csv, write_change_layer

REPO = Path(__file__).resolve().parents[3]
UTM = "EPSG:32645"


@pytest.fixture(scope="module")
def changes():
    """x shrinks from 2 to 1 km² without σ (SNR infinite); y is new ice from nothing (relative change undefined)."""
    first = OutlineLayer((OutlineRecord("x", area_km2=2.0, date="2000-01-01"),
                          OutlineRecord("y", area_km2=0.0, date="2000-01-01")), UTM, "OUTLINES_0")
    second = OutlineLayer((OutlineRecord("x", area_km2=1.0, sigma_km2=0.0, date="2010-01-01"),
                           OutlineRecord("y", area_km2=0.5, sigma_km2=0.1, date="2010-01-01")), UTM, "OUTLINES_1")
    found = glacier_changes(first, second)
    return found, regional_change(found)


def test_csv_has_every_change_column_and_a_total_row_without_dates(changes, tmp_path):
    found, total = changes
    write_change_csv(tmp_path / "c.csv", found, total)
    rows = list(csv.DictReader((tmp_path / "c.csv").read_text().splitlines()))
    assert list(rows[0]) == [name for name in GlacierChange.__dataclass_fields__]
    assert [r["glacier_id"] for r in rows] == ["x", "y", "TOTAL"]
    assert (rows[0]["change"], rows[0]["snr"]) == ("-1.0", "inf")
    assert float(rows[1]["relative_change"]) == math.inf  # growth from 0 km²
    assert (rows[2]["date_0"], rows[2]["years"], float(rows[2]["change"])) == ("", "", -0.5)


def test_layer_keeps_a_row_per_glacier_with_null_where_not_finite(changes, tmp_path):
    found, _ = changes
    footprints = {"x": box(500000, 3100000, 501000, 3101000), "y": Polygon()}
    write_change_layer(tmp_path / "c.gpkg", found, footprints, UTM)
    with fiona.open(tmp_path / "c.gpkg", layer="area_change") as layer:
        features = {f["properties"]["glacier_id"]: f for f in layer}
    assert features["x"]["properties"]["snr"] is None and features["x"]["properties"]["change"] == -1.0
    assert features["x"]["geometry"]["type"] == "MultiPolygon" and features["y"]["geometry"] is None


def test_plot_is_a_png_drawn_without_switching_the_global_backend(tmp_path):
    code = ("import sys\n"
            "from glacier_dl_plugin.core.assess.area_change import OutlineLayer, OutlineRecord, glacier_changes, "
            "regional_change\n"
            "from glacier_dl_plugin.core.assess.area_change_outputs import write_change_plot\n"
            "layers = [OutlineLayer((OutlineRecord('x', area_km2=a, sigma_km2=0.1, date=d),), 'EPSG:32645', p)\n"
            "          for a, d, p in ((2.0, '2000-01-01', 'OUTLINES_0'), (1.0, '2010-01-01', 'OUTLINES_1'))]\n"
            "changes = glacier_changes(*layers)\n"
            "write_change_plot(sys.argv[1], changes, regional_change(changes))\n"
            "print('matplotlib.pyplot' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "c.png")], cwd=REPO, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "False"
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
