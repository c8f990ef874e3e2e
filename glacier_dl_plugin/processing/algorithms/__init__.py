"""The Glacier DL Processing algorithms, one per module, in toolbox order."""
from .create_dataset import CreateDatasetAlgorithm
from .predict import PredictAlgorithm
from .train_ensemble import TrainEnsembleAlgorithm

ALGORITHMS = [CreateDatasetAlgorithm, TrainEnsembleAlgorithm, PredictAlgorithm]
