"""The Glacier DL panel: every training job (running and finished) from the jobs folder on disk.

The list is read from the job records (``core.jobs.registry``) once a second, so it shows runs started from the
Processing dialog, from this panel, by ``qgis_process`` or in an earlier QGIS session alike. Both buttons that
start a job run ``glacierdl:trainensemble``, as the toolbox does: *Train in background…* opens its dialog
with every parameter, *New background job…* asks for the main ones and runs it as an :class:`AlgorithmTask`.
Resume continues a job as a :class:`ResumeTask`; Cancel works for any running job through its record and
process.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from qgis.gui import QgsDockWidget, QgsMessageBar
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QTimer, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.jobs import registry as jobs
from ..core.jobs.registry import Job
from .algorithm_task import AlgorithmTask
from .new_job_dialog import NewJobDialog
from .training_task import ResumeTask

__all__ = ["JobsDock", "state_label", "progress_text"]

REFRESH_MS = 1000
TRAIN_ALGORITHM = "glacierdl:trainensemble"
COLUMN_WIDTHS = (110, 150, 250, 300)  # pixels: "interrupted (resumable)", "member 1/2 · epoch 3/10 · 42 %"
PANEL_SIZE = (760, 420)  # pixels: the panel's preferred size, so the columns above show when it first opens
COLUMNS = (QT_TRANSLATE_NOOP("GlacierDL", "Job"), QT_TRANSLATE_NOOP("GlacierDL", "State"),
           QT_TRANSLATE_NOOP("GlacierDL", "Progress"), QT_TRANSLATE_NOOP("GlacierDL", "Metrics"),
           QT_TRANSLATE_NOOP("GlacierDL", "Started"))


translate = QCoreApplication.translate  # always with the literal context "GlacierDL", which pylupdate5 extracts


def state_label(state: str) -> str:
    """The translated name of a job state."""
    return {"cancelling": translate("GlacierDL", "cancelling…"), "running": translate("GlacierDL", "running"), "finished": translate("GlacierDL", "finished"),
            "failed": translate("GlacierDL", "failed"), "cancelled": translate("GlacierDL", "cancelled"),
            "interrupted": translate("GlacierDL", "interrupted (resumable)")}.get(state, state)


def progress_text(job: Job) -> str:
    """``member 1/2 · epoch 3/10 · 42 %`` (members and epochs once the first epoch is reported)."""
    parts = []
    if job.members:
        parts.append(translate("GlacierDL", "member {}/{}").format(job.member, job.members))
    if job.epochs:
        parts.append(translate("GlacierDL", "epoch {}/{}").format(job.epoch, job.epochs))
    return " · ".join(parts + [f"{job.percent:.0f} %"])


def shown_state(job: Job) -> str:
    """The state to show: a run asked to stop is ``cancelling`` until its process ends, then ``cancelled``
    whatever its last words were (a process stopped mid-batch may report a failure on the way out)."""
    if not (job.cancel_requested or job.cancel_marker.exists()) or job.state in ("finished", "interrupted"):
        return job.state
    return "cancelling" if job.state == "running" else "cancelled"


class _Body(QWidget):
    """The panel's contents, asking for room for every column (a dock starts at its contents' size hint)."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(*PANEL_SIZE)


def metrics_text(job: Job) -> str:
    return ", ".join(f"{name} {value:.3g}" for name, value in job.metrics.items())


