"""A seeded synthetic glacier scene: 5-band image, DEM, glacier outlines and a class raster on one grid.

The landscape is modelled in pixels (:mod:`synthetic.terrain`, :mod:`synthetic.landforms`), so a seed draws the
same picture whatever the CRS and pixel size; only the georeferencing changes (:mod:`synthetic.scene_files`). All randomness comes from one generator
seeded by ``SceneSpec.seed`` and drawn in a fixed order, so a spec fixes the GeoTIFFs' bytes (on one
machine: BLAS rounding may differ elsewhere).

Usage: ``python -m synthetic.glacier_scene --out DIR [--width W --height H --seed S ...]``.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rasterio.crs import CRS
from rasterio.transform import from_origin
from scipy import ndimage

from glacier_dl_plugin.core.config import IGNORE_INDEX, NODATA_FLOAT
from glacier_dl_plugin.core.errors import InputError

from .landforms import GAP, place_cloud, place_glaciers, place_lakes
from .scene_files import outline_records, write_outlines, write_raster
from .terrain import SUN_ELEVATION, hillshade, relief_and_massifs, smooth_noise

__all__ = ["SceneSpec", "ScenePaths", "generate_scene", "BANDS", "CLASSES", "main"]

BANDS = ("blue", "green", "red", "nir", "swir")
CLASSES = ("other", "clean_ice", "debris", "snow", "rock", "vegetation", "water", "cloud")  # truth values 0-7
CLEAN, DEBRIS, SNOW, ROCK, VEGETATION, WATER, CLOUD = range(1, 8)

# Surface reflectance (0-1) in BANDS order. Ice and snow are bright but for the SWIR (NDSI ~0.9); debris is
# rock-like, a little darker and bluer; cloud stays bright in the SWIR (NDSI ~0.15).
_SPECTRA = {CLEAN: (0.72, 0.70, 0.64, 0.50, 0.04), DEBRIS: (0.10, 0.11, 0.12, 0.16, 0.19),
            SNOW: (0.90, 0.88, 0.85, 0.76, 0.06), ROCK: (0.12, 0.15, 0.18, 0.24, 0.28),
            VEGETATION: (0.04, 0.07, 0.05, 0.36, 0.17), WATER: (0.06, 0.05, 0.03, 0.015, 0.005),
            CLOUD: (0.72, 0.70, 0.69, 0.66, 0.52)}


@dataclass(frozen=True)
class SceneSpec:
    """What to generate.

    Attributes:
        width, height: grid size in pixels.
        crs: any CRS string rasterio accepts.
        resolution: pixel size in CRS units (metres, or degrees for a geographic CRS).
        origin: upper-left corner (x, y) in CRS units.
        n_glaciers: glaciers to place (fewer if the scene is too small to keep them apart).
        seed: random seed; one spec always gives the same scene.
        nodata_margin: width in pixels of the nodata strip along the right-hand edge (a swath edge).
    """

    width: int = 512
    height: int = 512
    crs: str = "EPSG:32645"
    resolution: float = 30.0
    origin: tuple[float, float] = (480000.0, 3110000.0)
    n_glaciers: int = 6
    seed: int = 0
    nodata_margin: int = 16


@dataclass(frozen=True)
class ScenePaths:
    """The files :func:`generate_scene` wrote."""

    image: Path
    dem: Path
    glaciers: Path
    truth: Path


def _check_spec(spec: SceneSpec) -> CRS:
    """The spec's CRS, once the spec is known to make a scene; otherwise an ``InputError`` naming the field."""
    if min(spec.width, spec.height) < 64:
        raise InputError("width/height", f"{spec.width}x{spec.height} is too small.", "Use at least 64x64.")
    if not 0 <= spec.nodata_margin <= spec.width // 4:
        raise InputError("nodata_margin", f"{spec.nodata_margin} px does not fit.", f"Use 0-{spec.width // 4}.")
    if spec.resolution <= 0 or spec.n_glaciers < 0:
        raise InputError("resolution/glaciers", "must not be negative.", "Give a pixel size > 0, glaciers >= 0.")
    crs = CRS.from_user_input(spec.crs)
    (x0, y0), size = spec.origin, spec.resolution
    x1, y1 = x0 + spec.width * size, y0 - spec.height * size
    if crs.is_geographic and not (-180 <= x0 < x1 <= 180 and -90 <= y1 < y0 <= 90):
        raise InputError("origin", f"the grid ({x0}, {y1}, {x1}, {y0}) is off the globe.",
                         "For a geographic CRS give the origin and resolution in degrees (e.g. 0.0003).")
    return crs


def _ground(rng: np.random.Generator, dem: np.ndarray, labels: np.ndarray, flow: np.ndarray,
            lakes: np.ndarray, valid: np.ndarray, size: int) -> np.ndarray:
    """Classes 1-6 of the ground under any cloud: debris on the lower tongue of about half the glaciers,
    snowfields above a ragged snowline, vegetation below a treeline, lakes, and rock elsewhere."""
    wobble = smooth_noise(rng, dem.shape, max(4, size / 20))
    line = dem + 120 * wobble  # metres
    ground = np.full(dem.shape, ROCK, np.uint8)
    ground[line < np.quantile(dem[valid], 0.22)] = VEGETATION
    ground[line > np.quantile(dem[valid], 0.88)] = SNOW
    ground[lakes], ground[labels > 0] = WATER, CLEAN
    covered = rng.random(labels.max() + 1) < 0.5
    covered[1:2] = True  # at least one debris-covered tongue in every scene with glaciers
    # Debris begins at a fraction of the flow length each glacier kept (its tongue may have been trimmed).
    reach = np.asarray(ndimage.maximum(flow, labels, np.arange(labels.max() + 1)), np.float32)
    debris_from = rng.uniform(0.45, 0.7, labels.max() + 1) * reach
    ground[(labels > 0) & covered[labels] & (flow + 0.08 * wobble > debris_from[labels])] = DEBRIS
    return ground


