"""The plugin's QML layer styles (no qgis import): ``layer.loadNamedStyle(str(style_path("probability")))``."""
from __future__ import annotations

from pathlib import Path

__all__ = ["STYLES", "style_path"]

STYLES_DIR = Path(__file__).resolve().parent / "resources" / "styles"
# name -> what the style shows
STYLES = {
    "probability": "mean glacier probability, 0-1, white to deep blue; nodata transparent",
    "std": "ensemble standard deviation, 0-0.5, yellow to red, 60 % opaque; nodata transparent",
    "classes": "class map: one colour per class, background transparent",
    "footprints": "dataset chip footprints, one colour per cross-validation fold",
    "outlines": "predicted glacier outlines, blue outline",
    "outline_bounds": "lower/upper bound outlines, dashed",
    "terminus": "calving-front lines",
    "scores": "evaluation scores: outlines filled by IoU, red < 0.5 to green > 0.9",
}


def style_path(name: str) -> Path:
    """Path of the QML style ``name``.

    Raises:
        KeyError: ``name`` is not a known style; the message lists the valid names.
    """
    if name not in STYLES:
        raise KeyError(f"unknown style {name!r}; valid styles: {', '.join(sorted(STYLES))}")
    return STYLES_DIR / f"{name}.qml"
