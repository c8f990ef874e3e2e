"""The output rule (refused when existing without OVERWRITE, or unwritable) and outputs published by rename only
when complete: no half-written file or folder survives a failure."""
import json

import pytest

from glacier_dl_plugin.core.atomic import (
    REPLACE_FIX,
    atomic_dir,
    atomic_path,
    check_output_file,
    check_output_folder,
    check_output_key,
    check_outputs,
)
from glacier_dl_plugin.core.errors import InputError


def test_a_file_appears_only_when_the_block_succeeds_and_keeps_its_extension_meanwhile(tmp_path):
    target = tmp_path / "out" / "mean.tif"
    with atomic_path(target) as temporary:
        assert temporary.parent == target.parent and temporary.suffix == ".tif" and not target.exists()
        temporary.write_text("complete")
    assert target.read_text() == "complete" and [p.name for p in target.parent.iterdir()] == ["mean.tif"]


def test_a_failure_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "scores.csv"
    target.write_text("previous")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "previous" and [p.name for p in tmp_path.iterdir()] == ["scores.csv"]


def test_a_folder_replaces_an_old_one_only_with_overwrite_and_when_complete(tmp_path):
    target = tmp_path / "dataset"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(ValueError), atomic_dir(target, overwrite=True) as temporary:
        (temporary / "new.txt").write_text("new")
        raise ValueError("cancelled")
    assert [p.name for p in target.iterdir()] == ["old.txt"] and len(list(tmp_path.iterdir())) == 1
    with atomic_dir(target, overwrite=True) as temporary:
        (temporary / "new.txt").write_text("new")
    assert [p.name for p in target.iterdir()] == ["new.txt"]


def test_an_output_folder_must_be_named_and_new_or_empty_unless_overwritten(tmp_path):
    with pytest.raises(InputError, match="OUTPUT: no output folder was given"):
        check_output_folder(" ", False)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").touch()
    with pytest.raises(InputError, match="MODEL: .* already exists and is not empty. .*OVERWRITE"):
        check_output_folder(tmp_path / "full", False, "MODEL")
    assert check_output_folder(tmp_path / "full", True) == tmp_path / "full"
    (tmp_path / "empty").mkdir()
    assert check_output_folder(tmp_path / "empty", False) == tmp_path / "empty"


def test_a_failed_file_removes_the_folders_made_for_it(tmp_path):
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "new" / "deeper" / "mean.tif") as temporary:
        temporary.write_text("half")
        raise RuntimeError("cancelled")
    assert list(tmp_path.iterdir()) == []


def test_the_output_rule_refuses_an_existing_file_unless_overwritten_naming_parameter_path_and_fix(tmp_path):
    existing = tmp_path / "mean.tif"
    existing.write_text("previous")
    with pytest.raises(InputError) as error:
        check_outputs({"OUTPUT_STD": str(tmp_path / "std.tif"), "OUTPUT_MEAN": str(existing)}, overwrite=False)
    assert error.value.parameter == "OUTPUT_MEAN" and str(existing) in error.value.problem
    assert error.value.fix == REPLACE_FIX and "OVERWRITE=true" in error.value.fix
    check_outputs({"OUTPUT_MEAN": str(existing)}, overwrite=True)
    assert check_output_file(tmp_path / "new" / "std.tif", False, "OUTPUT_STD") == tmp_path / "new" / "std.tif"
    assert existing.read_text() == "previous" and sorted(p.name for p in tmp_path.iterdir()) == ["mean.tif"]


@pytest.mark.parametrize("path,problem", [
    ("/proc/glacierdl/std.tif", "cannot write into '/proc'"),  # permission bits allow root there: a real file is tried
    ("{tmp}/notes.txt/std.tif", "is a file, so no folder can be made under it"),
    ("{tmp}", "is a folder"),
    (" ", "no output file was given"),
])
def test_the_output_rule_refuses_a_file_that_cannot_be_written(tmp_path, path, problem):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match=f"OUTPUT_STD: .*{problem}"):
        check_output_file(path.format(tmp=tmp_path), True, "OUTPUT_STD")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # the write test left nothing


def test_an_output_folder_under_proc_is_refused():
    with pytest.raises(InputError, match="OUTPUT: cannot write into '/proc'"):
        check_output_folder("/proc/glacierdl/dataset", True)


def test_a_result_stored_in_a_json_key_exists_when_the_key_does(tmp_path):
    manifest = tmp_path / "ensemble.json"
    manifest.write_text(json.dumps({"members": []}))
    check_output_key(manifest, "calibration", False, "MODEL")
    manifest.write_text(json.dumps({"members": [], "calibration": {"k": 1.0}}))
    with pytest.raises(InputError, match="MODEL: .*already holds a calibration. Set OVERWRITE=true"):
        check_output_key(manifest, "calibration", False, "MODEL")
    check_output_key(manifest, "calibration", True, "MODEL")
    check_output_key(tmp_path / "missing.json", "calibration", False, "MODEL")  # left to the caller's checks
