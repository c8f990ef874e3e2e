"""What every Glacier DL algorithm shares: naming, translation, feedback adapters, error translation."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ...core.errors import CancelledError, GlacierDLError, InputError
from ...core.progress import Monitor
from ...core.raster_stack import RasterInput

_ICON = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"
_KEEP_ALIVE: list = []  # post-processors must outlive the algorithm run (QGIS holds no Python reference)
DEVICES = ["auto", "cpu", "cuda"]


class GlacierDLAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``NAME``, ``DISPLAY`` and ``HELP`` and implement the usual two methods."""

    NAME = ""
    DISPLAY = ""
    HELP = ""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("GlacierDL", text)

    def createInstance(self):
        return type(self)()

    def name(self) -> str:
        return self.NAME

    def displayName(self) -> str:
        return self.tr(self.DISPLAY)

    def group(self) -> str:
        return self.tr("Glacier mapping")

    def groupId(self) -> str:
        return "glaciermapping"

    def shortHelpString(self) -> str:
        return self.tr(self.HELP)

    def icon(self) -> QIcon:
        return QIcon(str(_ICON))

    def add_int(self, name: str, label: str, default: int, minimum: int) -> None:
        self.addParameter(QgsProcessingParameterNumber(
            name, self.tr(label), QgsProcessingParameterNumber.Integer, default, minValue=minimum))

    def add_device(self) -> None:
        """DEVICE enum that qgis_process also accepts by name (auto, cpu, cuda)."""
        device = QgsProcessingParameterEnum("DEVICE", self.tr("Device"), DEVICES, defaultValue="auto")
        device.setUsesStaticStrings(True)
        self.addParameter(device)

    def add_advanced(self, *parameters: QgsProcessingParameterDefinition) -> None:
        for parameter in parameters:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(parameter)


def monitor_for(feedback: QgsProcessingFeedback) -> Monitor:
    """Progress, log and cancel callables that talk to the Processing feedback object."""
    return Monitor(progress=feedback.setProgress, log=feedback.pushInfo, is_cancelled=feedback.isCanceled)


def raster_inputs(layers) -> list[RasterInput]:
    """File-backed raster layers as core inputs (band names use the layer names)."""
    inputs = []
    for layer in layers:
        source = layer.source().split("|")[0]
        if layer.providerType() != "gdal":
            raise QgsProcessingException(
                f"INPUTS: layer '{layer.name()}' is not a file raster ({layer.providerType()}). "
                "Save it as a GeoTIFF first (Export > Save As)."
            )
        inputs.append(RasterInput(source, layer.name()))
    return inputs


@contextlib.contextmanager
def core_errors(feedback: QgsProcessingFeedback) -> Iterator[None]:
    """Turn Glacier DL errors into QgsProcessingException; a cancel is reported, not raised as a failure."""
    try:
        yield
    except CancelledError:
        feedback.reportError("Cancelled: nothing was written.", fatalError=False)
        raise QgsProcessingException("Cancelled by the user; no output was written.")
    except InputError as error:
        raise QgsProcessingException(str(error)) from error
    except GlacierDLError as error:
        raise QgsProcessingException(str(error)) from error


class _StyleLoader(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, style: str) -> None:
        super().__init__()
        self.style = style

    def postProcessLayer(self, layer, context, feedback) -> None:
        if layer is not None:
            layer.loadNamedStyle(self.style)
            layer.triggerRepaint()


def style_on_load(context: QgsProcessingContext, path: str, style_name: str) -> None:
    """When QGIS loads ``path`` at the end of the run, apply the named QML style from resources/styles."""
    from ...styles import style_path

    if context.willLoadLayerOnCompletion(path):
        loader = _StyleLoader(str(style_path(style_name)))
        _KEEP_ALIVE.append(loader)
        context.layerToLoadOnCompletionDetails(path).setPostProcessor(loader)