class JobsDock(QgsDockWidget):
    """The panel; ``bar`` (the QGIS message bar) tells when a job started here ends."""

    def __init__(self, parent: QWidget | None = None, bar: QgsMessageBar | None = None) -> None:
        super().__init__(translate("GlacierDL", "Glacier DL jobs"), parent)
        self.setObjectName("GlacierDLJobsDock")
        self.bar = bar
        self.tasks: list[AlgorithmTask | ResumeTask] = []  # Python must keep what it hands to the task manager
        self.dialogs: list[QDialog] = []  # ... and the Processing dialogs it opens: their Run button is Python
        self.jobs: dict[str, Job] = {}
        self._build()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    def _button(self, name: str, text: str, slot: Callable) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.train_button = self._button("trainDialog", translate("GlacierDL", "Train in background…"),
                                         self.open_train_dialog)
        self.new_button = self._button("newJob", translate("GlacierDL", "New background job…"), self.ask_new_job)
        self.cancel_button = self._button("cancelJob", translate("GlacierDL", "Cancel"),
                                          lambda: self.cancel_job(self.selected()))
        self.resume_button = self._button("resumeJob", translate("GlacierDL", "Resume"),
                                          lambda: self.resume_job(self.selected()))
        self.folder_button = self._button("openFolder", translate("GlacierDL", "Open folder"),
                                          lambda: self.open_folder(self.selected()))
        self.tree = QTreeWidget()
        self.tree.setObjectName("jobList")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([translate("GlacierDL", c) for c in COLUMNS])
        self.tree.itemSelectionChanged.connect(self.show_selected)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.tree.setColumnWidth(column, width)
        self.log = QPlainTextEdit(readOnly=True)
        self.log.setObjectName("jobLog")
        self.log.setLineWrapMode(QPlainTextEdit.NoWrap)
        top, actions = QHBoxLayout(), QHBoxLayout()
        for button in (self.new_button, self.train_button):
            top.addWidget(button)
        for button in (self.cancel_button, self.resume_button, self.folder_button):
            actions.addWidget(button)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.log)
        body = _Body()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(splitter)
        layout.addLayout(actions)
        self.setWidget(body)

    def refresh(self) -> None:
        """Re-read the jobs folder and update the list, keeping the selection."""
        selected = self.selected()
        listed = jobs.list_jobs()
        self.jobs = {job.id: job for job in listed}
        items = {self.tree.topLevelItem(i).data(0, Qt.UserRole): self.tree.topLevelItem(i)
                 for i in range(self.tree.topLevelItemCount())}
        for gone in set(items) - set(self.jobs):
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(items.pop(gone)))
        for row, job in enumerate(listed):
            item = items.get(job.id)
            if item is None:
                item = QTreeWidgetItem()
                item.setData(0, Qt.UserRole, job.id)
                self.tree.insertTopLevelItem(row, item)
                self.tree.setItemWidget(item, 2, QProgressBar())
            self._show_job(item, job)
        if selected is None and listed:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.show_selected()

    def _show_job(self, item: QTreeWidgetItem, job: Job) -> None:
        item.setText(0, Path(job.output).name)
        item.setToolTip(0, job.output + "\n" + translate("GlacierDL", "Dataset: {}").format(job.dataset))
        item.setText(1, state_label(shown_state(job)))
        item.setToolTip(1, job.message)
        bar = self.tree.itemWidget(item, 2)
        bar.setValue(round(job.percent))
        bar.setFormat(progress_text(job))
        item.setText(3, metrics_text(job))
        item.setText(4, time.strftime("%Y-%m-%d %H:%M", time.localtime(job.started)))

    def selected(self) -> Job | None:
        item = self.tree.currentItem()
        return None if item is None else self.jobs.get(item.data(0, Qt.UserRole))

    def show_selected(self) -> None:
        job = self.selected()
        self.cancel_button.setEnabled(job is not None and shown_state(job) == "running")
        self.resume_button.setEnabled(job is not None and job.resumable)
        self.folder_button.setEnabled(job is not None)
        text = jobs.log_text(job) if job is not None else ""
        if text != self.log.toPlainText():
            self.log.setPlainText(text)
            self.log.verticalScrollBar().setValue(self.log.verticalScrollBar().maximum())

    def open_train_dialog(self, parameters: dict | None = None) -> QDialog:
        """The Train ensemble Processing dialog with every parameter, opened without blocking QGIS: its Run
        button runs the algorithm as a background task (as from the toolbox), and the run appears here as a
        job."""
        from processing import createAlgorithmDialog

        dialog = createAlgorithmDialog(TRAIN_ALGORITHM, parameters or {})
        self.dialogs.append(dialog)
        dialog.destroyed.connect(lambda _=None, d=dialog: self.dialogs.remove(d))
        dialog.show()
        return dialog

    def ask_new_job(self) -> None:
        dialog = NewJobDialog(self)
        if dialog.exec_():  # OK closes it only once the values pass the algorithm's checks
            self.start_job(dialog.parameters())

    def start_job(self, parameters: dict) -> AlgorithmTask:
        """Run ``glacierdl:trainensemble`` on ``parameters`` in the background; the job appears in the list
        once the algorithm has recorded it, and bad values come back as the algorithm's message."""
        return self._run(AlgorithmTask(TRAIN_ALGORITHM, parameters))

    def resume_job(self, job: Job | None) -> ResumeTask | None:
        return None if job is None or not job.resumable else self._run(ResumeTask(job))

    def _run(self, task: AlgorithmTask | ResumeTask) -> AlgorithmTask | ResumeTask:
        self.tasks.append(task)
        task.completed.connect(lambda ok, text, t=task: self._completed(t, ok, text))
        task.start()
        return task

    def _completed(self, task: AlgorithmTask | ResumeTask, ok: bool, text: str) -> None:
        self.tasks.remove(task)
        self.refresh()
        if ok:
            self.notify(True, translate("GlacierDL", "Training finished: {}").format(text))
        elif _cancelled(task):  # a cancel is news, not a failure
            self.notify(None, translate("GlacierDL", "Training cancelled; the partial model folder was removed."))
        else:
            self.notify(False, text)

    def notify(self, ok: bool | None, text: str) -> None:
        """Success, warning, or (``ok`` None) information in the message bar."""
        if self.bar is not None:
            push = self.bar.pushInfo if ok is None else self.bar.pushSuccess if ok else self.bar.pushWarning
            push("Glacier DL", text)

    def cancel_job(self, job: Job | None) -> None:
        """Stop a running job, whoever started it (the process removes its partial model folder); a task of
        this panel running it is cancelled too, so QGIS's task manager reports a cancel, not a failure."""
        if job is not None and job.state == "running":
            jobs.request_cancel(job)
            for task in self.tasks:
                if _runs(task, job):
                    (task.task if isinstance(task, AlgorithmTask) else task).cancel()
            self.refresh()

    def open_folder(self, job: Job | None) -> None:
        """Open the model folder, or the jobs folder (the log) when there is no model yet."""
        if job is not None:
            folder = Path(job.model or job.output)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder if folder.is_dir() else Path(job.log).parent)))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name); only a visible panel reads the disk
        self.refresh()
        self.timer.start(REFRESH_MS)
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802
        self.timer.stop()
        super().hideEvent(event)


def _runs(task: AlgorithmTask | ResumeTask, job: Job) -> bool:
    """Whether ``task`` runs ``job``: a resume names it, a training run writes its model folder."""
    if isinstance(task, ResumeTask):
        return task.job.id == job.id
    output = str(task.parameters.get("OUTPUT", ""))
    return bool(output) and Path(output).absolute() == Path(job.output).absolute()


def _cancelled(task: AlgorithmTask | ResumeTask) -> bool:
    """Whether the run ended by a cancel (the Cancel button, QGIS's task manager, or the algorithm's own
    report of a stop made elsewhere)."""
    return task.feedback.isCanceled() if isinstance(task, AlgorithmTask) else task.isCanceled()
