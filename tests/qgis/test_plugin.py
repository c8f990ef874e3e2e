"""The plugin shell in a real headless QGIS: provider, menu/toolbar lifecycle, missing packages, About, i18n."""
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from qgis.core import Qgis, QgsApplication
from qgis.gui import QgsMessageBar
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QTranslator
from qgis.PyQt.QtWidgets import QDockWidget, QMainWindow, QToolBar

import glacier_dl_plugin
from glacier_dl_plugin import environment
from glacier_dl_plugin import plugin as plugin_module
from glacier_dl_plugin.gui.jobs_dock import JobsDock, state_label
from glacier_dl_plugin.processing import algorithms as algorithm_classes

REPO = Path(__file__).resolve().parents[2]
ALGORITHMS = sorted(cls.NAME for cls in algorithm_classes.ALGORITHMS)  # every declared algorithm
_RESTORED = []
MENU = ["Create training dataset…", "Train ensemble…", "Predict glaciers…", "Classify selected glaciers",
        "Training jobs panel", "About / dependencies…"]
TOOLBAR = ["mActionGlacierDL_createdataset", "mActionGlacierDL_trainensemble", "mActionGlacierDL_predict",
           "mActionGlacierDL_classify", "mActionGlacierDL_jobs"]


class FakeIface:
    """The parts of QgisInterface the plugin uses, backed by real Qt widgets."""

    def __init__(self):
        self.window = QMainWindow()
        self.bar = QgsMessageBar()
        self.menus = {}

    def mainWindow(self):
        return self.window

    def messageBar(self):
        return self.bar

    def addToolBar(self, name):
        return self.window.addToolBar(name)

    def addDockWidget(self, area, dock):
        self.window.addDockWidget(area, dock)

    def removeDockWidget(self, dock):
        self.window.removeDockWidget(dock)

    def activeLayer(self):
        return None

    def addPluginToMenu(self, name, action):
        self.menus.setdefault(name, []).append(action)

    def removePluginMenu(self, name, action):
        self.menus[name].remove(action)
        if not self.menus[name]:
            del self.menus[name]


@pytest.fixture
def gui_plugin(qgis_app, monkeypatch, tmp_path):
    """A plugin started by initGui on a fake iface; the session's provider is restored afterwards."""
    monkeypatch.setenv("GLACIER_DL_JOBS_DIR", str(tmp_path / "jobs"))  # the panel reads the jobs folder
    registry = QgsApplication.processingRegistry()
    assert registry.removeProvider("glacierdl")
    iface = FakeIface()
    plugin = glacier_dl_plugin.classFactory(iface)
    try:
        yield plugin, iface
    finally:
        plugin.unload()
        if registry.providerById("glacierdl") is None:
            _RESTORED.append(glacier_dl_plugin.classFactory(None))  # the Python provider must stay referenced
            _RESTORED[-1].initProcessing()


def test_importing_the_package_imports_no_qgis():
    code = ("import sys, glacier_dl_plugin, glacier_dl_plugin.environment, glacier_dl_plugin.styles\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'qgis', 'PyQt5', 'torch', 'onnxruntime'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _metadata_version() -> str:
    line = next(row for row in (REPO / "metadata.txt").read_text().splitlines() if row.startswith("version="))
    return line.split("=", 1)[1].strip()


def test_provider_is_registered_with_name_icon_and_algorithms(qgis_app):
    provider = QgsApplication.processingRegistry().providerById("glacierdl")
    assert provider.name() == "Glacier DL" and provider.versionInfo() == _metadata_version()
    assert not provider.icon().isNull() and provider.icon().pixmap(32, 32).toImage().pixelColor(16, 16).alpha()
    assert sorted(a.name() for a in provider.algorithms()) == ALGORITHMS


def test_init_gui_adds_menu_and_toolbar_and_unload_removes_everything(gui_plugin, monkeypatch):
    plugin, iface = gui_plugin
    registry = QgsApplication.processingRegistry()
    plugin.initGui()
    assert registry.providerById("glacierdl") is not None
    assert [a.text() for a in iface.menus["Glacier DL"]] == MENU
    assert [a.objectName() for a in plugin.toolbar.actions()] == TOOLBAR
    assert plugin.toolbar.objectName() == "GlacierDLToolbar"
    assert all(not action.icon().isNull() for action in plugin.toolbar.actions())
    assert iface.bar.items() == []  # every dependency is there
    import processing

    opened = []
    monkeypatch.setattr(processing, "execAlgorithmDialog", lambda name, parameters: opened.append(name))
    for action in plugin.toolbar.actions()[:3]:
        action.trigger()
    assert opened == ["glacierdl:createdataset", "glacierdl:trainensemble", "glacierdl:predict"]
    dock = iface.window.findChild(QDockWidget, "GlacierDLJobsDock")
    assert dock is plugin.dock and dock.isHidden()
    iface.window.show()  # a dock's visibility follows its window's
    plugin.toolbar.actions()[4].trigger()  # the Jobs toggle shows the panel and hides it again
    assert not dock.isHidden() and plugin.toolbar.actions()[4].isChecked()
    plugin.toolbar.actions()[4].trigger()
    assert dock.isHidden() and not plugin.toolbar.actions()[4].isChecked()
    plugin.toolbar.actions()[3].trigger()  # Classify with no active layer: says what to do
    [item] = iface.bar.items()
    assert item.text() == "Make a glacier polygon layer the active layer and select the glaciers to classify."
    toolbar = plugin.toolbar
    plugin.unload()
    assert registry.providerById("glacierdl") is None and iface.menus == {}
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # what the event loop does after unload
    assert sip.isdeleted(toolbar) and iface.window.findChildren(QToolBar) == []
    assert sip.isdeleted(dock) and iface.window.findChildren(QDockWidget) == []


def test_missing_packages_are_logged_and_shown_with_how_to_install(gui_plugin, monkeypatch):
    plugin, iface = gui_plugin
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda m, tag, level: logged.append((m, tag, level)))
    monkeypatch.setattr(environment, "missing_modules", lambda modules=None: ["torch", "segmentation_models_pytorch"])
    plugin.initGui()
    [item] = iface.bar.items()
    assert item.level() == Qgis.Warning
    assert item.text() == ("Python packages not found: torch, segmentation_models_pytorch. "
                           "Training is unavailable; prediction works.")
    [(message, _, level)] = [entry for entry in logged if entry[1] == "Glacier DL"]
    assert level == Qgis.Warning and "-m pip install -r" in message and "training/requirements.txt" in message
    assert str(REPO / ".venv") in message


