"""Configuration of Create training dataset."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import InputError
from .checks import check_positive

__all__ = ["DatasetConfig"]


@dataclass(frozen=True)
class DatasetConfig:
    """How training chips are cut from the stacked rasters.

    Attributes:
        chip_size: chip width and height in pixels of the target grid.
        stride: distance between neighbouring chip origins, in pixels.
        buffer_m: chips are taken where they touch a glacier buffered by this many metres.
        n_folds: number of cross-validation folds (whole glaciers per fold).
        max_nodata_fraction: chips with more nodata pixels than this are dropped.
        seed: random seed for anything random in sampling (the random split, percentile sampling).
        sampling: ``glacier`` (chips around each glacier: stride grid, centroid and margin chips) or ``grid``
            (a moving window over the whole grid, or over the sampling mask).
        split: ``spatial`` (glaciers west to east in folds of near-equal area) or ``random`` (by glacier).
        straddle: chips touching glaciers of another fold are ``assign``-ed to their glacier's fold or
            ``drop``-ped.
        min_class_fraction: chips with less than this share of valid pixels in ``fraction_class`` are dropped.
        fraction_class: class name for ``min_class_fraction``; empty: any class but the background.
        target_crs: target grid CRS (EPSG code or WKT); empty: the first raster's.
        target_resolution_m: target pixel size in metres; 0: the first raster's.
        features: derived bands appended to the stack, from ``slope``, ``aspect`` (sin and cos), ``ndsi``,
            ``ndvi``, ``ndwi``.
        dem_band, green_band, red_band, nir_band, swir_band: stack band (``<layer>:<band>`` name or 1-based
            index) playing that role for the derived features.
        class_map: class field value -> class name, as ``value=name`` pairs separated by commas.
        extra_class: class name burnt from the optional second polygon layer.
    """

    chip_size: int = 128
    stride: int = 64
    buffer_m: float = 300.0
    n_folds: int = 5
    max_nodata_fraction: float = 0.5
    seed: int = 0
    sampling: Literal["glacier", "grid"] = "glacier"
    split: Literal["spatial", "random"] = "spatial"
    straddle: Literal["assign", "drop"] = "assign"
    min_class_fraction: float = 0.0
    fraction_class: str = ""
    target_crs: str = ""
    target_resolution_m: float = 0.0
    features: tuple[str, ...] = ()
    dem_band: str = ""
    green_band: str = ""
    red_band: str = ""
    nir_band: str = ""
    swir_band: str = ""
    class_map: str = ""
    extra_class: str = "debris"

    def __post_init__(self) -> None:
        check_positive("CHIP_SIZE", self.chip_size)
        check_positive("STRIDE", self.stride)
        if self.buffer_m < 0:
            raise InputError("BUFFER", f"must not be negative, got {self.buffer_m}.", "Use 0 or more metres.")
        if self.n_folds < 1:
            raise InputError("FOLDS", f"must be at least 1, got {self.n_folds}.", "Use 1 or more folds.")
        if not 0 <= self.max_nodata_fraction <= 1:
            raise InputError(
                "MAX_NODATA", f"must lie in [0, 1], got {self.max_nodata_fraction}.", "Give a fraction."
            )
        if not 0 <= self.min_class_fraction <= 1:
            raise InputError("MIN_CLASS_FRACTION", f"must lie in [0, 1], got {self.min_class_fraction}.",
                             "Give a fraction.")
        for name, value, choices in (("SAMPLING", self.sampling, ("glacier", "grid")),
                                     ("SPLIT", self.split, ("spatial", "random")),
                                     ("STRADDLE", self.straddle, ("assign", "drop"))):
            if value not in choices:
                raise InputError(name, f"unknown choice '{value}'.", f"Use one of: {', '.join(choices)}.")
        unknown = sorted(set(self.features) - {"slope", "aspect", "ndsi", "ndvi", "ndwi"})
        if unknown:
            raise InputError("FEATURES", f"unknown feature(s) {', '.join(unknown)}.",
                             "Use slope, aspect, ndsi, ndvi or ndwi.")
        if self.target_resolution_m < 0:
            raise InputError("TARGET_RESOLUTION", f"must not be negative, got {self.target_resolution_m}.",
                             "Use 0 (the first raster's) or a pixel size in metres.")