def _render(rng: np.random.Generator, ground: np.ndarray, dem: np.ndarray, alpha: np.ndarray,
            shadow: np.ndarray, texture: np.ndarray) -> np.ndarray:
    """Reflectance x 10000 as uint16 (band, row, col), never below 1 so that 0 stays nodata."""
    light = 0.45 + 0.65 * hillshade(dem)
    light[ground == WATER] = 0.45 + 0.65 * np.sin(SUN_ELEVATION)  # lakes are flat
    light *= (1 + 0.05 * texture) * (1 - 0.55 * shadow)
    debris = ground == DEBRIS
    ice = np.clip(0.05 + 0.03 * texture[debris], 0, 0.12)  # some ice shows through the debris
    image = np.empty((len(BANDS),) + ground.shape, np.uint16)
    for band in range(len(BANDS)):
        lut = np.zeros(256, np.float32)
        lut[list(_SPECTRA)] = [spectrum[band] for spectrum in _SPECTRA.values()]
        surface = lut[ground]
        surface[debris] += ice * (lut[CLEAN] - lut[DEBRIS])
        surface *= light * (1 + 0.02 * rng.standard_normal(ground.shape, dtype=np.float32))
        surface += alpha * (lut[CLOUD] * (1 + 0.03 * texture) - surface)
        image[band] = np.clip(np.rint(surface * 10000), 1, 65535)
    return image


def generate_scene(out_dir: str | Path, spec: SceneSpec = SceneSpec()) -> ScenePaths:
    """Write ``scene.tif``, ``dem.tif``, ``glaciers.gpkg`` and ``truth.tif`` into ``out_dir``.

    Raises:
        InputError: the spec cannot make a scene (too small, margin too wide, grid off the globe).
    """
    crs = _check_spec(spec)
    rng = np.random.default_rng(spec.seed)
    shape, valid_width = (spec.height, spec.width), spec.width - spec.nodata_margin
    size = min(spec.height, valid_width)
    relief, massifs = relief_and_massifs(rng, shape, valid_width)
    dem = 3000 + relief + 80 * smooth_noise(rng, shape, 12) + 12 * smooth_noise(rng, shape, 3)  # metres
    rough, texture = smooth_noise(rng, shape, max(3, size / 40)), smooth_noise(rng, shape, 4)
    valid = np.zeros(shape, bool)
    valid[:, :valid_width] = True
    free = np.zeros(shape, bool)
    free[GAP:-GAP, GAP:valid_width - GAP] = True  # glaciers and lakes lie wholly inside the valid area
    labels, flow, snouts = place_glaciers(rng, relief, massifs, free, rough, spec.n_glaciers, size)
    lakes = place_lakes(rng, dem, free, snouts, rough, size)
    ground = _ground(rng, dem, labels, flow, lakes, valid, size)
    alpha, shadow = place_cloud(rng, labels > 0, valid_width, size)
    image = _render(rng, ground, dem, alpha, shadow, texture)
    truth = np.where(alpha >= 0.5, CLOUD, ground).astype(np.uint8)
    image[:, ~valid], dem[~valid], truth[~valid] = 0, NODATA_FLOAT, IGNORE_INDEX

    out = Path(out_dir).resolve()
    paths = ScenePaths(out / "scene.tif", out / "dem.tif", out / "glaciers.gpkg", out / "truth.tif")
    transform = from_origin(*spec.origin, spec.resolution, spec.resolution)
    write_raster(paths.image, image, transform, crs, 0, BANDS)
    write_raster(paths.dem, dem[None].astype(np.float32), transform, crs, NODATA_FLOAT, ("elevation_m",))
    write_raster(paths.truth, truth[None], transform, crs, IGNORE_INDEX, ("class",))
    write_outlines(paths.glaciers, outline_records(labels, ground == DEBRIS, transform, crs), crs)
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: generate a scene and print the paths written."""
    parser = argparse.ArgumentParser(description="Write a seeded synthetic glacier scene.")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--width", type=int, default=SceneSpec.width, help="pixels")
    parser.add_argument("--height", type=int, default=SceneSpec.height, help="pixels")
    parser.add_argument("--crs", default=SceneSpec.crs, help="e.g. EPSG:32645 or EPSG:4326")
    parser.add_argument("--resolution", type=float, default=SceneSpec.resolution, help="pixel size in CRS units")
    parser.add_argument("--origin", type=float, nargs=2, default=SceneSpec.origin, metavar=("X", "Y"),
                        help="upper-left corner in CRS units")
    parser.add_argument("--seed", type=int, default=SceneSpec.seed)
    parser.add_argument("--glaciers", type=int, default=SceneSpec.n_glaciers, help="number of glaciers")
    parser.add_argument("--nodata-margin", type=int, default=SceneSpec.nodata_margin, help="pixels")
    args = parser.parse_args(argv)
    paths = generate_scene(args.out, SceneSpec(args.width, args.height, args.crs, args.resolution,
                                               tuple(args.origin), args.glaciers, args.seed, args.nodata_margin))
    for name in ("image", "dem", "glaciers", "truth"):
        print(f"{name:9s}{getattr(paths, name)}")


if __name__ == "__main__":
    main()
