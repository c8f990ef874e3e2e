""""Classify selected glaciers" in a real headless QGIS: the selection of a real layer, the last used model
and inputs from QgsSettings, glacierdl:predict run through Processing in the background, outputs (cropped to
the buffered selection) loaded.

The model is the tiny pointwise ONNX fixture (tests/onnx_fixtures.py) on the synthetic scene's 5 bands.
"""
import json
import time

import numpy as np
import pytest
import rasterio
from qgis.core import QgsFeatureRequest, QgsGeometry, QgsProject, QgsRasterLayer, QgsSettings, QgsVectorLayer
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication
from rasterio.transform import Affine

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.gui.classify import LAST_PREDICT_KEY, SelectedGlaciersClassifier
from onnx_fixtures import ensemble_folder
from synthetic.glacier_scene import BANDS


class Iface:
    """The two things the action asks of QGIS's interface, backed by a real layer and message bar."""

    def __init__(self, layer):
        self.layer, self.bar = layer, QgsMessageBar()

    def activeLayer(self):
        return self.layer

    def messageBar(self):
        return self.bar


@pytest.fixture
def glaciers(qgis_app, scene):
    layer = QgsVectorLayer(str(scene.glaciers), "glaciers", "ogr")
    assert layer.isValid() and layer.featureCount() >= 3
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture
def last_predict(scene, tmp_path):
    meta = ModelMetadata(bands=tuple(f"scene:{b}" for b in BANDS), classes=("background", "glacier"),
                         chip_size=64, pixel_size=30.0, mean=(0.3,) * 5, std=(0.2,) * 5)
    model = ensemble_folder(tmp_path / "model", [((1, 1, 1, -1, -1), 0.0), ((1, 0.5, 1, -1, -0.5), 0.1)], meta)
    settings = QgsSettings()
    settings.setValue(LAST_PREDICT_KEY, json.dumps({"INPUTS": [str(scene.image)], "MODEL": str(model),
                                                   "DEVICE": "cpu", "TILE_SIZE": 64, "OVERLAP": 16, "BUFFER": 60.0}))
    yield model
    settings.remove(LAST_PREDICT_KEY)


def wait_for(results, timeout_s=120):
    deadline = time.monotonic() + timeout_s
    while not results:
        assert time.monotonic() < deadline, "timed out"
        QCoreApplication.processEvents()
        time.sleep(0.05)


def test_classify_selected_glaciers_predicts_only_around_the_selection_and_loads_the_outputs(
        glaciers, last_predict, scene):
    glaciers.selectByIds(sorted(f.id() for f in glaciers.getFeatures())[:2])
    iface = Iface(glaciers)
    classifier = SelectedGlaciersClassifier(iface, lambda name, parameters: pytest.fail("no dialog expected"))
    results = []
    classifier.done.connect(lambda ok, outputs: results.append((ok, outputs)))
    assert classifier.trigger() is not None
    wait_for(results)
    [(ok, outputs)] = results
    assert ok, [item.text() for item in iface.bar.items()]
    assert [item.text() for item in iface.bar.items()] == ["The selected glaciers were classified."]  # the
    # "Classifying 2 selected glaciers…" message went when the run ended
    loaded = {layer.source(): layer for layer in QgsProject.instance().mapLayers().values()
              if isinstance(layer, QgsRasterLayer)}
    assert outputs["OUTPUT_MEAN"] in loaded and outputs["OUTPUT_STD"] in loaded
    assert loaded[outputs["OUTPUT_MEAN"]].crs() == glaciers.crs()
    [group] = [g for g in QgsProject.instance().layerTreeRoot().findGroups() if g.name().startswith("Glacier DL model 2 selected glaciers ")]
    assert {node.layer().source() for node in group.findLayers()} >= {outputs["OUTPUT_MEAN"], outputs["OUTPUT_STD"]}
    selected = QgsGeometry.unaryUnion([f.geometry() for f in glaciers.getFeatures(
        QgsFeatureRequest().setFilterFids(glaciers.selectedFeatureIds()))]).buffer(60.0, 16).boundingBox()
    with rasterio.open(outputs["OUTPUT_MEAN"]) as mean, rasterio.open(scene.image) as image:
        col, row = ~image.transform * (selected.xMinimum(), selected.yMaximum())
        end_col, end_row = ~image.transform * (selected.xMaximum(), selected.yMinimum())
        offset = tuple(round(v) for v in ~image.transform * (mean.transform.c, mean.transform.f))
        assert mean.transform == image.transform * Affine.translation(*offset) and mean.crs == image.crs
        # the whole pixels covering the buffered selection (within a pixel: BUFFER is metres on the ground)
        assert np.allclose((offset[0], offset[1], offset[0] + mean.width, offset[1] + mean.height),
                           (col, row, end_col, end_row), atol=1)
        assert mean.width * mean.height < 0.5 * image.width * image.height
        values = mean.read(1, masked=True)
    valid = ~np.ma.getmaskarray(values)
    rows, cols = np.nonzero(valid)  # the crop is tight: buffered glacier pixels reach every edge
    assert rows.min() <= 1 and cols.min() <= 1 and rows.max() >= valid.shape[0] - 2 and cols.max() >= valid.shape[1] - 2
    assert 0.2 < valid.mean() < 1  # only the two selected glaciers and their 60 m buffers were computed
    assert 0 <= values.min() and values.max() <= 1


def test_without_a_selection_the_action_says_so(glaciers, last_predict):
    glaciers.removeSelection()
    iface = Iface(glaciers)
    classifier = SelectedGlaciersClassifier(iface, lambda name, parameters: pytest.fail("no dialog expected"))
    assert classifier.trigger() is None
    [item] = iface.bar.items()
    assert item.text() == "No glaciers are selected in 'glaciers': select the glaciers to classify first."


def test_without_an_earlier_prediction_the_action_opens_the_predict_dialog(glaciers):
    QgsSettings().remove(LAST_PREDICT_KEY)
    glaciers.selectByIds([next(glaciers.getFeatures()).id()])
    opened = []
    classifier = SelectedGlaciersClassifier(Iface(glaciers), lambda name, parameters: opened.append((name, parameters)))
    assert classifier.trigger() is None
    [(name, parameters)] = opened
    assert name == "predict" and parameters["GLACIERS"].source.staticValue() == glaciers.id()
    assert parameters["GLACIERS"].selectedFeaturesOnly
