"""The Glacier DL panel and background training tasks in a real headless QGIS, on real tiny training runs.

The dataset is made by ``glacierdl:createdataset`` from the synthetic scene (32 px chips, 2 folds); training
is one member of a depth-3 U-Net for one or two epochs on the CPU, started by the panel through
``glacierdl:trainensemble`` as the toolbox runs it. Jobs live in a temporary jobs folder.
"""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from qgis.core import QgsApplication
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication, QTimer
from qgis.PyQt.QtWidgets import QDialog

from glacier_dl_plugin.core.jobs import registry as jobs
from glacier_dl_plugin.gui.jobs_dock import JobsDock

pytestmark = pytest.mark.slow
TINY = {"MEMBERS": 1, "EPOCHS": 2, "BATCH_SIZE": 8, "ENCODER_DEPTH": 3, "DEVICE": "cpu"}


def wait_until(condition, timeout_s=180):
    """Run the event loop (task results arrive through it) until ``condition()`` holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        QCoreApplication.processEvents()
        time.sleep(0.05)


@pytest.fixture(scope="module")
def dataset(qgis_app, scene, tmp_path_factory):
    import processing

    out = tmp_path_factory.mktemp("panel") / "dataset"
    result = processing.run("glacierdl:createdataset", {
        "INPUTS": [str(scene.image)], "GLACIERS": str(scene.glaciers), "ID_FIELD": "glacier_id", "CHIP_SIZE": 32,
        "STRIDE": 32, "BUFFER": 60, "FOLDS": 2, "OUTPUT": str(out)})
    return result["OUTPUT"]


@pytest.fixture
def jobs_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GLACIER_DL_JOBS_DIR", str(tmp_path / "jobs"))
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    return tmp_path / "jobs"


def rows(dock):
    """What the list shows: (job, state, progress bar text, progress value, metrics) per row."""
    shown = []
    for i in range(dock.tree.topLevelItemCount()):
        item = dock.tree.topLevelItem(i)
        bar = dock.tree.itemWidget(item, 2)
        shown.append((item.text(0), item.text(1), bar.text(), bar.value(), item.text(3)))
    return shown


def test_the_panel_lists_jobs_of_an_earlier_session_from_disk(dataset, jobs_dir, tmp_path):
    """A finished run of the algorithm and a run whose process died are on disk before the panel exists (as
    after QGIS restarted)."""
    import processing

    # a run of the Processing algorithm (as from its dialog or qgis_process) is recorded as a job
    model = processing.run("glacierdl:trainensemble", {
        "DATASET": dataset, "MEMBERS": 1, "EPOCHS": 2, "BATCH_SIZE": 8, "DEVICE": "cpu", "ENCODER_DEPTH": 3,
        "OUTPUT": str(tmp_path / "finished_model")})["OUTPUT"]
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    interrupted = jobs.create_job(dataset, str(tmp_path / "killed_model"), ["python", "-m", "training", "fit"])
    interrupted.pid = dead.pid
    jobs.save_job(interrupted)
    with open(interrupted.log, "a") as log:
        log.write(json.dumps({"event": "progress", "percent": 25.0}) + "\n")

    dock = JobsDock()
    assert [r[:2] for r in rows(dock)] == [("killed_model", "interrupted (resumable)"),
                                           ("finished_model", "finished")]
    finished = rows(dock)[1]
    assert finished[3] == 100 and finished[2].endswith("100 %")
    assert finished[2] == "member 1/1 · epoch 2/2 · 100 %" and "val_loss" in finished[4]  # from epoch events
    dock.tree.setCurrentItem(dock.tree.topLevelItem(1))
    assert dock.log.toPlainText().splitlines()[-1] == f"done: {model}"
    assert not dock.cancel_button.isEnabled() and not dock.resume_button.isEnabled()
    dock.tree.setCurrentItem(dock.tree.topLevelItem(0))
    assert dock.resume_button.isEnabled() and not dock.cancel_button.isEnabled()
    assert rows(dock)[0][3] == 25


def test_a_background_task_trains_and_the_panel_shows_it_finished(dataset, jobs_dir, tmp_path):
    bar = QgsMessageBar()
    dock = JobsDock(bar=bar)
    task = dock.start_job({"DATASET": dataset, "OUTPUT": str(tmp_path / "model"), **TINY})
    finished = []
    task.completed.connect(lambda ok, text: finished.append((ok, text)))
    wait_until(lambda: dock.refresh() or rows(dock))  # the job is listed while it runs
    assert rows(dock)[0][:2] == ("model", "running") and dock.cancel_button.isEnabled()
    wait_until(lambda: finished)
    assert finished == [(True, str((tmp_path / "model").resolve()))]
    assert (tmp_path / "model" / "ensemble.json").exists()
    assert rows(dock)[0][:2] == ("model", "finished") and rows(dock)[0][3] == 100
    assert bar.items()[-1].text() == f"Training finished: {(tmp_path / 'model').resolve()}"


def test_a_bad_setting_comes_back_as_the_algorithms_message_whole(dataset, jobs_dir, tmp_path):
    bar = QgsMessageBar()
    dock = JobsDock(bar=bar)
    task = dock.start_job({"DATASET": dataset, "OUTPUT": str(tmp_path / "model"), **TINY, "CLASS_WEIGHTS": "1;3"})
    finished = []
    task.completed.connect(lambda ok, text: finished.append((ok, text)))
    wait_until(lambda: finished, timeout_s=60)
    assert finished == [(False, "CLASS_WEIGHTS: '1;3' is not a number. Give a number, e.g. 2.")]
    assert bar.items()[-1].text() == finished[0][1] and rows(dock) == []  # refused before any job was recorded


def test_new_background_job_runs_the_algorithm_and_the_training_error_reaches_the_panel_whole(jobs_dir, tmp_path):
    """The dialog's defaults are TrainConfig's; an empty folder is refused by the training process, whose JSON
    error (parameter, problem, fix) is the message the panel shows, word for word."""
    from glacier_dl_plugin.core.config import TrainConfig

    (tmp_path / "empty").mkdir()
    bar = QgsMessageBar()
    dock = JobsDock(bar=bar)
    shown = []

    def fill_in():
        dialog = dock.findChild(QDialog, "GlacierDLNewJob")
        shown.append((dialog.members.value(), dialog.epochs.value(), dialog.device.currentText()))
        dialog.dataset.setFilePath(str(tmp_path / "empty"))
        dialog.output.setFilePath(str(tmp_path / "model"))
        dialog.device.setCurrentText("cpu")
        dialog.accept()

    QTimer.singleShot(200, fill_in)
    dock.new_button.click()  # the dialog's own event loop runs until fill_in accepts it
    assert shown == [(TrainConfig().members, TrainConfig().epochs, TrainConfig().device)]
    [task] = dock.tasks
    finished = []
    task.completed.connect(lambda ok, text: finished.append((ok, text)))
    wait_until(lambda: finished)
    [job] = jobs.list_jobs()
    [error] = [e for e in jobs.log_events(job) if e["event"] == "error"]
    assert finished == [(False, f"DATASET: {error['problem']} {error['fix']}")] and error["fix"]
    assert bar.items()[-1].text() == finished[0][1]
    dock.refresh()
    assert rows(dock)[0][:2] == ("model", "failed") and not (tmp_path / "model").exists()


def test_cancel_in_the_panel_stops_the_task_and_leaves_no_model(dataset, jobs_dir, tmp_path):
    bar = QgsMessageBar()
    dock = JobsDock(bar=bar)
    task = dock.start_job({"DATASET": dataset, "OUTPUT": str(tmp_path / "model"), **TINY, "EPOCHS": 100,
                           "PATIENCE": 0})
    finished = []
    task.completed.connect(lambda ok, text: finished.append((ok, text)))
    wait_until(lambda: dock.refresh() or (rows(dock) and rows(dock)[0][3] > 0))  # training is under way
    dock.tree.setCurrentItem(dock.tree.topLevelItem(0))
    dock.cancel_button.click()
    started, states = time.monotonic(), []
    wait_until(lambda: dock.refresh() or states.append(rows(dock)[0][1]) or finished, timeout_s=60)
    stopped_s = time.monotonic() - started
    assert finished == [(False, "Cancelled by the user; no output was written.")] and task.feedback.isCanceled()
    assert set(states) <= {"cancelling…", "cancelled"} and states[0] == "cancelling…"  # never "failed"
    assert stopped_s < 10, stopped_s  # the whole process group stops at its next batch
    print(f"cancel stopped the training in {stopped_s:.1f} s")
    assert rows(dock)[0][1] == "cancelled" and not dock.cancel_button.isEnabled()
    assert bar.items()[-1].text() == "Training cancelled; the partial model folder was removed."
    assert not (tmp_path / "model").exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".model")]
    assert QgsApplication.taskManager().countActiveTasks() == 0


def test_a_killed_job_is_shown_interrupted_and_resume_in_the_panel_finishes_it(dataset, jobs_dir, tmp_path):
    dock = JobsDock(bar=QgsMessageBar())
    first = dock.start_job({"DATASET": dataset, "OUTPUT": str(tmp_path / "model"), **TINY, "EPOCHS": 3,
                            "PATIENCE": 0})
    ended = []
    first.completed.connect(lambda ok, text: ended.append((ok, text)))
    wait_until(lambda: dock.refresh() or (rows(dock) and "epoch 1/3" in rows(dock)[0][2]))
    os.kill(jobs.list_jobs()[0].pid, signal.SIGKILL)  # as when the machine or the process dies
    wait_until(lambda: ended)
    assert not ended[0][0] and "killed" in ended[0][1]
    dock.refresh()
    dock.tree.setCurrentItem(dock.tree.topLevelItem(0))
    assert rows(dock)[0][1] == "interrupted (resumable)" and dock.resume_button.isEnabled()
    dock.resume_button.click()
    [second] = dock.tasks
    second.completed.connect(lambda ok, text: ended.append((ok, text)))
    wait_until(lambda: len(ended) == 2)
    assert ended[1] == (True, str((tmp_path / "model").resolve()))
    assert rows(dock)[0][:3] == ("model", "finished", "member 1/1 · epoch 3/3 · 100 %") and len(rows(dock)) == 1
    assert json.loads((tmp_path / "model" / "ensemble.json").read_text())["members"][0]["name"] == "member_00"


def test_new_job_dialog_checks_before_it_closes_and_offers_overwrite(dataset, jobs_dir, tmp_path):
    """OK with empty fields, or onto a model folder that exists, keeps the dialog open and says why in the
    dialog's own words (the checkbox, not OVERWRITE); nothing is started or recorded until the values pass."""
    from glacier_dl_plugin.gui.new_job_dialog import NewJobDialog

    dialog = NewJobDialog()
    assert dialog.output.storageMode() == dialog.output.GetDirectory  # a folder picker, not a save-file one
    dialog.accept()
    assert dialog.result() == QDialog.Rejected and dialog.problem.text() == (
        "Dataset folder: none was chosen. Choose a folder.")
    dialog.dataset.setFilePath(dataset)
    dialog.accept()
    assert dialog.problem.text() == "Model folder: none was chosen. Choose a folder."
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "ensemble.json").write_text("{}")
    dialog.output.setFilePath(str(tmp_path / "model"))
    dialog.accept()
    assert dialog.problem.text() == (f"Model folder: '{tmp_path / 'model'}' already exists and is not empty. "
                                     "Choose another folder, or tick 'Replace the model folder if it exists'.")
    assert dialog.result() == QDialog.Rejected and dialog.problem.isVisible() is dialog.isVisible()
    dialog.overwrite.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.Accepted and dialog.parameters()["OVERWRITE"] is True
    assert jobs.list_jobs() == []


