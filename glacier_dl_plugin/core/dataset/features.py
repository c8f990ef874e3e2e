"""Derived bands computed on the target grid window by window: slope, aspect (sin, cos) and normalised
differences (NDSI, NDVI, NDWI) from the bands a user assigns to the roles DEM, green, red, NIR and SWIR.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rasterio.windows import Window

from ..config import DatasetConfig
from ..errors import InputError

__all__ = ["FeaturePlan", "plan_features", "derive", "recipe", "plan_from_recipe", "DerivedStack"]

# feature -> (role bands it needs, output band names)
_FEATURES = {
    "slope": (("dem",), ("slope",)),
    "aspect": (("dem",), ("aspect_sin", "aspect_cos")),
    "ndsi": (("green", "swir"), ("ndsi",)),
    "ndvi": (("nir", "red"), ("ndvi",)),
    "ndwi": (("green", "nir"), ("ndwi",)),
}
_PARAMETERS = {"dem": "DEM_BAND", "green": "GREEN_BAND", "red": "RED_BAND", "nir": "NIR_BAND", "swir": "SWIR_BAND"}


@dataclass(frozen=True)
class FeaturePlan:
    """Which derived bands to compute and from which stack bands (0-based indices per role)."""

    features: tuple[str, ...]
    roles: dict
    band_names: tuple[str, ...]

    @property
    def halo(self) -> int:
        """Extra pixels each window needs on every side (the DEM gradient looks one pixel further)."""
        return 1 if {"slope", "aspect"} & set(self.features) else 0


def _band_index(parameter: str, value: str, names: Sequence[str]) -> int:
    if value in names:
        return list(names).index(value)
    if value.strip().isdigit() and 1 <= int(value) <= len(names):
        return int(value) - 1
    raise InputError(parameter, f"'{value}' is not a band of the stack." if value else "is needed but empty.",
                     f"Give a band name or a 1-based index; the bands are: {', '.join(names)}.")


def plan_features(config: DatasetConfig, band_names: Sequence[str]) -> FeaturePlan:
    """Resolve the roles the requested features need to stack bands.

    Raises:
        InputError: a needed role band is empty or not in the stack (DEM_BAND, GREEN_BAND, ...).
    """
    features = tuple(f for f in _FEATURES if f in config.features)
    roles = {}
    for feature in features:
        for role in _FEATURES[feature][0]:
            roles[role] = _band_index(_PARAMETERS[role], getattr(config, f"{role}_band"), band_names)
    names = tuple(f"derived:{name}" for f in features for name in _FEATURES[f][1])
    return FeaturePlan(features, roles, names)


def _normalised_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(a - b) / (a + b), 0 where the sum is 0."""
    total = a + b
    return np.divide(a - b, total, out=np.zeros_like(total), where=total != 0)


def _row_gradient(dem: np.ndarray, usable: np.ndarray, step: float) -> np.ndarray:
    """dz/dy down the rows (``step``: row spacing in metres) from the ``usable`` pixels only.

    Central difference ``(z[i+1] - z[i-1]) / 2 step`` where both neighbours are usable, one-sided
    ``(z[i+1] - z[i]) / step`` or ``(z[i] - z[i-1]) / step`` where only one is (array edge, beside nodata),
    0 where neither is. On a DEM without nodata this is exactly ``np.gradient`` along the rows.
    """
    z = np.pad(dem, ((1, 1), (0, 0)))
    ok = np.pad(usable, ((1, 1), (0, 0)))  # the padding is unusable: nothing lies beyond the array
    before, after, has_before, has_after = z[:-2], z[2:], ok[:-2], ok[2:]
    one_sided = np.where(has_after, (after - dem) / step, np.where(has_before, (dem - before) / step, 0))
    return np.where(has_before & has_after, (after - before) / (2 * step), one_sided)


