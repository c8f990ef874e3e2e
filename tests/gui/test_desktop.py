"""The real QGIS desktop under Xvfb, in a throwaway profile with the plugin enabled (see desktop_script.py).

Set GLACIER_DL_UPDATE_SCREENSHOT=1 to copy the screenshot to docs/screenshot_toolbox.png for the README.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import rasterio

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "desktop_script.py"
DOCS_SCREENSHOT = REPO / "docs" / "screenshot_toolbox.png"


@pytest.fixture(scope="module")
def desktop(everest, tmp_path_factory):
    """Run QGIS once; returns (findings from inside the app, screenshot path, completed process)."""
    root = tmp_path_factory.mktemp("desktop")
    profiles = root / "profiles"
    (profiles / "profiles" / "default" / "QGIS").mkdir(parents=True)
    (profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nglacier_dl_plugin=true\nprocessing=true\n")
    runtime = root / "runtime"
    runtime.mkdir(mode=0o700)
    result, screenshot = root / "findings.json", root / "screenshot_toolbox.png"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "QT_QPA_PLATFORM", "GLACIER_DL_VENV", "DISPLAY")}
    env.update(QGIS_PLUGINPATH=str(REPO), HOME=str(root), XDG_RUNTIME_DIR=str(runtime), LANG="C.UTF-8",
               LC_ALL="C.UTF-8", XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "data"),
               XDG_CACHE_HOME=str(root / "cache"), GDAL_PAM_ENABLED="NO",  # no .aux.xml beside the samples
               GLACIER_DL_GUI_RESULT=str(result), GLACIER_DL_GUI_SCREENSHOT=str(screenshot),
               GLACIER_DL_GUI_LAYERS=os.pathsep.join([str(everest["rgb"]), str(everest["outlines"])]))
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "qgis", "--nologo", "--noversioncheck",
         "--profiles-path", str(profiles), "--code", str(SCRIPT)],
        cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert result.exists(), f"the script wrote no findings (rc {done.returncode}):\n{done.stderr[-3000:]}"
    findings = json.loads(result.read_text())
    if os.environ.get("GLACIER_DL_UPDATE_SCREENSHOT") == "1" and screenshot.exists():
        shutil.copyfile(screenshot, DOCS_SCREENSHOT)
    return findings, screenshot, done


def test_desktop_run_completes_and_quits_cleanly(desktop):
    findings, _, done = desktop
    assert findings.get("error") is None, findings["error"]
    assert findings["steps"] == ["plugins loaded", "toolbox visible", "map drawn"]
    assert done.returncode == 0, done.stderr[-3000:]


def test_provider_menu_and_toolbar_exist(desktop):
    findings, _, _ = desktop
    assert findings["provider"] == {"name": "Glacier DL", "icon": True,
                                    "algorithms": ["createdataset", "predict", "trainensemble"]}
    assert findings["menu"] == ["Create training dataset…", "Train ensemble…", "Predict glaciers…",
                                "About / dependencies…"]
    assert findings["toolbar"] == {"visible": True, "actions": [
        "mActionGlacierDL_createdataset", "mActionGlacierDL_trainensemble", "mActionGlacierDL_predict"]}
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
        "algorithms": ["Create training dataset", "Predict glaciers (ensemble)", "Train ensemble"]}


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_screenshot_shows_the_window_with_content(desktop):
    findings, screenshot, _ = desktop
    assert findings["screenshot"]["width"] == 1280 and findings["screenshot"]["height"] == 800
    with rasterio.open(screenshot) as png:
        pixels = png.read()[:3]
    assert pixels.shape == (3, 800, 1280)
    colours = np.unique(pixels.reshape(3, -1).T, axis=0)
    assert len(colours) > 1000 and pixels.std() > 20  # a rendered Landsat scene, not a blank window
