"""glacierdl:createdataset inside a real headless QGIS: the new parameters as a user sets them, the styled
footprints, cancel, and errors that name the parameter."""
import csv
import json

import pytest
import rasterio
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)


def run(parameters, context=None, feedback=None):
    import processing

    return processing.run("glacierdl:createdataset", parameters, context=context, feedback=feedback)


@pytest.fixture(scope="module")
def scene_layers(qgis_app, scene):
    glaciers = QgsVectorLayer(f"{scene.glaciers}|layername=glaciers", "glaciers", "ogr")
    assert glaciers.isValid()
    QgsProject.instance().addMapLayer(glaciers)
    return glaciers


def test_classes_features_grid_sampling_and_a_target_resolution(scene_layers, scene, tmp_path):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    result = run({
        "INPUTS": [str(scene.image), str(scene.dem), str(scene.truth)], "GLACIERS": scene_layers,
        "ID_FIELD": "glacier_id", "CLASS_FIELD": "surface", "CLASS_MAP": "clean_ice=clean ice,debris=debris",
        "CHIP_SIZE": 32, "STRIDE": 32, "FOLDS": 2, "SAMPLING": "grid", "SPLIT": "random", "STRADDLE": "drop",
        "TARGET_CRS": "EPSG:32645", "TARGET_RESOLUTION": 60, "CATEGORICAL": "truth",
        "FEATURES": ["slope", "ndsi"], "DEM_BAND": "dem:elevation_m", "GREEN_BAND": "scene:green",
        "SWIR_BAND": "scene:swir", "MAX_NODATA": 0.3, "OUTPUT": str(tmp_path / "ds")}, context)
    description = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    assert description["classes"] == ["background", "clean ice", "debris"]
    assert description["bands"][-3:] == ["truth:class", "derived:slope", "derived:ndsi"]
    assert description["pixel_size"] == [60.0, 60.0]
    parameters = description["parameters"]
    assert parameters["sampling"] == "grid" and parameters["split"] == "random"
    assert [i["resampling"] for i in parameters["inputs"]] == ["bilinear", "bilinear", "nearest"]
    with open(tmp_path / "ds" / "manifest.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == result["CHIPS"] > 5 and all(r["straddles"] == "0" for r in rows)
    assert all(float(r["nodata_fraction"]) <= 0.3 for r in rows)
    with rasterio.open(tmp_path / "ds" / "images" / f"{rows[0]['id']}.tif") as src:
        assert src.res == (60.0, 60.0) and src.count == 9
    assert context.willLoadLayerOnCompletion(result["FOOTPRINTS"])
    footprints = QgsVectorLayer(result["FOOTPRINTS"], "footprints", "ogr")
    assert footprints.isValid() and footprints.featureCount() == len(rows)
    renderer = footprints.renderer()  # footprints.qml beside the GeoPackage is its default style
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "fold"
    assert "fraction_debris" in footprints.fields().names()


def test_cancel_leaves_no_dataset(scene_layers, scene, tmp_path):
    class CancelAtTenPercent(QgsProcessingFeedback):
        def setProgress(self, progress):
            super().setProgress(progress)
            if progress > 10:
                self.cancel()

    feedback = CancelAtTenPercent()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run({"INPUTS": [str(scene.image)], "GLACIERS": scene_layers, "CHIP_SIZE": 32, "STRIDE": 16, "FOLDS": 2,
             "OUTPUT": str(tmp_path / "ds")}, feedback=feedback)
    assert feedback.progress() > 10
    assert not (tmp_path / "ds").exists() or not any((tmp_path / "ds").iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_empty_selection_is_refused(scene_layers, scene, tmp_path):
    scene_layers.removeSelection()
    with pytest.raises(QgsProcessingException, match="GLACIERS: no feature to use"):
        run({"INPUTS": [str(scene.image)], "FOLDS": 1, "OUTPUT": str(tmp_path / "ds"),
             "GLACIERS": QgsProcessingFeatureSourceDefinition(scene_layers.id(), True)})


@pytest.mark.parametrize("parameters, message", [
    ({"CLASS_FIELD": "surface", "CLASS_MAP": "clean_ice=ice"}, "CLASS_MAP: the class field has values that do not "
                                                                "map: debris"),
    ({"FOLDS": 9}, "FOLDS: 9 folds need at least 9 glaciers"),
    ({"CHIP_SIZE": 1024}, "CHIP_SIZE: 1024 px is larger than the raster"),
    ({"MIN_CLASS_FRACTION": 1.0}, "MIN_CLASS_FRACTION: all .* chips were dropped"),
    ({"FEATURES": ["ndvi"]}, "NIR_BAND: is needed but empty"),
    ({"CATEGORICAL": "nope"}, "CATEGORICAL: 'nope' is not one of the input layers"),
])
def test_bad_parameters_are_named(scene_layers, scene, tmp_path, parameters, message):
    with pytest.raises(QgsProcessingException, match=message):
        run({"INPUTS": [str(scene.image)], "GLACIERS": scene_layers, "ID_FIELD": "glacier_id", "CHIP_SIZE": 64,
             "STRIDE": 64, "FOLDS": 2, "OUTPUT": str(tmp_path / "ds"), **parameters})
    assert not (tmp_path / "ds").exists() or not any((tmp_path / "ds").iterdir())


def test_geographic_dem_without_a_metric_resolution_is_refused(qgis_app, hintereisferner, tmp_path):
    outline = QgsVectorLayer(str(hintereisferner["outline"]), "hef", "ogr")
    with pytest.raises(QgsProcessingException, match="TARGET_RESOLUTION: the target grid would be in a geographic"):
        run({"INPUTS": [str(hintereisferner["dem"])], "GLACIERS": outline, "FOLDS": 1,
             "OUTPUT": str(tmp_path / "ds")})
    result = run({"INPUTS": [str(hintereisferner["dem"])], "GLACIERS": outline, "FOLDS": 1, "CHIP_SIZE": 32,
                  "STRIDE": 32, "TARGET_CRS": "EPSG:32632", "TARGET_RESOLUTION": 25,
                  "REGRESSION_TARGET": str(hintereisferner["thickness"]), "OUTPUT": str(tmp_path / "hef")})
    description = json.loads((tmp_path / "hef" / "dataset.json").read_text())
    assert description["task"] == "regression" and result["CHIPS"] > 0
