"""A QgsTask that runs one training job (new or resumed) in the background, with progress and cancel.

The task only starts the job through ``core.jobs.training_process``; the job's record and log (``core.jobs.registry``)
are what the Glacier DL panel shows, so the panel does not depend on the task object.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsTask
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal

from .. import environment
from ..core.config import TrainConfig
from ..core.errors import CancelledError, GlacierDLError
from ..core.jobs.registry import Job
from ..core.progress import Monitor
from ..core.jobs.training_process import resume_training, run_training

__all__ = ["TrainingTask"]


class TrainingTask(QgsTask):
    """Train (``config``) or resume (``job``) in a child process; ``completed(ok, text)`` is emitted on the
    main thread with the model folder, or the error, or the cancel message."""

    completed = pyqtSignal(bool, str)

    def __init__(self, description: str, dataset: str = "", output: str = "", config: TrainConfig | None = None,
                 overwrite: bool = False, job: Job | None = None) -> None:
        super().__init__(description, QgsTask.CanCancel)
        self.dataset, self.output, self.config, self.overwrite, self.job = dataset, output, config, overwrite, job
        self.model: Path | None = None
        self.error = ""

    @classmethod
    def train(cls, dataset: str, output: str, config: TrainConfig, overwrite: bool = False) -> TrainingTask:
        name = Path(output).name
        return cls(QCoreApplication.translate("GlacierDL", "Glacier DL: training {}").format(name),
                   dataset, output, config, overwrite)

    @classmethod
    def resume(cls, job: Job) -> TrainingTask:
        name = Path(job.output).name
        return cls(QCoreApplication.translate("GlacierDL", "Glacier DL: resuming {}").format(name), job=job)

    def run(self) -> bool:  # worker thread: no widgets here
        monitor = Monitor(progress=self.setProgress, is_cancelled=self.isCanceled)
        try:
            command, env = environment.training_command(), environment.training_env()
            if self.job is not None:
                self.model = resume_training(self.job, env, monitor)
            else:
                self.model = run_training(command, env, self.dataset, self.output, self.config, self.overwrite,
                                          monitor)
        except CancelledError as error:
            self.error = str(error)
            return False
        except GlacierDLError as error:  # the task boundary: shown to the user, never raised into QGIS
            self.error = str(error)
            return False
        return True

    def finished(self, result: bool) -> None:  # main thread
        self.completed.emit(result, str(self.model) if result else self.error)
