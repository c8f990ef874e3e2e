"""The real QGIS desktop under Xvfb, in a throwaway profile with the plugin enabled (see desktop_script.py).

Before QGIS starts, a tiny dataset is cut from the synthetic scene and one real training run is recorded in
a temporary jobs folder (a job of an "earlier session"); inside QGIS, Run in the panel's "Train in background…"
dialog trains a second job.
Set GLACIER_DL_UPDATE_SCREENSHOT=1 to copy the screenshots to docs/screenshot_toolbox.png and
docs/screenshot_panel.png for the README.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import rasterio

pytestmark = [pytest.mark.slow, pytest.mark.desktop]

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "desktop_script.py"
DOCS_SCREENSHOT = REPO / "docs" / "screenshot_toolbox.png"
DOCS_PANEL = REPO / "docs" / "screenshot_panel.png"
DOCS_LAYERS = REPO / "docs" / "screenshot_layers.png"


def declared_algorithms() -> list:
    """The algorithm classes the package declares (the app must show every one of them)."""
    from glacier_dl_plugin.processing.algorithms import ALGORITHMS

    return ALGORITHMS


def earlier_job(scene, root: Path) -> Path:
    """A 32 px chip dataset of the synthetic scene, and one finished training job on it in ``root/jobs``."""
    import fiona
    from shapely.geometry import shape

    from glacier_dl_plugin import environment
    from glacier_dl_plugin.core.config import DatasetConfig, TrainConfig, TrainingRun
    from glacier_dl_plugin.core.dataset.build import create_dataset
    from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
    from glacier_dl_plugin.core.geo.raster_stack import RasterInput
    from glacier_dl_plugin.core.jobs.training_process import run_training

    with fiona.open(scene.glaciers) as source:
        records = [GlacierRecord(str(f["properties"]["glacier_id"]), shape(f["geometry"]).wkb) for f in source]
        crs = source.crs_wkt
    dataset = root / "dataset"
    create_dataset([RasterInput(str(scene.image), "scene")], load_glaciers(records, crs, crs),
                   DatasetConfig(chip_size=32, stride=32, buffer_m=60, n_folds=2), str(dataset))
    run_training(environment.training_command(), {**environment.training_env(), "OMP_NUM_THREADS": "2"},
                 TrainingRun(str(dataset), str(root / "earlier_model"),
                             TrainConfig(members=1, epochs=2, batch_size=8, encoder_depth=3, device="cpu")),
                 jobs_dir=root / "jobs")
    return dataset


@pytest.fixture(scope="module")
def desktop(everest, scene, tmp_path_factory):
    """Run QGIS once; returns (findings from inside the app, screenshot path, completed process)."""
    root = tmp_path_factory.mktemp("desktop")
    dataset = earlier_job(scene, root)
    profiles = root / "profiles"
    (profiles / "profiles" / "default" / "QGIS").mkdir(parents=True)
    (profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nglacier_dl_plugin=true\nprocessing=true\n")
    runtime = root / "runtime"
    runtime.mkdir(mode=0o700)
    result, screenshot, panel = root / "findings.json", root / "screenshot_toolbox.png", root / "screenshot_panel.png"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "QT_QPA_PLATFORM", "GLACIER_DL_VENV", "DISPLAY")}
    env.update(QGIS_PLUGINPATH=str(REPO), HOME=str(root), XDG_RUNTIME_DIR=str(runtime), LANG="C.UTF-8",
               LC_ALL="C.UTF-8", XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "data"),
               XDG_CACHE_HOME=str(root / "cache"), GDAL_PAM_ENABLED="NO",  # no .aux.xml beside the samples
               GLACIER_DL_GUI_RESULT=str(result), GLACIER_DL_GUI_SCREENSHOT=str(screenshot),
               GLACIER_DL_GUI_PANEL_SCREENSHOT=str(panel), GLACIER_DL_GUI_DATASET=str(dataset),
               GLACIER_DL_JOBS_DIR=str(root / "jobs"), OMP_NUM_THREADS="2",
               GLACIER_DL_GUI_SCENE=os.pathsep.join([str(scene.image), str(scene.glaciers)]),
               GLACIER_DL_GUI_LAYERS_SCREENSHOT=str(root / "screenshot_layers.png"),
               GLACIER_DL_GUI_LAYERS=os.pathsep.join([str(everest["rgb"]), str(everest["outlines"])]))
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "qgis", "--nologo", "--noversioncheck",
         "--profiles-path", str(profiles), "--code", str(SCRIPT)],
        cwd=root, env=env, capture_output=True, text=True, timeout=540)
    assert result.exists(), f"the script wrote no findings (rc {done.returncode}):\n{done.stderr[-3000:]}"
    findings = json.loads(result.read_text())
    if os.environ.get("GLACIER_DL_UPDATE_SCREENSHOT") == "1" and screenshot.exists() and panel.exists():
        shutil.copyfile(screenshot, DOCS_SCREENSHOT)
        shutil.copyfile(panel, DOCS_PANEL)
        if (root / "screenshot_layers.png").exists():
            shutil.copyfile(root / "screenshot_layers.png", DOCS_LAYERS)
    return findings, screenshot, done


def test_desktop_run_completes_and_quits_cleanly(desktop):
    findings, _, done = desktop
    assert findings.get("error") is None, findings["error"]
    assert findings["steps"] == ["plugins loaded", "toolbox visible", "map drawn", "job running", "job finished",
                                 "job to cancel running", "job cancelled", "selection classified"]
    assert done.returncode == 0, done.stderr[-3000:]


def test_provider_menu_and_toolbar_exist(desktop):
    findings, _, _ = desktop
    assert findings["provider"] == {"name": "Glacier DL", "icon": True,
                                    "algorithms": sorted(a.NAME for a in declared_algorithms())}
    assert findings["menu"] == ["Create training dataset…", "Train ensemble…", "Predict glaciers…",
                                "Classify selected glaciers", "Training jobs panel", "About / dependencies…"]
    assert findings["toolbar"] == {"visible": True, "actions": [
        "mActionGlacierDL_createdataset", "mActionGlacierDL_trainensemble", "mActionGlacierDL_predict",
        "mActionGlacierDL_classify", "mActionGlacierDL_jobs"]}
    assert findings["message_bar"] == []  # every dependency found in the checkout's .venv


def test_each_menu_entry_opens_its_dialog(desktop):
    findings, _, _ = desktop
    dialogs = findings["dialogs"]
    assert [d["algorithm"] for d in dialogs] == [
        "glacierdl:createdataset", "glacierdl:trainensemble", "glacierdl:predict", None]
    about = dialogs[-1]
    assert about["object"] == "GlacierDLAbout" and "/.venv" in about["text"]
    assert all(module in about["text"] for module in ("onnxruntime", "torch", "segmentation_models_pytorch"))
    assert "missing" not in about["text"]


def test_processing_toolbox_shows_the_glacier_dl_group_expanded(desktop):
    findings, _, _ = desktop
    assert "Glacier DL" in findings["toolbox_top_level"]
    assert findings["toolbox_group"] == {
        "groups": ["Glacier mapping"], "expanded": True,
        "algorithms": sorted(a.DISPLAY for a in declared_algorithms())}


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_screenshot_shows_the_window_with_content(desktop):
    findings, screenshot, _ = desktop
    assert findings["screenshot"]["width"] == 1280 and findings["screenshot"]["height"] == 800
    with rasterio.open(screenshot) as png:
        pixels = png.read()[:3]
    assert pixels.shape == (3, 800, 1280)
    colours = np.unique(pixels.reshape(3, -1).T, axis=0)
    assert len(colours) > 1000 and pixels.std() > 20  # a rendered Landsat scene, not a blank window


def test_classify_without_a_layer_says_what_to_do(desktop):
    findings, _, _ = desktop
    assert findings["classify_message"] == [
        "Make a glacier polygon layer the active layer and select the glaciers to classify."]


def test_run_in_the_panels_train_dialog_trains_in_the_background_and_the_panel_shows_it(desktop):
    findings, screenshot, _ = desktop
    assert findings["panel_visible"] is True
    assert findings["train_dialog"] == {"algorithm": "glacierdl:trainensemble", "modal": False}
    assert findings["dialog_kept"] is True
    running, earlier = findings["panel_while_running"]
    assert running[:2] == ["panel_model", "running"] and "epoch 1/4" in running[2]
    assert findings["progress_while_running"] > 0
    assert earlier == ["earlier_model", "finished", "member 1/1 · epoch 2/2 · 100 %"]
    ok, model = findings["task_result"]
    assert ok and Path(model).name == "panel_model" and (Path(model) / "ensemble.json").exists()
    assert findings["panel_after"][0] == ["panel_model", "finished", "member 1/1 · epoch 4/4 · 100 %"]
    panel = findings["panel_screenshot"]
    assert panel["width"] > 200 and panel["height"] > 150 and Path(panel["path"]).exists()


def test_cancel_in_the_panel_goes_straight_to_cancelled_and_stops_fast(desktop):
    findings, _, _ = desktop
    states = findings["cancel_states"]
    assert set(states) <= {"cancelling…", "cancelled"} and states[-1] == "cancelled", states  # never "failed"
    # the dialog's run ends as asked, not as a failure: QGIS's task manager then has no "Task failed" to show
    assert findings["cancel_s"] < 10 and findings["cancel_result"] is True
    assert not findings["cancel_folder_left"]
    assert not [m for m in findings["cancel_messages"] if "fail" in m.lower()], findings["cancel_messages"]
    log = findings["cancel_log"]
    assert "cancelled from the Glacier DL panel" in log and "failed" not in log.lower(), log


def test_classify_selected_glaciers_groups_its_layers_below_the_outlines_mean_over_std(desktop):
    findings, _, _ = desktop
    classify = findings["classify"]
    assert classify["ok"] is True and classify["messages"][0] == "The selected glaciers were classified."
    assert not [m for m in classify["messages"] if m.startswith("Classifying")]  # gone once the run ended
    assert classify["group"].startswith("Glacier DL earlier_model 3 selected glaciers ")
    top = classify["top_level"]
    assert top.index("scene_glaciers") < top.index(classify["group"])  # outlines drawn over the rasters
    mean, std = classify["layers"]
    assert (mean["checked"], mean["opacity"]) == (True, 1.0) and mean["band"].startswith("Band 1: glacier probability")
    assert (std["checked"], std["opacity"]) == (False, 0.6)
    assert std["band"].startswith("Band 1: standard deviation of glacier probability")
