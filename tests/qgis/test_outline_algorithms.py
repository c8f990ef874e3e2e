"""Polygonize, area change and calving fronts inside a real headless QGIS, through processing.run."""
from pathlib import Path

import numpy as np
import pytest
import rasterio
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback, QgsProject, QgsVectorLayer
from rasterio.features import rasterize
from rasterio.transform import from_origin
from shapely.geometry import box

from synthetic.fjord_scene import FjordSpec, generate_fjord

STYLES = Path(__file__).resolve().parents[2] / "resources" / "styles"
UTM = "EPSG:32645"


class Feedback(QgsProcessingFeedback):
    """Keeps the warnings, as a user reads them in the log."""

    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, warning):
        self.warnings.append(warning)
        super().pushWarning(warning)


def run(algorithm, parameters, context=None, feedback=None):
    import processing

    return processing.run(f"glacierdl:{algorithm}", parameters, context=context, feedback=feedback)


def write(path, data, transform, crs=UTM, tags=None):
    profile = dict(driver="GTiff", width=data.shape[1], height=data.shape[0], count=1, dtype="float32", crs=crs,
                   transform=transform, nodata=-9999.0)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data.astype(np.float32), 1)
        dst.update_tags(**(tags or {}))
    return str(path)


@pytest.fixture(scope="module")
def everest_prediction(qgis_app, everest, tmp_path_factory):
    """Mean/std rasters on the Landsat grid that fade across the RGI outlines (a stand-in for Predict's)."""
    import fiona
    from rasterio.warp import transform_geom
    from scipy import ndimage

    with fiona.open(everest["outlines"]) as src:
        shapes_ = [transform_geom(src.crs_wkt, UTM, f["geometry"]) for f in src]
    with rasterio.open(everest["rgb"]) as src:
        transform, shape_ = src.transform, src.shape
    inside = rasterize(shapes_, shape_, transform=transform) > 0
    signed = np.where(inside, ndimage.distance_transform_edt(inside), -ndimage.distance_transform_edt(~inside))
    folder = tmp_path_factory.mktemp("prediction")
    tags = {"GLACIERDL_CALIBRATED": "0", "GLACIERDL_THRESHOLD": "0.5", "GLACIERDL_K": "1"}
    return (write(folder / "mean.tif", 1 / (1 + np.exp(-(signed - 0.5) / 1.5)), transform, tags=tags),
            write(folder / "std.tif", 0.25 * np.exp(-((signed - 0.5) / 3) ** 2), transform))


def test_polygonize_writes_three_styled_layers_and_warns_about_k(everest_prediction, everest, tmp_path):
    mean, std = everest_prediction
    context, feedback = QgsProcessingContext(), Feedback()
    context.setProject(QgsProject.instance())
    result = run("polygonize", {"MEAN": mean, "STD": std, "GLACIERS": str(everest["outlines"]), "MIN_AREA": 0.0,
                                "SIMPLIFY": 15.0, "DATE": "2000-10-30", "OUTPUT": str(tmp_path / "o.gpkg")},
                 context, feedback)
    assert any("k = 1" in w for w in feedback.warnings)
    outlines = QgsVectorLayer(result["OUTLINES"], "outlines", "ogr")
    assert outlines.isValid() and outlines.featureCount() == 86 and outlines.crs().authid() == UTM
    for feature in outlines.getFeatures():
        assert feature["area_low"] <= feature["area"] <= feature["area_high"] and feature["k"] == 1.0
        assert feature["glacier_id"].startswith("RGI60-15.") and feature["date"] == "2000-10-30"
    assert 200 < result["TOTAL_AREA"] < 320 and result["TOTAL_SIGMA"] > 0  # about 255 km² of glacier
    assert set(context.layersToLoadOnCompletion()) == {result["OUTLINES"], result["OUTLINES_LOW"],
                                                       result["OUTLINES_HIGH"]}
    # What the Processing dialog does on completion: load each layer and hand it to its post-processor.
    for uri, dash in ((result["OUTLINES"], False), (result["OUTLINES_LOW"], True)):
        layer = QgsVectorLayer(uri, "loaded", "ogr")
        context.layerToLoadOnCompletionDetails(uri).postProcessor().postProcessLayer(layer, context, feedback)
        outline = layer.renderer().symbol().symbolLayer(0)
        assert outline.strokeStyle() == (2 if dash else 1)  # Qt.DashLine for the bounds, solid for the outline


