"""glacierdl:predict — sliding-window ensemble inference -> mean, standard deviation and class rasters."""
from __future__ import annotations

import json
import time
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsSettings,
)

from ... import environment
from ...core.config.predict import PredictConfig
from ...core.geo.glaciers import GlacierRecord, load_glaciers
from ...core.predict.geotiff_run import predict_raster
from ...core.predict.regions import extent_area, glacier_area
from .base import (
    core_errors,
    glacier_records,
    id_field_of,
    monitor_for,
    raster_inputs,
    style_on_load,
)
from .inference_parameters import InferenceAlgorithm
from .layers import polygon_source, warn_undeclared_voids

LAST_PREDICT_KEY = "glacier_dl/last_predict"
_OUTPUT_STYLES = {"OUTPUT_MEAN": "probability", "OUTPUT_STD": "std", "OUTPUT_CLASSES": "classes"}


class PredictAlgorithm(InferenceAlgorithm):
    NAME = "predict"
    DISPLAY = "Predict glaciers (ensemble)"
    HELP = (
        "Runs every member of a trained ensemble over the input rasters with overlapping tiles blended "
        "(Hann or Gaussian weights, or centre crops) and writes the <b>mean</b> probability and the <b>standard "
        "deviation</b> across members (one band per glacier class, 0-1), optionally a <b>class map</b> and one "
        "raster per member. Nodata input gives nodata output; tiles that are entirely nodata are skipped.<br>"
        "<b>Area</b>: the whole raster, an <b>extent</b> (the outputs are cropped to it), or only the <b>glaciers</b> "
        "(selected features honoured) plus a <b>buffer</b> in metres: tiles touching no buffered glacier are never "
        "computed and pixels outside the buffers are nodata. <b>Held-out members only</b> predicts each glacier "
        "with the members that never saw it in training.<br>"
        "<b>Model</b>: the folder written by 'Train ensemble' (or its ensemble.json), or one .onnx file; give the "
        "same raster layers as for training: they are matched to the model's bands by name (reordered when given "
        "in another order; names that do not match are an error unless <b>IGNORE_BAND_NAMES</b>). Calibration "
        "temperatures are applied when the model has them.<br><b>Device</b>: auto uses CUDA when onnxruntime can "
        "and warns when it falls back to the CPU; cuda or cuda:N (typed) without a usable GPU is an error."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUTS", self.tr("Input rasters (same layers and order as for training)"), QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterFile(
            "MODEL", self.tr("Model (folder, ensemble.json, stac_item.json or .onnx)"), QgsProcessingParameterFile.File,
            fileFilter="Glacier DL models (ensemble.json stac_item.json *.onnx);;All files (*)"))
        for parameter in self.tiling_parameters():
            self.addParameter(parameter)
        self.add_device(PredictConfig)
        self.addParameter(QgsProcessingParameterExtent("EXTENT", self.tr("Extent (empty: whole raster)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "GLACIERS", self.tr("Only these glaciers (selected features honoured)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "BUFFER", self.tr("Buffer around the glaciers (metres)"), QgsProcessingParameterNumber.Double, 300.0,
            minValue=0))
        self.addParameter(self.enum(PredictConfig, "class_map", "Class map"))
        self.add_advanced(
            *self.inference_parameters(), self.band_names_parameter(),
            self.number(PredictConfig, "threshold", "Class-map threshold (empty: calibrated or 0.5)", optional=True),
            QgsProcessingParameterField("ID_FIELD", self.tr("Glacier id field (for held-out members)"),
                                        parentLayerParameterName="GLACIERS", optional=True))
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_MEAN", self.tr("Mean probability")))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_STD", self.tr("Standard deviation")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT_CLASSES", self.tr("Class map"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFolderDestination(
            "OUTPUT_MEMBERS", self.tr("Per-member rasters (folder)"), optional=True, createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):
        environment.activate()
        with core_errors(feedback):
            environment.require("onnxruntime", "Prediction")
        inputs = raster_inputs(self.parameterAsLayerList(parameters, "INPUTS", context))
        model = self.parameterAsFile(parameters, "MODEL", context)
        outputs = {key: self.parameterAsOutputLayer(parameters, key, context) or ""
                   for key in ("OUTPUT_MEAN", "OUTPUT_STD", "OUTPUT_CLASSES")}
        members = self.parameterAsString(parameters, "OUTPUT_MEMBERS", context) or ""
        area = self._area(parameters, context, feedback)
        with core_errors(feedback):
            self.check_outputs(parameters, context, outputs, {"OUTPUT_MEMBERS": members})
            warn_undeclared_voids(inputs, monitor_for(feedback))
            config = self.config_from(PredictConfig, parameters, context,
                                      overlap_percent=self.overlap_in_percent(parameters, context))
            summary = predict_raster(inputs, model, config, outputs["OUTPUT_MEAN"], outputs["OUTPUT_STD"],
                                     monitor_for(feedback), outputs["OUTPUT_CLASSES"], members, area)
        self._remember(parameters, inputs, model, context)
        self._group_layers(context, outputs, model, self._selection_label(parameters, context))
        return {"OUTPUT_MEAN": str(summary.mean), "OUTPUT_STD": str(summary.std),
                "OUTPUT_CLASSES": str(summary.class_map or ""), "OUTPUT_MEMBERS": members, "TILES": summary.tiles}

    def _area(self, parameters, context, feedback):
        """The area builder for core: glaciers (with buffer), an extent, or None for the whole raster."""
        source = polygon_source(self, parameters, "GLACIERS", context, required=False)
        if source is not None:
            records = self._records(source, parameters, context)
            crs = source.sourceCrs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)
            buffer_m = self.parameterAsDouble(parameters, "BUFFER", context)
            return lambda grid: glacier_area(grid, load_glaciers(records, crs, grid.crs), buffer_m, monitor_for(feedback))
        extent = self.parameterAsExtent(parameters, "EXTENT", context)
        if extent.isNull() or extent.isEmpty():
            return None
        extent_crs = self.parameterAsExtentCrs(parameters, "EXTENT", context)
        # an extent typed without [CRS] (qgis_process, no project CRS) is read in the inputs' CRS
        crs = extent_crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED) if extent_crs.isValid() else ""
        bounds = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
        return lambda grid: extent_area(grid, bounds, crs)

    def _records(self, source, parameters, context) -> list[GlacierRecord]:
        records = glacier_records(source.getFeatures(),
                                  id_field_of(source.fields(), self.parameterAsString(parameters, "ID_FIELD", context)))
        if not records:
            raise QgsProcessingException("GLACIERS: no glacier to predict (empty layer or empty selection). Select "
                                         "at least one glacier, or leave GLACIERS empty for the whole raster.")
        return records

    def _remember(self, parameters, inputs, model: str, context) -> None:
        """Store what the 'Classify selected glaciers' action repeats (QgsSettings, JSON)."""
        last = {"INPUTS": [i.path for i in inputs], "MODEL": model,
                "DEVICE": self.enum_value(parameters, "DEVICE", context),
                "TILE_SIZE": self.parameterAsInt(parameters, "TILE_SIZE", context),
                "OVERLAP": self.parameterAsInt(parameters, "OVERLAP", context),
                "BUFFER": self.parameterAsDouble(parameters, "BUFFER", context)}
        QgsSettings().setValue(LAST_PREDICT_KEY, json.dumps(last))

    def _selection_label(self, parameters, context) -> str:
        """'3 selected glaciers ' (or '3 glaciers ') for a run on GLACIERS, '' for a whole raster or extent."""
        glaciers = parameters.get("GLACIERS")
        source = self.parameterAsSource(parameters, "GLACIERS", context) if glaciers else None
        if source is None:
            return ""
        selected = isinstance(glaciers, QgsProcessingFeatureSourceDefinition) and glaciers.selectedFeaturesOnly
        text = self.tr("{} selected glaciers") if selected else self.tr("{} glaciers")
        return text.format(source.featureCount()) + " "

    def _group_layers(self, context, outputs: dict[str, str], model: str, selection: str = "") -> None:
        """Style each output QGIS loads at the end and gather them in a group named after the run (and the
        glaciers it was restricted to)."""
        path = Path(model)
        name = path.parent.name if path.name == "ensemble.json" else path.stem
        group = f"Glacier DL {name} {selection}{time.strftime('%H:%M:%S')}"
        for key, path in outputs.items():
            if path:
                style_on_load(context, path, _OUTPUT_STYLES[key], group)
