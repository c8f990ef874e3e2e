"""Runs INSIDE the real QGIS desktop (``qgis --code desktop_script.py``), started by test_desktop.py.

It waits until the plugins are loaded, checks the Glacier DL provider, menu, toolbar and Processing Toolbox
group from inside the application, opens and closes each entry's dialog, opens the Glacier DL jobs panel and
starts a real background training job from it (its "Train in background…" dialog, Run clicked), saves a
screenshot of the main window with the toolbox showing the Glacier DL group expanded and the panel showing
the job running, and one of the panel alone, waits for the job to finish, writes every finding as JSON and
quits.
Every step is driven by polling conditions with QTimer (never fixed sleeps), and the whole run has a
deadline, so the app always quits and the JSON always says what happened.

Environment: GLACIER_DL_GUI_RESULT (JSON path), GLACIER_DL_GUI_SCREENSHOT (PNG path),
GLACIER_DL_GUI_PANEL_SCREENSHOT (PNG path), GLACIER_DL_GUI_DATASET (a dataset folder to train on in the
background; the job writes GLACIER_DL_GUI_DATASET's sibling "panel_model"), GLACIER_DL_JOBS_DIR (the jobs
folder), optionally GLACIER_DL_GUI_LAYERS (os.pathsep-separated files to show on the map).
"""
import gc
import json
import os
import time
import traceback

import rasterio
from qgis.core import QgsApplication, QgsProject, QgsRasterLayer, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QAction, QApplication, QDialog, QDockWidget, QMessageBox, QTextEdit, QToolBar
from qgis.utils import iface, plugins

RESULT = os.environ["GLACIER_DL_GUI_RESULT"]
SCREENSHOT = os.environ["GLACIER_DL_GUI_SCREENSHOT"]
PANEL_SCREENSHOT = os.environ["GLACIER_DL_GUI_PANEL_SCREENSHOT"]
DATASET = os.environ["GLACIER_DL_GUI_DATASET"]
NO_DIALOG = ("mActionGlacierDL_classify", "mActionGlacierDL_jobs")  # an action and a toggle, not dialogs
LAYERS = [p for p in os.environ.get("GLACIER_DL_GUI_LAYERS", "").split(os.pathsep) if p]
DEADLINE = time.monotonic() + 420
findings = {"steps": []}


def finish(error=None):
    if error:
        findings["error"] = error
    with open(RESULT, "w") as out:
        json.dump(findings, out, indent=1)
    # QGIS 3.22's own shutdown under Xvfb either stalls or aborts (exit 134) here, after every check has
    # passed; the findings and screenshot are on disk, so the process ends without the teardown.
    QTimer.singleShot(0, lambda: os._exit(0))


def wait_for(condition, then, what, interval_ms=200):
    """Call ``then()`` once ``condition()`` holds; fail the run at the deadline."""
    def poll():
        try:
            if condition():
                findings["steps"].append(what)
                then()
            elif time.monotonic() > DEADLINE:
                finish(f"timed out waiting for: {what}")
            else:
                QTimer.singleShot(interval_ms, poll)
        except Exception:  # noqa: BLE001 - the run's boundary: report, never leave a modal error dialog
            finish(traceback.format_exc())
    QTimer.singleShot(interval_ms, poll)


def close_next_dialog(record):
    """Once a dialog is up, record what it is and reject it (runs inside the dialog's own event loop)."""
    def poll():
        try:
            dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
            if not dialogs:
                if time.monotonic() > DEADLINE:
                    finish("timed out waiting for a dialog")
                else:
                    QTimer.singleShot(100, poll)
                return
            for dialog in dialogs:
                algorithm = dialog.algorithm().id() if hasattr(dialog, "algorithm") else None
                record.append({"title": dialog.windowTitle(), "algorithm": algorithm, "object": dialog.objectName(),
                               "text": dialog.text() if isinstance(dialog, QMessageBox) else ""})
                dialog.reject()
        except Exception:  # noqa: BLE001 - as in wait_for
            finish(traceback.format_exc())
    QTimer.singleShot(100, poll)


def glacier_menu():
    for action in iface.pluginMenu().actions():
        if action.menu() is not None and action.text().replace("&", "") == "Glacier DL":
            return action.menu()
    return None


