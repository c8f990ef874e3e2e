"""The hidden work folder a model is built in: refused or resumed when a run was interrupted, removed on
cancel, kept on a crash, published by a rename."""
from __future__ import annotations

import dataclasses
import json

import pytest

from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError, InputError
from training.data import load_dataset
from training.fit import fit_ensemble
from training.work_folder import kept_for_resume, open_work, publish, work_folder
from training_fixtures import TINY_CONFIG

ONE = dataclasses.replace(TINY_CONFIG, members=1)


def test_an_interrupted_run_must_be_resumed_or_overwritten(tiny_dataset, tmp_path):
    work_folder(tmp_path / "model").mkdir()
    with pytest.raises(InputError) as error:
        fit_ensemble(tiny_dataset, tmp_path / "model", ONE)
    assert error.value.parameter == "OUTPUT" and "--resume" in error.value.fix


def test_resume_refuses_a_run_started_with_other_settings(tiny_dataset, tmp_path):
    work = work_folder(tmp_path / "model")
    work.mkdir()
    (work / "run.json").write_text(json.dumps({"dataset": str(tiny_dataset.resolve()), "encoder": "resnet34"}))
    with pytest.raises(InputError) as error:
        fit_ensemble(tiny_dataset, tmp_path / "model", dataclasses.replace(ONE, resume=True))
    assert error.value.parameter == "RESUME"
    assert "encoder" in error.value.problem and "architecture" in error.value.problem
    assert (work / "run.json").is_file() and not (tmp_path / "model").exists()


def test_resuming_the_same_run_reopens_its_folder_and_publishing_renames_it(tiny_dataset, tmp_path):
    info, logged = load_dataset(tiny_dataset), []
    work = open_work(tmp_path / "model", ONE, info, False, logged.append)
    assert work == tmp_path / ".model.training" and json.loads((work / "run.json").read_text())["encoder"] == "resnet18"
    (work / "member_00").mkdir()
    assert open_work(tmp_path / "model", dataclasses.replace(ONE, resume=True, epochs=9), info, False,
                     logged.append) == work and (work / "member_00").is_dir()  # epochs may change
    assert logged == [f"Resuming the interrupted run in {work}."]
    (tmp_path / "model").mkdir()  # an empty folder is replaced
    publish(work, tmp_path / "model", overwrite=False)
    assert (tmp_path / "model" / "member_00").is_dir() and not work.exists()


def test_cancelling_removes_the_work_folder_and_a_crash_keeps_it(tmp_path):
    cancelled, crashed, logged = tmp_path / "a", tmp_path / "b", []
    for folder, error in ((cancelled, CancelledError()), (crashed, MemoryError())):
        folder.mkdir()
        with pytest.raises(type(error)), kept_for_resume(folder, logged.append):
            raise error
    assert not cancelled.exists() and crashed.is_dir() and "--resume" in logged[0]


def test_a_failure_while_a_cancel_is_asked_is_a_cancel_and_an_interrupting_check_keeps_the_folder(tmp_path):
    """SIGTERM to the process group also ends the chip-reading processes: their failure is the cancel's."""
    stopped, interrupted, logged = tmp_path / "a", tmp_path / "b", []

    def hangup() -> bool:
        raise GlacierDLError("Stopped by SIGHUP; continue with --resume.")

    for folder, asked in ((stopped, lambda: True), (interrupted, hangup)):
        folder.mkdir()
        with pytest.raises((CancelledError, RuntimeError)) as error, kept_for_resume(folder, logged.append, asked):
            raise RuntimeError("DataLoader worker (pid 1) is killed by signal: Terminated.")
        assert isinstance(error.value, CancelledError) == (folder is stopped)
    assert not stopped.exists() and interrupted.is_dir() and "--resume" in logged[-1]
