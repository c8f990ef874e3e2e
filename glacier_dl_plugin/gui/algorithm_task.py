"""One Glacier DL Processing algorithm run in the background, as the Processing dialog runs it.

Panel buttons and actions start their work through this, never by calling core themselves: the same
algorithm, parameters and checks as the toolbox and ``qgis_process`` (one execution path). The run is a
``QgsProcessingAlgRunnerTask`` (progress and cancel in the QGIS task manager); ``completed`` is emitted on
the main thread, where the caller may load layers.
"""
from __future__ import annotations

from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

__all__ = ["AlgorithmTask"]


class _Feedback(QgsProcessingFeedback):
    """Keeps the errors reported during the run: the last one is the algorithm's exception message."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802, N803 (QGIS's names)
        self.errors.append(error)
        super().reportError(error, fatalError)


class AlgorithmTask(QObject):
    """Run ``algorithm_id`` on ``parameters`` in the background once :meth:`start` is called.

    ``completed(ok, text)``: ``text`` is the ``output`` result (e.g. the model folder) or the error the
    algorithm raised, whole; after a cancel ``feedback.isCanceled()`` holds. ``results``, ``algorithm``,
    ``parameters``, ``context`` and ``feedback`` stay available for Processing's own result handling.
    """

    completed = pyqtSignal(bool, str)

    def __init__(self, algorithm_id: str, parameters: dict, output: str = "OUTPUT") -> None:
        super().__init__()
        self.algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
        if self.algorithm is None:
            raise KeyError(f"the algorithm {algorithm_id} is not registered")
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = _Feedback()
        self.parameters, self.output, self.results = parameters, output, {}
        self.task = QgsProcessingAlgRunnerTask(self.algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(self._executed)

    def start(self) -> None:
        QgsApplication.taskManager().addTask(self.task)

    def _executed(self, ok: bool, results: dict) -> None:
        self.results = results or {}
        if ok:
            text = str(self.results.get(self.output, ""))
        else:
            text = self.feedback.errors[-1] if self.feedback.errors else QCoreApplication.translate(
                "GlacierDL", "Cancelled before it started.")
        self.completed.emit(ok, text)