def check_plugin():
    window = iface.mainWindow()
    window.resize(1280, 800)
    window.move(0, 0)
    provider = QgsApplication.processingRegistry().providerById("glacierdl")
    findings["provider"] = None if provider is None else {
        "name": provider.name(), "icon": not provider.icon().isNull(),
        "algorithms": sorted(a.name() for a in provider.algorithms())}
    menu = glacier_menu()
    findings["menu"] = None if menu is None else [a.text() for a in menu.actions()]
    toolbar = window.findChild(QToolBar, "GlacierDLToolbar")
    findings["toolbar"] = None if toolbar is None else {
        "visible": toolbar.isVisible(), "actions": [a.objectName() for a in toolbar.actions()]}
    findings["message_bar"] = [item.text() for item in iface.messageBar().items()]
    findings["dialogs"] = []
    for action in (menu.actions() if menu is not None else []):
        if action.objectName() in NO_DIALOG:
            continue
        close_next_dialog(findings["dialogs"])
        action.trigger()  # blocks in the dialog's own event loop until close_next_dialog rejects it
    classify = window.findChild(QAction, "mActionGlacierDL_classify")
    classify.trigger()  # no layer is active yet: the message bar says what to do
    findings["classify_message"] = [item.text() for item in iface.messageBar().items()]
    iface.messageBar().clearWidgets()
    start_background_job(window)
    load_layers()


def start_background_job(window):
    """Open the panel with its toolbar toggle, open its "Train in background…" dialog (every parameter of
    glacierdl:trainensemble, not blocking QGIS), fill in tiny settings and click Run: a real background task,
    as from the toolbox; the job then appears in the panel."""
    window.findChild(QAction, "mActionGlacierDL_jobs").trigger()
    dock = plugins["glacier_dl_plugin"].dock
    findings["panel_visible"] = dock.isVisible()
    window.resizeDocks([dock], [640], Qt.Horizontal)  # room for the job, state and progress columns
    dock.train_button.click()
    findings["train_dialog"] = {"algorithm": train_dialog().algorithm().id(), "modal": train_dialog().isModal()}
    train_dialog().setParameters({
        "DATASET": DATASET, "OUTPUT": os.path.join(os.path.dirname(DATASET), "panel_model"), "MEMBERS": 1,
        "EPOCHS": 4, "BATCH_SIZE": 8, "ENCODER_DEPTH": 3, "DEVICE": "cpu", "PATIENCE": 0})
    findings["task_result"] = None
    train_dialog().algorithmFinished.connect(
        lambda ok, results: findings.update(task_result=[ok, results.get("OUTPUT")]))
    gc.collect()  # only the panel holds the dialog now: its (Python) Run button must still work
    train_dialog().runButton().click()
    findings["dialog_kept"] = train_dialog() in dock.dialogs


def train_dialog():
    """The visible Processing algorithm dialog (found anew each time: the script keeps no reference)."""
    [dialog] = [w for w in QApplication.topLevelWidgets() if hasattr(w, "algorithm") and w.isVisible()]
    return dialog


def load_layers():
    """Sample layers make the screenshot show what the plugin is for; outlines are drawn unfilled."""
    for path in LAYERS:
        name = os.path.splitext(os.path.basename(path))[0]
        layer = QgsRasterLayer(path, name) if path.endswith(".tif") else QgsVectorLayer(path, name, "ogr")
        if isinstance(layer, QgsVectorLayer) and layer.isValid():
            symbol = layer.renderer().symbol().symbolLayer(0)
            symbol.setFillColor(QColor(0, 0, 0, 0))
            symbol.setStrokeColor(QColor(0, 200, 255))
            symbol.setStrokeWidth(0.4)
        if layer.isValid():
            QgsProject.instance().addMapLayer(layer)
    iface.layerTreeView().collapseAllNodes()
    findings["layers"] = sorted(layer.name() for layer in QgsProject.instance().mapLayers().values())
    show_toolbox()


def show_toolbox():
    toolbox = plugins["processing"].toolbox
    for dock in iface.mainWindow().findChildren(QDockWidget):
        if dock.objectName() == "Browser":
            dock.hide()
    toolbox.setUserVisible(True)
    toolbox.raise_()
    wait_for(lambda: toolbox.isVisible(), lambda: expand_group(toolbox), "toolbox visible")


