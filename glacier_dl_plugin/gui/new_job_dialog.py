"""The panel's "New background job…" dialog: a dataset folder, a model folder and the main settings
(members, epochs, device and where the members train: here or on a Dask cluster).

It fills in parameters of ``glacierdl:trainensemble``, which the panel runs in the background exactly as the
toolbox does; the other parameters keep their defaults ("Train in background…" offers every parameter).
Defaults, ranges and device choices are those of :class:`TrainConfig`. OK checks the values first, with the
checks the algorithm makes before it starts the training process (:func:`check_run`), and keeps the dialog
open with the problem shown while there is one.
"""
from __future__ import annotations

from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ..core.config import TrainConfig, default
from ..core.config.choices import DEVICES
from ..core.config.fields import limits
from ..core.errors import InputError
from ..core.jobs.training_process import check_run

__all__ = ["NewJobDialog"]

_MOST = 10_000  # spin boxes need an upper end; the configuration has none for these counts
ALGORITHM = "glacierdl:trainensemble"

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
        self.output.setStorageMode(QgsFileWidget.GetDirectory)  # a folder, new or existing
        self.overwrite = QCheckBox(translate("GlacierDL", "Replace the model folder if it exists"))
        self.overwrite.setObjectName("overwrite")
        self.members = _spin_box("members")
        self.epochs = _spin_box("epochs")
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        self.device.setCurrentText(default(TrainConfig, "device"))
        self.cluster = QgsFileWidget()  # typed (local, tcp://host:port) or browsed (a cluster file)
        self.cluster.setStorageMode(QgsFileWidget.GetFile)
        self.cluster.setFilter(translate("GlacierDL", "Cluster files (*.yaml *.yml)"))
        self.cluster.setFilePath(default(TrainConfig, "cluster"))
        self.cluster.setToolTip(translate("GlacierDL", "local, tcp://host:port of a Dask scheduler, or a Slurm/PBS "
                                                       "cluster file"))
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        self.labels = {"DATASET": translate("GlacierDL", "Dataset folder"),
                       "OUTPUT": translate("GlacierDL", "Model folder"),
                       "MEMBERS": translate("GlacierDL", "Ensemble members"),
                       "EPOCHS": translate("GlacierDL", "Epochs"), "DEVICE": translate("GlacierDL", "Device"),
                       "CLUSTER": translate("GlacierDL", "Cluster")}
        form = QFormLayout(self)
        form.addRow(self.labels["DATASET"], self.dataset)
        form.addRow(self.labels["OUTPUT"], self.output)
        form.addRow("", self.overwrite)
        form.addRow(self.labels["MEMBERS"], self.members)
        form.addRow(self.labels["EPOCHS"], self.epochs)
        form.addRow(self.labels["DEVICE"], self.device)
        form.addRow(self.labels["CLUSTER"], self.cluster)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def parameters(self) -> dict:
        """The chosen settings as ``glacierdl:trainensemble`` parameters."""
        return {"DATASET": self.dataset.filePath(), "OUTPUT": self.output.filePath(),
                "OVERWRITE": self.overwrite.isChecked(), "MEMBERS": self.members.value(),
                "EPOCHS": self.epochs.value(), "DEVICE": self.device.currentText(),
                "CLUSTER": self.cluster.filePath().strip() or default(TrainConfig, "cluster")}

    def check(self) -> str:
        """Why the settings cannot start a run, in the dialog's words ('' when they can)."""
        for name in ("DATASET", "OUTPUT"):
            if not self.parameters()[name].strip():
                return translate("GlacierDL", "{}: none was chosen. Choose a folder.").format(self.labels[name])
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALGORITHM)
        try:
            check_run(algorithm.run_settings(self.parameters(), QgsProcessingContext()))
        except InputError as error:
            return f"{self.labels.get(error.parameter, error.parameter)}: {error.problem} {self._fix(error)}"
        except QgsProcessingException as error:
            return error.args[0] if error.args else str(error)
        return ""

    def _fix(self, error: InputError) -> str:
        if error.parameter == "OUTPUT" and "OVERWRITE" in error.fix:  # the checkbox, not the parameter's id
            return translate("GlacierDL", "Choose another folder, or tick '{}'.").format(self.overwrite.text())
        return error.fix

    def accept(self) -> None:
        problem = self.check()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if not problem:
            super().accept()
