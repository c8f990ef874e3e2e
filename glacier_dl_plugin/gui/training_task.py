"""A QgsTask that resumes one interrupted training job in the background, with progress and cancel.

New jobs are started through ``glacierdl:trainensemble`` (:mod:`.algorithm_task`); resuming continues an
existing job, same record and log, so it calls ``core.jobs.training_process.resume_training`` directly. The
job's record and log (``core.jobs.registry``) are what the Glacier DL panel shows, so the panel does not
depend on the task object.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal

from .. import environment
from ..core.errors import GlacierDLError
from ..core.jobs.registry import Job
from ..core.jobs.training_process import resume_training
from ..core.progress import Monitor

__all__ = ["ResumeTask"]


class ResumeTask(QgsTask):
    """Resume ``job`` in a child process; ``completed(ok, text)`` is emitted on the main thread with the model
    folder, or the error, or the cancel message."""

    completed = pyqtSignal(bool, str)

    def __init__(self, job: Job) -> None:
        super().__init__(QCoreApplication.translate("GlacierDL", "Glacier DL: resuming {}").format(
            Path(job.output).name), QgsTask.CanCancel)
        self.job = job
        self.model: Path | None = None
        self.error = ""

    def start(self) -> None:
        QgsApplication.taskManager().addTask(self)

    def run(self) -> bool:  # worker thread: no widgets here
        monitor = Monitor(progress=self.setProgress, is_cancelled=self.isCanceled)
        try:
            self.model = resume_training(self.job, environment.training_env(), monitor)
        except GlacierDLError as error:  # the task boundary (cancel included): shown, never raised into QGIS
            self.error = str(error)
            return False
        return True

    def finished(self, result: bool) -> None:  # main thread
        self.completed.emit(result, str(self.model) if result else self.error)
