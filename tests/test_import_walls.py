"""The import walls of the product design: core imports neither qgis/PyQt nor torch; training no qgis."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def imported_roots(folder: Path) -> dict[str, set[str]]:
    roots = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        roots[str(path.relative_to(REPO))] = names
    return roots


@pytest.mark.parametrize("folder,forbidden", [
    ("glacier_dl_plugin/core", {"qgis", "PyQt5", "torch", "torchvision", "segmentation_models_pytorch"}),
    ("training", {"qgis", "PyQt5"}),
])
def test_no_forbidden_import_statements(folder, forbidden):
    offending = {f: sorted(n & forbidden) for f, n in imported_roots(REPO / folder).items() if n & forbidden}
    assert offending == {}


def test_importing_every_core_module_loads_neither_qgis_nor_torch():
    modules = [f"glacier_dl_plugin.core.{p.stem}" for p in (REPO / "glacier_dl_plugin/core").glob("*.py")
               if p.stem != "__init__"]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'torch')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