def expand_group(toolbox):
    tree = toolbox.algorithmTree
    model = tree.model()
    tops = [model.index(row, 0) for row in range(model.rowCount())]
    findings["toolbox_top_level"] = [index.data() for index in tops]
    ours = [index for index in tops if index.data() == "Glacier DL"]
    findings["toolbox_group"] = None
    if ours:
        tree.collapseAll()
        provider = ours[0]
        tree.expand(provider)
        groups = [model.index(row, 0, provider) for row in range(model.rowCount(provider))]
        for group in groups:
            tree.expand(group)
        algorithms = [model.index(row, 0, groups[0]) for row in range(model.rowCount(groups[0]))] if groups else []
        findings["toolbox_group"] = {
            "groups": [g.data() for g in groups], "algorithms": [a.data() for a in algorithms],
            "expanded": tree.isExpanded(provider) and all(tree.isExpanded(g) for g in groups)}
        tree.scrollTo(provider, tree.PositionAtTop)
    canvas = iface.mapCanvas()
    rasters = [layer for layer in QgsProject.instance().mapLayers().values() if isinstance(layer, QgsRasterLayer)]
    if rasters:  # after QGIS's own zoom to the first layers: the image fills the map
        QgsProject.instance().setCrs(rasters[0].crs())
        canvas.setExtent(rasters[0].extent())
    findings["map_crs"] = canvas.mapSettings().destinationCrs().authid()
    drawn = []
    canvas.mapCanvasRefreshed.connect(lambda: drawn.append(True))
    canvas.refresh()
    wait_for(lambda: drawn and not canvas.isDrawing(), wait_for_epoch, "map drawn")


def panel_rows():
    """What the panel's list shows: [job, state, progress text] per row."""
    dock = plugins["glacier_dl_plugin"].dock
    dock.refresh()
    return [[item.text(0), item.text(1), dock.tree.itemWidget(item, 2).text()]
            for item in (dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount()))]


def wait_for_epoch():
    """Screenshots once the job has reported its first epoch: its progress is then visible in the panel."""
    wait_for(lambda: any(row[1] == "running" and "epoch 1/" in row[2] for row in panel_rows())
             or findings["task_result"] is not None or any(row[1] == "failed" for row in panel_rows()),
             screenshot, "job running", interval_ms=100)


def screenshot():
    dock = plugins["glacier_dl_plugin"].dock
    dock.tree.setCurrentItem(dock.tree.topLevelItem(0))  # the running job, with its log
    QApplication.processEvents()
    findings["panel_while_running"] = panel_rows()
    findings["progress_while_running"] = dock.tree.itemWidget(dock.tree.topLevelItem(0), 2).value()
    image = iface.mainWindow().grab().toImage()
    image.save(SCREENSHOT)
    findings["screenshot"] = {"path": SCREENSHOT, "width": image.width(), "height": image.height()}
    panel = plugins["glacier_dl_plugin"].dock.grab().toImage()
    panel.save(PANEL_SCREENSHOT)
    findings["panel_screenshot"] = {"path": PANEL_SCREENSHOT, "width": panel.width(), "height": panel.height()}
    wait_for(lambda: findings["task_result"] is not None, job_finished, "job finished")


def job_finished():
    findings["panel_after"] = panel_rows()
    train_dialog().close()
    start_job_to_cancel()


def start_job_to_cancel():
    """A second Train in background… run, long enough to be cancelled from the panel once it trains."""
    dock = plugins["glacier_dl_plugin"].dock
    dock.train_button.click()
    train_dialog().setParameters({
        "DATASET": DATASET, "OUTPUT": os.path.join(os.path.dirname(DATASET), "cancelled_model"), "MEMBERS": 1,
        "EPOCHS": 500, "BATCH_SIZE": 8, "ENCODER_DEPTH": 3, "DEVICE": "cpu", "PATIENCE": 0})
    findings["cancel_result"] = None
    train_dialog().algorithmFinished.connect(lambda ok, results: findings.update(cancel_result=ok))
    iface.messageBar().clearWidgets()
    train_dialog().runButton().click()
    wait_for(lambda: any(r[0] == "cancelled_model" and "epoch 1/" in r[2] for r in panel_rows()), cancel,
             "job to cancel running", interval_ms=100)


