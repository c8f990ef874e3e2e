"""glacierdl:evaluate — predictions (raster or polygons) scored against reference outlines, per glacier."""
from __future__ import annotations

from qgis.core import (
    QgsMapLayerType,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from ...core.assess.evaluation import check_reference_classes, evaluate_polygons, evaluate_raster, raster_prediction
from ...core.assess.evaluation_report import write_evaluation
from ...core.config import EvaluateConfig
from ...core.geo.glaciers import load_glaciers
from ...core.geo.raster_stack import read_grid
from .base import GlacierDLAlgorithm, core_errors, monitor_for, style_on_load
from .layers import crs_wkt, glacier_records, id_field_of, polygon_source


class EvaluateAlgorithm(GlacierDLAlgorithm):
    NAME = "evaluate"
    DISPLAY = "Evaluate against reference outlines"
    HELP = (
        "Scores a prediction against reference glacier outlines, glacier by glacier: IoU, precision, recall, "
        "F1, accuracy (overall and per class), relative area error and the mean boundary distance in metres "
        "(symmetric mean distance between the predicted and reference outlines). Each glacier is scored "
        "within its outline buffered by <b>Buffer</b> metres, minus the other reference glaciers; areas are "
        "km² on the ellipsoid. Overall scores are the mean over glaciers and the area-weighted scores of the "
        "pooled areas.<br><b>Prediction</b>: a probability raster (the Predict mean: bands summed, glacier "
        "where ≥ <b>threshold</b>; empty threshold: the model's calibrated one, else 0.5), a class raster "
        "(glacier where > 0) or a polygon layer (matched by <b>prediction id field</b> when given, else by "
        "location). With a one-band probability raster and its <b>standard deviation</b> raster, each glacier "
        "also gets its area interval [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] (k from "
        "the calibration, else 1 with a warning) and whether the reference area lies in it. Writes a CSV, the "
        "reference outlines with their scores (styled by IoU) and an HTML report with image / reference / "
        "prediction / std panels of the best and worst glaciers.<br>With a <b>reference class field</b> (values: "
        "the model's class names, e.g. clean_ice, debris) and a multi-class prediction raster (a class map, or a "
        "mean raster with one band per class: glacier where the bands sum to ≥ threshold, of its most probable "
        "class), each class is also scored against all others (IoU, precision, recall, F1, areas) per glacier "
        "and overall, into the <b>per-class scores table</b> and the report with the class matrix (pixels, km²).<br>"
        "On rasters, <b>coverage</b> is the share of each reference outline over valid prediction pixels (partly "
        "covered glaciers are scored on their covered part, with a warning); glaciers smaller than a pixel, or "
        "wholly over nodata, are not scored and are listed in a warning."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMapLayer(
            "PREDICTION", self.tr("Prediction (probability or class raster, or polygons)"),
            types=[QgsProcessing.TypeRaster, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(self.enum(EvaluateConfig, "kind", "Raster holds"))
        self.addParameter(self.number(EvaluateConfig, "threshold",
                                      "Probability threshold (empty: the model's calibrated one, else 0.5)",
                                      optional=True))
        self.addParameter(QgsProcessingParameterString(
            "PREDICTION_ID_FIELD", self.tr("Glacier id field of prediction polygons (empty: by location)"),
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "REFERENCE", self.tr("Reference glacier outlines"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "REFERENCE_ID_FIELD", self.tr("Reference id field (default: RGIId, glacier_id or the feature id)"),
            parentLayerParameterName="REFERENCE", optional=True))
        self.addParameter(QgsProcessingParameterField(
            "REFERENCE_CLASS_FIELD", self.tr("Reference class field (per-class scores; values: the model's classes)"),
            parentLayerParameterName="REFERENCE", optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer("IMAGE", self.tr("Image for the report"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "STD", self.tr("Standard deviation raster (area intervals and report)"), optional=True))
        self.addParameter(self.number(EvaluateConfig, "buffer_m", "Surroundings scored around each glacier (metres)"))
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_CSV", self.tr("Scores table"),
                                                                "CSV files (*.csv)"))
        self.addParameter(QgsProcessingParameterVectorDestination(
            "OUTPUT_LAYER", self.tr("Glaciers with scores"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_REPORT", self.tr("HTML report"),
                                                                "HTML files (*.html)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_CLASS_CSV", self.tr("Per-class scores table (with a reference class field)"), "CSV files (*.csv)",
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("IOU", self.tr("Mean IoU over glaciers")))
        self.addOutput(QgsProcessingOutputNumber("IOU_AREA_WEIGHTED", self.tr("Area-weighted IoU")))

    def processAlgorithm(self, parameters, context, feedback):
        prediction = self.parameterAsLayer(parameters, "PREDICTION", context)
        if prediction is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "PREDICTION"))
        if prediction.type() != QgsMapLayerType.RasterLayer:
            polygon_source(self, parameters, "PREDICTION", context)  # a layer of polygons, or a clear error
        reference = polygon_source(self, parameters, "REFERENCE", context)
        id_field = id_field_of(reference.fields(), self.parameterAsString(parameters, "REFERENCE_ID_FIELD", context))
        class_field = self._class_field(parameters, context, reference, prediction)
        records = glacier_records(reference.getFeatures(), id_field, class_field)
        if not records:
            raise QgsProcessingException("REFERENCE: no outline to compare with (empty layer or selection). Choose "
                                         "a layer of reference glacier outlines.")
        outputs = {name: self.parameterAsFileOutput(parameters, name, context)
                   for name in ("OUTPUT_CSV", "OUTPUT_REPORT", *(("OUTPUT_CLASS_CSV",) if class_field else ()))}
        outputs["OUTPUT_LAYER"] = self.parameterAsOutputLayer(parameters, "OUTPUT_LAYER", context)
        if not outputs["OUTPUT_LAYER"].lower().endswith(".gpkg"):
            raise QgsProcessingException(f"OUTPUT_LAYER: '{outputs['OUTPUT_LAYER']}' is not a GeoPackage. Give a "
                                         "file name ending in .gpkg.")
        image, std = (self.parameterAsRasterLayer(parameters, name, context) for name in ("IMAGE", "STD"))
        source_crs = crs_wkt(reference)
        with core_errors(feedback):
            self.check_outputs(parameters, context, outputs)
            score = self._evaluate_raster if prediction.type() == QgsMapLayerType.RasterLayer else \
                self._evaluate_polygons
            config = self.config_from(EvaluateConfig, parameters, context)
            evaluation = score(prediction, config, parameters, context, records, source_crs, monitor_for(feedback))
            write_evaluation(evaluation, outputs["OUTPUT_CSV"], outputs["OUTPUT_LAYER"], outputs["OUTPUT_REPORT"],
                             image.source() if image else None, std.source() if std else None,
                             outputs.get("OUTPUT_CLASS_CSV", ""))
        style_on_load(context, outputs["OUTPUT_LAYER"], "scores")
        return {**outputs, "IOU": evaluation.overall()["iou"], "IOU_AREA_WEIGHTED": evaluation.area_weighted()["iou"]}

    def _class_field(self, parameters, context, reference, prediction) -> str:
        """The reference class field ('' for glacier/background scores), once it can be used."""
        field = self.parameterAsString(parameters, "REFERENCE_CLASS_FIELD", context)
        if field and field not in reference.fields().names():
            raise QgsProcessingException(f"REFERENCE_CLASS_FIELD: '{field}' is not a field of the reference layer "
                                         f"({', '.join(reference.fields().names())}). Choose one of them.")
        if field and prediction.type() != QgsMapLayerType.RasterLayer:
            raise QgsProcessingException("REFERENCE_CLASS_FIELD: per-class scores need a prediction raster (a "
                                         "class map or mean raster of Predict). Give one, or leave the field empty.")
        return field

    def _evaluate_raster(self, layer, config: EvaluateConfig, parameters, context, records, source_crs, monitor):
        path = layer.source().split("|")[0]
        std = self.parameterAsRasterLayer(parameters, "STD", context)
        how = raster_prediction(path, config.kind, config.threshold, std.source() if std else None, monitor)
        classed = bool(self.parameterAsString(parameters, "REFERENCE_CLASS_FIELD", context))
        if classed:  # before loading, which would name its own CLASS_FIELD parameter for missing values
            check_reference_classes([r.class_value for r in records], how)
        glaciers = load_glaciers(records, source_crs, read_grid(path, "PREDICTION").crs, parameter="REFERENCE")
        return evaluate_raster(how, glaciers.by_glacier(), config.buffer_m,
                               monitor, glaciers if classed else None)

    def _evaluate_polygons(self, layer, config: EvaluateConfig, parameters, context, records, source_crs, monitor):
        crs = crs_wkt(layer)
        pred_field = self.parameterAsString(parameters, "PREDICTION_ID_FIELD", context)
        if pred_field and pred_field not in layer.fields().names():
            raise QgsProcessingException(f"PREDICTION_ID_FIELD: '{pred_field}' is not a field of the prediction "
                                         f"layer ({', '.join(layer.fields().names())}). Choose one of them.")
        predicted = glacier_records(layer.getFeatures(), pred_field)
        geometries = load_glaciers(predicted, crs, crs, parameter="PREDICTION")
        outlines = load_glaciers(records, source_crs, crs, parameter="REFERENCE").by_glacier()
        return evaluate_polygons(geometries.geometries, geometries.ids if pred_field else None, outlines, crs,
                                 config.buffer_m, monitor)
