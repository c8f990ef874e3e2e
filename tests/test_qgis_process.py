"""Running algorithms through qgis_process: an isolated profile, repeated list parameters, results parsed from
the JSON after QGIS's own output, failures raised with that output. (tests/cli runs the real executable.)"""
import json
import subprocess

import pytest

from glacier_dl_plugin import qgis_process
from glacier_dl_plugin.qgis_process import PLUGIN_DIR, QgisProcess


@pytest.fixture
def calls(monkeypatch):
    """Every command qgis_process would run, answered by ``answer`` (the last one given)."""
    made, answers = [], [subprocess.CompletedProcess([], 0, "", "")]
    monkeypatch.setattr(qgis_process, "_executable", lambda: "qgis_process.bin")

    def run(command, env, capture_output, text):
        made.append((command, env))
        return answers[-1]

    monkeypatch.setattr(qgis_process.subprocess, "run", run)
    return made, answers


def test_the_profile_is_isolated_and_the_plugin_enabled_in_it(calls, tmp_path):
    made, _ = calls
    QgisProcess(tmp_path / "profile")
    [(command, env)] = made
    assert command == ["qgis_process.bin", "plugins", "enable", "glacier_dl_plugin"]
    assert env["QGIS_PLUGINPATH"] == str(PLUGIN_DIR.parent)
    assert env["XDG_CONFIG_HOME"] == str(tmp_path / "profile" / "config")
    assert (tmp_path / "profile" / "runtime").stat().st_mode & 0o777 == 0o700


def test_list_values_repeat_the_parameter_and_results_come_from_the_json(calls, tmp_path):
    made, answers = calls
    qgis = QgisProcess(tmp_path)
    answers.append(subprocess.CompletedProcess([], 0, "QGIS says hello\n" + json.dumps({"results": {"IOU": 0.8}}), ""))
    assert qgis.results("evaluate", {"INPUTS": ["a.tif", "b.tif"], "BUFFER": 300}) == {"IOU": 0.8}
    assert made[-1][0] == ["qgis_process.bin", "run", "glacierdl:evaluate", "--json", "--", "INPUTS=a.tif",
                           "INPUTS=b.tif", "BUFFER=300"]


def test_a_failing_algorithm_raises_with_what_qgis_printed(calls, tmp_path):
    _, answers = calls
    qgis = QgisProcess(tmp_path)
    answers.append(subprocess.CompletedProcess([], 1, "", "OVERLAP: 64 is not below the tile size"))
    with pytest.raises(RuntimeError, match="(?s)glacierdl:predict failed \\(1\\):.*OVERLAP: 64"):
        qgis.results("predict", {"OVERLAP": 64})
