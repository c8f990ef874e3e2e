"""Area change between two dates: known retreat recovered through polygonize, σ propagation, bad input."""
import csv
import math

import fiona
import numpy as np
import pytest
import rasterio
from pyproj import Geod, Transformer
from rasterio.features import rasterize
from rasterio.transform import from_origin
from shapely.geometry import box, shape
from shapely.ops import transform as reproject

from glacier_dl_plugin.core.assess.area_change import (
    OutlineLayer,
    OutlineRecord,
    compute_area_change,
    glacier_changes,
    regional_change,
)
from glacier_dl_plugin.core.assess.outlines import OutlineConfig, polygonize_outlines
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.progress import Monitor

UTM = "EPSG:32645"
TRANSFORM = from_origin(480000, 3110000, 30, 30)
# Three glaciers in 30 m pixels: A loses 10 rows of its tongue, B does not change, C melts away.
GLACIERS = {"A": box(481500, 3104000, 481800, 3107000), "B": box(483000, 3105000, 483600, 3106500),
            "C": box(484500, 3105500, 484680, 3105680)}
RETREAT = box(481500, 3104000, 481800, 3104300)


def geod_km2(geometry):
    """Independent reference: pyproj's geodesic area of the UTM polygon's corners in lon/lat."""
    to_lonlat = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True).transform
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(reproject(to_lonlat, geometry))[0]) / 1e6


def date_rasters(folder, glaciers):
    """Mean 0.9 on the glaciers and 0.1 elsewhere; std 0.5 on the pixels either side of each edge."""
    inside = rasterize([(g, 1) for g in glaciers], (300, 250), transform=TRANSFORM) > 0
    from scipy import ndimage

    edge = ndimage.binary_dilation(inside) & ~ndimage.binary_erosion(inside)
    profile = dict(driver="GTiff", width=250, height=300, count=1, dtype="float32", crs=UTM, transform=TRANSFORM,
                   nodata=-9999.0)
    paths = []
    for name, data in (("mean", np.where(inside, 0.9, 0.1)), ("std", np.where(edge, 0.5, 0.02))):
        with rasterio.open(folder / f"{name}.tif", "w", **profile) as dst:
            dst.write(data.astype(np.float32), 1)
        paths.append(folder / f"{name}.tif")
    return paths


def read_layer(path):
    with fiona.open(path, layer="outlines") as src:
        return [OutlineRecord(f["properties"]["glacier_id"], shape(f["geometry"]).wkb if f["geometry"] else b"",
                              f["properties"]["area"], f["properties"]["sigma_area"], f["properties"]["date"])
                for f in src], src.crs_wkt


@pytest.fixture(scope="module")
def two_dates(tmp_path_factory):
    inventory = load_glaciers([GlacierRecord(i, g.wkb) for i, g in GLACIERS.items()], UTM, UTM)
    layers = []
    for date, glaciers in (("2000-10-30", GLACIERS.values()),
                           ("2020-10-30", [GLACIERS["A"].difference(RETREAT), GLACIERS["B"]])):
        folder = tmp_path_factory.mktemp(date)
        config = OutlineConfig(threshold=0.5, k=1.0, buffer_m=300, min_area_km2=0, date=date)
        summary = polygonize_outlines(*date_rasters(folder, glaciers), inventory, config, folder / "o.gpkg")
        layers.append(read_layer(summary.path))
    return layers


