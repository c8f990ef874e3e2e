"""glacierdl:trainensemble — a dataset folder -> an ensemble of U-Nets exported to ONNX."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ... import environment
from ...core.config import TRAIN_LOSSES, TrainConfig
from ...core.errors import InputError, MissingDependencyError
from ...core.jobs.training_process import run_training
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
        "train.log. Each member stops early when the validation criterion stops improving (PATIENCE); regression "
        "datasets (e.g. ice thickness) train with MSE/L1. RESUME continues an interrupted run.<br>"
        "Training runs in its own Python process (the environment set up by <i>make setup</i>, or the one "
        "named by GLACIER_DL_VENV); cancelling stops it and removes the partial model folder."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            "DATASET", self.tr("Dataset folder"), QgsProcessingParameterFile.Folder))
        self.add_int("MEMBERS", "Ensemble members", 2, 1)
        self.add_int("EPOCHS", "Epochs (at most; early stopping may end sooner)", 30, 1)
        self.add_int("BATCH_SIZE", "Batch size", 8, 1)
        self.add_device()
        self.add_advanced(
            QgsProcessingParameterNumber("LEARNING_RATE", self.tr("Learning rate"),
                                         QgsProcessingParameterNumber.Double, 1e-3, minValue=1e-7),
            QgsProcessingParameterString("ARCHITECTURE", self.tr("Architecture (smp name)"), "Unet"),
            QgsProcessingParameterString("ENCODER", self.tr("Encoder (smp name)"), "resnet18"),
            QgsProcessingParameterNumber("ENCODER_DEPTH", self.tr("Encoder depth (3-5)"),
                                         QgsProcessingParameterNumber.Integer, 5, minValue=3, maxValue=5),
            QgsProcessingParameterNumber("SEED", self.tr("Seed of the first member"),
                                         QgsProcessingParameterNumber.Integer, 0),
            self._enum("LOSS", "Loss (auto: CE+Dice, or MSE for regression)", TRAIN_LOSSES),
            QgsProcessingParameterString("CLASS_WEIGHTS", self.tr("Class weights (comma-separated, background "
                                                                  "first; empty: equal)"), "", optional=True),
            QgsProcessingParameterNumber("PATIENCE", self.tr("Early stopping patience (epochs, 0: off)"),
                                         QgsProcessingParameterNumber.Integer, 5, minValue=0),
            self._enum("CRITERION", "Early stopping criterion", ("val_loss", "val_iou")),
            QgsProcessingParameterNumber("LR_PATIENCE", self.tr("Halve the learning rate after (epochs, 0: never)"),
                                         QgsProcessingParameterNumber.Integer, 2, minValue=0),
            QgsProcessingParameterNumber("MIN_LR", self.tr("Minimum learning rate"),
                                         QgsProcessingParameterNumber.Double, 1e-6, minValue=1e-12),
            QgsProcessingParameterBoolean("FIND_LR", self.tr("Find the learning rate automatically"), False),
            QgsProcessingParameterNumber("JITTER", self.tr("Photometric jitter (0: off)"),
                                         QgsProcessingParameterNumber.Double, 0.1, minValue=0),
            QgsProcessingParameterBoolean("ALLOW_CPU_FALLBACK", self.tr("Use the CPU if the GPU is absent"), False),
            QgsProcessingParameterBoolean("MIXED_PRECISION", self.tr("Mixed precision on GPUs"), True),
            QgsProcessingParameterNumber("PARALLEL", self.tr("Members trained at once per device"),
                                         QgsProcessingParameterNumber.Integer, 1, minValue=1),
            QgsProcessingParameterBoolean("RESUME", self.tr("Resume an interrupted run into the model folder"),
                                          False),
        )
        self.addParameter(QgsProcessingParameterBoolean(
            "OVERWRITE", self.tr("Replace the model folder if it exists"), False))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Model folder")))

    def _enum(self, name: str, label: str, options: tuple[str, ...]) -> QgsProcessingParameterEnum:
        parameter = QgsProcessingParameterEnum(name, self.tr(label), list(options), defaultValue=options[0])
        parameter.setUsesStaticStrings(True)
        return parameter

    def _class_weights(self, parameters, context) -> tuple[float, ...]:
        text = self.parameterAsString(parameters, "CLASS_WEIGHTS", context) or ""
        try:
            return tuple(float(part) for part in text.split(",") if part.strip())
        except ValueError as error:
            raise InputError("CLASS_WEIGHTS", f"'{text}' is not a list of numbers.", "Write e.g. 1,3.") from error

    def _config(self, parameters, context) -> TrainConfig:
        return TrainConfig(
            members=self.parameterAsInt(parameters, "MEMBERS", context),
            epochs=self.parameterAsInt(parameters, "EPOCHS", context),
            batch_size=self.parameterAsInt(parameters, "BATCH_SIZE", context),
            learning_rate=self.parameterAsDouble(parameters, "LEARNING_RATE", context),
            architecture=self.parameterAsString(parameters, "ARCHITECTURE", context),
            encoder=self.parameterAsString(parameters, "ENCODER", context),
            encoder_depth=self.parameterAsInt(parameters, "ENCODER_DEPTH", context),
            device=self.parameterAsEnumString(parameters, "DEVICE", context),
            seed=self.parameterAsInt(parameters, "SEED", context),
            loss=self.parameterAsEnumString(parameters, "LOSS", context),
            class_weights=self._class_weights(parameters, context),
            patience=self.parameterAsInt(parameters, "PATIENCE", context),
            criterion=self.parameterAsEnumString(parameters, "CRITERION", context),
            lr_patience=self.parameterAsInt(parameters, "LR_PATIENCE", context),
            min_lr=self.parameterAsDouble(parameters, "MIN_LR", context),
            find_lr=self.parameterAsBool(parameters, "FIND_LR", context),
            jitter=self.parameterAsDouble(parameters, "JITTER", context),
            allow_cpu_fallback=self.parameterAsBool(parameters, "ALLOW_CPU_FALLBACK", context),
            mixed_precision=self.parameterAsBool(parameters, "MIXED_PRECISION", context),
            parallel=self.parameterAsInt(parameters, "PARALLEL", context),
            resume=self.parameterAsBool(parameters, "RESUME", context))

    def processAlgorithm(self, parameters, context, feedback):
        try:
            command, env = environment.training_command(), environment.training_env()
        except MissingDependencyError as error:
            raise QgsProcessingException(str(error)) from error
        with core_errors(feedback):
            model = run_training(command, env, self.parameterAsFile(parameters, "DATASET", context),
                                 self.parameterAsString(parameters, "OUTPUT", context),
                                 self._config(parameters, context),
                                 self.parameterAsBool(parameters, "OVERWRITE", context), monitor_for(feedback))
        return {"OUTPUT": str(model)}
