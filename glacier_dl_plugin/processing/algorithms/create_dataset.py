"""glacierdl:createdataset — raster layers + glacier polygons -> training chips, folds and statistics."""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsWkbTypes,
)

from ...core.config import DatasetConfig
from ...core.dataset import create_dataset
from ...core.glaciers import GlacierRecord, load_glaciers
from ...core.raster_stack import read_grid
from .base import GlacierDLAlgorithm, core_errors, monitor_for, raster_inputs

_ID_CANDIDATES = ("RGIId", "rgi_id", "glacier_id", "GLIMSId", "id")


class CreateDatasetAlgorithm(GlacierDLAlgorithm):
    NAME = "createdataset"
    DISPLAY = "Create training dataset"
    HELP = (
        "Cuts georeferenced training chips around every glacier.<br>"
        "<b>Input rasters</b> are stacked on the grid of the first one (others are warped onto it, "
        "bilinear). <b>Glacier polygons</b> may be in any CRS (reprojected on the fly, never modified); "
        "'selected features only' is honoured. Chips are placed every <b>stride</b> pixels where they touch "
        "a glacier buffered by <b>buffer</b> metres, plus one chip centred on each glacier. Glaciers are "
        "grouped west to east into <b>folds</b> of near-equal area for spatial cross-validation.<br>"
        "Writes images/, masks/, manifest.csv, dataset.json (bands, classes, per-fold normalisation "
        "statistics), footprints.gpkg and preview.png into the output folder."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUTS", self.tr("Input rasters (stacked on the first one's grid)"), QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "GLACIERS", self.tr("Glacier polygons"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "ID_FIELD", self.tr("Glacier id field (default: RGIId, glacier_id or the feature id)"),
            parentLayerParameterName="GLACIERS", optional=True))
        self.addParameter(QgsProcessingParameterField(
            "CLASS_FIELD", self.tr("Class field (empty: one 'glacier' class)"),
            parentLayerParameterName="GLACIERS", optional=True))
        self.add_int("CHIP_SIZE", "Chip size (pixels)", 128, 16)
        self.add_int("STRIDE", "Stride between chips (pixels)", 64, 1)
        self.addParameter(QgsProcessingParameterNumber(
            "BUFFER", self.tr("Buffer around glaciers (metres)"), QgsProcessingParameterNumber.Double, 300.0,
            minValue=0))
        self.add_int("FOLDS", "Cross-validation folds", 5, 1)
        self.add_advanced(
            QgsProcessingParameterNumber("MAX_NODATA", self.tr("Maximum nodata fraction per chip"),
                                         QgsProcessingParameterNumber.Double, 0.5, minValue=0, maxValue=1),
            QgsProcessingParameterNumber("SEED", self.tr("Random seed"), QgsProcessingParameterNumber.Integer, 0),
        )
        self.addParameter(QgsProcessingParameterBoolean(
            "OVERWRITE", self.tr("Replace the output folder if it exists"), False))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Dataset folder")))
        self.addOutput(QgsProcessingOutputVectorLayer("FOOTPRINTS", self.tr("Chip footprints")))
        self.addOutput(QgsProcessingOutputNumber("CHIPS", self.tr("Number of chips")))

    def processAlgorithm(self, parameters, context, feedback):
        inputs = raster_inputs(self.parameterAsLayerList(parameters, "INPUTS", context))
        source = self.parameterAsSource(parameters, "GLACIERS", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "GLACIERS"))
        if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException("GLACIERS: this layer does not hold polygons. Choose a polygon layer "
                                         "of glacier outlines.")
        records = self._records(source, parameters, context, feedback)
        with core_errors(feedback):
            config = DatasetConfig(
                chip_size=self.parameterAsInt(parameters, "CHIP_SIZE", context),
                stride=self.parameterAsInt(parameters, "STRIDE", context),
                buffer_m=self.parameterAsDouble(parameters, "BUFFER", context),
                n_folds=self.parameterAsInt(parameters, "FOLDS", context),
                max_nodata_fraction=self.parameterAsDouble(parameters, "MAX_NODATA", context),
                seed=self.parameterAsInt(parameters, "SEED", context))
            source_crs = source.sourceCrs().toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)
            glaciers = load_glaciers(records, source_crs, read_grid(inputs[0].path).crs)
            if glaciers.repaired:
                feedback.pushWarning(f"{glaciers.repaired} invalid glacier geometries were repaired.")
            summary = create_dataset(inputs, glaciers, config, self.parameterAsString(parameters, "OUTPUT", context),
                                     self.parameterAsBool(parameters, "OVERWRITE", context), monitor_for(feedback))
        footprints = f"{summary.path / 'footprints.gpkg'}|layername=footprints"
        return {"OUTPUT": str(summary.path), "FOOTPRINTS": footprints, "CHIPS": summary.chips}

    def _records(self, source, parameters, context, feedback) -> list[GlacierRecord]:
        names = source.fields().names()
        id_field = self.parameterAsString(parameters, "ID_FIELD", context) or next(
            (n for n in _ID_CANDIDATES if n in names), "")
        class_field = self.parameterAsString(parameters, "CLASS_FIELD", context)
        feedback.pushInfo(f"Glacier ids from: {id_field or 'feature id'}.")
        records = []
        for feature in source.getFeatures():
            if feedback.isCanceled():
                break
            glacier_id = feature[id_field] if id_field else feature.id()
            value = None if not class_field or feature[class_field] is None else str(feature[class_field])
            records.append(GlacierRecord(str(glacier_id), bytes(feature.geometry().asWkb()), value))
        if not records:
            raise QgsProcessingException("GLACIERS: no feature to use (empty layer or empty selection). "
                                         "Select at least one glacier, or untick 'Selected features only'.")
        return records
