"""The Glacier DL Processing provider: id ``glacierdl``, the algorithms of ``algorithms.ALGORITHMS``."""
from __future__ import annotations

import configparser
from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .. import environment

PLUGIN_DIR = Path(__file__).resolve().parents[1]
ICON = PLUGIN_DIR / "resources" / "icon.svg"


def plugin_version() -> str:
    """The ``version`` of metadata.txt."""
    metadata = configparser.ConfigParser(interpolation=None)
    metadata.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return metadata.get("general", "version", fallback="unknown")


class GlacierDLProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "glacierdl"

    def name(self) -> str:
        return "Glacier DL"

    def longName(self) -> str:
        return f"Glacier DL {plugin_version()}"

    def versionInfo(self) -> str:
        return plugin_version()

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def svgIconPath(self) -> str:
        return str(ICON)

    def load(self) -> bool:
        environment.activate()  # makes onnxruntime importable inside QGIS's own Python
        return super().load()

    def loadAlgorithms(self) -> None:
        from .algorithms import ALGORITHMS

        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
