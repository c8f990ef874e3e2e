"""glacierdl:trainensemble — a dataset folder -> an ensemble of U-Nets exported to ONNX."""
from __future__ import annotations

from qgis.core import (
    QgsApplication,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)

from ... import environment
from ...core.config import TrainConfig, TrainingRun, default
from ...core.errors import CancelledError, MissingDependencyError
from ...core.jobs.training_process import run_training
from ...core.predict.devices import check_training_gpu
from .base import GlacierDLAlgorithm, core_errors, monitor_for


class TrainEnsembleAlgorithm(GlacierDLAlgorithm):
    NAME = "trainensemble"
    DISPLAY = "Train ensemble"
    HELP = (
        "Trains an ensemble of segmentation models (segmentation-models-pytorch) on a dataset folder made "
        "by 'Create training dataset'. Member i uses seed SEED+i and holds out fold i (mod the number of "
        "folds) as its test fold, standardising inputs with the statistics of its training folds only.<br>"
        "Each member is exported to ONNX with its metadata (bands, normalisation, classes, chip size) "
        "embedded, and checked against torch. The model folder holds ensemble.json, the ONNX files, "
        "checkpoints, training histories, loss curves, per-class and per-glacier metrics, report.md and "
        "train.log. Each member stops early when the validation criterion stops improving for <i>Early stopping "
        "patience</i> epochs; regression datasets (e.g. ice thickness) train with MSE/L1. <i>Resume an interrupted "
        "run</i> continues one into the same model folder.<br>"
        "Training runs in its own Python process, in the Python environment with torch that <i>Plugins › Glacier "
        "DL › About / dependencies…</i> names; cancelling stops it and removes the partial model folder."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            "DATASET", self.tr("Dataset folder"), QgsProcessingParameterFile.Folder))
        self.addParameter(self.number(TrainConfig, "members", "Ensemble members"))
        self.addParameter(self.number(TrainConfig, "epochs", "Epochs (at most; early stopping may end sooner)"))
        self.addParameter(self.number(TrainConfig, "batch_size", "Batch size"))
        self.add_device(TrainConfig)
        self.add_advanced(
            self.number(TrainConfig, "learning_rate", "Learning rate"),
            QgsProcessingParameterString("ARCHITECTURE", self.tr("Architecture (smp name)"),
                                         default(TrainConfig, "architecture")),
            QgsProcessingParameterString("ENCODER", self.tr("Encoder (smp name, or sam2_hiera_tiny/small/base_plus/"
                                                            "large)"), default(TrainConfig, "encoder")),
            self.number(TrainConfig, "encoder_depth", "Encoder depth (3-5)"),
            self.number(TrainConfig, "seed", "Seed of the first member"),
            QgsProcessingParameterFile("ENCODER_WEIGHTS", self.tr("Encoder weights (local state-dict file; "
                                                                  "empty: random)"), optional=True),
            self.flag(TrainConfig, "freeze_encoder", "Freeze the encoder (train decoder and head only)"),
            self.number(TrainConfig, "encoder_lr_factor", "Encoder learning rate factor"),
            self.number(TrainConfig, "layer_decay", "Encoder layer-wise learning rate decay (1: off)"),
            self.enum(TrainConfig, "loss", "Loss (auto: CE+Dice, or MSE for regression)"),
            QgsProcessingParameterString("CLASS_WEIGHTS", self.tr("Class weights (comma-separated, background "
                                                                  "first; empty: equal)"), "", optional=True),
            self.number(TrainConfig, "patience", "Early stopping patience (epochs, 0: off)"),
            self.enum(TrainConfig, "criterion", "Early stopping criterion"),
            self.enum(TrainConfig, "schedule", "Learning-rate schedule"),
            self.number(TrainConfig, "lr_patience", "Halve the learning rate after (epochs, 0: never)"),
            self.number(TrainConfig, "min_lr", "Minimum learning rate"),
            self.flag(TrainConfig, "find_lr", "Find the learning rate automatically"),
            self.number(TrainConfig, "jitter", "Photometric jitter (0: off)"),
            self.flag(TrainConfig, "allow_cpu_fallback", "Use the CPU if the GPU is absent"),
            self.flag(TrainConfig, "mixed_precision", "Mixed precision on GPUs"),
            self.number(TrainConfig, "parallel", "Members trained at once per device"),
            self.number(TrainConfig, "loader_workers", "Chip-reading processes per member (0: none)"),
            QgsProcessingParameterString("CLUSTER", self.tr("Cluster (local, tcp://host:port of a Dask scheduler, "
                                                            "or a Slurm/PBS cluster file)"),
                                         default(TrainConfig, "cluster")),
            self.flag(TrainConfig, "resume", "Resume an interrupted run into the model folder"),
        )
        self.addParameter(self.flag(TrainingRun, "overwrite", "Replace the model folder if it exists"))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Model folder")))

    def run_settings(self, parameters, context) -> TrainingRun:
        """The run the parameters describe (the JSON file the training process reads).

        Raises:
            InputError: a value the configuration rejects, named by its parameter.
        """
        return TrainingRun(self.parameterAsFile(parameters, "DATASET", context),
                           self.parameterAsString(parameters, "OUTPUT", context),
                           self.config_from(TrainConfig, parameters, context),
                           self.parameterAsBool(parameters, "OVERWRITE", context))

    def processAlgorithm(self, parameters, context, feedback):
        try:
            command, env = environment.training_command(), environment.training_env()
        except MissingDependencyError as error:
            raise QgsProcessingException(str(error)) from error
        with core_errors(feedback):
            run = self.run_settings(parameters, context)
            check_training_gpu(run.config.device, run.config.allow_cpu_fallback, feedback.pushWarning)
            try:
                model = run_training(command, env, run, monitor_for(feedback))
            except CancelledError as error:
                if feedback.isCanceled() or QgsApplication.platform() != "desktop":
                    raise  # this run's own Cancel, a signal, or a batch run: reported as cancelled
                # cancelled from the Glacier DL panel: the run ended as the user asked, so the Processing
                # dialog and QGIS's task manager must not call it a failure
                feedback.pushWarning(f"{error} It was cancelled from the Glacier DL panel.")
                return {"OUTPUT": None}
        return {"OUTPUT": str(model)}