def test_new_job_dialog_sends_the_cluster_and_names_it_when_it_is_refused(dataset, jobs_dir, tmp_path):
    """The dialog's Cluster row: local by default, a scheduler address or a cluster file sent as CLUSTER, and a
    malformed one keeps the dialog open naming the row, with what was typed and the fix."""
    from glacier_dl_plugin.gui.new_job_dialog import NewJobDialog

    dialog = NewJobDialog()
    dialog.dataset.setFilePath(dataset)
    dialog.output.setFilePath(str(tmp_path / "model"))
    assert dialog.parameters()["CLUSTER"] == "local"
    dialog.cluster.setFilePath("tcp://scheduler:port")
    dialog.accept()
    assert dialog.result() == QDialog.Rejected and dialog.problem.text() == (
        "Cluster: 'tcp://scheduler:port' is not a Dask scheduler address. Give tcp://host:port (e.g. "
        "tcp://10.0.0.5:8786), local, or a cluster file (.yaml).")
    dialog.cluster.setFilePath(str(tmp_path / "slurm.yaml"))
    dialog.accept()
    assert dialog.problem.text().startswith(f"Cluster: '{tmp_path / 'slurm.yaml'}' is neither local")
    dialog.cluster.setFilePath("tcp://127.0.0.1:8786")
    dialog.accept()
    assert dialog.result() == QDialog.Accepted and dialog.parameters()["CLUSTER"] == "tcp://127.0.0.1:8786"
    assert jobs.list_jobs() == []


def test_a_refused_model_folder_adds_no_row(dataset, jobs_dir, tmp_path):
    """The algorithm refuses an existing model folder before it records a job (as the dialog does)."""
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "ensemble.json").write_text("{}")
    bar = QgsMessageBar()
    dock = JobsDock(bar=bar)
    task = dock.start_job({"DATASET": dataset, "OUTPUT": str(tmp_path / "model"), **TINY})
    finished = []
    task.completed.connect(lambda ok, text: finished.append((ok, text)))
    wait_until(lambda: finished, timeout_s=30)
    assert not finished[0][0] and "already exists and is not empty" in finished[0][1]
    dock.refresh()
    assert rows(dock) == [] and jobs.list_jobs() == []
