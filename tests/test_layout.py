"""The layout shows the architecture: core is packages by stage plus a few shared modules, every core module has
its test module in the mirrored tree, and no module grows past 300 lines."""
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "glacier_dl_plugin" / "core"
SHARED_CORE_MODULES = {"__init__.py", "atomic.py", "errors.py", "progress.py"}  # used by every stage
MAX_LINES = 300


def modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_core_top_level_holds_only_stage_packages_and_the_shared_modules():
    entries = {p.name for p in CORE.iterdir() if p.name != "__pycache__"}
    packages = {name for name in entries if (CORE / name / "__init__.py").is_file()}
    assert entries - packages == SHARED_CORE_MODULES
    assert {"assess", "config", "dataset", "geo", "jobs", "predict"} <= packages


def test_every_core_module_has_its_test_module_in_the_mirrored_tree():
    """``core/<package>/<module>.py`` is tested in ``tests/core/<package>/test_<module>.py``."""
    missing = [str(path.relative_to(REPO)) for path in modules(CORE) if path.name != "__init__.py"
               and not (REPO / "tests" / path.parent.relative_to(CORE.parent) / f"test_{path.name}").is_file()]
    assert not missing, f"no test module for {len(missing)} core modules: {', '.join(missing)}"


@pytest.mark.parametrize("tree", ["glacier_dl_plugin", "training", "synthetic"])
def test_no_module_is_over_300_lines(tree):
    long = {str(path.relative_to(REPO)): n for path in modules(REPO / tree)
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
