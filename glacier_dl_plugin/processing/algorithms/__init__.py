"""The Glacier DL Processing algorithms, one per module, in toolbox order."""
from .area_change import AreaChangeAlgorithm
from .calibrate import CalibrateAlgorithm
from .create_dataset import CreateDatasetAlgorithm
from .evaluate import EvaluateAlgorithm
from .evaluate_points import EvaluatePointsAlgorithm
from .polygonize import PolygonizeAlgorithm
from .predict import PredictAlgorithm
from .predict_images import PredictImagesAlgorithm
from .predict_region import PredictRegionAlgorithm
from .terminus import TerminusAlgorithm
from .train_ensemble import TrainEnsembleAlgorithm

ALGORITHMS = [CreateDatasetAlgorithm, TrainEnsembleAlgorithm, PredictAlgorithm, PredictRegionAlgorithm,
              PredictImagesAlgorithm, PolygonizeAlgorithm, AreaChangeAlgorithm, CalibrateAlgorithm,
              EvaluateAlgorithm, EvaluatePointsAlgorithm, TerminusAlgorithm]