def cancel():
    """Cancel in the panel; every 100 ms until the run has ended, what the panel's State column says."""
    dock = plugins["glacier_dl_plugin"].dock
    dock.tree.setCurrentItem(dock.tree.topLevelItem(0))
    dock.cancel_button.click()
    started, states = time.monotonic(), []
    findings["cancel_states"] = states

    def ended():
        states.append(panel_rows()[0][1])
        return findings["cancel_result"] is not None and states[-1] == "cancelled"

    def done():
        findings["cancel_s"] = round(time.monotonic() - started, 1)
        findings["cancel_messages"] = [f"{item.title()}: {item.text()}" for item in iface.messageBar().items()]
        findings["cancel_folder_left"] = os.path.exists(os.path.join(os.path.dirname(DATASET), "cancelled_model"))
        log = train_dialog().findChild(QTextEdit, "txtLog")
        findings["cancel_log"] = log.toPlainText() if log is not None else None
        train_dialog().close()
        classify_selection()
    wait_for(ended, done, "job cancelled", interval_ms=100)


def classify_selection():
    """Classify selected glaciers (3 of the synthetic scene) with the earlier job's model; then the group."""
    image, glaciers = os.environ["GLACIER_DL_GUI_SCENE"].split(os.pathsep)
    layer = QgsVectorLayer(glaciers, "scene_glaciers", "ogr")
    symbol = layer.renderer().symbol().symbolLayer(0)
    symbol.setFillColor(QColor(0, 0, 0, 0))  # outlines only: the prediction shows through
    symbol.setStrokeColor(QColor(255, 120, 0))
    symbol.setStrokeWidth(0.5)
    QgsProject.instance().addMapLayer(layer)
    layer.selectByIds(sorted(f.id() for f in layer.getFeatures())[:3])
    iface.setActiveLayer(layer)
    QgsSettings().setValue("glacier_dl/last_predict", json.dumps({
        "INPUTS": [image], "MODEL": os.path.join(os.path.dirname(DATASET), "earlier_model"), "DEVICE": "cpu",
        "TILE_SIZE": 32, "OVERLAP": 8, "BUFFER": 60.0}))
    classified = []
    plugins["glacier_dl_plugin"].classifier.done.connect(lambda ok, outputs: classified.append((ok, outputs)))
    iface.mainWindow().findChild(QAction, "mActionGlacierDL_classify").trigger()
    wait_for(lambda: classified, lambda: classified_layers(classified[0], image), "selection classified")


def classified_layers(result, image):
    ok, outputs = result
    root = QgsProject.instance().layerTreeRoot()
    groups = [g for g in root.children() if g.name().startswith("Glacier DL earlier_model")]
    findings["classify"] = {"ok": ok, "top_level": [c.name() for c in root.children()],
                            "messages": [item.text() for item in iface.messageBar().items()]}
    if groups:
        nodes = groups[0].findLayers()
        findings["classify"].update(group=groups[0].name(), layers=[{
            "file": os.path.basename(n.layer().source()), "checked": n.itemVisibilityChecked(),
            "opacity": round(n.layer().renderer().opacity(), 2),
            "band": n.layer().dataProvider().displayBandName(1)} for n in nodes])
    with rasterio.open(image) as scene, rasterio.open(outputs.get("OUTPUT_MEAN")) as mean:
        findings["classify"].update(scene_size=[scene.width, scene.height], mean_size=[mean.width, mean.height])
    extent = iface.activeLayer().boundingBoxOfSelected()
    iface.activeLayer().removeSelection()  # the result, not the selection's yellow, in the screenshot
    iface.mapCanvas().setExtent(extent)
    iface.mapCanvas().refresh()
    QTimer.singleShot(1500, layers_screenshot)


def layers_screenshot():
    image = iface.mainWindow().grab().toImage()
    image.save(os.environ.get("GLACIER_DL_GUI_LAYERS_SCREENSHOT", SCREENSHOT + ".layers.png"))
    finish()


wait_for(lambda: {"glacier_dl_plugin", "processing"} <= set(plugins)
         and getattr(plugins["processing"], "toolbox", None) is not None, check_plugin, "plugins loaded")
