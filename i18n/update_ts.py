"""Update the translation sources ``i18n/*.ts`` from the plugin's Python files (``make i18n-update``).

pylupdate5 extracts ``translate("Context", "…")``, ``self.tr("…")`` (context: the enclosing class) and
``QT_TRANSLATE_NOOP``. It cannot see what the Processing algorithms translate at run time through the base
class: the ``DISPLAY`` and ``HELP`` class attributes and the labels handed to helper methods (any method
of the algorithm or of ``GlacierDLAlgorithm`` with a parameter named ``label``, e.g. ``add_int``). This
script writes those strings, under their class's name as context (what ``GlacierDLAlgorithm.tr`` looks
up), as ``QCoreApplication.translate`` calls into temporary files on the same line numbers as in the
algorithm's file, runs pylupdate5 over the real and the temporary files, and points the locations of the
temporary files back to the algorithm's file. No generated file is kept in the checkout.

Usage (from the repository root): ``python3 i18n/update_ts.py [TS_FILE ...]`` (default: every i18n/*.ts).
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLUGIN = REPO / "glacier_dl_plugin"
ALGORITHMS = PLUGIN / "processing" / "algorithms"
BASE = ALGORITHMS / "base.py"
CLASS_STRINGS = ("DISPLAY", "HELP")


def _label_positions(classes: list[ast.ClassDef]) -> dict[str, int]:
    """Method name -> index (after ``self``) of its ``label`` parameter, for every method that has one."""
    positions = {}
    for cls in classes:
        for node in cls.body:
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args][1:]
                if "label" in names:
                    positions[node.name] = names.index("label")
    return positions


def _classes(path: Path) -> list[ast.ClassDef]:
    return [n for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)]


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value else None


def algorithm_strings(path: Path, inherited: dict[str, int]) -> list[tuple[int, str, str]]:
    """(line, class name, text) of every string the algorithms in ``path`` translate through the base class."""
    found = []
    for cls in _classes(path):
        labels = {**inherited, **_label_positions([cls])}
        for node in ast.walk(cls):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in CLASS_STRINGS for t in node.targets):
                text = _string(node.value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and getattr(node.func.value, "id", "") == "self" and node.func.attr in labels):
                index = labels[node.func.attr]
                keyword = next((k.value for k in node.keywords if k.arg == "label"), None)
                text = _string(node.args[index] if index < len(node.args) else keyword)
            else:
                continue
            if text:
                found.append((node.lineno, cls.name, text))
    return found


def _write_calls(path: Path, strings: list[tuple[int, str, str]]) -> None:
    """One line per source line, each string as a translate call on its own line number."""
    lines: dict[int, list[str]] = {}
    for line, context, text in strings:
        lines.setdefault(line, []).append(
            f"QCoreApplication.translate({json.dumps(context)}, {json.dumps(text, ensure_ascii=False)})")
    body = ["; ".join(lines.get(n, [])) for n in range(1, max(lines) + 1)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")


def update(ts_files: list[Path]) -> None:
    inherited = _label_positions(_classes(BASE))
    sources = sorted(p for p in PLUGIN.rglob("*.py") if "__pycache__" not in p.parts)
    with tempfile.TemporaryDirectory(prefix="glacier_dl_i18n_") as temporary:
        generated = {}
        for path in sorted(ALGORITHMS.glob("*.py")):
            strings = algorithm_strings(path, inherited)
            if strings:
                generated[path] = Path(temporary) / path.name
                _write_calls(generated[path], strings)
        for ts in ts_files:
            subprocess.run(["pylupdate5", "-noobsolete", *map(str, sources), *map(str, generated.values()),
                            "-ts", str(ts)], check=True)
            text = ts.read_text(encoding="utf-8")
            for real, fake in generated.items():
                text = text.replace(f'filename="{os.path.relpath(fake, ts.parent)}"',
                                    f'filename="{os.path.relpath(real, ts.parent)}"')
            ts.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    update([Path(a).resolve() for a in sys.argv[1:]] or sorted((REPO / "i18n").glob("*.ts")))
