"""The Glacier DL Processing provider: id ``glacierdl``, one entry per algorithm module."""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .. import environment

ICON = Path(__file__).resolve().parents[1] / "resources" / "icon.svg"


class GlacierDLProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "glacierdl"

    def name(self) -> str:
        return "Glacier DL"

    def longName(self) -> str:
        return "Glacier DL — deep-learning glacier mapping"

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def load(self) -> bool:
        environment.activate()  # makes onnxruntime importable inside QGIS's own Python
        return super().load()

    def loadAlgorithms(self) -> None:
        from .algorithms import ALGORITHMS

        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
