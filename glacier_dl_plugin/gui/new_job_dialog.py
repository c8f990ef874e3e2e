"""The panel's "New background job…" dialog: a dataset folder, a model folder and the main settings.

It builds the same :class:`TrainConfig` as the Processing algorithm; the other settings keep their
defaults (the Processing dialog, "Train with all settings…", offers every parameter).
"""
from __future__ import annotations

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from ..core.config import TrainConfig

__all__ = ["NewJobDialog"]

DEVICES = ["auto", "cpu", "cuda"]


translate = QCoreApplication.translate  # always with the literal context "GlacierDL", which pylupdate5 extracts


class NewJobDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GlacierDLNewJob")
        self.setWindowTitle(translate("GlacierDL", "New background training job"))
        self.dataset = QgsFileWidget()
        self.dataset.setStorageMode(QgsFileWidget.GetDirectory)
        self.output = QgsFileWidget()
        self.output.setStorageMode(QgsFileWidget.SaveFile)
        self.members = QSpinBox(minimum=1, maximum=100, value=2)
        self.epochs = QSpinBox(minimum=1, maximum=10000, value=TrainConfig.epochs)
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        form = QFormLayout(self)
        form.addRow(translate("GlacierDL", "Dataset folder"), self.dataset)
        form.addRow(translate("GlacierDL", "Model folder"), self.output)
        form.addRow(translate("GlacierDL", "Ensemble members"), self.members)
        form.addRow(translate("GlacierDL", "Epochs"), self.epochs)
        form.addRow(translate("GlacierDL", "Device"), self.device)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def config(self) -> TrainConfig:
        """The chosen settings (raises ``InputError`` for unusable values)."""
        return TrainConfig(members=self.members.value(), epochs=self.epochs.value(),
                           device=self.device.currentText())
