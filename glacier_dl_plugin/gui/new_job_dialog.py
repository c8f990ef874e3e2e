"""The panel's "New background job…" dialog: a dataset folder, a model folder and the main settings.

It fills in parameters of ``glacierdl:trainensemble``, which the panel runs in the background exactly as the
toolbox does; the other parameters keep their defaults ("Train in background…" offers every parameter).
Defaults, ranges and device choices are those of :class:`TrainConfig`.
"""
from __future__ import annotations

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from ..core.config import TrainConfig, default
from ..core.config.choices import DEVICES
from ..core.config.fields import limits

__all__ = ["NewJobDialog"]

_MOST = 10_000  # spin boxes need an upper end; the configuration has none for these counts

translate = QCoreApplication.translate  # always with the literal context "GlacierDL", which pylupdate5 extracts


def _spin_box(field: str) -> QSpinBox:
    """A spin box with the field's default and range."""
    return QSpinBox(minimum=int(limits(TrainConfig, field).minimum), maximum=_MOST, value=default(TrainConfig, field))


class NewJobDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GlacierDLNewJob")
        self.setWindowTitle(translate("GlacierDL", "New background training job"))
        self.dataset = QgsFileWidget()
        self.dataset.setStorageMode(QgsFileWidget.GetDirectory)
        self.output = QgsFileWidget()
        self.output.setStorageMode(QgsFileWidget.SaveFile)
        self.members = _spin_box("members")
        self.epochs = _spin_box("epochs")
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        self.device.setCurrentText(default(TrainConfig, "device"))
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

    def parameters(self) -> dict:
        """The chosen settings as ``glacierdl:trainensemble`` parameters (the algorithm validates them)."""
        return {"DATASET": self.dataset.filePath(), "OUTPUT": self.output.filePath(),
                "MEMBERS": self.members.value(), "EPOCHS": self.epochs.value(), "DEVICE": self.device.currentText()}
