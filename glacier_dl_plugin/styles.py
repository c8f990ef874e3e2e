"""Where the plugin's QML layer styles live (no qgis import)."""
from __future__ import annotations

from pathlib import Path

__all__ = ["style_path", "STYLES"]

STYLES_DIR = Path(__file__).resolve().parent / "resources" / "styles"
STYLES = ("probability", "std")


def style_path(name: str) -> Path:
    """Path of the QML style ``name``; raises KeyError listing the valid names."""
    if name not in STYLES:
        raise KeyError(f"unknown style '{name}'; valid: {', '.join(STYLES)}")
    return STYLES_DIR / f"{name}.qml"
