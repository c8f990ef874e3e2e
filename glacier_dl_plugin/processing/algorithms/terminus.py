"""glacierdl:terminus — a class raster with ice and ocean -> calving-front lines (and their error)."""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.assess.terminus import extract_terminus
from ...core.config import TerminusConfig, default
from .base import GlacierDLAlgorithm, core_errors, load_styled_on_completion, monitor_for


class TerminusAlgorithm(GlacierDLAlgorithm):
    NAME = "terminus"
    DISPLAY = "Calving fronts"
    HELP = (
        "Traces calving fronts: the pixel edges between <b>ice</b> and <b>ocean</b> pixels of a class raster "
        "(e.g. a segmentation with glacier, ocean, rock classes), merged into lines. Lines shorter than the "
        "<b>minimum length</b> (icebergs, mélange, noise) are dropped; <b>smoothing</b> applies that many "
        "passes of Chaikin corner cutting to the pixel staircase. Class values are lists such as 2 or 2,4.<br>"
        "With <b>reference fronts</b> (lines, any CRS), each line gets mean_distance_m, the mean distance of its "
        "points to the nearest reference line, and the log gives the mean distance error pooled over both "
        "directions (points every half pixel along the fronts and along the references), in metres."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterRasterLayer("INPUT", self.tr("Class raster")))
        for field, label in (("ice_classes", self.tr("Ice class values")),
                             ("ocean_classes", self.tr("Ocean class values"))):
            self.addParameter(QgsProcessingParameterString(
                field.upper(), label, ",".join(map(str, default(TerminusConfig, field)))))
        self.addParameter(self.number(TerminusConfig, "min_length_m", "Minimum line length (metres)"))
        self.addParameter(self.number(TerminusConfig, "smoothing", "Smoothing passes (0: pixel edges)"))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "REFERENCE", self.tr("Reference front lines"), [QgsProcessing.TypeVectorLine], optional=True))
        self.add_advanced(self.number(TerminusConfig, "band", "Band"))
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", self.tr("Calving fronts"), "GeoPackage (*.gpkg)"))
        self.addOutput(QgsProcessingOutputVectorLayer("FRONTS", self.tr("Calving front lines")))
        self.addOutput(QgsProcessingOutputNumber("LINES", self.tr("Number of front lines")))
        self.addOutput(QgsProcessingOutputNumber("MEAN_DISTANCE", self.tr("Mean distance error (m)")))

    def processAlgorithm(self, parameters, context, feedback):
        raster = self.parameterAsRasterLayer(parameters, "INPUT", context)
        references, reference_crs = self._references(parameters, context)
        with core_errors(feedback):
            config = self.config_from(TerminusConfig, parameters, context)
            output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
            self.check_outputs(parameters, context, {"OUTPUT": output})
            summary = extract_terminus(raster.source(), config, output, references, reference_crs,
                                       monitor_for(feedback))
        feedback.pushInfo(f"{len(summary.lines)} front line(s), {summary.dropped} shorter line(s) dropped.")
        uri = f"{summary.path}|layername=terminus"
        load_styled_on_completion(context, uri, self.tr("Calving fronts"), "terminus")
        return {"OUTPUT": str(summary.path), "FRONTS": uri, "LINES": len(summary.lines),
                "MEAN_DISTANCE": summary.mean_distance_m}

    def _references(self, parameters, context) -> tuple[list[bytes], str]:
        source = self.parameterAsSource(parameters, "REFERENCE", context)
        if source is None:
            return [], ""
        if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.LineGeometry:
            raise QgsProcessingException("REFERENCE: this layer does not hold lines. Choose a line layer of fronts.")
        lines = [bytes(f.geometry().asWkb()) for f in source.getFeatures() if f.hasGeometry()]
        return lines, source.sourceCrs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)
