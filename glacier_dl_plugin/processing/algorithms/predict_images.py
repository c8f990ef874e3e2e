"""glacierdl:predictimages — every image of a plain image folder -> class masks, probability images, scores."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
)

from ... import environment
from ...core.config.image_folder import ImageFolderConfig
from ...core.predict.image_folder import predict_image_folder
from .base import core_errors, monitor_for
from .inference_parameters import InferenceAlgorithm


class PredictImagesAlgorithm(InferenceAlgorithm):
    NAME = "predictimages"
    DISPLAY = "Predict image folder"
    HELP = (
        "Runs every member of a trained model over each image of a folder of plain images (photographs such as "
        "snow-pit walls, no georeferencing needed), tile by tile and blended exactly as 'Predict glaciers' does "
        "on a raster, and writes for each image a <b>class mask</b> (the most probable class per pixel) and, "
        "optionally, a <b>probability image</b> with one band per class, both as GeoTIFFs named after the image "
        "in the output folder's masks and probabilities subfolders.<br>"
        "<b>Image folder</b>: a folder with an images subfolder (or the images themselves), .tif or .png, with "
        "the bands the model was trained on. When a masks subfolder holds reference masks named "
        "&lt;image&gt;_mask.tif (or .png; classes 0, 1, ...; 255 is not scored), a <b>scores</b> table "
        "(scores.csv) gives the pixel accuracy and the IoU of each class per image and over all images.<br>"
        "<b>Model</b>: the folder written by 'Train ensemble' on an image folder (or its ensemble.json, or one "
        ".onnx file). Tile size, overlap, blending, test-time augmentation, precision and device mean what they "
        "mean in 'Predict glaciers'. The output folder appears only when every image is done."
    )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile(
            "IMAGES", self.tr("Image folder (images/ and, to score, masks/)"), QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterFile(
            "MODEL", self.tr("Model (folder, ensemble.json or .onnx)"), QgsProcessingParameterFile.File,
            fileFilter="Glacier DL models (ensemble.json *.onnx);;All files (*)"))
        for parameter in self.tiling_parameters():
            self.addParameter(parameter)
        self.add_device(ImageFolderConfig)
        self.addParameter(self.flag(ImageFolderConfig, "probabilities", "Also write probability images"))
        self.add_advanced(*self.inference_parameters()[:-1])  # every one but held-out members (no glaciers here)
        self.add_overwrite()
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile("SCORES", self.tr("Scores (CSV, when reference masks exist)")))
        self.addOutput(QgsProcessingOutputNumber("IMAGES_PREDICTED", self.tr("Images predicted")))

    def processAlgorithm(self, parameters, context, feedback):
        environment.activate()
        with core_errors(feedback):
            environment.require("onnxruntime", "Prediction")
        images = self.parameterAsFile(parameters, "IMAGES", context)
        model = self.parameterAsFile(parameters, "MODEL", context)
        out = self.parameterAsString(parameters, "OUTPUT", context)
        with core_errors(feedback):
            config = self.config_from(ImageFolderConfig, parameters, context,
                                      overlap_percent=self.overlap_in_percent(parameters, context))
            summary = predict_image_folder(images, model, out, config, monitor_for(feedback),
                                           self.parameterAsBool(parameters, "OVERWRITE", context))
        return {"OUTPUT": str(summary.out), "SCORES": str(summary.scores_csv or ""),
                "IMAGES_PREDICTED": len(summary.masks)}
