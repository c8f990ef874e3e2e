"""glacierdl:areachange — glacier outlines of two dates -> area change, rates and their uncertainty."""
from __future__ import annotations

from qgis.core import (
    NULL,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ...core.assess.area_change import OutlineLayer, OutlineRecord, compute_area_change
from ...core.config import AreaChangeConfig
from .base import GlacierDLAlgorithm, core_errors, monitor_for
from .layers import crs_wkt, polygon_source

# The configuration field -> the layer fields looked for when it is left empty (polygonize writes these).
_DEFAULT_FIELDS = {"id_field": ("glacier_id", "RGIId", "rgi_id", "GLIMSId", "id"), "area_field": ("area",),
                   "sigma_field": ("sigma_area",), "date_field": ("date", "BgnDate", "src_date"),
                   "coverage_field": ("coverage",)}


def _value(value):
    """An attribute as plain Python: None for NULL, ISO text for dates, else the value itself."""
    if value is None or value == NULL:
        return None
    if hasattr(value, "toString") and hasattr(value, "isValid"):  # QDate / QDateTime
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    return value


class AreaChangeAlgorithm(GlacierDLAlgorithm):
    NAME = "areachange"
    DISPLAY = "Glacier area change"
    HELP = (
        "Matches two sets of glacier outlines (e.g. the 'Polygonize glacier outlines' results of two dates) by "
        "glacier id and computes per glacier: area change ΔA = A1 - A0 (km² on the ellipsoid), rate per year, "
        "σ of the change √(σ0² + σ1²), σ of the rate √(σ0² + σ1²)/years, signal-to-noise ratio |ΔA|/σ, and "
        "the change in % of A0. The last CSV row, TOTAL, sums areas, changes, rates and also the σ's "
        "(neighbouring glaciers share image, model and calibration: their errors are treated as dependent).<br>"
        "<b>Fields</b> (empty: the polygonize names): id (glacier_id or RGIId), area (empty and absent: "
        "measured from the geometry), sigma_area (absent: σ = 0), date (else RGI's BgnDate), coverage. "
        "<b>Dates</b> (YYYY-MM-DD, or RGI's YYYYMMDD with 99 for an unknown month or day: 15th of the month, "
        "1 July) override the date field. Every glacier must be in both layers exactly once, and date 1 must be "
        "after date 0. Glaciers only partly covered by an image (coverage below 1) keep their row but are left "
        "out of the TOTAL, with a warning.<br>"
        "Writes a CSV, a GeoPackage layer (each glacier's outline at either date, with the figures) and a PNG "
        "of relative change against glacier size."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            "OUTLINES_0", self.tr("Outlines at date 0 (earlier)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "OUTLINES_1", self.tr("Outlines at date 1 (later)"), [QgsProcessing.TypeVectorPolygon]))
        for name, label in (("ID_FIELD", self.tr("Glacier id field (empty: glacier_id or RGIId)")),
                            ("AREA_FIELD", self.tr("Area field, km² (empty: area, else from the geometry)")),
                            ("SIGMA_FIELD", self.tr("Area σ field, km² (empty: sigma_area, else 0)")),
                            ("DATE_FIELD", self.tr("Date field (empty: date, else BgnDate)")),
                            ("COVERAGE_FIELD", self.tr("Coverage field, 0-1 (empty: coverage, else 1)"))):
            self.addParameter(QgsProcessingParameterField(name, label, parentLayerParameterName="OUTLINES_0",
                                                          optional=True))
        self.addParameter(QgsProcessingParameterString(
            "DATE_0", self.tr("Date 0 (YYYY-MM-DD or RGI YYYYMMDD; empty: from the date field)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            "DATE_1", self.tr("Date 1 (YYYY-MM-DD or RGI YYYYMMDD; empty: from the date field)"), optional=True))
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", self.tr("Area change layer"), "GeoPackage (*.gpkg)"))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_CSV", self.tr("Area change table"),
                                                                "CSV (*.csv)"))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_PLOT", self.tr("Area change plot"),
                                                                "PNG (*.png)"))
        for name, label in (("TOTAL_CHANGE", self.tr("Total change (km²)")),
                            ("TOTAL_SIGMA", self.tr("Total σ of the change (km²)")),
                            ("TOTAL_RATE", self.tr("Total rate (km²/yr)")),
                            ("TOTAL_SIGMA_RATE", self.tr("Total σ of the rate (km²/yr)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def processAlgorithm(self, parameters, context, feedback):
        outputs = [self.parameterAsFileOutput(parameters, name, context) for name in
                   ("OUTPUT_CSV", "OUTPUT", "OUTPUT_PLOT")]
        with core_errors(feedback):
            self.check_outputs(parameters, context, dict(zip(("OUTPUT_CSV", "OUTPUT", "OUTPUT_PLOT"), outputs)))
            config = self.config_from(AreaChangeConfig, parameters, context)
            layers = [self._layer(parameters, index, config, context) for index in (0, 1)]
            summary = compute_area_change(*layers, *outputs, monitor_for(feedback))
        total = summary.total
        uri = f"{summary.layer}|layername=area_change"
        context.addLayerToLoadOnCompletion(uri, QgsProcessingContext.LayerDetails(
            "Glacier area change", context.project(), "OUTPUT"))
        return {"OUTPUT": uri, "OUTPUT_CSV": str(summary.csv), "OUTPUT_PLOT": str(summary.plot),
                "TOTAL_CHANGE": total.change, "TOTAL_SIGMA": total.sigma_change, "TOTAL_RATE": total.rate,
                "TOTAL_SIGMA_RATE": total.sigma_rate}

    @staticmethod
    def _field(config: AreaChangeConfig, field: str, names: list[str], layer: str) -> str:
        chosen = getattr(config, field)
        if chosen and chosen not in names:
            raise QgsProcessingException(f"{field.upper()}: {layer} has no field '{chosen}'. Choose a field both "
                                         "layers have.")
        return chosen or next((n for n in _DEFAULT_FIELDS[field] if n in names), "")

    def _layer(self, parameters, index: int, config: AreaChangeConfig, context) -> OutlineLayer:
        name = f"OUTLINES_{index}"
        source = polygon_source(self, parameters, name, context)
        names = source.fields().names()
        id_field, area, sigma, date, coverage = (self._field(config, f, names, name) for f in _DEFAULT_FIELDS)
        records = []
        for feature in source.getFeatures():
            geometry = bytes(feature.geometry().asWkb()) if feature.hasGeometry() else b""
            records.append(OutlineRecord(
                str(feature[id_field] if id_field else feature.id()), geometry,
                _value(feature[area]) if area else None, _value(feature[sigma]) if sigma else None,
                _value(feature[date]) if date else None, _value(feature[coverage]) if coverage else None))
        return OutlineLayer(tuple(records), crs_wkt(source), name, getattr(config, f"date_{index}") or None)
