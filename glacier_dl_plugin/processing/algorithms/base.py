"""What every Glacier DL algorithm shares: naming, translation, feedback adapters, error translation."""
from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ...core.atomic import check_outputs
from ...core.config.choices import DEVICES
from ...core.config.fields import choices, convert, default, field_type, limits, parameter
from ...core.errors import CancelledError, GlacierDLError, InputError
from ...core.progress import Monitor, SignalStop
from ..enum_labels import labelled
from .layers import glacier_records, id_field_of, layer_problem, raster_inputs  # noqa: F401 (re-exported)
from .loading import load_styled_on_completion, style_on_load  # noqa: F401 (re-exported)
from .parameter_values import checked_values, choice_of, record_limits, typed_value

_RESOURCES = Path(__file__).resolve().parents[2] / "resources"
# one icon per family of algorithms (resources/*.svg): dataset, training, prediction; the rest assess outputs
_FAMILY_ICONS = {"createdataset": "dataset.svg", "trainensemble": "train.svg", "predict": "predict.svg",
                 "predictregion": "predict.svg", "predictimages": "predict.svg"}


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

    def checkParameterValues(self, parameters, context):
        """Numbers and choices by the configuration's rules first (the parameter, the value found and the values
        allowed: :func:`parameter_values.checked_values`), then QGIS's checks, with a layer path that cannot be
        used named and explained (not found, unreadable) instead of QGIS's bare 'Incorrect parameter value for
        INPUTS'."""
        try:
            parameters = checked_values(self.parameterDefinitions(), parameters)
        except InputError as error:
            return False, str(error)
        ok, message = super().checkParameterValues(parameters, context)
        return (True, message) if ok else (False, layer_problem(self, parameters, context) or message)

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
        """The icon of the algorithm's family (:data:`_FAMILY_ICONS`; assessment otherwise)."""
        return QIcon(str(_RESOURCES / _FAMILY_ICONS.get(self.NAME, "assess.svg")))

    def add_int(self, name: str, label: str, default: int, minimum: int) -> None:
        self.addParameter(QgsProcessingParameterNumber(
            name, self.tr(label), QgsProcessingParameterNumber.Integer, default, minValue=minimum))

    def add_device(self, config: type | None = None) -> None:
        """DEVICE: the list offers auto, cpu and cuda; typed (qgis_process, processing.run) it also takes
        ``cuda:N`` (GPU N) and the positions ``qgis_process help`` lists (``1`` is cpu, not GPU 1); read it with
        :meth:`enum_value`. The default is ``config``'s."""
        device = QgsProcessingParameterEnum("DEVICE", self.tr("Device"), list(DEVICES),
                                            defaultValue=default(config, "device") if config else DEVICES[0])
        device.setUsesStaticStrings(True)
        self.addParameter(labelled(device))

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
        definition = QgsProcessingParameterNumber(
            parameter(config, field), self.tr(label),
            QgsProcessingParameterNumber.Integer if integer else QgsProcessingParameterNumber.Double,
            default(config, field), optional=optional, **extra)
        record_limits(definition, bounds)  # checkParameterValues says the field's range, open ends included
        return definition

    def enum(self, config: type, field: str, label: str) -> QgsProcessingParameterEnum:
        """The enum parameter of ``config``'s ``field`` (several values for a tuple field), by name in
        qgis_process; options and default come from the field. Dialogs show the options by their translated labels
        (:mod:`..enum_labels`); the values stay the names."""
        value = default(config, field)
        multiple = isinstance(value, tuple)
        enum = QgsProcessingParameterEnum(parameter(config, field), self.tr(label), list(choices(config, field)),
                                          allowMultiple=multiple, defaultValue=list(value) if multiple else value,
                                          optional=multiple)
        enum.setUsesStaticStrings(True)
        return labelled(enum)

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
            return self.enum_value(parameters, name, context)
        if isinstance(definition, QgsProcessingParameterBoolean):
            return self.parameterAsBool(parameters, name, context)
        if isinstance(definition, QgsProcessingParameterNumber):
            if parameters.get(name) in (None, "") and definition.defaultValue() is None:
                return None
            integer = definition.dataType() == QgsProcessingParameterNumber.Integer
            return (self.parameterAsInt if integer else self.parameterAsDouble)(parameters, name, context)
        text = (self.parameterAsString(parameters, name, context) or "").strip()
        return convert(field_type(config, field), text, name)  # lists of numbers, text, optional text

    def add_overwrite(self) -> None:
        """OVERWRITE, in every algorithm that writes files: off, existing outputs are refused (core.atomic)."""
        self.addParameter(QgsProcessingParameterBoolean("OVERWRITE", self.tr("Replace outputs that already exist"),
                                                        False))

    def check_outputs(self, parameters, context, files: dict[str, str], folders: dict[str, str] | None = None) -> None:
        """The output rule (core.atomic) before any work; ``files``/``folders`` map output parameters to paths
        (empty: an optional output left out). Raises InputError naming the parameter, the path and the fix."""
        check_outputs({k: v for k, v in files.items() if v}, self.parameterAsBool(parameters, "OVERWRITE", context),
                      {k: v for k, v in (folders or {}).items() if v})

    def enum_value(self, parameters, name: str, context) -> str | tuple[str, ...]:
        """The option name(s) of enum ``name`` as typed: names or listed positions (``FEATURES=0,1``), DEVICE also
        ``cuda:N``; a tuple for a multiple choice. Checked by :meth:`checkParameterValues` beforehand."""
        definition = self.parameterDefinition(name)
        value = typed_value(parameters, name)
        if value is not None and definition.usesStaticStrings():
            return choice_of(definition, value)
        if definition.allowMultiple():
            return tuple(self.parameterAsEnumStrings(parameters, name, context))
        return self.parameterAsEnumString(parameters, name, context)

    def add_advanced(self, *parameters: QgsProcessingParameterDefinition) -> None:
        for definition in parameters:
            definition.setFlags(definition.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(definition)


def monitor_for(feedback: QgsProcessingFeedback) -> Monitor:
    """Progress, log and cancel callables that talk to the Processing feedback object."""
    return Monitor(progress=feedback.setProgress, log=feedback.pushInfo, is_cancelled=feedback.isCanceled,
                   warn=feedback.pushWarning)


@contextlib.contextmanager
def core_errors(feedback: QgsProcessingFeedback) -> Iterator[None]:
    """Turn Glacier DL errors into QgsProcessingException; a cancel is reported, not raised as a failure.

    Inside, SIGTERM, SIGINT and SIGHUP cancel the run like the Cancel button (see :func:`stop_on_signals`).
    """
    stop = SignalStop(lambda signum: feedback.cancel())
    with stop_on_signals(stop):
        try:
            yield
        except CancelledError:
            feedback.cancel()  # a cancel, also when the run was stopped elsewhere (the panel, a signal): the
            # Processing dialog and task manager then report it as cancelled, not as a failure
            by = stop.name or "the user"
            feedback.reportError(f"Cancelled by {by}: nothing was written.", fatalError=False)
            raise QgsProcessingException(f"Cancelled by {by}; no output was written.") from None
        except InputError as error:
            raise QgsProcessingException(str(error)) from error
        except GlacierDLError as error:
            raise QgsProcessingException(str(error)) from error
        except OSError as error:  # a disk filling up or a folder vanishing mid-run: no traceback, what and why
            raise QgsProcessingException(f"Reading or writing a file failed: {error}. Check the free disk space "
                                         "and the permissions of the output folder, then run again.") from error


def stop_on_signals(stop: SignalStop) -> contextlib.AbstractContextManager:
    """``stop``'s handlers while core work runs, except in the desktop application (which keeps its own
    signal handling; its algorithms run in background threads, where Python cannot handle signals anyway).
    In qgis_process the algorithm runs in the main thread: a signal cancels the run, whose partial outputs
    are removed, and the process exits with an error saying so."""
    return contextlib.nullcontext() if QgsApplication.platform() == "desktop" else stop.installed()
