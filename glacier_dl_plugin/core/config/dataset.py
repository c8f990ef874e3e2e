"""Configuration of Create training dataset."""
from __future__ import annotations

from dataclasses import dataclass

from .checks import AT_LEAST_ONE, FRACTION, NON_NEGATIVE, Limits
from .choices import FEATURES, SAMPLINGS, SPLITS, STRADDLES, Feature, Sampling, Split, Straddle
from .fields import check_fields, setting

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
        split: ``spatial`` (glaciers west to east in folds of near-equal area), ``random`` (by glacier) or
            ``blocks`` (square blocks of ``block_size_m`` dealt into folds at random, chips by their centre:
            folds within one glacier, for a single surveyed glacier).
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
        block_size_m: side of the ``blocks`` split's squares in metres; 0: two chips.
        min_target_pixels: chips with fewer measured regression-target pixels than this are dropped (point
            targets measure few pixels).
    """

    chip_size: int = setting(128, limits=Limits(16))
    stride: int = setting(64, limits=AT_LEAST_ONE)
    buffer_m: float = setting(300.0, limits=NON_NEGATIVE, parameter="BUFFER")
    n_folds: int = setting(5, limits=AT_LEAST_ONE, parameter="FOLDS")
    max_nodata_fraction: float = setting(0.5, limits=FRACTION, parameter="MAX_NODATA")
    seed: int = 0
    sampling: Sampling = setting("glacier", choices=SAMPLINGS)
    split: Split = setting("spatial", choices=SPLITS)
    straddle: Straddle = setting("assign", choices=STRADDLES)
    min_class_fraction: float = setting(0.0, limits=FRACTION)
    fraction_class: str = ""
    target_crs: str = ""
    target_resolution_m: float = setting(0.0, limits=NON_NEGATIVE, parameter="TARGET_RESOLUTION")
    features: tuple[Feature, ...] = setting((), choices=FEATURES)
    dem_band: str = ""
    green_band: str = ""
    red_band: str = ""
    nir_band: str = ""
    swir_band: str = ""
    class_map: str = ""
    extra_class: str = "debris"
    block_size_m: float = setting(0.0, limits=NON_NEGATIVE, parameter="BLOCK_SIZE")
    min_target_pixels: int = setting(1, limits=AT_LEAST_ONE, parameter="MIN_MEASURED")

    def __post_init__(self) -> None:
        check_fields(self)
