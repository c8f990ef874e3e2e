"""An ice-thickness survey as points (a GeoPackage in lon/lat, as GPS logs it) in real headless QGIS:
glacierdl:createdataset with it as the regression target and folds of blocks within the one glacier, and
glacierdl:evaluatepoints scoring a thickness raster against it; the errors a survey layer can cause."""
import json

import fiona
import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from qgis.core import QgsProcessingException

from glacier_dl_plugin.core.config import NODATA_FLOAT


def run(parameters, algorithm="createdataset"):
    import processing

    return processing.run(f"glacierdl:{algorithm}", parameters)


@pytest.fixture(scope="module")
def survey(hintereisferner, tmp_path_factory):
    """Points every 10 m along 8 profiles, valued from the thickness raster, written in EPSG:4326."""
    with rasterio.open(hintereisferner["thickness"]) as src:
        x0, y0 = src.xy(20, 40)
        xs = np.arange(x0, x0 + 3000, 10.0)
        points = np.concatenate([np.column_stack([xs, np.full_like(xs, y0 - 300 * k)]) for k in range(8)])
        values = np.array([v[0] for v in src.sample(points)])
    points, values = points[values > 0], values[values > 0]
    lon, lat = Transformer.from_crs("EPSG:32632", "EPSG:4326", always_xy=True).transform(points[:, 0], points[:, 1])
    path = tmp_path_factory.mktemp("gpr") / "gpr.gpkg"
    schema = {"geometry": "Point", "properties": {"thickness": "float", "note": "str"}}
    with fiona.open(path, "w", driver="GPKG", schema=schema, crs="EPSG:4326", layer="picks") as dst:
        dst.writerecords({"geometry": {"type": "Point", "coordinates": (x, y)},
                          "properties": {"thickness": float(v), "note": "gpr"}} for x, y, v in zip(lon, lat, values))
    return path, len(values)


def parameters(hintereisferner, survey, out, **extra):
    return {"INPUTS": [str(hintereisferner["dem"])], "GLACIERS": str(hintereisferner["outline"]), "CHIP_SIZE": 32,
            "STRIDE": 32, "TARGET_CRS": "EPSG:32632", "TARGET_RESOLUTION": 25, "FOLDS": 1,
            "REGRESSION_TARGET": f"{survey[0]}|layername=picks", "REGRESSION_FIELD": "thickness",
            "OUTPUT": str(out), **extra}


def test_points_become_sparse_masks_with_block_folds(qgis_app, hintereisferner, survey, tmp_path):
    result = run(parameters(hintereisferner, survey, tmp_path / "ds", FOLDS=2, SPLIT="blocks", BLOCK_SIZE=800,
                            MIN_MEASURED=3))
    description = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    assert description["task"] == "regression" and description["target"].endswith(":thickness")
    assert description["parameters"]["regression_target"]["measurements"] == survey[1]
    assert set(description["blocks"]["folds"].values()) == {0, 1} and result["CHIPS"] > 2
    measured = []
    for mask in sorted((tmp_path / "ds" / "masks").glob("*_mask.tif")):
        with rasterio.open(mask) as src:
            values = src.read(1)
        measured.append(int((values != NODATA_FLOAT).sum()))
        assert values[values != NODATA_FLOAT].min() > 0
    assert min(measured) >= 3 and max(measured) < 32 * 32 / 4  # profiles, not a filled raster


def test_a_survey_without_the_value_field_or_with_a_text_field_is_refused(qgis_app, hintereisferner, survey,
                                                                          tmp_path):
    with pytest.raises(QgsProcessingException, match="REGRESSION_FIELD: no field was given.*numeric fields: "
                                                     "thickness"):
        run(parameters(hintereisferner, survey, tmp_path / "a", REGRESSION_FIELD=""))
    with pytest.raises(QgsProcessingException, match="REGRESSION_FIELD"):
        run(parameters(hintereisferner, survey, tmp_path / "b", REGRESSION_FIELD="note"))
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_thickness_raster_off_by_ten_metres_scores_bias_ten_per_fold(qgis_app, hintereisferner, survey, tmp_path):
    run(parameters(hintereisferner, survey, tmp_path / "ds", FOLDS=2, SPLIT="blocks", BLOCK_SIZE=800))
    with rasterio.open(hintereisferner["thickness"]) as src:
        profile, values = src.profile, src.read(1)
    profile.update(nodata=-9999.0)
    with rasterio.open(tmp_path / "thicker.tif", "w", **profile) as dst:
        dst.write(np.where(values > 0, values + 10, -9999.0).astype(np.float32), 1)
    result = run({"PREDICTION": str(tmp_path / "thicker.tif"), "POINTS": f"{survey[0]}|layername=picks",
                  "POINTS_FIELD": "thickness", "DATASET": str(tmp_path / "ds"),
                  "OUTPUT_SCORES": str(tmp_path / "scores.csv"), "OUTPUT_PIXELS": str(tmp_path / "pixels.csv"),
                  "OUTPUT_PLOT": str(tmp_path / "scatter.png")}, "evaluatepoints")
    # the points were valued by the pixel they fall in: +10 m everywhere, on every fold
    assert result["BIAS"] == pytest.approx(10.0, abs=1e-3) and result["RMSE"] == pytest.approx(10.0, abs=1e-3)
    rows = (tmp_path / "scores.csv").read_text().splitlines()
    assert [r.split(",")[0] for r in rows] == ["fold", "0", "1", "overall"]
    assert (tmp_path / "scatter.png").stat().st_size > 10_000
    with pytest.raises(QgsProcessingException, match="DATASET: .* no block folds"):
        run(parameters(hintereisferner, survey, tmp_path / "glacier_split"))
        run({"PREDICTION": str(tmp_path / "thicker.tif"), "POINTS": f"{survey[0]}|layername=picks",
             "POINTS_FIELD": "thickness", "DATASET": str(tmp_path / "glacier_split"), "OVERWRITE": True,
             "OUTPUT_SCORES": str(tmp_path / "scores.csv"), "OUTPUT_PIXELS": str(tmp_path / "pixels.csv")},
            "evaluatepoints")


def test_a_survey_shapefile_without_prj_is_refused_naming_the_target(qgis_app, hintereisferner, tmp_path):
    schema = {"geometry": "Point", "properties": {"thickness": "float"}}
    with rasterio.open(hintereisferner["thickness"]) as src:
        x, y = src.xy(60, 60)
    with fiona.open(tmp_path / "gpr.shp", "w", driver="ESRI Shapefile", schema=schema) as dst:  # no CRS: no .prj
        dst.write({"geometry": {"type": "Point", "coordinates": (x, y)}, "properties": {"thickness": 80.0}})
    assert not (tmp_path / "gpr.prj").exists()
    with pytest.raises(QgsProcessingException, match="REGRESSION_TARGET: layer 'gpr' has no coordinate reference"):
        run(parameters(hintereisferner, (tmp_path / "gpr.shp", 1), tmp_path / "ds",
                       REGRESSION_TARGET=str(tmp_path / "gpr.shp")))
    assert not (tmp_path / "ds").exists()
