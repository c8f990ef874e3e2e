"""Outputs published by rename only when complete: no half-written file or folder survives a failure."""
import pytest

from glacier_dl_plugin.core.atomic import atomic_dir, atomic_path, check_output_folder
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
