"""Reading the layers an algorithm is given: raster files, polygon sources, glacier records, and what to say
when a layer parameter names a file that is missing, unreadable, or holds no polygons."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    NULL,
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)
from shapely import wkb

from ...core.dataset.point_targets import PointMeasurements
from ...core.geo.glaciers import GlacierRecord
from ...core.geo.raster_stack import RasterInput
from ...core.geo.voids import undeclared_voids
from ...core.progress import Monitor

__all__ = ["ID_CANDIDATES", "raster_inputs", "polygon_source", "crs_wkt", "id_field_of", "glacier_records",
           "layer_problem", "warn_undeclared_voids", "point_measurements"]

ID_CANDIDATES = ("RGIId", "rgi_id", "glacier_id", "GLIMSId", "id")  # usual glacier id fields
_LAYER_PARAMETERS = (QgsProcessingParameterMultipleLayers, QgsProcessingParameterRasterLayer,
                     QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer,
                     QgsProcessingParameterMapLayer)
_GEOMETRY_WORDS = {QgsWkbTypes.PointGeometry: "points", QgsWkbTypes.LineGeometry: "lines",
                   QgsWkbTypes.NullGeometry: "no geometry (a table)"}


def raster_inputs(layers) -> list[RasterInput]:
    """File-backed raster layers as core inputs (band names use the layer names)."""
    inputs = []
    for layer in layers:
        source = layer.source().split("|")[0]
        if layer.providerType() != "gdal":
            raise QgsProcessingException(
                f"INPUTS: layer '{layer.name()}' is not a file raster ({layer.providerType()}). "
                "Save it as a GeoTIFF first (Export > Save As)."
            )
        inputs.append(RasterInput(source, layer.name()))
    return inputs


def warn_undeclared_voids(inputs: list[RasterInput], monitor: Monitor, parameter: str = "INPUTS") -> None:
    """Warn about every input band that declares no nodata value but holds void values (SRTM's -32768)."""
    for source in inputs:
        for void in undeclared_voids(source.path):
            monitor.warning(
                f"{parameter}: '{source.label}' band {void.band} declares no nodata value but holds {void.value:g} "
                f"(about {100 * void.share:.2g} % of its pixels, SRTM-style voids): they are read as real values. "
                f"Set the file's nodata value (gdal_edit.py -a_nodata {void.value:g} '{source.path}', or Raster › "
                "Conversion › Translate with 'Assign a specified nodata value') and run again.")


def _items(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def layer_problem(algorithm, parameters, context) -> str:
    """Why a layer parameter's value cannot be used, naming the parameter and the file: not found, or not
    readable as a layer; '' when every layer parameter given as a path can be opened."""
    for definition in algorithm.parameterDefinitions():
        if not isinstance(definition, _LAYER_PARAMETERS):
            continue
        for item in _items(parameters.get(definition.name())):
            if not isinstance(item, str) or not item.strip() or \
                    QgsProcessingUtils.mapLayerFromString(item, context) is not None:
                continue
            path = item.split("|")[0]
            name = definition.name()
            if not Path(path).exists():
                return (f"{name}: '{path}' was not found (no such file or loaded layer). Check the path (qgis_process "
                        "reads paths relative to the folder it runs in; an absolute path is safest), or choose a "
                        "layer loaded in QGIS.")
            return (f"{name}: '{item}' exists but QGIS cannot open it as a layer (not a raster or vector format GDAL "
                    "reads, or a layer name that the file does not hold). Give a GeoTIFF, GeoPackage or shapefile, "
                    "e.g. 'file.gpkg|layername=glaciers'.")
    return ""


def _sublayers(path: str) -> list[tuple[str, bool]]:
    """Each layer of a vector file: its name and whether it holds polygons."""
    return [(d.name(), QgsWkbTypes.geometryType(d.wkbType()) == QgsWkbTypes.PolygonGeometry)
            for d in QgsProviderRegistry.instance().querySublayers(path)]


def _not_polygons(algorithm, parameters, name: str, context, source) -> str:
    layer = algorithm.parameterAsVectorLayer(parameters, name, context)
    uri = layer.source() if layer is not None else str(parameters.get(name, ""))
    path = uri.split("|")[0]
    layers = _sublayers(path) if Path(path).exists() else []
    chosen = QgsProviderRegistry.instance().decodeUri("ogr", uri).get("layerName") or (layers[0][0] if layers else "")
    what = _GEOMETRY_WORDS.get(QgsWkbTypes.geometryType(source.wkbType()), "no polygons")
    message = f"{name}: the layer '{chosen}' of '{Path(path).name}' holds {what}, not polygons."
    polygons = [n for n, polygonal in layers if polygonal]
    if not polygons:
        return message + " Choose a layer of glacier polygons."
    return (f"{message} Without '|layername=…' the first layer of a file is read; this file's polygon layers: "
            f"{', '.join(polygons)}. Choose one, e.g. {name}='{path}|layername={polygons[0]}'.")


def polygon_source(algorithm, parameters, name: str, context, required: bool = True):
    """The feature source of parameter ``name``, checked to hold polygons (None when optional and empty).

    Raises:
        QgsProcessingException: no layer (when required), or a layer of points, lines or a table; for a
            multi-layer file the message lists its polygon layers and how to choose one.
    """
    source = algorithm.parameterAsSource(parameters, name, context)
    if source is None:
        if required:
            raise QgsProcessingException(algorithm.invalidSourceError(parameters, name))
        return None
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PolygonGeometry:
        raise QgsProcessingException(_not_polygons(algorithm, parameters, name, context, source))
    return source


def crs_wkt(layer_or_source) -> str:
    """The layer's CRS as WKT; '' when it has none (core then says so, naming the parameter)."""
    crs = layer_or_source.sourceCrs() if hasattr(layer_or_source, "sourceCrs") else layer_or_source.crs()
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED) if crs.isValid() else ""


def id_field_of(fields, requested: str) -> str:
    """The requested id field, else the first usual glacier id field present, else '' (feature ids)."""
    return requested or next((n for n in ID_CANDIDATES if n in fields.names()), "")


def glacier_records(features, id_field: str, class_field: str = "") -> list[GlacierRecord]:
    """One record (id, WKB geometry, class value) per feature with a geometry; the feature id stands in when
    there is no id field."""
    records = []
    for feature in features:
        if not feature.hasGeometry():
            continue
        value = feature[class_field] if class_field else None
        value = None if value == NULL else str(value)  # NULL attributes compare equal to None and NULL
        records.append(GlacierRecord(str(feature[id_field] if id_field else feature.id()),
                                     bytes(feature.geometry().asWkb()), value))
    return records


def point_measurements(layer, field: str, parameter: str, field_parameter: str):
    """The values of ``field`` at the points or along the lines of a vector ``layer`` (e.g. a GPR survey).

    Raises:
        QgsProcessingException: not a point or line layer, or no such field (the numeric ones are listed).
    """
    if not isinstance(layer, QgsVectorLayer) or QgsWkbTypes.geometryType(layer.wkbType()) not in (
            QgsWkbTypes.PointGeometry, QgsWkbTypes.LineGeometry):
        raise QgsProcessingException(f"{parameter}: '{layer.name()}' is neither a raster nor a point or line layer. "
                                     "Give a raster, or points or lines with a value field.")
    if not field or layer.fields().indexOf(field) < 0:
        keys = set(layer.primaryKeyAttributes())  # a GeoPackage's fid is numeric but no measurement
        numeric = [f.name() for i, f in enumerate(layer.fields()) if f.isNumeric() and i not in keys]
        raise QgsProcessingException(
            f"{field_parameter}: {'no field was given' if not field else f'there is no field {field!r}'} for the "
            f"measurements of '{layer.name()}'. Choose the field with the measured values (numeric fields: "
            f"{', '.join(numeric) or 'none'}).")
    geometries, values = [], []
    for feature in layer.getFeatures():
        geometry, value = feature.geometry(), feature[field]
        geometries.append(wkb.loads(bytes(geometry.asWkb())) if not geometry.isEmpty() else None)
        values.append(float(value) if isinstance(value, (int, float)) else float("nan"))
    return PointMeasurements(layer.name(), field, crs_wkt(layer), geometries, values, parameter, field_parameter)
