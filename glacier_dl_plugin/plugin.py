"""The QGIS plugin object: Processing provider, Glacier DL menu and toolbar, translations. No compute here.

Every menu and toolbar entry opens a Processing algorithm's dialog or runs an algorithm through Processing, so
the GUI and ``qgis_process`` share one execution path; the Glacier DL panel (``gui.jobs_dock``) lists the
training jobs. User-visible strings are written as ``translate("GlacierDL", "...")`` so that pylupdate5
extracts them with their context (see the Makefile's ``i18n-update``).
"""
from __future__ import annotations

import html
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMessageBox, QPushButton

from . import environment
from .processing.provider import ICON, GlacierDLProvider, plugin_version

translate = QCoreApplication.translate
I18N_DIR = Path(__file__).resolve().parent / "i18n"
RESOURCES = Path(__file__).resolve().parent / "resources"
LOG_TAG = "Glacier DL"


def algorithm_entries() -> list[tuple[str, str, str]]:
    """(algorithm name, menu label, toolbar label) for each menu and toolbar entry, in workflow order."""
    return [("createdataset", translate("GlacierDL", "Create training dataset…"), translate("GlacierDL", "Dataset")),
            ("trainensemble", translate("GlacierDL", "Train ensemble…"), translate("GlacierDL", "Train")),
            ("predict", translate("GlacierDL", "Predict glaciers…"), translate("GlacierDL", "Predict"))]


def extra_entries() -> list[tuple[str, str, str, Path]]:
    """(object name suffix, menu label, toolbar label, icon) of the entries beyond the three dialogs."""
    return [("classify", translate("GlacierDL", "Classify selected glaciers"), translate("GlacierDL", "Classify"),
             RESOURCES / "classify.svg"),
            ("jobs", translate("GlacierDL", "Training jobs panel"), translate("GlacierDL", "Jobs"),
             RESOURCES / "jobs.svg")]


def menu_name() -> str:
    return translate("GlacierDL", "Glacier DL")


def missing_message(missing: list[str]) -> str:
    """One sentence saying which features are unavailable because ``missing`` modules were not found."""
    if "onnxruntime" in missing:
        text = translate("GlacierDL", "Python packages not found: {}. Prediction and training are unavailable.")
    elif set(missing) == {"jinja2"}:
        text = translate("GlacierDL", "Python packages not found: {}. Evaluate cannot write its HTML report.")
    elif set(missing) <= {"distributed", "dask_jobqueue"}:
        text = translate("GlacierDL", "Python packages not found: {}. Only scale-out (CLUSTER) is unavailable.")
    else:
        text = translate("GlacierDL", "Python packages not found: {}. Training is unavailable; prediction works.")
    return text.format(", ".join(missing))


def about_html() -> str:
    """The About / dependencies text: plugin version, the environment used, each heavy dependency."""
    root = environment.activate()
    found = translate("GlacierDL", "Python environment: {}").format(
        html.escape(str(root)) if root else translate("GlacierDL", "none found"))
    features = {"prediction": translate("GlacierDL", "prediction"), "training": translate("GlacierDL", "training"),
                "training (ONNX export)": translate("GlacierDL", "training (ONNX export)"),
                "evaluation report": translate("GlacierDL", "evaluation report"),
                "scale-out (cluster)": translate("GlacierDL", "scale-out (cluster)")}
    rows = "".join(
        f"<tr><td><tt>{d.module}</tt></td><td>{html.escape(features.get(d.feature, d.feature))}</td><td>"
        + (html.escape(d.version) if d.version else "<b>" + translate("GlacierDL", "missing") + "</b>")
        + "</td></tr>" for d in environment.dependencies())
    missing = environment.missing_modules()
    if missing:
        advice = "".join(f"<p>{html.escape(text)}</p>"
                         for text in (missing_message(missing), environment.install_hint(missing)))
    else:
        advice = "<p>" + translate("GlacierDL", "All dependencies were found.") + "</p>"
    heading = translate("GlacierDL", "Glacier DL {}: deep-learning glacier mapping").format(plugin_version())
    header = "".join(f"<th align='left'>{h}</th>" for h in (
        translate("GlacierDL", "Package"), translate("GlacierDL", "Needed for"), translate("GlacierDL", "Version")))
    table = f"<table cellspacing='6'><tr>{header}</tr>{rows}</table>"
    return f"<h3>{html.escape(heading)}</h3><p>{found}</p>{table}{advice}"


