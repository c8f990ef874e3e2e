"""The Glacier DL Processing algorithms, one per module, in toolbox order."""
from .area_change import AreaChangeAlgorithm
from .calibrate import CalibrateAlgorithm
from .create_dataset import CreateDatasetAlgorithm
from .evaluate import EvaluateAlgorithm
from .evaluate_points import EvaluatePointsAlgorithm
from .polygonize import PolygonizeAlgorithm
from .predict import PredictAlgorithm
from .terminus import TerminusAlgorithm
from .train_ensemble import TrainEnsembleAlgorithm

ALGORITHMS = [CreateDatasetAlgorithm, TrainEnsembleAlgorithm, PredictAlgorithm, PolygonizeAlgorithm,
              AreaChangeAlgorithm, CalibrateAlgorithm, EvaluateAlgorithm, EvaluatePointsAlgorithm,
              TerminusAlgorithm]
