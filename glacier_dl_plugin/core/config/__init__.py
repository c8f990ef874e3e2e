"""Frozen configuration objects: the one description of each job, one module per job.

Processing parameters, the panel, the training command line and the ONNX metadata all build these same
objects, and building validates them, so a value means the same thing wherever it is set.
"""
from .calibrate import ONE_SIGMA, CalibrationConfig
from .dataset import DatasetConfig
from .model import IGNORE_INDEX, NODATA_FLOAT, ModelMetadata
from .polygonize import OutlineConfig
from .predict import PredictConfig
from .terminus import TerminusConfig
from .training import TRAIN_LOSSES, TrainConfig

__all__ = ["CalibrationConfig", "DatasetConfig", "ModelMetadata", "OutlineConfig", "PredictConfig",
           "TerminusConfig", "TrainConfig", "TRAIN_LOSSES", "ONE_SIGMA", "NODATA_FLOAT", "IGNORE_INDEX"]
