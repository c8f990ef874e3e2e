"""The "Install dependencies…" dialog: which set and variant, a progress bar, pip's log, Cancel.

The commands and their cancelling live in ``installer`` (no qgis); here they run in a ``QgsTask`` whose
signals bring each log line and the progress back to the main thread. After a successful install the new
environment is activated in this QGIS session, the provider reloads its algorithms and ``installed`` is
emitted with what is still missing: the tools work without a restart.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from .. import environment, installer

__all__ = ["InstallDialog", "InstallTask"]
translate = QCoreApplication.translate


class InstallTask(QgsTask):
    """Runs an :class:`installer.Installer` in the background; ``outcome`` is done, failed or cancelled."""

    line = pyqtSignal(str)
    fraction = pyqtSignal(float)

    def __init__(self, steps: list[installer.Step], target: Path) -> None:
        super().__init__(translate("GlacierDL", "Installing Glacier DL dependencies"), QgsTask.CanCancel)
        self.installer = installer.Installer(steps, target, self.line.emit, self._progress, self.isCanceled)
        self.outcome = ""

    def _progress(self, fraction: float) -> None:
        self.setProgress(100 * fraction)
        self.fraction.emit(fraction)

    def run(self) -> bool:
        try:
            self.outcome = self.installer.run()
        except Exception as error:  # noqa: BLE001 (task boundary: shown in the log, never a traceback)
            self.line.emit(f"{type(error).__name__}: {error}")
            self.outcome = "failed"
        return self.outcome == "done"

    def cancel(self) -> None:
        self.installer.cancel()  # terminates pip at once, even while it downloads silently
        super().cancel()


class InstallDialog(QDialog):
    """Choose the set and variant, install into :func:`installer.target_environment`, watch, cancel.

    ``installed(missing)`` is emitted after a successful install, re-check and provider reload.
    """

    installed = pyqtSignal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("GlacierDLInstall")
        self.setWindowTitle(translate("GlacierDL", "Install Glacier DL dependencies"))
        self.task: InstallTask | None = None
        self.outcome = ""
        self.target = installer.target_environment()
        try:
            python, how = installer.qgis_python()
            self.python: Path | None = python
            where = translate("GlacierDL", "Python: {} (found through {})").format(python, how)
        except FileNotFoundError as error:
            self.python, where = None, str(error)
        self.info = QLabel(translate("GlacierDL", "Environment: {}").format(self.target) + "<br>" + where)
        self.info.setWordWrap(True)
        self.set_box, self.variant_box = QComboBox(), QComboBox()
        self.set_box.addItem(translate("GlacierDL", "Inference (prediction, report, scale-out)"), "inference")
        self.set_box.addItem(translate("GlacierDL", "Training (inference plus torch)"), "training")
        self.variant_box.addItem(translate("GlacierDL", "CUDA: onnxruntime-gpu (NVIDIA GPU, also runs on CPU)"),
                                 "cuda")
        self.variant_box.addItem(translate("GlacierDL", "CPU: onnxruntime (smaller, CPU only)"), "cpu")
        form = QFormLayout()
        form.addRow(translate("GlacierDL", "Packages"), self.set_box)
        form.addRow(translate("GlacierDL", "Variant"), self.variant_box)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setObjectName("GlacierDLInstallLog")
        self.buttons = QDialogButtonBox()
        self.install_button = QPushButton(translate("GlacierDL", "Install"))
        self.cancel_button = QPushButton(translate("GlacierDL", "Cancel"))
        self.close_button = QPushButton(translate("GlacierDL", "Close"))
        for button, role in ((self.install_button, QDialogButtonBox.AcceptRole),
                             (self.cancel_button, QDialogButtonBox.RejectRole),
                             (self.close_button, QDialogButtonBox.RejectRole)):
            self.buttons.addButton(button, role)
        self.install_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button.setEnabled(False)
        self.install_button.setEnabled(self.python is not None)
        layout = QVBoxLayout(self)
        for widget in (self.info, form, self.progress, self.log, self.buttons):
            (layout.addLayout if isinstance(widget, QFormLayout) else layout.addWidget)(widget)
        self.resize(720, 480)

    def start(self) -> None:
        """Start installing the chosen set and variant in the background."""
        if self.task is not None or self.python is None:
            return
        steps = installer.plan(self.set_box.currentData(), self.variant_box.currentData(), self.target, self.python)
        self.task = InstallTask(steps, self.target)
        self.task.line.connect(self.log.appendPlainText)
        self.task.fraction.connect(lambda f: self.progress.setValue(round(1000 * f)))
        self.task.taskCompleted.connect(self._finished)
        self.task.taskTerminated.connect(self._finished)
        for widget in (self.install_button, self.close_button, self.set_box, self.variant_box):
            widget.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.outcome = "running"
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        if self.task is not None:
            self.cancel_button.setEnabled(False)
            self.task.cancel()

    def reject(self) -> None:
        if self.task is None:  # closing while pip runs would orphan it: Cancel first
            super().reject()

    def _finished(self) -> None:
        task, self.task = self.task, None
        self.outcome = (task.outcome if task is not None else "") or "cancelled"
        self.cancel_button.setEnabled(False)
        for widget in (self.install_button, self.close_button, self.set_box, self.variant_box):
            widget.setEnabled(True)
        if self.outcome != "done":
            self.log.appendPlainText(translate("GlacierDL", "Installation {}.").format(self.outcome))
            return
        self.progress.setValue(1000)
        missing = self.recheck()
        self.log.appendPlainText(translate("GlacierDL", "Installed. Still missing: {}").format(", ".join(missing))
                                 if missing else translate("GlacierDL", "Installed: every dependency was found."))
        self.installed.emit(missing)

    def recheck(self) -> list[str]:
        """Activate the environment in this session, reload the provider's algorithms; what is still missing."""
        environment.activate()
        importlib.invalidate_caches()
        provider = QgsApplication.processingRegistry().providerById("glacierdl")
        if provider is not None:
            provider.refreshAlgorithms()
        wanted = environment.INFERENCE_MODULES if self.set_box.currentData() == "inference" \
            else environment.HEAVY_MODULES
        return environment.missing_modules(wanted)
