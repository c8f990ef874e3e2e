"""glacierdl:predictregion — many scenes predicted on a Dask cluster (or here) into one mosaic and a glacier table."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
)

from ... import environment
from ...core.atomic import check_writable_folder
from ...core.config.region import RegionConfig, resolve_scenes
from ...core.predict.region import predict_region
from .base import core_errors, monitor_for, style_on_load
from .inference_parameters import InferenceAlgorithm
from .layers import raster_inputs


class PredictRegionAlgorithm(InferenceAlgorithm):
    NAME = "predictregion"
    DISPLAY = "Predict region (many scenes)"
    HELP = (
        "Predicts many scenes (raster layers or files, a folder of scenes, or both) with a trained ensemble, one "
        "task per scene (or per <b>PART_SIZE</b> window of it), on a Dask <b>cluster</b>: <i>local</i> (worker processes on this machine), "
        "<i>tcp://host:port</i> (a running scheduler), the path of a YAML cluster file (Slurm/PBS, see "
        "docs/scaleout.md), or <i>none</i> (in this process). Each scene is Predict's own run into "
        "OUTPUT/parts/; the result is one mosaic, <b>mosaic_mean.vrt</b> and <b>mosaic_std.vrt</b> (and COGs when "
        "asked), equal at every pixel to a run in this process. Where scenes overlap the <b>first scene</b> with a "
        "valid pixel wins. With a glacier inventory, <b>glaciers.csv</b> lists per glacier the scenes covering it, "
        "those it was predicted from and its predicted area ± σ (km²).<br>A failed task is retried; running again "
        "into the same OUTPUT folder reuses every part already complete with the same settings. The scenes must "
        "share a grid (CRS, pixel size and alignment) and be readable by every worker."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "SCENES", self.tr("Scenes (in priority order)"), QgsProcessing.TypeRaster, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "SCENES_FOLDER", self.tr("Folder of scenes (sorted by name, after SCENES)"),
            QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "MODEL", self.tr("Model (folder, ensemble.json or .onnx)"), QgsProcessingParameterFile.File,
            fileFilter="Glacier DL models (ensemble.json *.onnx);;All files (*)"))
        self.addParameter(QgsProcessingParameterFile(
            "GLACIERS", self.tr("Glacier inventory for the per-glacier table (file)"), QgsProcessingParameterFile.File,
            fileFilter="Vector files (*.gpkg *.shp *.geojson);;All files (*)", optional=True))
        self.addParameter(QgsProcessingParameterString(
            "CLUSTER", self.tr("Cluster (local, tcp://host:port, a YAML cluster file, or none)"), "local"))
        self.addParameter(self.number(RegionConfig, "workers", "Workers (local or batch cluster)"))
        for parameter in self.tiling_parameters():
            self.addParameter(parameter)
        self.add_device(RegionConfig)
        self.add_advanced(
            *self.inference_parameters(), self.band_names_parameter(),
            self.number(RegionConfig, "retries", "Retries of a failed task"),
            self.number(RegionConfig, "part_size", "Task size in pixels (whole output blocks; 0: one task per scene)"),
            QgsProcessingParameterString("ID_FIELD", self.tr("Glacier id field (empty: glacier_id)"), "",
                                         optional=True),
            QgsProcessingParameterBoolean("COG", self.tr("Also write the mosaics as Cloud-Optimised GeoTIFFs"), False))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Output folder")))

    def processAlgorithm(self, parameters, context, feedback):
        environment.activate()
        with core_errors(feedback):
            environment.require("onnxruntime", "Prediction")
            layers = [i.path for i in raster_inputs(self.parameterAsLayerList(parameters, "SCENES", context))]
            scenes = resolve_scenes(layers, self.parameterAsString(parameters, "SCENES_FOLDER", context) or "")
            out = self.parameterAsString(parameters, "OUTPUT", context)
            check_writable_folder(out, "OUTPUT")
            glaciers = self.parameterAsFile(parameters, "GLACIERS", context) or ""
            config = self.config_from(RegionConfig, parameters, context, scenes=scenes, out=out, glaciers=glaciers,
                                      model=self.parameterAsFile(parameters, "MODEL", context),
                                      overlap_percent=self.overlap_in_percent(parameters, context))
            summary = predict_region(config, monitor_for(feedback))
        style_on_load(context, str(summary.mosaic.mean), "probability", "Glacier DL region")
        return {"OUTPUT": out, "MOSAIC_MEAN": str(summary.mosaic.mean), "MOSAIC_STD": str(summary.mosaic.std),
                "TABLE": str(summary.table or ""), "SCENES": len(summary.results), "SKIPPED": summary.skipped}