class GlacierDLPlugin:
    """What QGIS instantiates through ``classFactory``; ``iface`` is None inside qgis_process."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider: GlacierDLProvider | None = None
        self.actions: list[QAction] = []
        self.toolbar = None
        self.dock = None
        self.classifier = None
        self.translator: QTranslator | None = None
        self._install_translator()

    def _install_translator(self) -> None:
        locale = QgsApplication.locale() or ""
        for name in dict.fromkeys([locale, locale.split("_")[0]]):
            path = I18N_DIR / f"glacier_dl_{name}.qm"
            if name and path.exists():
                translator = QTranslator()
                if translator.load(str(path)):
                    QCoreApplication.installTranslator(translator)
                    self.translator = translator
                return

    def initProcessing(self) -> None:  # noqa: N802 (QGIS's name); called by QGIS and by qgis_process
        if self.provider is not None:
            return
        provider = GlacierDLProvider()
        if QgsApplication.processingRegistry().addProvider(provider):  # on failure QGIS deletes it
            self.provider = provider
        else:
            QgsMessageLog.logMessage("The Glacier DL provider could not be registered (is another copy of the "
                                     "plugin loaded?).", LOG_TAG, Qgis.Warning)

    def initGui(self) -> None:  # noqa: N802
        self.initProcessing()
        window = self.iface.mainWindow()
        self.toolbar = self.iface.addToolBar(menu_name())
        self.toolbar.setObjectName("GlacierDLToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)  # one icon for all three: say which is which
        for name, label, short in algorithm_entries():
            action = QAction(QIcon(str(ICON)), label, window)
            action.setIconText(short)
            action.setToolTip(label.rstrip("…"))
            action.setObjectName(f"mActionGlacierDL_{name}")
            action.triggered.connect(lambda _checked=False, n=name: self.open_dialog(n))
            self.iface.addPluginToMenu(menu_name(), action)
            self.toolbar.addAction(action)
            self.actions.append(action)
        self._init_panel_and_classify(window)
        about = QAction(translate("GlacierDL", "About / dependencies…"), window)
        about.setObjectName("mActionGlacierDL_about")
        about.triggered.connect(self.show_about)
        self.iface.addPluginToMenu(menu_name(), about)
        self.actions.append(about)
        self.report_missing_dependencies()

    def _init_panel_and_classify(self, window) -> None:
        """The "Classify selected glaciers" action and the jobs panel with its toggle action."""
        from .gui.classify import SelectedGlaciersClassifier
        from .gui.jobs_dock import JobsDock

        self.classifier = SelectedGlaciersClassifier(self.iface, self.open_dialog)
        self.dock = JobsDock(window, self.iface.messageBar())
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.dock.hide()
        for name, label, short, icon in extra_entries():
            action = QAction(QIcon(str(icon)), label, window)
            action.setIconText(short)
            action.setToolTip(label)
            action.setObjectName(f"mActionGlacierDL_{name}")
            self.iface.addPluginToMenu(menu_name(), action)
            self.toolbar.addAction(action)
            self.actions.append(action)
        classify, jobs = self.actions[-2:]
        classify.triggered.connect(self.classifier.trigger)
        jobs.setCheckable(True)
        jobs.toggled.connect(self.dock.setUserVisible)
        self.dock.visibilityChanged.connect(jobs.setChecked)

    def open_dialog(self, name: str, parameters: dict | None = None) -> None:
        """Open the Processing dialog of ``glacierdl:<name>``, prefilled with ``parameters``."""
        import processing

        algorithm_id = f"glacierdl:{name}"
        if QgsApplication.processingRegistry().algorithmById(algorithm_id) is None:
            self.iface.messageBar().pushCritical(LOG_TAG, translate(
                "GlacierDL", "The algorithm {} is not available: see the Glacier DL messages in the log.").format(
                algorithm_id))
            return
        processing.execAlgorithmDialog(algorithm_id, parameters or {})

    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Information, translate("GlacierDL", "About Glacier DL"), about_html(),
                          QMessageBox.Ok, self.iface.mainWindow())
        box.setObjectName("GlacierDLAbout")
        box.setTextFormat(Qt.RichText)
        box.setIconPixmap(QIcon(str(ICON)).pixmap(64, 64))
        install = box.addButton(translate("GlacierDL", "Install dependencies…"), QMessageBox.ActionRole)
        install.setObjectName("GlacierDLInstallButton")
        box.exec_()
        if box.clickedButton() is install:
            self.show_installer()

    def show_installer(self) -> None:
        """The Install dependencies dialog; after a successful install the About text shows what was found."""
        from .gui.install_dialog import InstallDialog

        dialog = InstallDialog(self.iface.mainWindow() if self.iface is not None else None)
        dialog.exec_()
        if dialog.outcome == "done":
            self.show_about()

    def report_missing_dependencies(self) -> list[str]:
        """Log and show in the message bar which heavy packages are missing and how to install them."""
        environment.activate()
        missing = environment.missing_modules()
        if missing:
            summary = missing_message(missing)
            QgsMessageLog.logMessage(f"{summary} {environment.install_hint(missing)}", LOG_TAG, Qgis.Warning)
            bar = self.iface.messageBar()
            item = bar.createMessage(LOG_TAG, summary)
            button = QPushButton(translate("GlacierDL", "How to install"), item)
            button.clicked.connect(self.show_about)
            item.layout().addWidget(button)
            bar.pushWidget(item, Qgis.Warning, 0 if "onnxruntime" in missing else 20)  # seconds; 0: until closed
        return missing

    def unload(self) -> None:
        if self.dock is not None:
            self.iface.removeDockWidget(self.dock)
            self.dock.timer.stop()
            self.dock.deleteLater()
            self.dock = None
        self.classifier = None
        for action in self.actions:
            self.iface.removePluginMenu(menu_name(), action)
            action.deleteLater()
        self.actions.clear()
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
