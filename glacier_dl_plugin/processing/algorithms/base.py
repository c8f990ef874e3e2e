"""What every Glacier DL algorithm shares: naming, translation, feedback adapters, error translation."""
from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from qgis.core import (
    NULL,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProject,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ...core.config.choices import DEVICES
from ...core.config.fields import choices, convert, default, field_type, limits, parameter
from ...core.errors import CancelledError, GlacierDLError, InputError
from ...core.geo.glaciers import GlacierRecord
from ...core.geo.raster_stack import RasterInput
from ...core.progress import Monitor
from ...styles import style_path

_ICON = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"
_KEEP_ALIVE: list = []  # post-processors must outlive the algorithm run (QGIS holds no Python reference)
ID_CANDIDATES = ("RGIId", "rgi_id", "glacier_id", "GLIMSId", "id")  # usual glacier id fields


class GlacierDLAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``NAME``, ``DISPLAY`` and ``HELP`` and implement the usual two methods."""

    NAME = ""
    DISPLAY = ""
    HELP = ""

    def tr(self, text: str) -> str:
        """``text`` translated under the context pylupdate5 files it in: the name of the class whose source
        holds the string (``self.tr("…")`` in an algorithm: that algorithm's class; in this file:
        ``GlacierDLAlgorithm``). DISPLAY, HELP and helper labels, which pylupdate5 cannot see, are
        extracted under their class by ``i18n/update_ts.py``."""
        for cls in type(self).__mro__:
            translated = QCoreApplication.translate(cls.__name__, text)
            if translated != text or cls is GlacierDLAlgorithm:
                return translated
        return text

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

    def add_device(self, config: type | None = None) -> None:
        """DEVICE enum that qgis_process also accepts by name (auto, cpu, cuda); the default is ``config``'s."""
        device = QgsProcessingParameterEnum("DEVICE", self.tr("Device"), list(DEVICES),
                                            defaultValue=default(config, "device") if config else DEVICES[0])
        device.setUsesStaticStrings(True)
        self.addParameter(device)

    def number(self, config: type, field: str, label: str, optional: bool = False) -> QgsProcessingParameterNumber:
        """The number parameter of ``config``'s ``field``: its name, type, default and range come from the field."""
        kind = field_type(config, field)
        integer = kind is int
        bounds = limits(config, field)
        extra = {}
        if bounds is not None and bounds.minimum is not None:  # Processing bounds are inclusive: the config
            extra["minValue"] = bounds.minimum + (1 if integer and bounds.open_min else 0)  # checks the rest
        if bounds is not None and bounds.maximum is not None:
            extra["maxValue"] = bounds.maximum - (1 if integer and bounds.open_max else 0)
        return QgsProcessingParameterNumber(
            parameter(config, field), self.tr(label),
            QgsProcessingParameterNumber.Integer if integer else QgsProcessingParameterNumber.Double,
            default(config, field), optional=optional, **extra)

    def enum(self, config: type, field: str, label: str) -> QgsProcessingParameterEnum:
        """The enum parameter of ``config``'s ``field`` (several values for a tuple field), by name in
        qgis_process; options and default come from the field."""
        value = default(config, field)
        multiple = isinstance(value, tuple)
        enum = QgsProcessingParameterEnum(parameter(config, field), self.tr(label), list(choices(config, field)),
                                          allowMultiple=multiple, defaultValue=list(value) if multiple else value,
                                          optional=multiple)
        enum.setUsesStaticStrings(True)
        return enum

    def flag(self, config: type, field: str, label: str) -> QgsProcessingParameterBoolean:
        return QgsProcessingParameterBoolean(parameter(config, field), self.tr(label), default(config, field))

    def config_from(self, config: type, parameters, context, **given):
        """``config`` built from the parameters named like its fields (and ``given`` values), validated.

        Raises:
            InputError: a value the configuration rejects, named by its parameter.
        """
        values = {}
        for field in dataclasses.fields(config):
            definition = self.parameterDefinition(parameter(config, field.name))
            if field.name not in given and definition is not None:
                values[field.name] = self._value(definition, config, field.name, parameters, context)
        return config(**values, **given)

    def _value(self, definition, config: type, field: str, parameters, context):
        name = definition.name()
        if isinstance(definition, QgsProcessingParameterEnum):
            if definition.allowMultiple():
                return tuple(self.parameterAsEnumStrings(parameters, name, context))
            return self.parameterAsEnumString(parameters, name, context)
        if isinstance(definition, QgsProcessingParameterBoolean):
            return self.parameterAsBool(parameters, name, context)
        if isinstance(definition, QgsProcessingParameterNumber):
            if parameters.get(name) in (None, "") and definition.defaultValue() is None:
                return None
            integer = definition.dataType() == QgsProcessingParameterNumber.Integer
            return (self.parameterAsInt if integer else self.parameterAsDouble)(parameters, name, context)
        text = (self.parameterAsString(parameters, name, context) or "").strip()
        return convert(field_type(config, field), text, name)  # lists of numbers, text, optional text

    def add_advanced(self, *parameters: QgsProcessingParameterDefinition) -> None:
        for definition in parameters:
            definition.setFlags(definition.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(definition)


def monitor_for(feedback: QgsProcessingFeedback) -> Monitor:
    """Progress, log and cancel callables that talk to the Processing feedback object."""
    return Monitor(progress=feedback.setProgress, log=feedback.pushInfo, is_cancelled=feedback.isCanceled,
                   warn=feedback.pushWarning)


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
        raise QgsProcessingException("Cancelled by the user; no output was written.") from None
    except InputError as error:
        raise QgsProcessingException(str(error)) from error
    except GlacierDLError as error:
        raise QgsProcessingException(str(error)) from error


class _StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Applies a QML style to a layer QGIS loads at the end of a run and, if given, moves it into a group."""

    def __init__(self, style: str, group: str = "") -> None:
        super().__init__()
        self.style, self.group = style, group

    def postProcessLayer(self, layer, context, feedback) -> None:
        if layer is None:
            return
        layer.loadNamedStyle(self.style)
        layer.triggerRepaint()
        if self.group:
            _move_into_group(layer, self.group, context)


def _move_into_group(layer, group_name: str, context: QgsProcessingContext) -> None:
    root = (context.project() or QgsProject.instance()).layerTreeRoot()
    node = root.findLayer(layer.id())
    if node is None:
        return
    group = root.findGroup(group_name) or root.insertGroup(0, group_name)
    group.addChildNode(node.clone())
    node.parent().removeChildNode(node)


def style_on_load(context: QgsProcessingContext, path: str, style_name: str, group: str = "") -> None:
    """When QGIS loads ``path`` at the end of the run, apply the named QML style (and put it in ``group``)."""
    if context.willLoadLayerOnCompletion(path):
        loader = _StyleLoader(str(style_path(style_name)), group)
        _KEEP_ALIVE.append(loader)
        context.layerToLoadOnCompletionDetails(path).setPostProcessor(loader)


def load_styled_on_completion(context: QgsProcessingContext, uri: str, name: str, style_name: str) -> None:
    """Have QGIS add ``uri`` (an output that is not a declared destination) to the project, styled, when the
    run ends."""
    details = QgsProcessingContext.LayerDetails(name, context.project(), name)
    loader = _StyleLoader(str(style_path(style_name)))
    _KEEP_ALIVE.append(loader)
    details.setPostProcessor(loader)
    context.addLayerToLoadOnCompletion(uri, details)


def id_field_of(fields, requested: str) -> str:
    """The requested id field, else the first usual glacier id field present, else '' (feature ids)."""
    return requested or next((n for n in ID_CANDIDATES if n in fields.names()), "")


def glacier_records(features, id_field: str, class_field: str = "") -> list[GlacierRecord]:
    """One record (id, WKB geometry, class value) per feature with a geometry; the feature id stands in when
    there is no id field."""
    records = []
    for feature in features:
        if not feature.hasGeometry():
            continue
        value = feature[class_field] if class_field else None
        value = None if value == NULL else str(value)  # NULL attributes compare equal to None and NULL
        records.append(GlacierRecord(str(feature[id_field] if id_field else feature.id()),
                                     bytes(feature.geometry().asWkb()), value))
    return records
