"""The plugin shell in a real headless QGIS: provider, menu/toolbar lifecycle, environment, styles, i18n."""
import os
import shutil
import subprocess
import sys
from xml.etree import ElementTree
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from qgis.core import Qgis, QgsApplication, QgsRasterLayer
from qgis.gui import QgsMessageBar
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QTranslator
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QDockWidget, QMainWindow, QToolBar

import glacier_dl_plugin
from glacier_dl_plugin.processing import algorithms as algorithm_classes
from glacier_dl_plugin import environment, plugin as plugin_module
from glacier_dl_plugin.core.errors import MissingDependencyError
from glacier_dl_plugin.gui.jobs_dock import JobsDock, state_label
from glacier_dl_plugin.styles import style_path

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
    line = next(l for l in (REPO / "metadata.txt").read_text().splitlines() if l.startswith("version="))
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


def test_missing_onnxruntime_says_prediction_is_unavailable():
    assert plugin_module.missing_message(["onnxruntime"]).endswith("Prediction and training are unavailable.")


def test_about_lists_the_environment_and_each_dependency_version(qgis_app):
    import onnxruntime
    import torch

    text = plugin_module.about_html()
    assert str(REPO / ".venv") in text and "All dependencies were found." in text
    assert onnxruntime.__version__ in text and torch.__version__.split("+")[0] in text


def test_environment_finds_the_checkout_venv(monkeypatch, tmp_path):
    monkeypatch.delenv("GLACIER_DL_VENV", raising=False)
    assert environment.find_environment() == REPO / ".venv"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").touch()
    monkeypatch.setenv("GLACIER_DL_VENV", str(tmp_path))
    assert environment.find_environment() == tmp_path
    monkeypatch.setenv("GLACIER_DL_VENV", str(tmp_path / "absent"))  # a wrong setting falls back
    assert environment.find_environment() == REPO / ".venv"


def test_activate_makes_onnxruntime_importable_in_qgis_python_after_debian_numpy():
    """QGIS's own Python (/usr/bin/python3) does not see .venv until activate() appends it."""
    code = (
        "import importlib.util, sys\n"
        "assert importlib.util.find_spec('onnxruntime') is None, 'onnxruntime visible before activate()'\n"
        "from glacier_dl_plugin import environment\n"
        "root = environment.activate(); environment.activate()\n"
        "import numpy, onnxruntime\n"
        "added = [p for p in sys.path if p.startswith(str(root))]\n"
        "print(root, len(added), sys.path[-1] == added[-1], numpy.__file__, onnxruntime.get_available_providers())")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GLACIER_DL_VENV", "VIRTUAL_ENV")}
    out = subprocess.run(["/usr/bin/python3", "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    root, count, last, numpy_file, providers = out.stdout.split(" ", 4)
    assert (root, count, last) == (str(REPO / ".venv"), "1", "True")
    assert numpy_file.startswith("/usr/lib/python3/dist-packages/") and "CPUExecutionProvider" in providers


def test_require_says_what_to_install_and_how():
    environment.require("onnxruntime", "Prediction")
    with pytest.raises(MissingDependencyError) as raised:
        environment.require("no_such_module_glacier", "Prediction")
    message = str(raised.value)
    assert "Prediction needs the Python package 'no_such_module_glacier'" in message
    assert f"{REPO / '.venv' / 'bin' / 'python'} -m pip install -r {REPO / 'training' / 'requirements.txt'}" in message
    assert "GLACIER_DL_VENV" in message


def test_training_command_and_env_import_training_and_the_plugin(tmp_path):
    command = environment.training_command()
    assert command == [str(REPO / ".venv" / "bin" / "python"), "-m", "training"]
    code = "import glacier_dl_plugin, training; print(glacier_dl_plugin.__file__, list(training.__path__)[0])"
    out = subprocess.run([command[0], "-c", code], cwd=tmp_path, env=environment.training_env(),
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(REPO / "glacier_dl_plugin" / "__init__.py"), str(REPO / "training")]


def test_training_command_without_environment_says_how_to_create_one(monkeypatch, tmp_path):
    monkeypatch.setattr(environment, "_candidates", lambda: [tmp_path / "nothing"])
    with pytest.raises(MissingDependencyError, match="make setup"):
        environment.training_command()


@pytest.fixture(scope="module")
def probabilities(tmp_path_factory):
    """A 10 x 10 float raster 0..1 with a nodata pixel at (0, 0)."""
    path = tmp_path_factory.mktemp("styles") / "p.tif"
    values = np.linspace(0, 1, 100, dtype="float32").reshape(10, 10)
    values[0, 0] = -9999
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="float32", nodata=-9999,
                       crs="EPSG:32645", transform=from_origin(500000, 3100000, 30, 30)) as dst:
        dst.write(values, 1)
    return path


@pytest.mark.parametrize("name,maximum,low,high", [
    ("probability", 1.0, "#ffffff", "#08306b"), ("std", 0.5, "#ffffb2", "#bd0026")])
def test_styles_load_as_pseudocolor_with_transparent_nodata(qgis_app, probabilities, name, maximum, low, high):
    layer = QgsRasterLayer(str(probabilities), name)
    message, ok = layer.loadNamedStyle(str(style_path(name)))
    assert ok, message
    renderer = layer.renderer()
    assert renderer.type() == "singlebandpseudocolor" and renderer.band() == 1
    assert (renderer.classificationMin(), renderer.classificationMax()) == (0.0, maximum)
    ramp = renderer.shader().rasterShaderFunction().colorRampItemList()
    assert (ramp[0].color.name(), ramp[-1].color.name()) == (low, high)
    block = renderer.block(1, layer.extent(), 10, 10)
    nodata, top = QColor.fromRgba(block.color(0, 0)), QColor.fromRgba(block.color(9, 9))
    assert nodata.alpha() == 0 and (top.alpha(), top.name()) == (255, high)  # 1.0 (beyond std's 0.5 too)


def test_unknown_style_lists_the_valid_names():
    with pytest.raises(KeyError, match="classes, footprints, .*probability, scores, std"):
        style_path("mean")


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
