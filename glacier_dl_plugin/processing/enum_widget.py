"""The dialog widget of a labelled enum parameter (:func:`enum_labels.labelled`).

- standard and batch dialogs: a combo box (a checkable one for a multiple choice) whose item text is the
  translated label and whose item data (and tooltip) is the option name; the value read back is the name (a
  list of names for a multiple choice), so runs, batch files and the history hold the names;
- modeler: QGIS's own modeler widget (static value, model input or algorithm output), showing the names.
"""
from __future__ import annotations

from processing.gui.wrappers import DIALOG_BATCH, WidgetWrapper
from qgis.core import QgsProcessingParameterDefinition
from qgis.gui import QgsCheckableComboBox, QgsGui
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QComboBox

from ..core.errors import InputError
from .algorithms.parameter_values import choice_of
from .enum_labels import label_of

__all__ = ["LabelledEnumWrapper"]


class LabelledEnumWrapper(WidgetWrapper):
    """Widget wrapper of a labelled enum parameter (see the module docstring)."""

    def __new__(cls, param, dialog, row=0, col=0, **kwargs):
        """The C++ modeler widget in the modeler (its value sources need it), else a new wrapper."""
        if dialog.__class__.__name__ == "ModelerParametersDialog":
            widget = QgsGui.processingGuiRegistry().createModelerParameterWidget(dialog.model, dialog.childId,
                                                                                 param, dialog.context)
            widget.setDialog(dialog)
            return widget
        return super().__new__(cls)

    def createWidget(self, **kwargs):
        definition = self.parameterDefinition()
        options = definition.options()
        if definition.allowMultiple():
            widget = QgsCheckableComboBox()
            for name in options:
                widget.addItemWithCheckState(label_of(options, name), Qt.Unchecked, name)
            widget.checkedItemsChanged.connect(lambda _items: self.widgetValueHasChanged.emit(self))
        else:
            widget = QComboBox()
            optional = bool(definition.flags() & QgsProcessingParameterDefinition.FlagOptional)
            if optional or self.dialogType == DIALOG_BATCH and definition.defaultValue() is None:
                widget.addItem(self.tr("[Not selected]") if optional else "", None)
            for name in options:
                widget.addItem(label_of(options, name), name)
            widget.currentIndexChanged.connect(lambda _index: self.widgetValueHasChanged.emit(self))
        for index, name in enumerate(options):  # the name a batch file or qgis_process takes, on hovering
            widget.setItemData(index + widget.count() - len(options), name, Qt.ToolTipRole)
        return widget

    def setValue(self, value):
        """Select ``value``: option name(s) or positions, a list or comma-separated text; else nothing changes."""
        if value is None or value == [] or value == "":
            if self.parameterDefinition().allowMultiple() and value is not None:
                self.widget.deselectAllOptions()
            return
        try:
            names = choice_of(self.parameterDefinition(), value)
        except InputError:
            return
        if self.parameterDefinition().allowMultiple():
            for index in range(self.widget.count()):
                self.widget.setItemCheckState(index, Qt.Checked if self.widget.itemData(index) in names else Qt.Unchecked)
        else:
            name = names[0] if isinstance(names, tuple) else names
            if self.widget.findData(name) < 0:  # a valid value the list does not offer (DEVICE cuda:1, from
                self.widget.addItem(name, name)  # the history): shown as typed
            self.widget.setCurrentIndex(self.widget.findData(name))

    def value(self):
        """The option name (None when not selected); a list of names for a multiple choice."""
        if self.parameterDefinition().allowMultiple():
            return [str(name) for name in self.widget.checkedItemsData()]
        return self.widget.currentData()
