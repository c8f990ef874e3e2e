""""Classify selected glaciers": ``glacierdl:predict`` on the selected polygons of the active layer.

The model and inputs are those of the last successful predict run, which the predict algorithm stores as
JSON in the ``QgsSettings`` key ``glacier_dl/last_predict`` (``INPUTS``, ``MODEL``, ``DEVICE``,
``TILE_SIZE``, ``OVERLAP``). The run goes through Processing like every other entry (one execution path):
an :class:`AlgorithmTask` in the background, then Processing's own result handling loads the
outputs (styled, as the algorithm asks) on the main thread.
"""
from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayer,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterDefinition,
    QgsProject,
    QgsSettings,
    QgsWkbTypes,
)
from qgis.gui import QgsMessageBarItem
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from .algorithm_task import AlgorithmTask

__all__ = ["LAST_PREDICT_KEY", "SelectedGlaciersClassifier", "last_predict", "classify_parameters"]

LAST_PREDICT_KEY = "glacier_dl/last_predict"
REMEMBERED = ("INPUTS", "MODEL", "DEVICE", "TILE_SIZE", "OVERLAP", "BUFFER")
ALGORITHM = "glacierdl:predict"
TITLE = "Glacier DL"  # the plugin's name, not translated


translate = QCoreApplication.translate  # always with the literal context "GlacierDL", which pylupdate5 extracts


def last_predict() -> dict | None:
    """The parameters of the last successful predict run, or None when there was none (or it is unreadable)."""
    text = QgsSettings().value(LAST_PREDICT_KEY, "")
    try:
        stored = json.loads(text) if text else None
    except (TypeError, ValueError):
        return None
    return stored if isinstance(stored, dict) and stored.get("MODEL") and stored.get("INPUTS") else None


def selection_problem(layer: QgsMapLayer | None) -> str | None:
    """Why ``layer`` cannot be classified (no polygon layer, nothing selected), or None."""
    polygons = layer is not None and layer.type() == QgsMapLayer.VectorLayer and (
        layer.geometryType() == QgsWkbTypes.PolygonGeometry)
    if not polygons:
        return translate("GlacierDL",
                         "Make a glacier polygon layer the active layer and select the glaciers to classify.")
    if layer.selectedFeatureCount() == 0:
        return translate("GlacierDL", "No glaciers are selected in '{}': select the glaciers to classify "
                                      "first.").format(layer.name())
    return None


def classify_parameters(last: dict, layer: QgsMapLayer) -> dict:
    """Predict parameters: the remembered model and inputs, the layer's selected polygons, and every required
    output as a temporary file loaded into the project when done (as the Processing dialog does)."""
    parameters = {key: last[key] for key in REMEMBERED if key in last}
    parameters["GLACIERS"] = QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True)
    algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHM)
    for output in algorithm.destinationParameterDefinitions():
        if not output.flags() & QgsProcessingParameterDefinition.FlagOptional:
            parameters[output.name()] = QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance())
    return parameters


class SelectedGlaciersClassifier(QObject):
    """The action's logic. ``iface`` needs ``activeLayer()`` and ``messageBar()``; ``open_dialog(name,
    parameters)`` opens a Processing dialog. ``done(ok, results)`` is emitted after the layers are loaded."""

    done = pyqtSignal(bool, dict)

    def __init__(self, iface, open_dialog: Callable[[str, dict], None]) -> None:
        super().__init__()
        self.iface, self.open_dialog = iface, open_dialog
        self.running: list[AlgorithmTask] = []  # must outlive the background run

    def trigger(self) -> AlgorithmTask | None:
        layer = self.iface.activeLayer()
        problem = selection_problem(layer)
        if problem:
            self.iface.messageBar().pushWarning(TITLE, problem)
            return None
        last = last_predict()
        if last is None:  # nothing to repeat yet: the user chooses model and inputs once
            self.open_dialog("predict", {"GLACIERS": QgsProcessingFeatureSourceDefinition(
                layer.id(), selectedFeaturesOnly=True)})
            return None
        return self.start(layer, last)

    def start(self, layer: QgsMapLayer, last: dict) -> AlgorithmTask:
        """Run predict in the background on the selected glaciers of ``layer``."""
        run = AlgorithmTask(ALGORITHM, classify_parameters(last, layer))
        self.running.append(run)
        run.completed.connect(lambda ok, _text, r=run: self._executed(r, ok))
        run.start()
        run.message = QgsMessageBarItem(TITLE, translate("GlacierDL", "Classifying {} selected glaciers…").format(
            layer.selectedFeatureCount()), Qgis.Info, 0)  # taken away again when the run ends
        self.iface.messageBar().pushItem(run.message)
        return run

    def _executed(self, run: AlgorithmTask, ok: bool) -> None:
        from processing.gui.Postprocessing import handleAlgorithmResults

        self.running.remove(run)
        bar = self.iface.messageBar()
        with contextlib.suppress(RuntimeError, TypeError):  # the user may have closed it already
            bar.popWidget(run.message)
        if ok:
            handleAlgorithmResults(run.algorithm, run.context, run.feedback)
            bar.pushSuccess(TITLE, translate("GlacierDL", "The selected glaciers were classified."))
        else:
            bar.pushCritical(TITLE, translate("GlacierDL", "Classifying the selected glaciers failed: see the "
                                                           "Processing log."))
        self.done.emit(ok, run.results)
