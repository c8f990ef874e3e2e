"""Frozen configuration objects: the one description of each job, one module per job.

Processing parameters, the panel, the training command line and the ONNX metadata all build these same
objects, and building validates them, so a value means the same thing wherever it is set. Choice lists are
in :mod:`.choices`, the shared rules in :mod:`.checks`, and what adapters read from a field (default,
range, choices, help) in :mod:`.fields`.
"""
from .area_change import AreaChangeConfig
from .calibrate import ONE_SIGMA, CalibrationConfig
from .dataset import DatasetConfig
from .evaluate import EvaluateConfig, PointScoresConfig
from .fields import default
from .model import IGNORE_INDEX, NODATA_FLOAT, ModelMetadata
from .polygonize import OutlineConfig
from .predict import PredictConfig
from .terminus import TerminusConfig
from .training import TRAIN_LOSSES, TrainConfig, TrainingRun

__all__ = ["AreaChangeConfig", "CalibrationConfig", "DatasetConfig", "EvaluateConfig", "PointScoresConfig", "ModelMetadata",
           "OutlineConfig", "PredictConfig", "TerminusConfig", "TrainConfig", "TrainingRun", "TRAIN_LOSSES",
           "ONE_SIGMA", "NODATA_FLOAT", "IGNORE_INDEX", "default"]
