"""glacierdl:polygonize — mean/std probability rasters + glacier inventory -> outlines with area bounds."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ...core.assess.outlines import LAYERS, polygonize_outlines
from ...core.config import OutlineConfig
from ...core.geo.glaciers import GlacierRecord, load_glaciers
from ...core.geo.raster_stack import read_grid
from .base import GlacierDLAlgorithm, core_errors, load_styled_on_completion, monitor_for
from .layers import crs_wkt, glacier_records, id_field_of, polygon_source

_LOADED = ((LAYERS[0], "Glacier outlines", "outlines"), (LAYERS[1], "Glacier outlines (lower bound)",
           "outline_bounds"), (LAYERS[2], "Glacier outlines (upper bound)", "outline_bounds"))


class PolygonizeAlgorithm(GlacierDLAlgorithm):
    NAME = "polygonize"
    DISPLAY = "Polygonize glacier outlines"
    HELP = (
        "Draws, for each glacier of the inventory, the predicted outline (mean >= threshold) and the lower and "
        "upper bound outlines (mean - k*std >= threshold, mean + k*std >= threshold) from the <b>mean</b> and "
        "<b>std</b> rasters of 'Predict'. Only each glacier's buffered window of the rasters is read.<br>"
        "<b>Threshold</b> and <b>k</b>: empty takes them from the model's calibration stored in the mean "
        "raster; an uncalibrated raster gets k = 1 and a warning. <b>Buffer</b> (metres, also on "
        "geographic grids): how far an outline may reach beyond the inventory outline. A pixel within the "
        "buffers of two glaciers goes to the nearer one (distance from the pixel centre to the nearest pixel "
        "of each inventory outline); pixels inside two overlapping inventory outlines go to the smaller "
        "glacier. Patches under the <b>minimum area</b> are dropped; holes are filled on request; "
        "<b>simplify</b> (metres) smooths the written geometry only.<br>"
        "Areas (area, area_low, area_high, sigma_area = (area_high - area_low)/2) are in km² on the WGS 84 "
        "ellipsoid, measured before simplification. The GeoPackage holds the layers outlines, outlines_low "
        "and outlines_high; a glacier without any predicted pixel keeps its row with area 0. <b>coverage</b> is the "
        "share of each inventory outline on valid raster pixels: below 1 (cut by the raster's edge or nodata) the "
        "area is that of the covered part, a warning names the glacier and Area change leaves it out of its totals. "
        "<b>Date</b>: YYYY-MM-DD, or RGI's YYYYMMDD with 99 for an unknown day (15th) or month (1 July)."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterRasterLayer("MEAN", self.tr("Mean probability (from Predict)")))
        self.addParameter(QgsProcessingParameterRasterLayer("STD", self.tr("Standard deviation (from Predict)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "GLACIERS", self.tr("Glacier inventory polygons"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "ID_FIELD", self.tr("Glacier id field (default: RGIId, glacier_id or the feature id)"),
            parentLayerParameterName="GLACIERS", optional=True))
        self.addParameter(self.number(OutlineConfig, "threshold",
                                      "Probability threshold (empty: from the calibration, else 0.5)", optional=True))
        self.addParameter(self.number(OutlineConfig, "k", "Bounds half-width k in std (empty: from the calibration, "
                                                          "else 1)", optional=True))
        self.addParameter(self.number(OutlineConfig, "buffer_m", "Buffer around each glacier (metres)"))
        self.addParameter(self.number(OutlineConfig, "min_area_km2", "Minimum patch area (km²)"))
        self.addParameter(self.flag(OutlineConfig, "fill_holes", "Fill holes (nunataks)"))
        self.addParameter(self.number(OutlineConfig, "simplify_m", "Simplification tolerance (metres, 0: pixel edges)"))
        self.addParameter(QgsProcessingParameterString(
            "DATE", self.tr("Acquisition date written to the outlines (YYYY-MM-DD or RGI YYYYMMDD)"),
            optional=True))
        self.add_advanced(self.number(OutlineConfig, "band", "Band (glacier class)"))
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", self.tr("Outlines"), "GeoPackage (*.gpkg)"))
        self.addOutput(QgsProcessingOutputVectorLayer("OUTLINES", self.tr("Glacier outlines")))
        self.addOutput(QgsProcessingOutputVectorLayer("OUTLINES_LOW", self.tr("Glacier outlines (lower bound)")))
        self.addOutput(QgsProcessingOutputVectorLayer("OUTLINES_HIGH", self.tr("Glacier outlines (upper bound)")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_AREA", self.tr("Total area (km²)")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_SIGMA", self.tr("Total sigma_area (km²)")))

    def processAlgorithm(self, parameters, context, feedback):
        source = polygon_source(self, parameters, "GLACIERS", context)
        mean = self.parameterAsRasterLayer(parameters, "MEAN", context)
        std = self.parameterAsRasterLayer(parameters, "STD", context)
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        with core_errors(feedback):
            self.check_outputs(parameters, context, {"OUTPUT": output})
            config = self.config_from(OutlineConfig, parameters, context)
            glaciers = load_glaciers(self._records(source, parameters, context, feedback), crs_wkt(source),
                                     read_grid(mean.source(), "MEAN").crs)
            summary = polygonize_outlines(mean.source(), std.source(), glaciers, config, output, monitor_for(feedback))
        feedback.pushInfo(f"{summary.glaciers} glaciers, {summary.total_area:.3f} ± {summary.total_sigma:.3f} km² "
                          f"({len(summary.empty)} without predicted ice, {len(summary.partial)} partly covered, "
                          f"{len(summary.outside)} off the raster).")
        results = {"OUTPUT": str(summary.path), "TOTAL_AREA": summary.total_area, "TOTAL_SIGMA": summary.total_sigma}
        for layer, name, style in _LOADED:
            results[layer.upper()] = f"{summary.path}|layername={layer}"
            load_styled_on_completion(context, results[layer.upper()], self.tr(name), style)
        return results

    def _records(self, source, parameters, context, feedback) -> list[GlacierRecord]:
        id_field = id_field_of(source.fields(), self.parameterAsString(parameters, "ID_FIELD", context))
        feedback.pushInfo(f"Glacier ids from: {id_field or 'feature id'}.")
        return glacier_records(source.getFeatures(), id_field)