def test_missing_onnxruntime_says_prediction_is_unavailable_and_jinja2_the_report():
    assert plugin_module.missing_message(["onnxruntime"]).endswith("Prediction and training are unavailable.")
    assert plugin_module.missing_message(["jinja2"]) == (
        "Python packages not found: jinja2. Evaluate cannot write its HTML report.")


def test_about_lists_the_environment_and_each_dependency_version(qgis_app):
    import onnxruntime
    import torch

    text = plugin_module.about_html()
    assert str(REPO / ".venv") in text and "All dependencies were found." in text
    assert onnxruntime.__version__ in text and torch.__version__.split("+")[0] in text


def test_german_translation_of_the_menu_is_installed_for_a_german_locale(qgis_app, monkeypatch, tmp_path):
    qm = tmp_path / "glacier_dl_de.qm"
    subprocess.run(["lrelease", "-silent", str(REPO / "i18n" / "glacier_dl_de.ts"), "-qm", str(qm)], check=True)
    monkeypatch.setattr(plugin_module, "I18N_DIR", tmp_path)
    monkeypatch.setattr(QgsApplication, "locale", staticmethod(lambda: "de_AT"))
    monkeypatch.setenv("GLACIER_DL_JOBS_DIR", str(tmp_path / "jobs"))
    plugin = plugin_module.GlacierDLPlugin(None)
    train = QgsApplication.processingRegistry().algorithmById("glacierdl:trainensemble")
    try:
        assert isinstance(plugin.translator, QTranslator)
        assert [label for _, label, _ in plugin_module.algorithm_entries()] == [
            "Trainingsdatensatz erstellen…", "Ensemble trainieren…", "Gletscher vorhersagen…"]
        assert [label for _, label, _, _ in plugin_module.extra_entries()] == [
            "Ausgewählte Gletscher klassifizieren", "Bedienfeld Trainingsaufträge"]
        # the algorithms: DISPLAY and labels under their class, the group under the base class
        assert (train.displayName(), train.group()) == ("Ensemble trainieren", "Gletscherkartierung")
        assert train.create().parameterDefinition("MEMBERS").description() == "Ensemble-Mitglieder"
        dock = JobsDock()
        assert dock.windowTitle() == "Glacier-DL-Aufträge"
        assert [b.text() for b in (dock.new_button, dock.train_button, dock.cancel_button, dock.resume_button,
                                   dock.folder_button)] == [
            "Neuer Hintergrundauftrag…", "Im Hintergrund trainieren…", "Abbrechen", "Fortsetzen", "Ordner öffnen"]
        header = dock.tree.headerItem()
        assert [header.text(i) for i in range(5)] == ["Auftrag", "Status", "Fortschritt", "Metriken", "Gestartet"]
        assert state_label("interrupted") == "unterbrochen (fortsetzbar)"
    finally:
        QCoreApplication.removeTranslator(plugin.translator)
    assert plugin_module.algorithm_entries()[1][1] == "Train ensemble…" and train.displayName() == "Train ensemble"


def test_update_ts_extracts_display_help_and_labels_under_each_algorithm_class(qgis_app, tmp_path):
    """pylupdate5 alone misses DISPLAY, HELP and helper labels; i18n/update_ts.py adds them (make i18n-update)."""
    ts = tmp_path / "glacier_dl_de.ts"
    shutil.copyfile(REPO / "i18n" / "glacier_dl_de.ts", ts)
    subprocess.run([sys.executable, str(REPO / "i18n" / "update_ts.py"), str(ts)], check=True, capture_output=True)
    root = ElementTree.parse(ts).getroot()
    messages = {(c.findtext("name"), m.findtext("source")): m for c in root.iter("context") for m in c.iter("message")}
    provider = QgsApplication.processingRegistry().providerById("glacierdl")
    for algorithm in provider.algorithms():
        context = type(algorithm).__name__
        assert (context, algorithm.DISPLAY) in messages and (context, algorithm.HELP) in messages, context
    assert ("TrainEnsembleAlgorithm", "Ensemble members") in messages  # a label given to add_int
    assert ("GlacierDLAlgorithm", "Glacier mapping") in messages
    location = messages["TrainEnsembleAlgorithm", "Train ensemble"].find("location").get("filename")
    assert (ts.parent / location).resolve() == REPO / "glacier_dl_plugin/processing/algorithms/train_ensemble.py"
    kept = messages["GlacierDL", "Classify selected glaciers"].findtext("translation")
    assert kept == "Ausgewählte Gletscher klassifizieren"  # existing translations are kept
