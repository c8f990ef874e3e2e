"""TrainingRun: one training run as the JSON file ``python -m training fit --config`` reads."""
from __future__ import annotations

import json

import pytest

from glacier_dl_plugin.core.config import TrainConfig, TrainingRun
from glacier_dl_plugin.core.errors import InputError


def test_a_run_round_trips_through_its_json_file(tmp_path):
    run = TrainingRun("/data/ds", "/data/model", TrainConfig(members=5, class_weights=(0.5, 2.0), find_lr=True,
                                                             encoder_weights="/w.pth"), overwrite=True)
    run.write(tmp_path / "job.json")
    written = json.loads((tmp_path / "job.json").read_text())
    assert written["dataset"] == "/data/ds" and written["members"] == 5 and written["class_weights"] == [0.5, 2.0]
    assert TrainingRun.read(tmp_path / "job.json") == run


def test_a_hand_written_file_needs_only_the_folders(tmp_path):
    (tmp_path / "job.json").write_text('{"dataset": "ds", "output": "model", "epochs": 4}')
    assert TrainingRun.read(tmp_path / "job.json") == TrainingRun("ds", "model", TrainConfig(epochs=4))


@pytest.mark.parametrize("text,parameter,problem", [
    ('{"output": "model"}', "DATASET", "is missing."),
    ('{"dataset": "ds", "output": "model", "members": 0}', "MEMBERS", "must be at least 1, got 0."),
    ('{"dataset": "ds", "output": "model", "overwrite": "sometimes"}', "OVERWRITE", "'sometimes' is not true or false."),
    ('{"dataset": "ds", "output": "model", "member": 3}', "CONFIG", "unknown setting(s) member."),
    ('["ds", "model"]', "CONFIG", "does not hold one JSON object."),
    ('{"dataset": "ds",', "CONFIG", "is not valid JSON"),
])
def test_a_bad_file_names_the_parameter_and_says_how_to_fix_it(tmp_path, text, parameter, problem):
    (tmp_path / "job.json").write_text(text)
    with pytest.raises(InputError) as error:
        TrainingRun.read(tmp_path / "job.json")
    assert error.value.parameter == parameter and problem in error.value.problem and error.value.fix


def test_a_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(InputError) as error:
        TrainingRun.read(tmp_path / "absent.json")
    assert error.value.parameter == "CONFIG" and "cannot be read" in error.value.problem
