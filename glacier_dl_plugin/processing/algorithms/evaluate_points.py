"""glacierdl:evaluatepoints — a regression raster (e.g. ice thickness) scored against point measurements."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorLayer,
)

from ...core.assess.point_scores import measured_pixels, read_dataset_description, write_point_scores
from ...core.config import PointScoresConfig
from .base import GlacierDLAlgorithm, core_errors
from .layers import point_measurements


class EvaluatePointsAlgorithm(GlacierDLAlgorithm):
    NAME = "evaluatepoints"
    DISPLAY = "Evaluate against point measurements"
    HELP = (
        "Scores a regression raster (e.g. the predicted ice thickness) against measurements at points or along "
        "lines (a GPR survey, boreholes): RMSE, MAE and bias (predicted − measured), per fold and overall.<br>"
        "Measurements are averaged per pixel of the raster first, as for training, so a dense profile does not "
        "weigh more than the pixels it crosses; pixels where the raster has no value are skipped. With the "
        "<b>training dataset</b> made with the block split, each pixel belongs to the fold of its block and the "
        "scores are also given per fold: score a member's prediction on the fold it held out. Writes a table of "
        "the measured pixels, the scores table and a scatter plot of predicted against measured values."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterRasterLayer("PREDICTION", self.tr("Regression raster")))
        self.addParameter(self.number(PointScoresConfig, "band", "Band"))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "POINTS", self.tr("Measurements (points or lines)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterField(
            "POINTS_FIELD", self.tr("Measured value field"), parentLayerParameterName="POINTS",
            type=QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterFile(
            "DATASET", self.tr("Training dataset with block folds (scores per fold)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_SCORES", self.tr("Scores per fold"), "CSV files (*.csv)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_PIXELS", self.tr("Measured pixels"), "CSV files (*.csv)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_PLOT", self.tr("Scatter plot"), "PNG files (*.png)", optional=True))
        for name, label in (("RMSE", "RMSE"), ("MAE", "MAE"), ("BIAS", "Bias (predicted − measured)")):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(label)))

    def processAlgorithm(self, parameters, context, feedback):
        raster = self.parameterAsRasterLayer(parameters, "PREDICTION", context)
        layer = self.parameterAsVectorLayer(parameters, "POINTS", context)
        field = self.parameterAsString(parameters, "POINTS_FIELD", context)
        dataset = self.parameterAsFile(parameters, "DATASET", context)
        outputs = {name: self.parameterAsFileOutput(parameters, name, context)
                   for name in ("OUTPUT_SCORES", "OUTPUT_PIXELS", "OUTPUT_PLOT")}
        with core_errors(feedback):
            config = self.config_from(PointScoresConfig, parameters, context)
            self.check_outputs(parameters, context, {k: v for k, v in outputs.items() if v})
            measurements = point_measurements(layer, field, "POINTS", "POINTS_FIELD")
            description = read_dataset_description(dataset) if dataset else None
            pixels = measured_pixels(raster.source(), measurements, description, config.band)
            scores = write_point_scores(pixels, outputs["OUTPUT_PIXELS"], outputs["OUTPUT_SCORES"],
                                        outputs["OUTPUT_PLOT"], config.unit)
        for score in scores:
            feedback.pushInfo(f"{'fold ' + score.fold if score.fold != 'overall' else 'overall'}: {score.n} "
                              f"pixels, RMSE {score.rmse:.2f}, MAE {score.mae:.2f}, bias {score.bias:+.2f}")
        overall = scores[-1]
        return {**outputs, "RMSE": overall.rmse, "MAE": overall.mae, "BIAS": overall.bias}
