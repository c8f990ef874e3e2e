"""Install dependencies… in real QGIS: a fresh environment for QGIS's own Python, cancel, then the inference set.

It runs in a separate QGIS's-own-Python process (/usr/bin/python3) with a copy of the plugin and a bare HOME,
so that neither the checkout's .venv nor a per-user environment is visible: before the install onnxruntime is
really missing, after it the About text must list every inference dependency with its version.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = r'''
import json, os, sys, time
sys.path.append("/usr/share/qgis/python/plugins")
from qgis.core import QgsApplication
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], True)
app.initQgis()
import glacier_dl_plugin
from glacier_dl_plugin import environment, plugin as plugin_module
from glacier_dl_plugin.gui.install_dialog import InstallDialog

plugin = glacier_dl_plugin.classFactory(None)
plugin.initProcessing()
result = {"before": plugin_module.about_html(), "before_missing": environment.missing_modules()}

def run(dialog, cancel_when=None):
    dialog.show()
    dialog.install_button.click()
    deadline, pgid = time.time() + 400, None
    while dialog.outcome == "running" and time.time() < deadline:
        app.processEvents()
        time.sleep(0.02)
        if cancel_when and dialog.task is not None and cancel_when in dialog.log.toPlainText():
            pgid = dialog.task.installer.pgid
            dialog.cancel_button.click()
            cancel_when = None
    for _ in range(20):
        app.processEvents()
    return dialog.outcome, pgid

os.environ["GLACIER_DL_VENV"] = sys.argv[1]
outcome, pgid = run(InstallDialog(), cancel_when="Collecting")
try:
    os.killpg(pgid, 0)
    alive = True
except (ProcessLookupError, TypeError):
    alive = False
result["cancel"] = [outcome, os.path.exists(sys.argv[1]), alive]

os.environ["GLACIER_DL_VENV"] = sys.argv[2]
dialog = InstallDialog()
result["install"] = run(dialog)[0]
result["progress"] = dialog.progress.value()
result["log"] = dialog.log.toPlainText()[-3000:]
result["after"] = plugin_module.about_html()
result["after_missing"] = environment.missing_modules(environment.INFERENCE_MODULES)
result["algorithms"] = len(QgsApplication.processingRegistry().providerById("glacierdl").algorithms())
print("RESULT" + json.dumps(result))
'''


@pytest.mark.slow
def test_install_dialog_cancels_then_installs_the_inference_set_and_about_finds_it(tmp_path):
    plugins = tmp_path / "plugins"
    shutil.copytree(REPO / "glacier_dl_plugin", plugins / "glacier_dl_plugin",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "home").mkdir()
    cancelled, target = tmp_path / "cancelled-venv", tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "GLACIER_DL_VENV")}
    env.update(HOME=str(tmp_path / "home"), PYTHONPATH=str(plugins), QT_QPA_PLATFORM="offscreen",
               PATH="/usr/bin:/bin")
    out = subprocess.run(["/usr/bin/python3", "-c", SCRIPT, str(cancelled), str(target)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=900)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT")]
    assert out.returncode == 0 and lines, out.stdout[-3000:] + out.stderr[-3000:]
    result = json.loads(lines[0][len("RESULT"):])
    assert "onnxruntime" in result["before_missing"] and str(target) not in result["before"]
    assert result["cancel"] == ["cancelled", False, False]  # half-made folder gone, no pip left running
    assert result["install"] == "done" and result["progress"] == 1000, result["log"]
    assert result["after_missing"] == [] and result["algorithms"] > 0
    about = result["after"]
    assert f"Python environment: {target}" in about
    versions = subprocess.run(
        [str(target / "bin" / "python"), "-c", "import importlib.metadata as m; print(*(m.version(d) for d in "
         "('onnxruntime-gpu', 'Jinja2', 'distributed', 'dask-jobqueue')))"],
        env=env, capture_output=True, text=True, check=True).stdout.split()
    for module, version in zip(("onnxruntime", "jinja2", "distributed", "dask_jobqueue"), versions):
        row = about.split(f"<tt>{module}</tt>", 1)[1].split("</tr>", 1)[0]
        assert version in row and "missing" not in row, (module, row)