def _terrain(dem: np.ndarray, usable: np.ndarray,
             spacing: tuple[float, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Slope (degrees) and the sine and cosine of aspect (downslope azimuth, clockwise from north).

    Rows run north to south; ``spacing`` is the pixel (width, height) in metres. Gradients use the four
    neighbours that are ``usable`` (see :func:`_row_gradient`), so edge pixels and pixels beside nodata
    get values too (as ``gdaldem -compute_edges``, but one-sided rather than padded with the centre value:
    a plane keeps its exact slope up to the edge).
    """
    dem = np.where(usable, dem, 0)  # nodata values (NaN, -9999) never enter the arithmetic
    d_row = _row_gradient(dem, usable, spacing[1])
    d_col = _row_gradient(dem.T, usable.T, spacing[0]).T
    east, north = -d_col, d_row  # downslope direction: minus the gradient; north is minus the row axis
    length = np.hypot(east, north)
    slope = np.degrees(np.arctan(length))
    safe = np.where(length > 0, length, 1)
    return slope, np.where(length > 0, east / safe, 0), np.where(length > 0, north / safe, 0)


def derive(plan: FeaturePlan, data: np.ndarray, valid: np.ndarray,
           spacing: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Derived bands of a window read with ``plan.halo`` extra pixels on every side.

    Pixels of the halo that are invalid (nodata, or beyond the raster) are not used: slope and aspect fall
    back to one-sided differences there, so the result only depends on the raster, never on the window.

    Returns:
        ``(bands, valid)`` cropped to the window: float32 ``[len(plan.band_names), rows, cols]`` and where
        every input band is valid.
    """
    h = plan.halo
    crop = (slice(h, valid.shape[0] - h), slice(h, valid.shape[1] - h))
    out = []
    if h:
        slope, sin_aspect, cos_aspect = _terrain(data[plan.roles["dem"]], valid, spacing)
    for feature in plan.features:
        if feature == "slope":
            out.append(slope[crop])
        elif feature == "aspect":
            out += [sin_aspect[crop], cos_aspect[crop]]
        else:
            a, b = (data[plan.roles[role]][crop] for role in _FEATURES[feature][0])
            out.append(_normalised_difference(a, b))
    return np.stack(out).astype(np.float32), valid[crop].copy()


def recipe(parameters: dict) -> dict:
    """What a model must remember to derive its bands again at prediction (``ensemble.json``
    ``derived_features``): the features and role bands of a dataset's ``parameters``; {} without features."""
    if not parameters.get("features"):
        return {}
    return {"features": list(parameters["features"]),
            **{f"{role}_band": str(parameters.get(f"{role}_band", "")) for role in _PARAMETERS}}


def plan_from_recipe(spec: dict, band_names: Sequence[str]) -> FeaturePlan:
    """The plan of a recorded :func:`recipe` for the stack bands ``band_names``."""
    return plan_features(DatasetConfig(features=tuple(spec["features"]),
                                       **{f"{role}_band": str(spec.get(f"{role}_band", "")) for role in _PARAMETERS}),
                         band_names)


class DerivedStack:
    """A raster stack whose windows also hold the derived bands, computed as the dataset computed them.

    Reads each window with the plan's halo (slope and aspect look one pixel further), so blocks and tiles
    get the same values as whole-raster computation; a pixel is valid where every band it uses is.
    """

    def __init__(self, stack, plan: FeaturePlan, spacing: tuple[float, float]) -> None:
        self.stack, self.plan, self.spacing = stack, plan, spacing
        self.grid = stack.grid
        self.band_names = list(stack.band_names) + list(plan.band_names)

    @property
    def count(self) -> int:
        return len(self.band_names)

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        h = self.plan.halo
        rows, cols = int(window.height), int(window.width)
        data, valid = self.stack.read(Window(window.col_off - h, window.row_off - h, cols + 2 * h, rows + 2 * h))
        derived, derived_valid = derive(self.plan, data, valid, self.spacing)
        return np.concatenate([data[:, h:h + rows, h:h + cols], derived]), derived_valid
