"""The QGIS plugin object: registers the Processing provider and the Glacier DL menu. No compute here."""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from . import environment
from .processing.provider import ICON, GlacierDLProvider

MENU_ENTRIES = [("createdataset", "Create training dataset…"), ("trainensemble", "Train ensemble…"),
                ("predict", "Predict glaciers…")]


def tr(text: str) -> str:
    return QCoreApplication.translate("GlacierDL", text)


class GlacierDLPlugin:
    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider: GlacierDLProvider | None = None
        self.actions: list[QAction] = []
        self.toolbar = None

    def initProcessing(self) -> None:  # noqa: N802 (QGIS's name); also called by qgis_process
        self.provider = GlacierDLProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802
        self.initProcessing()
        self.toolbar = self.iface.addToolBar(tr("Glacier DL"))
        self.toolbar.setObjectName("GlacierDLToolbar")
        for algorithm, label in MENU_ENTRIES:
            action = QAction(QIcon(str(ICON)), tr(label), self.iface.mainWindow())
            action.triggered.connect(lambda _=False, a=algorithm: self._open_dialog(a))
            self.iface.addPluginToMenu(tr("Glacier DL"), action)
            self.toolbar.addAction(action)
            self.actions.append(action)
        self._report_missing_dependencies()

    def _open_dialog(self, algorithm: str) -> None:
        import processing

        processing.execAlgorithmDialog(f"glacierdl:{algorithm}")

    def _report_missing_dependencies(self) -> None:
        missing = environment.missing_modules()
        if not missing:
            return
        message = tr("Glacier DL: missing Python packages {}. See the plugin's README ('Installing into QGIS').")
        QgsMessageLog.logMessage(message.format(", ".join(missing)), "Glacier DL", Qgis.Warning)
        self.iface.messageBar().pushWarning("Glacier DL", message.format(", ".join(missing)))

    def unload(self) -> None:
        for action in self.actions:
            self.iface.removePluginMenu(tr("Glacier DL"), action)
        self.actions.clear()
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
