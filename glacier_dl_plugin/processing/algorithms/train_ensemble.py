"""glacierdl:trainensemble — a dataset folder -> an ensemble of U-Nets exported to ONNX."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ... import environment
from ...core.config import TrainConfig
from ...core.errors import MissingDependencyError
from ...core.training_process import run_training
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
        "checkpoints, training histories and train.log.<br>"
        "Training runs in its own Python process (the environment set up by <i>make setup</i>, or the one "
        "named by GLACIER_DL_VENV); cancelling stops it and removes the partial model folder."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            "DATASET", self.tr("Dataset folder"), QgsProcessingParameterFile.Folder))
        self.add_int("MEMBERS", "Ensemble members", 2, 1)
        self.add_int("EPOCHS", "Epochs", 2, 1)
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
        )
        self.addParameter(QgsProcessingParameterBoolean(
            "OVERWRITE", self.tr("Replace the model folder if it exists"), False))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Model folder")))

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
            seed=self.parameterAsInt(parameters, "SEED", context))

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
