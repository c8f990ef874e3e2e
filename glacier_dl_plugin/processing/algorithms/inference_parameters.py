"""The tiled-inference parameters Predict and Calibrate share: the same names, labels, defaults and rules
(those of :class:`core.config.predict.InferenceConfig`), read back the same way."""
from __future__ import annotations

from qgis.core import QgsProcessingParameterDefinition, QgsProcessingParameterEnum

from ...core.config.choices import OVERLAP_UNITS
from ...core.config.predict import InferenceConfig
from ..enum_labels import labelled
from .base import GlacierDLAlgorithm


class InferenceAlgorithm(GlacierDLAlgorithm):
    """Base of the algorithms that run an ensemble over rasters (Predict, Calibrate); labels are translated
    under this class's name."""

    def tiling_parameters(self) -> list[QgsProcessingParameterDefinition]:
        """TILE_SIZE, OVERLAP and OVERLAP_UNIT right after it (the run refuses an overlap not below the tile,
        once the tile is known)."""
        unit = QgsProcessingParameterEnum("OVERLAP_UNIT", self.tr("Overlap unit"), list(OVERLAP_UNITS),
                                          defaultValue=OVERLAP_UNITS[0])
        unit.setUsesStaticStrings(True)
        return [self.number(InferenceConfig, "tile_size", "Tile size in pixels (0: the model's chip size)"),
                self.number(InferenceConfig, "overlap", "Tile overlap (pixels, or percent of the tile)"), labelled(unit)]

    def band_names_parameter(self) -> QgsProcessingParameterDefinition:
        """IGNORE_BAND_NAMES: off, inputs are matched to the model's bands by name (reordered when the same layers
        come in another order, an error when the names do not match); on, they are used in the given order."""
        return self.flag(InferenceConfig, "ignore_band_names",
                         "Ignore band names: use the inputs in the given order (no check against training)")

    def inference_parameters(self) -> list[QgsProcessingParameterDefinition]:
        """BATCH_SIZE, BLENDING, PRECISION, TTA and HELD_OUT_ONLY (advanced in both)."""
        return [
            self.number(InferenceConfig, "batch_size", "Tiles per model call"),
            self.enum(InferenceConfig, "blending", "Blending of overlapping tiles"),
            self.enum(InferenceConfig, "precision",
                      "Precision (int8: faster on CPUs, quantised on this raster first; fp16: faster on GPUs)"),
            self.flag(InferenceConfig, "tta", "Test-time augmentation (flips, 3x slower)"),
            self.flag(InferenceConfig, "held_out_only", "Each glacier only by members that never saw it"),
        ]

    def overlap_in_percent(self, parameters, context) -> bool:
        """Whether OVERLAP_UNIT says percent (``InferenceConfig.overlap_percent``)."""
        return self.enum_value(parameters, "OVERLAP_UNIT", context) == "percent"
