"""Enum parameters shown by readable, translated labels while their values stay the static option names.

QGIS 3.22's enum widgets show the option strings themselves; with ``usesStaticStrings`` those are the names
qgis_process, batch files and models take (``hann``, ``fp32``). :func:`labelled` points a definition's
``widget_wrapper`` metadata at :class:`enum_widget.LabelledEnumWrapper`, which the Processing dialogs then build
instead of QGIS's enum widget (see there). The labels are :data:`core.config.choices.LABELS`, translated under
``GlacierDLChoices``. This module imports no GUI code (qgis_process declares the parameters too).
"""
from __future__ import annotations

from qgis.core import QgsProcessingParameterEnum
from qgis.PyQt.QtCore import QCoreApplication

from ..core.config.choices import LABEL_CONTEXT, labels_of

__all__ = ["WRAPPER", "label_of", "labelled"]

WRAPPER = f"{__package__}.enum_widget.LabelledEnumWrapper"
"""The class path the metadata names (a string: models and ``qgis_process help --json`` serialise it)."""


def label_of(options: list[str] | tuple[str, ...], name: str) -> str:
    """The translated label of option ``name`` of the list ``options``; the name itself when it has none."""
    english = labels_of(tuple(options)).get(name)
    return QCoreApplication.translate(LABEL_CONTEXT, english) if english else name


def labelled(definition: QgsProcessingParameterEnum) -> QgsProcessingParameterEnum:
    """``definition``, shown by labels in the dialogs when its options have labels (else left as it is)."""
    if labels_of(tuple(definition.options())):
        definition.setMetadata({**definition.metadata(), "widget_wrapper": {"class": WRAPPER}})
    return definition
