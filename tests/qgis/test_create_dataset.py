"""glacierdl:createdataset inside a real headless QGIS: the new parameters as a user sets them, the styled
footprints, progress and cancel while planning and while writing chips, and errors that name the parameter."""
import csv
import json

import pytest
import rasterio
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingParameterDefinition,
    QgsProject,
    QgsVectorLayer,
)

from glacier_dl_plugin.core.dataset.build import PLANNED


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


class CancelAbove(QgsProcessingFeedback):
    """Records every progress value, with whether the output's parent folder holds anything yet (the run's
    temporary folder), and cancels once progress passes ``percent``."""

    def __init__(self, percent, parent):
        super().__init__()
        self.percent, self.parent, self.values = percent, parent, []

    def setProgress(self, progress):
        super().setProgress(progress)
        self.values.append((progress, any(self.parent.iterdir())))
        if progress > self.percent:
            self.cancel()


def cancelled_run(scene_layers, scene, folder, percent):
    feedback = CancelAbove(percent, folder.parent)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run({"INPUTS": [str(scene.image)], "GLACIERS": scene_layers, "CHIP_SIZE": 32, "STRIDE": 16, "FOLDS": 2,
             "OUTPUT": str(folder)}, feedback=feedback)
    assert list(folder.parent.iterdir()) == []  # no dataset folder, no hidden temporary one
    return feedback.values


def test_cancel_while_writing_chips_leaves_no_dataset(scene_layers, scene, tmp_path):
    values = cancelled_run(scene_layers, scene, tmp_path / "ds", 50)
    assert values[-1][0] > 50 and values[-1][1]  # cancelled with chips written into the temporary folder


def test_planning_moves_the_progress_bar_and_can_be_cancelled(scene_layers, scene, tmp_path):
    values = cancelled_run(scene_layers, scene, tmp_path / "ds", PLANNED / 2)
    percents = [v for v, _ in values]
    assert percents == sorted(percents) and max(percents) < PLANNED
    assert not any(claimed for _, claimed in values)  # all of it during planning, before any folder existed
    assert len(set(percents)) > 10  # placing chips glacier by glacier


def test_role_band_parameters_are_optional_advanced_strings(qgis_app):
    algorithm = QgsApplication.processingRegistry().algorithmById("glacierdl:createdataset")
    for role in ("DEM", "GREEN", "RED", "NIR", "SWIR"):
        parameter = algorithm.parameterDefinition(f"{role}_BAND")
        assert parameter.type() == "string" and parameter.defaultValue() == ""
        assert parameter.description() == f"{role} band for derived features (name or index)"
        assert parameter.flags() & QgsProcessingParameterDefinition.FlagOptional
        assert parameter.flags() & QgsProcessingParameterDefinition.FlagAdvanced


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


def test_geographic_dem_needs_a_metric_resolution_only_for_another_geographic_crs(qgis_app, hintereisferner,
                                                                                 tmp_path):
    outline = QgsVectorLayer(str(hintereisferner["outline"]), "hef", "ogr")
    with pytest.raises(QgsProcessingException, match="TARGET_RESOLUTION: the target grid would be in a geographic"):
        run({"INPUTS": [str(hintereisferner["dem"])], "GLACIERS": outline, "FOLDS": 1, "TARGET_CRS": "EPSG:4258",
             "OUTPUT": str(tmp_path / "ds")})
    native = run({"INPUTS": [str(hintereisferner["dem"])], "GLACIERS": outline, "FOLDS": 1, "CHIP_SIZE": 32,
                  "STRIDE": 16, "OUTPUT": str(tmp_path / "native")})
    assert native["CHIPS"] > 0
    result = run({"INPUTS": [str(hintereisferner["dem"])], "GLACIERS": outline, "FOLDS": 1, "CHIP_SIZE": 32,
                  "STRIDE": 32, "TARGET_CRS": "EPSG:32632", "TARGET_RESOLUTION": 25,
                  "REGRESSION_TARGET": str(hintereisferner["thickness"]), "OUTPUT": str(tmp_path / "hef")})
    description = json.loads((tmp_path / "hef" / "dataset.json").read_text())
    assert description["task"] == "regression" and result["CHIPS"] > 0