def test_polygonize_refuses_a_std_raster_on_another_grid(everest_prediction, everest, tmp_path):
    mean, _ = everest_prediction
    other = write(tmp_path / "std.tif", np.zeros((10, 10)), from_origin(480000, 3110000, 30, 30))
    with pytest.raises(QgsProcessingException, match="STD: is not on the grid of MEAN"):
        run("polygonize", {"MEAN": mean, "STD": other, "GLACIERS": str(everest["outlines"]),
                           "OUTPUT": str(tmp_path / "o.gpkg")})
    assert not (tmp_path / "o.gpkg").exists()


def test_areachange_on_two_polygonized_dates_recovers_the_retreat(qgis_app, tmp_path):
    transform = from_origin(480000, 3110000, 30, 30)
    glacier, retreat = box(481500, 3104000, 481800, 3107000), box(481500, 3104000, 481800, 3104300)
    inventory = QgsVectorLayer(f"Polygon?crs={UTM}&field=glacier_id:string", "inventory", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    feature = QgsFeature(inventory.fields())
    feature.setGeometry(QgsGeometry.fromWkt(glacier.wkt))
    feature["glacier_id"] = "A"
    inventory.dataProvider().addFeatures([feature])
    outlines = []
    for date, shape_ in (("2000-10-30", glacier), ("2020-10-30", glacier.difference(retreat))):
        mean = rasterize([(shape_, 1)], (300, 250), transform=transform).astype(np.float32)
        paths = [write(tmp_path / f"{name}{date}.tif", data, transform) for name, data in
                 (("mean", mean), ("std", np.full_like(mean, 0.05)))]
        outlines.append(run("polygonize", {"MEAN": paths[0], "STD": paths[1], "GLACIERS": inventory, "K": 1.0,
                                           "DATE": date, "OUTPUT": str(tmp_path / f"{date}.gpkg")})["OUTLINES"])
    result = run("areachange", {"OUTLINES_0": outlines[0], "OUTLINES_1": outlines[1],
                                "OUTPUT": str(tmp_path / "change.gpkg"), "OUTPUT_CSV": str(tmp_path / "change.csv"),
                                "OUTPUT_PLOT": str(tmp_path / "change.png")})
    assert result["TOTAL_CHANGE"] == pytest.approx(-0.09, rel=2e-3)  # 10 x 300 m x 30 m, on the ellipsoid
    assert result["TOTAL_RATE"] == pytest.approx(-0.09 / 20, rel=3e-3)
    layer = QgsVectorLayer(result["OUTPUT"], "change", "ogr")
    assert layer.isValid() and [f["glacier_id"] for f in layer.getFeatures()] == ["A"]
    assert (tmp_path / "change.png").stat().st_size > 0 and (tmp_path / "change.csv").exists()


def test_areachange_with_equal_dates_names_date_1(qgis_app, tmp_path):
    layer = QgsVectorLayer(f"Polygon?crs={UTM}&field=glacier_id:string&field=area:double", "x", "memory")
    from qgis.core import QgsFeature

    feature = QgsFeature(layer.fields())
    feature.setAttributes(["A", 1.0])
    layer.dataProvider().addFeatures([feature])
    with pytest.raises(QgsProcessingException, match="DATE_1: glacier A: date 1"):
        run("areachange", {"OUTLINES_0": layer, "OUTLINES_1": layer, "DATE_0": "2000-01-01", "DATE_1": "2000-01-01",
                           "OUTPUT": str(tmp_path / "c.gpkg"), "OUTPUT_CSV": str(tmp_path / "c.csv"),
                           "OUTPUT_PLOT": str(tmp_path / "c.png")})
    assert list(tmp_path.iterdir()) == []


def test_terminus_finds_the_fjord_front_within_half_a_pixel(qgis_app, tmp_path):
    fjord = generate_fjord(tmp_path / "fjord", FjordSpec(seed=1))
    reference = QgsVectorLayer(f"{fjord.front}|layername=front", "front", "ogr")
    result = run("terminus", {"INPUT": str(fjord.classes), "ICE_CLASSES": "2", "OCEAN_CLASSES": "3",
                              "MIN_LENGTH": 500, "SMOOTHING": 1, "REFERENCE": reference,
                              "OUTPUT": str(tmp_path / "fronts.gpkg")})
    assert result["LINES"] == 1 and result["MEAN_DISTANCE"] < 15
    fronts = QgsVectorLayer(result["FRONTS"], "fronts", "ogr")
    assert fronts.isValid() and fronts.crs().authid() == "EPSG:32624"
    assert next(fronts.getFeatures())["mean_distance_m"] < 15
    assert fronts.loadNamedStyle(str(STYLES / "terminus.qml"))[1]