def test_known_retreat_is_recovered_through_polygonize(two_dates, tmp_path):
    (records_0, crs_0), (records_1, crs_1) = two_dates
    first, second = OutlineLayer(tuple(records_0), crs_0, "OUTLINES_0"), OutlineLayer(tuple(records_1), crs_1,
                                                                                           "OUTLINES_1")
    summary = compute_area_change(first, second, tmp_path / "c.csv", tmp_path / "c.gpkg", tmp_path / "c.png")
    a, b, c = summary.changes
    years = 7305 / 365.25  # 2000-10-30 to 2020-10-30
    assert a.years == pytest.approx(years) == pytest.approx(20.0, abs=0.01)
    assert a.change == pytest.approx(-geod_km2(RETREAT), rel=1e-3)
    assert b.change == pytest.approx(0, abs=1e-9) and b.snr == 0
    assert c.change == pytest.approx(-geod_km2(GLACIERS["C"]), rel=1e-3) and c.area_1 == 0
    assert c.relative_change == pytest.approx(-100)
    for change in summary.changes:
        assert change.sigma_rate == pytest.approx(math.hypot(change.sigma_0, change.sigma_1) / years)
        assert change.rate == pytest.approx(change.change / years)
    assert a.snr == pytest.approx(abs(a.change) / math.hypot(a.sigma_0, a.sigma_1))
    assert a.sigma_0 == pytest.approx(0.03 * 2 * (0.3 + 3.0), rel=0.05)  # half the two-pixel edge band
    total = summary.total
    assert total.change == pytest.approx(a.change + b.change + c.change)
    assert total.sigma_change == pytest.approx(a.sigma_change + b.sigma_change + c.sigma_change)  # Σσ
    assert total.sigma_rate == pytest.approx(total.sigma_change / years)

    rows = list(csv.DictReader(open(summary.csv)))
    assert [r["glacier_id"] for r in rows] == ["A", "B", "C", "TOTAL"]
    assert float(rows[-1]["change"]) == pytest.approx(total.change)
    with fiona.open(summary.layer) as src:
        features = {f["properties"]["glacier_id"]: f for f in src}
    assert shape(features["A"]["geometry"]).area == pytest.approx(GLACIERS["A"].area)  # either date's outline
    assert features["C"]["properties"]["relative_change"] == pytest.approx(-100)
    assert summary.plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and summary.plot.stat().st_size > 5000


def record(glacier_id, area, sigma=0.1, date=None):
    return OutlineRecord(glacier_id, area_km2=area, sigma_km2=sigma, date=date)


def test_dates_from_attributes_per_glacier_and_sigma_formula():
    first = OutlineLayer((record("x", 2.0, 0.3, "2000-01-01"), record("y", 1.0, 0.1, "2010-01-01")), UTM,
                         "OUTLINES_0")
    second = OutlineLayer((record("x", 1.0, 0.4, "2010-01-01"), record("y", 0.5, 0.1, "2015-01-01")), UTM,
                          "OUTLINES_1")
    x, y = glacier_changes(first, second)
    assert x.change == -1.0 and x.sigma_change == pytest.approx(0.5)
    assert x.rate == pytest.approx(-1.0 / (3653 / 365.25)) and x.sigma_rate == pytest.approx(0.5 / (3653 / 365.25))
    assert x.snr == pytest.approx(2.0) and x.relative_change == pytest.approx(-50)
    assert y.years == pytest.approx(1826 / 365.25)
    total = regional_change([x, y])
    assert (total.area_0, total.area_1, total.sigma_0, total.sigma_1) == pytest.approx((3.0, 1.5, 0.4, 0.5))
    assert total.sigma_change == pytest.approx(0.5 + math.hypot(0.1, 0.1))
    # A date parameter wins over the attribute.
    dated = OutlineLayer(second.records, UTM, "OUTLINES_1", date="2020-01-01")
    assert {c.date_1 for c in glacier_changes(first, dated)} == {"2020-01-01"}


