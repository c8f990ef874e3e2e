"""glacierdl:createdataset — raster layers + glacier polygons -> training chips, folds and statistics."""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsRasterLayer,
)

from ...core.config import DatasetConfig, default
from ...core.dataset.build import create_dataset, dataset_grid
from ...core.geo.coverage import skip_unresolved
from ...core.geo.glaciers import GlacierRecord, load_glaciers, load_polygons, parse_class_map
from ...core.geo.raster_stack import with_categorical
from .base import GlacierDLAlgorithm, core_errors, monitor_for
from .layers import (
    crs_wkt,
    glacier_records,
    id_field_of,
    point_measurements,
    polygon_source,
    raster_inputs,
    warn_undeclared_voids,
)


class CreateDatasetAlgorithm(GlacierDLAlgorithm):
    NAME = "createdataset"
    DISPLAY = "Create training dataset"
    HELP = (
        "Cuts georeferenced training chips around every glacier (or on a moving window).<br>"
        "<b>Input rasters</b> are warped once onto one target grid (<i>Target CRS</i> and <i>Target resolution in "
        "metres</i>; default the first raster's), bilinear, or nearest for the <i>Categorical layers</i>. "
        "<b>Glacier polygons</b> may be in any CRS; 'selected features only' is honoured; invalid geometries are "
        "repaired. A <i>Class field</i> with a <i>Class map</i> (value=class,...) gives several classes; a <i>second "
        "polygon layer</i> is burnt as its own class. <i>Sampling</i> glacier: chips every <b>stride</b> pixels where they touch a glacier buffered "
        "by <b>buffer</b> metres, plus centroid and margin chips; grid: a moving window over the grid or the "
        "<i>area to sample</i>. "
        "Glaciers form <b>folds</b> west to east (or at random) of near-equal area. Chips are dropped by "
        "the <i>maximum nodata fraction</i>, the <i>minimum class fraction</i> and, set to drop, <i>chips touching "
        "glaciers of other folds</i>. A <b>regression target</b> writes its values "
        "as float masks: a raster, or points or lines (e.g. a GPR survey) whose value field is averaged per pixel, "
        "unmeasured pixels ignored; chips need the minimum number of measured pixels. The block split deals squares "
        "of the block size into folds, for folds within one surveyed glacier. <i>Derived features</i> adds slope, aspect and NDSI/NDVI/NDWI from the role bands.<br>"
        "Writes images/, masks/, manifest.csv, dataset.json, footprints.gpkg (styled by fold) and preview.png."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "INPUTS", self.tr("Input rasters (warped onto one grid)"), QgsProcessing.TypeRaster))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "GLACIERS", self.tr("Glacier polygons"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "ID_FIELD", self.tr("Glacier id field (default: RGIId, glacier_id or the feature id)"),
            parentLayerParameterName="GLACIERS", optional=True))
        self.addParameter(QgsProcessingParameterField(
            "CLASS_FIELD", self.tr("Class field (empty: one 'glacier' class)"),
            parentLayerParameterName="GLACIERS", optional=True))
        self.addParameter(self.number(DatasetConfig, "chip_size", "Chip size (pixels)"))
        self.addParameter(self.number(DatasetConfig, "stride", "Stride between chips (pixels)"))
        self.addParameter(self.number(DatasetConfig, "buffer_m", "Buffer around glaciers (metres)"))
        self.addParameter(self.number(DatasetConfig, "n_folds", "Cross-validation folds"))
        self.add_advanced(
            self.number(DatasetConfig, "max_nodata_fraction", "Maximum nodata fraction per chip"),
            self.number(DatasetConfig, "seed", "Random seed"),
            QgsProcessingParameterCrs("TARGET_CRS", self.tr("Target CRS (empty: the first raster's)"), optional=True),
            self.number(DatasetConfig, "target_resolution_m", "Target resolution in metres (0: the first raster's)"),
            self._string("CATEGORICAL", "Categorical layers, resampled nearest (names or positions, comma-separated)"),
            self._string("CLASS_MAP", "Class map: value=class pairs, comma-separated (empty: one class per value)"),
            QgsProcessingParameterFeatureSource("EXTRA_POLYGONS", self.tr("Second polygon layer burnt as a class"),
                                                [QgsProcessing.TypeVectorPolygon], optional=True),
            self._string("EXTRA_CLASS", "Class name of the second polygon layer", default(DatasetConfig, "extra_class")),
            self.enum(DatasetConfig, "sampling", "Sampling"),
            QgsProcessingParameterFeatureSource("MASK", self.tr("Area to sample in grid mode (empty: everything)"),
                                                [QgsProcessing.TypeVectorPolygon], optional=True),
            self.enum(DatasetConfig, "split", "Fold split by glacier"),
            self.enum(DatasetConfig, "straddle", "Chips touching glaciers of other folds"),
            self.number(DatasetConfig, "min_class_fraction", "Minimum class fraction per chip"),
            self._string("FRACTION_CLASS", "Class counted by the minimum fraction (empty: any glacier class)"),
            QgsProcessingParameterMapLayer("REGRESSION_TARGET", self.tr("Regression target: a raster, or points or "
                                                                        "lines with a value (instead of classes)"),
                                           optional=True, types=[QgsProcessing.TypeRaster,
                                                                 QgsProcessing.TypeVectorPoint,
                                                                 QgsProcessing.TypeVectorLine]),
            QgsProcessingParameterField("REGRESSION_FIELD", self.tr("Measured value field of the points or lines"),
                                        parentLayerParameterName="REGRESSION_TARGET",
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            self.number(DatasetConfig, "min_target_pixels", "Minimum measured pixels per chip"),
            self.number(DatasetConfig, "block_size_m", "Block size of the block split (metres; 0: two chips)"),
            self.enum(DatasetConfig, "features", "Derived features"),
            # one literal per role, so that pylupdate5 extracts each for translation
            self._role_band("DEM_BAND", self.tr("DEM band for derived features (name or index)")),
            self._role_band("GREEN_BAND", self.tr("GREEN band for derived features (name or index)")),
            self._role_band("RED_BAND", self.tr("RED band for derived features (name or index)")),
            self._role_band("NIR_BAND", self.tr("NIR band for derived features (name or index)")),
            self._role_band("SWIR_BAND", self.tr("SWIR band for derived features (name or index)")),
        )
        self.addParameter(QgsProcessingParameterBoolean(
            "OVERWRITE", self.tr("Replace the output folder if it exists"), False))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Dataset folder")))
        self.addOutput(QgsProcessingOutputVectorLayer("FOOTPRINTS", self.tr("Chip footprints")))
        self.addOutput(QgsProcessingOutputNumber("CHIPS", self.tr("Number of chips")))

    def _string(self, name, label, default=""):
        return QgsProcessingParameterString(name, self.tr(label), default, optional=True)

    @staticmethod
    def _role_band(name, description):
        """An optional role band (``description`` already translated): a band name or 1-based index."""
        return QgsProcessingParameterString(name, description, "", optional=True)

    def processAlgorithm(self, parameters, context, feedback):
        text = lambda name: (self.parameterAsString(parameters, name, context) or "").strip()  # noqa: E731
        inputs = raster_inputs(self.parameterAsLayerList(parameters, "INPUTS", context))
        source = polygon_source(self, parameters, "GLACIERS", context)
        records = self._records(source, parameters, context, feedback)
        target_layer = self.parameterAsLayer(parameters, "REGRESSION_TARGET", context)
        crs = self.parameterAsCrs(parameters, "TARGET_CRS", context)
        monitor = monitor_for(feedback)
        with core_errors(feedback):
            extra_class = text("EXTRA_CLASS") or default(DatasetConfig, "extra_class")  # an emptied field: default
            target_crs = (crs.authid() or crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)) if crs.isValid() else ""
            config = self.config_from(DatasetConfig, parameters, context, extra_class=extra_class, target_crs=target_crs)
            inputs = with_categorical(inputs, text("CATEGORICAL"))
            target = self._target(target_layer, self.parameterAsString(parameters, "REGRESSION_FIELD", context))
            grid = dataset_grid(inputs, config, target)
            warn_undeclared_voids(inputs, monitor)
            glaciers = load_glaciers(records, crs_wkt(source), grid.crs, parse_class_map(config.class_map), monitor,
                                     (0, 1))  # planning goes on from 1 %
            glaciers = glaciers.without(skip_unresolved(glaciers.by_glacier(), grid, "GLACIERS", monitor))
            extra, mask = (self._polygon_set(parameters, name, context, grid.crs)
                           for name in ("EXTRA_POLYGONS", "MASK"))
            repaired = glaciers.repaired + sum(p.repaired for p in (extra, mask) if p)
            if repaired:
                feedback.pushWarning(f"{repaired} invalid polygon geometries were repaired.")
            summary = create_dataset(inputs, glaciers, config, self.parameterAsString(parameters, "OUTPUT", context),
                                     self.parameterAsBool(parameters, "OVERWRITE", context), monitor,
                                     extra=extra, mask=mask, target=target)
        footprints = f"{summary.path / 'footprints.gpkg'}|layername=footprints"
        context.addLayerToLoadOnCompletion(footprints, QgsProcessingContext.LayerDetails(
            self.tr("Chip footprints"), context.project(), "FOOTPRINTS"))  # footprints.qml beside it styles it
        return {"OUTPUT": str(summary.path), "FOOTPRINTS": footprints, "CHIPS": summary.chips}

    def _records(self, source, parameters, context, feedback) -> list[GlacierRecord]:
        id_field = id_field_of(source.fields(), self.parameterAsString(parameters, "ID_FIELD", context))
        feedback.pushInfo(f"Glacier ids from: {id_field or 'feature id'}.")
        records = glacier_records(source.getFeatures(), id_field,
                                  self.parameterAsString(parameters, "CLASS_FIELD", context))
        if not records:
            raise QgsProcessingException("GLACIERS: no feature to use (empty layer or empty selection). "
                                         "Select at least one glacier, or untick 'Selected features only'.")
        return records

    @staticmethod
    def _target(layer, field: str):
        """The regression target: a raster's :class:`RasterInput`, or the point/line values of ``field``."""
        if layer is None or isinstance(layer, QgsRasterLayer):
            return raster_inputs([layer])[0] if layer else None
        return point_measurements(layer, field, "REGRESSION_TARGET", "REGRESSION_FIELD")

    def _polygon_set(self, parameters, name, context, crs):
        source = polygon_source(self, parameters, name, context, required=False)
        if source is None:
            return None
        return load_polygons((bytes(f.geometry().asWkb()) for f in source.getFeatures()), crs_wkt(source), crs, name)

