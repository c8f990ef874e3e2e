"""Polygonize -> area change, and calving fronts, through the real ``qgis_process.bin`` as a batch user runs them."""
import csv

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.features import rasterize
from rasterio.transform import from_origin
from shapely.geometry import box, mapping

from glacier_dl_plugin.qgis_process import QgisProcess
from synthetic.fjord_scene import FjordSpec, generate_fjord

pytestmark = pytest.mark.slow
UTM = "EPSG:32645"
TRANSFORM = from_origin(480000, 3110000, 30, 30)
GLACIER, RETREAT = box(481500, 3104000, 481800, 3107000), box(481500, 3104000, 481800, 3104300)


@pytest.fixture(scope="module")
def qgis(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("profile"))


@pytest.fixture(scope="module")
def two_dates(tmp_path_factory):
    """An inventory GeoPackage and mean/std rasters of one glacier at two dates, 10 pixels of retreat apart."""
    folder = tmp_path_factory.mktemp("dates")
    schema = {"geometry": "Polygon", "properties": {"RGIId": "str"}}
    with fiona.open(folder / "inventory.gpkg", "w", driver="GPKG", crs="EPSG:32645", schema=schema) as sink:
        sink.write({"geometry": mapping(GLACIER), "properties": {"RGIId": "RGI60-15.00001"}})
    rasters = []
    for date, shape_ in (("2000-10-30", GLACIER), ("2020-10-30", GLACIER.difference(RETREAT))):
        mean = rasterize([(shape_, 1)], (300, 250), transform=TRANSFORM).astype(np.float32)
        paths = []
        for name, data in (("mean", mean), ("std", np.full_like(mean, 0.1))):
            with rasterio.open(folder / f"{name}_{date}.tif", "w", driver="GTiff", width=250, height=300, count=1,
                               dtype="float32", crs=UTM, transform=TRANSFORM, nodata=-9999.0) as dst:
                dst.write(data, 1)
            paths.append(str(folder / f"{name}_{date}.tif"))
        rasters.append((date, *paths))
    return folder, rasters


def test_polygonize_then_areachange(qgis, two_dates):
    folder, rasters = two_dates
    outlines = []
    for date, mean, std in rasters:
        result = qgis.results("polygonize", dict(MEAN=mean, STD=std, GLACIERS=str(folder / "inventory.gpkg"),
                                                 THRESHOLD=0.5, K=1, BUFFER=300, DATE=date,
                                                 OUTPUT=str(folder / f"outlines_{date}.gpkg")))
        assert result["TOTAL_AREA"] == pytest.approx(GLACIER.area / 1e6 if date < "2010" else 0.81, rel=2e-3)
        outlines.append(result["OUTLINES"])
    change = qgis.results("areachange", dict(OUTLINES_0=outlines[0], OUTLINES_1=outlines[1],
                                             OUTPUT=str(folder / "change.gpkg"), OUTPUT_CSV=str(folder / "change.csv"),
                                             OUTPUT_PLOT=str(folder / "change.png")))
    assert change["TOTAL_CHANGE"] == pytest.approx(-RETREAT.area / 1e6, rel=2e-3)
    rows = list(csv.DictReader(open(folder / "change.csv")))
    assert [r["glacier_id"] for r in rows] == ["RGI60-15.00001", "TOTAL"]
    assert float(rows[0]["years"]) == pytest.approx(20.0, abs=0.01)


def test_polygonize_with_a_bad_date_names_the_parameter(qgis, two_dates):
    folder, rasters = two_dates
    _, mean, std = rasters[0]
    done = qgis.run("polygonize", dict(MEAN=mean, STD=std, GLACIERS=str(folder / "inventory.gpkg"),
                                       DATE="30.10.2000", OUTPUT=str(folder / "bad.gpkg")))
    assert done.returncode != 0 and "DATE: '30.10.2000' is not a date" in done.stdout + done.stderr
    assert not (folder / "bad.gpkg").exists()


def test_terminus(qgis, tmp_path):
    fjord = generate_fjord(tmp_path, FjordSpec(seed=2))
    result = qgis.results("terminus", dict(INPUT=str(fjord.classes), ICE_CLASSES="2", OCEAN_CLASSES="3",
                                           MIN_LENGTH=500, REFERENCE=f"{fjord.front}|layername=front",
                                           OUTPUT=str(tmp_path / "fronts.gpkg")))
    assert result["LINES"] == 1 and result["MEAN_DISTANCE"] < 15  # metres, on a 30 m grid