@pytest.mark.parametrize("records_0,records_1,date_0,date_1,message", [
    ([record("a", 1), record("b", 1)], [record("a", 1), record("c", 1)], "2000-01-01", "2010-01-01",
     r"^OUTLINES_1: has no outline for 1 glacier\(s\) of OUTLINES_0: b\."),
    ([record("a", 1), record("a", 2), record("b", 1), record("b", 1)], [record("a", 1)], "2000-01-01", "2010-01-01",
     r"^OUTLINES_0: glacier ids appear more than once: a, b\."),
    ([record("a", 1)], [record("a", 1)], "2000-01-01", "2000-01-01", r"^DATE_1: glacier a: date 1 .* is not after"),
    ([record("a", 1)], [record("a", 1)], None, "2000-01-01", r"^DATE_0: no date for glacier a"),
    ([record("a", 1)], [record("a", 1)], "2000-01-01", "30.10.2020", r"^DATE_1: '30.10.2020' is not a date"),
])
def test_bad_inputs_name_the_parameter_and_write_nothing(records_0, records_1, date_0, date_1, message, tmp_path):
    first = OutlineLayer(tuple(records_0), UTM, "OUTLINES_0", date_0)
    second = OutlineLayer(tuple(records_1), UTM, "OUTLINES_1", date_1)
    with pytest.raises(InputError, match=message):
        compute_area_change(first, second, tmp_path / "c.csv", tmp_path / "c.gpkg", tmp_path / "c.png")
    assert list(tmp_path.iterdir()) == []


def test_partly_covered_glaciers_keep_their_rows_but_leave_the_totals(tmp_path):
    """x was seen whole at both dates; y only at 60 % on the second image: its "loss" is the image's edge."""
    first = OutlineLayer((OutlineRecord("x", area_km2=2.0, date="2000-01-01", coverage=1.0),
                          OutlineRecord("y", area_km2=1.0, date="2000-01-01")), UTM, "OUTLINES_0")
    second = OutlineLayer((OutlineRecord("x", area_km2=1.8, date="2010-01-01", coverage=1.0),
                           OutlineRecord("y", area_km2=0.6, date="2010-01-01", coverage=0.6)), UTM, "OUTLINES_1")
    x, y = glacier_changes(first, second)
    assert (x.in_total, y.in_total, y.coverage_0, y.coverage_1) == (1, 0, 1.0, 0.6)
    total = regional_change([x, y])
    assert (total.glaciers, total.excluded, total.change) == (1, 1, pytest.approx(-0.2))
    warnings = []
    compute_area_change(first, second, tmp_path / "c.csv", tmp_path / "c.gpkg", tmp_path / "c.png",
                        Monitor(warn=warnings.append))
    assert warnings == ["OUTLINES_0/OUTLINES_1: 1 glacier(s) were only partly covered by the image at one date "
                        "(coverage at date 0 / date 1): y (100 % / 60 %). Their areas are those of the part seen, so "
                        "their change is left out of the TOTAL (their rows have in_total = 0); map them from images "
                        "covering them whole."]
    rows = {r["glacier_id"]: r for r in csv.DictReader((tmp_path / "c.csv").read_text().splitlines())}
    assert (rows["y"]["in_total"], rows["TOTAL"]["in_total"], float(rows["TOTAL"]["change"])) == ("0", "1", pytest.approx(-0.2))


def test_rgi_dates_with_unknown_parts_are_taken_at_mid_period():
    first = OutlineLayer((record("x", 2.0, 0.0, "20030799"),), UTM, "OUTLINES_0")
    second = OutlineLayer((record("x", 1.0, 0.0, "20139999"),), UTM, "OUTLINES_1")
    (x,) = glacier_changes(first, second)
    assert (x.date_0, x.date_1) == ("2003-07-15", "2013-07-01")
    (x,) = glacier_changes(first, OutlineLayer(second.records, UTM, "OUTLINES_1", date="20150899"))
    assert x.date_1 == "2015-08-15"


def test_a_layer_without_crs_is_refused_naming_it(tmp_path):
    first = OutlineLayer((record("x", 2.0, 0.0, "2000-01-01"),), "", "OUTLINES_0")
    second = OutlineLayer((record("x", 1.0, 0.0, "2010-01-01"),), UTM, "OUTLINES_1")
    with pytest.raises(InputError, match=r"^OUTLINES_0: the layer has no coordinate reference system"):
        compute_area_change(first, second, tmp_path / "c.csv", tmp_path / "c.gpkg", tmp_path / "c.png")
    assert list(tmp_path.iterdir()) == []
