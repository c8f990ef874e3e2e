"""glacierdl:calibrate — member temperatures and the area-interval width k, fitted on validation glaciers."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ... import environment
from ...core.assess.calibration import calibrate_ensemble, store_calibration
from ...core.assess.evaluation_report import write_reliability_png
from ...core.atomic import check_output_key
from ...core.config.calibrate import CalibrationConfig
from ...core.config.predict import InferenceConfig
from ...core.geo.glaciers import load_glaciers
from ...core.geo.raster_stack import read_grid
from .base import core_errors, glacier_records, id_field_of, monitor_for, raster_inputs
from .inference_parameters import InferenceAlgorithm


class CalibrateAlgorithm(InferenceAlgorithm):
    NAME = "calibrate"
    DISPLAY = "Calibrate ensemble uncertainty"
    HELP = (
        "Calibrates a trained ensemble on <b>validation glaciers</b> whose reference outlines are known. "
        "Every member runs over windows around those glaciers only. A <b>temperature</b> per member is fitted "
        "on a pixel sample (temperature scaling of its log-probabilities, minimising the negative "
        "log-likelihood), preferring the glaciers the member never saw in training. Then <b>k</b> is chosen "
        "so that the area interval [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] contains "
        "the reference area for the chosen share (68.27 %, one sigma) of the validation glaciers.<br>"
        "The result is stored in the model's ensemble.json (key 'calibration'); Predict and Polygonize use "
        "it. Writes a reliability diagram PNG with the expected calibration error (ECE) before and after.<br>"
        "<b>Glaciers</b>: the reference outlines (all of them are labels). <b>Validation glaciers</b>: the "
        "ids listed in <i>Validation glacier ids</i>, else the layer's selected features, else the glaciers the members "
        "held out in training (their test glaciers), else every glacier. The model must be a folder.<br>"
        "The members' probabilities are computed exactly as Predict computes them with these glaciers and "
        "buffer: the same <b>tile size, overlap, blending, test-time augmentation, precision</b> and, with "
        "<b>held-out members only</b>, the same members per glacier; the inputs are warped onto the model's "
        "grid and its derived bands (slope, NDSI…) computed as for Predict."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUTS", self.tr("Input rasters (same layers and order as for training)"), QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterFile(
            "MODEL", self.tr("Model folder (with ensemble.json)"), QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "GLACIERS", self.tr("Reference glacier outlines"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "ID_FIELD", self.tr("Glacier id field (default: RGIId, glacier_id or the feature id)"),
            parentLayerParameterName="GLACIERS", optional=True))
        self.addParameter(QgsProcessingParameterString(
            "VALIDATION_IDS", self.tr("Validation glacier ids, comma-separated (empty: selection or test "
                                      "glaciers)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "THRESHOLD", self.tr("Glacier probability threshold"), QgsProcessingParameterNumber.Double, 0.5,
            minValue=0.01, maxValue=0.99))
        self.addParameter(QgsProcessingParameterNumber(
            "BUFFER", self.tr("Surroundings scored around each glacier (metres)"),
            QgsProcessingParameterNumber.Double, 300.0, minValue=0))
        self.add_device(InferenceConfig)
        self.add_advanced(
            QgsProcessingParameterNumber("COVERAGE", self.tr("Share of glaciers the interval must cover"),
                                         QgsProcessingParameterNumber.Double, 0.6827, minValue=0.01, maxValue=0.99),
            QgsProcessingParameterNumber("MAX_PIXELS", self.tr("Most pixels sampled for the temperatures"),
                                         QgsProcessingParameterNumber.Integer, 500000, minValue=1000),
            QgsProcessingParameterNumber("SEED", self.tr("Random seed of the pixel sample"),
                                         QgsProcessingParameterNumber.Integer, 0),
            *self.tiling_parameters(), *self.inference_parameters(), self.band_names_parameter())
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_RELIABILITY", self.tr("Reliability diagram"), "PNG files (*.png)"))
        self.addOutput(QgsProcessingOutputFolder("MODEL", self.tr("Calibrated model folder")))
        for name, label in (("K", "k (interval width in ensemble standard deviations)"),
                            ("ECE_BEFORE", "ECE before"), ("ECE_AFTER", "ECE after"),
                            ("COVERAGE", "Share of validation glaciers covered")):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(label)))

    def processAlgorithm(self, parameters, context, feedback):
        environment.activate()
        with core_errors(feedback):
            environment.require("onnxruntime", "Calibration")
        inputs = raster_inputs(self.parameterAsLayerList(parameters, "INPUTS", context))
        layer = self.parameterAsVectorLayer(parameters, "GLACIERS", context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "GLACIERS"))
        id_field = id_field_of(layer.fields(), self.parameterAsString(parameters, "ID_FIELD", context))
        feedback.pushInfo(f"Glacier ids from: {id_field or 'feature id'}.")
        records = glacier_records(layer.getFeatures(), id_field)
        selected = [r.glacier_id for r in glacier_records(layer.getSelectedFeatures(), id_field)]
        requested = [i.strip() for i in self.parameterAsString(parameters, "VALIDATION_IDS", context).split(",")
                     if i.strip()] or selected
        model = self.parameterAsFile(parameters, "MODEL", context)
        png = self.parameterAsFileOutput(parameters, "OUTPUT_RELIABILITY", context)
        with core_errors(feedback):
            self.check_outputs(parameters, context, {"OUTPUT_RELIABILITY": png})
            check_output_key(Path(model) / "ensemble.json" if Path(model).is_dir() else model, "calibration",
                             self.parameterAsBool(parameters, "OVERWRITE", context), "MODEL")
            inference = self.config_from(InferenceConfig, parameters, context,
                                         overlap_percent=self.overlap_in_percent(parameters, context))
            config = self.config_from(CalibrationConfig, parameters, context, inference=inference)
            source_crs = layer.crs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)
            glaciers = load_glaciers(records, source_crs, read_grid(inputs[0].path).crs)
            result = calibrate_ensemble(inputs, model, glaciers, requested, config, monitor_for(feedback))
            write_reliability_png(png, result.reliability_before, result.reliability_after, result.ece_before,
                                  result.ece_after)
            manifest = store_calibration(model, result)
        feedback.pushInfo(f"Temperatures {result.temperatures}; k = {result.k:.3f} covers {result.coverage:.1%} "
                          f"of {len(result.validation_glaciers)} glaciers; ECE {result.ece_before:.4f} → "
                          f"{result.ece_after:.4f}.")
        return {"MODEL": str(manifest.parent), "OUTPUT_RELIABILITY": png, "K": result.k,
                "ECE_BEFORE": result.ece_before, "ECE_AFTER": result.ece_after, "COVERAGE": result.coverage}
