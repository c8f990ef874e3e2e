"""glacierdl:predict — sliding-window ensemble inference -> mean and standard-deviation rasters."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessing,
)

from ... import environment
from ...core.config import PredictConfig
from ...core.inference import predict_raster
from .base import GlacierDLAlgorithm, core_errors, monitor_for, raster_inputs, style_on_load


class PredictAlgorithm(GlacierDLAlgorithm):
    NAME = "predict"
    DISPLAY = "Predict glaciers (ensemble)"
    HELP = (
        "Runs every member of a trained ensemble over the input rasters with overlapping tiles blended "
        "by Hann weights, and writes the <b>mean</b> probability and the <b>standard deviation</b> across "
        "members (one band per glacier class, 0-1) on the first input's grid. Pixels where any input band "
        "is nodata are nodata in both outputs; tiles that are entirely nodata are skipped.<br>"
        "<b>Model</b>: the model folder written by 'Train ensemble' (or its ensemble.json), or one .onnx "
        "file. Give the same raster layers, in the same order, as for the training dataset.<br>"
        "<b>Device</b>: auto uses CUDA when onnxruntime can, and says so when it falls back to the CPU."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUTS", self.tr("Input rasters (same layers and order as for training)"), QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterFile(
            "MODEL", self.tr("Model (folder, ensemble.json or .onnx)"), QgsProcessingParameterFile.File,
            fileFilter="Glacier DL models (ensemble.json *.onnx);;All files (*)"))
        self.addParameter(QgsProcessingParameterNumber(
            "TILE_SIZE", self.tr("Tile size in pixels (0: the model's chip size)"),
            QgsProcessingParameterNumber.Integer, 0, minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "OVERLAP", self.tr("Tile overlap (pixels)"), QgsProcessingParameterNumber.Integer, 32, minValue=0))
        self.add_device()
        self.add_advanced(QgsProcessingParameterNumber("BATCH_SIZE", self.tr("Tiles per model call"),
                                                       QgsProcessingParameterNumber.Integer, 8, minValue=1))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_MEAN", self.tr("Mean probability")))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_STD", self.tr("Standard deviation")))

    def processAlgorithm(self, parameters, context, feedback):
        environment.activate()
        with core_errors(feedback):
            environment.require("onnxruntime", "Prediction")
        inputs = raster_inputs(self.parameterAsLayerList(parameters, "INPUTS", context))
        mean = self.parameterAsOutputLayer(parameters, "OUTPUT_MEAN", context)
        std = self.parameterAsOutputLayer(parameters, "OUTPUT_STD", context)
        with core_errors(feedback):
            config = PredictConfig(
                tile_size=self.parameterAsInt(parameters, "TILE_SIZE", context),
                overlap=self.parameterAsInt(parameters, "OVERLAP", context),
                batch_size=self.parameterAsInt(parameters, "BATCH_SIZE", context),
                device=self.parameterAsEnumString(parameters, "DEVICE", context))
            summary = predict_raster(inputs, self.parameterAsFile(parameters, "MODEL", context), config, mean, std,
                                     monitor_for(feedback))
        style_on_load(context, mean, "probability")
        style_on_load(context, std, "std")
        return {"OUTPUT_MEAN": str(summary.mean), "OUTPUT_STD": str(summary.std)}
