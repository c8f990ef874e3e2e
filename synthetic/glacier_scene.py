"""A seeded synthetic glacier scene: 5-band image, DEM, glacier outlines and a class raster on one grid.

The landscape is modelled in pixels (slopes assume a nominal 30 m spacing), so a seed draws the same picture
whatever the CRS and pixel size; only the georeferencing changes. All randomness comes from one generator
seeded by ``SceneSpec.seed`` and drawn in a fixed order, so a spec fixes the GeoTIFFs' bytes (on one
machine: BLAS rounding may differ elsewhere).

Usage: ``python -m synthetic.glacier_scene --out DIR [--width W --height H --seed S ...]``.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.features import shapes
from rasterio.transform import Affine, from_origin
from scipy import ndimage
from shapely.geometry import MultiPolygon, mapping, shape
from shapely.ops import unary_union

from glacier_dl_plugin.core.atomic import atomic_path
from glacier_dl_plugin.core.config import IGNORE_INDEX, NODATA_FLOAT
from glacier_dl_plugin.core.errors import InputError

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
_SUN_AZIMUTH, _SUN_ELEVATION = np.radians(135.0), np.radians(45.0)  # a morning sun in the south-east
_SPACING_M = 30.0
_GAP = 2  # pixels of rock kept between glaciers, so that no two outlines touch


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


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: float) -> np.ndarray:
    """Unit-variance noise that varies over about ``cell`` pixels, as float32."""
    cell, axes = max(float(cell), 1.0), []
    for n in shape:
        # Gaussian interpolation of coarse white noise, one matrix per axis: smooth (no grid artefacts in
        # the hillshade) and far faster than filtering a full-resolution field.
        offset = np.arange(n, dtype=np.float32)[:, None] / cell + 2 - np.arange(int(n / cell) + 5)
        weights = np.exp(-0.5 * (offset / 0.7) ** 2, dtype=np.float32)
        axes.append(weights / weights.sum(axis=1, keepdims=True))
    field = axes[0] @ rng.standard_normal((axes[0].shape[1], axes[1].shape[1]), dtype=np.float32) @ axes[1].T
    return (field - field.mean()) / (field.std() + 1e-6)


def _relief(rng: np.random.Generator, shape: tuple[int, int], valid_width: int) -> tuple[np.ndarray, list]:
    """Smooth relief in metres (a sum of Gaussian massifs) and the massifs as (row, col, sigma_r, sigma_c)."""
    size = min(shape[0], valid_width)
    rows, cols = np.arange(shape[0], dtype=np.float32), np.arange(shape[1], dtype=np.float32)
    relief, massifs = np.zeros(shape, np.float32), []
    for _ in range(int(rng.integers(4, 7))):
        r, c = rng.uniform(0.1, 0.9) * shape[0], rng.uniform(0.1, 0.9) * valid_width
        sr, sc = rng.uniform(0.08, 0.16, 2) * size
        # An axis-aligned Gaussian is an outer product: cheap on any grid.
        relief += rng.uniform(1800, 3400) * np.outer(np.exp(-0.5 * ((rows - r) / sr) ** 2),
                                                      np.exp(-0.5 * ((cols - c) / sc) ** 2))
        massifs.append((r, c, sr, sc))
    return 4500 * np.tanh(relief / 4500), massifs  # overlapping massifs saturate below ~7500 m, not 9000+


def _hillshade(dem: np.ndarray) -> np.ndarray:
    """Cosine of the sun's incidence angle on the terrain (0-1); rows run north to south."""
    d_row, d_col = np.gradient(dem, _SPACING_M)
    east, north, up = (np.sin(_SUN_AZIMUTH) * np.cos(_SUN_ELEVATION), np.cos(_SUN_AZIMUTH) * np.cos(_SUN_ELEVATION),
                       np.sin(_SUN_ELEVATION))
    return np.clip((-d_col * east + d_row * north + up) / np.sqrt(d_col**2 + d_row**2 + 1), 0, 1)


def _window(shape: tuple[int, int], centre: Sequence[float], reach: float) -> tuple[slice, slice]:
    """The slices of a grid within ``reach`` pixels of ``centre`` (row, col); empty when off the grid."""
    reach = int(reach) + 1
    return tuple(slice(min(max(int(x) - reach, 0), n), max(min(int(x) + reach + 1, n), 0))
                 for x, n in zip(centre, shape))


def _ellipse(shape: tuple[int, int], centre: Sequence[float], radii: Sequence[float],
             reach: float = 1.5) -> tuple[tuple[slice, slice], np.ndarray]:
    """A window around an ellipse (radii in px) and the elliptical distance there: 1 on the ellipse."""
    box = _window(shape, centre, reach * max(radii))
    rr, cc = np.ogrid[box]
    return box, np.hypot((rr - centre[0]) / radii[0], (cc - centre[1]) / radii[1])


def _glacier_discs(rng: np.random.Generator, slope: tuple[np.ndarray, np.ndarray], start: np.ndarray,
                   size: int) -> list[tuple[np.ndarray, float, float]]:
    """A glacier as discs (centre, radius in px, flow fraction 0-1): a cirque tapering to a tongue downhill."""
    head, steps = rng.uniform(0.04, 0.07) * size, int(rng.uniform(0.15, 0.3) * size)
    limit = np.array(slope[0].shape) - 1
    path, heading = [start], np.zeros(2)
    for _ in range(steps):
        r, c = np.clip(np.round(path[-1]).astype(int), 0, limit)
        downhill = -np.array([slope[0][r, c], slope[1][r, c]])
        heading = 0.75 * heading + 0.25 * downhill / (np.hypot(*downhill) + 1e-9)  # inertia: no zig-zags
        path.append(path[-1] + heading / (np.hypot(*heading) + 1e-9))
    across = np.array([-heading[1], heading[0]]) / (np.hypot(*heading) + 1e-9)
    discs = [(start + side * 0.6 * head * across, 0.7 * head, 0.0) for side in (-1, 1)]  # cirque lobes
    for i, point in enumerate(path):
        t = i / steps
        radius = max(head * (1 - 0.75 * np.sqrt(t)), 2.0)
        if i == steps or np.hypot(*(point - discs[-1][0])) >= radius / 3:  # thin out: discs overlap anyway
            discs.append((point, radius, t))
    return discs


def _rasterise(discs: list, rough: np.ndarray, pad: int) -> tuple[tuple[slice, slice], np.ndarray, np.ndarray]:
    """The window around ``discs``, their union there (with a rough edge) and the nearest disc's flow."""
    centres, radii = np.array([d[0] for d in discs]), np.array([d[1] for d in discs])
    low = np.maximum(np.floor((centres - 1.4 * radii[:, None]).min(0)).astype(int) - pad, 0)
    high = np.minimum(np.ceil((centres + 1.4 * radii[:, None]).max(0)).astype(int) + pad, rough.shape)
    box = (slice(low[0], max(high[0], low[0])), slice(low[1], max(high[1], low[1])))
    ratio = np.full(rough[box].shape, np.inf, np.float32)
    flow = np.zeros(ratio.shape, np.float32)
    for centre, radius, t in discs:
        window, local = _ellipse(ratio.shape, centre - low, (radius, radius), 1.4)
        closer = local < ratio[window]
        ratio[window][closer], flow[window][closer] = local[closer], t
    return box, ratio + 0.15 * np.clip(rough[box], -2, 2) < 1, flow


def _largest_component(mask: np.ndarray) -> np.ndarray:
    """The biggest 4-connected part of ``mask``: a glacier is one piece of ice."""
    labels, count = ndimage.label(mask)
    return mask if count <= 1 else labels == np.argmax(np.bincount(labels.ravel())[1:]) + 1


def _place_glaciers(rng: np.random.Generator, relief: np.ndarray, massifs: list, free: np.ndarray,
                    rough: np.ndarray, n: int, size: int) -> tuple[np.ndarray, np.ndarray, list]:
    """Glacier labels (0 none, 1..n), flow fraction (0 head to 1 snout) and (point, direction) below snouts.

    A glacier starts on a massif's flank and is kept when most of it lies in ``free`` (updated in place to
    exclude it and a ``_GAP`` around it); otherwise another start is tried.
    """
    labels, flow, snouts = np.zeros(relief.shape, np.int32), np.zeros(relief.shape, np.float32), []
    slope = np.gradient(relief)
    for _ in range(12 * n):
        if len(snouts) == n:
            break
        row, col, sr, sc = massifs[rng.integers(len(massifs))]
        angle, reach = rng.uniform(0, 2 * np.pi), rng.uniform(0.4, 0.9)
        start = np.array([row + reach * sr * np.sin(angle), col + reach * sc * np.cos(angle)])
        discs = _glacier_discs(rng, slope, start, size)
        box, mask, along = _rasterise(discs, rough, _GAP + 2)
        wanted = mask.sum()
        mask = _largest_component(mask & free[box])
        if mask.sum() < max(30, 0.6 * wanted):
            continue
        labels[box][mask], flow[box][mask] = len(snouts) + 1, along[mask]
        free[box] &= ~ndimage.binary_dilation(mask, iterations=_GAP + 1)
        (end, radius, _), (before, _, _) = discs[-1], discs[-2]
        direction = (end - before) / (np.hypot(*(end - before)) + 1e-9)
        snouts.append((end + direction * (radius + _GAP + 1), direction))
    return labels, flow, snouts


def _lakes(rng: np.random.Generator, dem: np.ndarray, free: np.ndarray, snouts: list, rough: np.ndarray,
           size: int) -> np.ndarray:
    """Small lakes off the glaciers: one just below a snout (proglacial) and two in low valleys."""
    low = np.argwhere(free & (dem < np.quantile(dem[free], 0.3)))
    lakes = np.zeros(dem.shape, bool)
    for k in range(3 if len(low) else 0):
        ry, rx = rng.uniform(0.012, 0.03, 2) * size + 2
        if k == 0 and snouts:
            point, direction = snouts[int(rng.integers(len(snouts)))]
            centre = point + direction * max(ry, rx)
        else:
            centre = low[int(rng.integers(len(low)))]
        box, distance = _ellipse(dem.shape, centre, (ry, rx))
        lakes[box] |= distance + 0.2 * rough[box] < 1
    return lakes & free


def _cloud(rng: np.random.Generator, glaciers: np.ndarray, valid_width: int,
           size: int) -> tuple[np.ndarray, np.ndarray]:
    """Cloud opacity and cloud-shadow strength (both 0-1), the cloud placed where it hides fewest glaciers."""
    ry, rx = rng.uniform(0.07, 0.12, 2) * size
    candidates = rng.uniform((0, 0), (glaciers.shape[0], valid_width), size=(16, 2))
    centre = candidates[int(np.argmin([glaciers[_window(glaciers.shape, c, max(ry, rx))].sum()
                                       for c in candidates]))]
    box, distance = _ellipse(glaciers.shape, centre, (ry, rx), 1.6)
    alpha = np.zeros(glaciers.shape, np.float32)
    alpha[box] = np.clip((1 - distance + 0.2 * _smooth_noise(rng, distance.shape, max(ry, rx) / 4)) / 0.3, 0, 1)
    alpha[glaciers] = 0  # the outlines stay the truth: a glacier is never hidden
    shadow, d = np.zeros_like(alpha), max(int(0.8 * max(ry, rx)), 1)
    shadow[:-d, :-d] = alpha[d:, d:]  # the sun is in the south-east, so the shadow falls to the north-west
    return alpha, shadow


def _ground(rng: np.random.Generator, dem: np.ndarray, labels: np.ndarray, flow: np.ndarray,
            lakes: np.ndarray, valid: np.ndarray, size: int) -> np.ndarray:
    """Classes 1-6 of the ground under any cloud: debris on the lower tongue of about half the glaciers,
    snowfields above a ragged snowline, vegetation below a treeline, lakes, and rock elsewhere."""
    wobble = _smooth_noise(rng, dem.shape, max(4, size / 20))
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
    light = 0.45 + 0.65 * _hillshade(dem)
    light[ground == WATER] = 0.45 + 0.65 * np.sin(_SUN_ELEVATION)  # lakes are flat
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


def _area_km2(crs: CRS) -> Callable:
    """Polygon -> km²: geodesic on the CRS's ellipsoid for a geographic CRS, planar otherwise."""
    if crs.is_geographic:
        import pyproj  # only geographic grids need it

        geod = pyproj.CRS.from_wkt(crs.to_wkt()).get_geod()
        return lambda geometry: abs(geod.geometry_area_perimeter(geometry)[0]) / 1e6
    metres = crs.linear_units_factor[1]
    return lambda geometry: geometry.area * metres**2 / 1e6


def _outline_records(labels: np.ndarray, ground: np.ndarray, transform: Affine, crs: CRS) -> list[dict]:
    """One MultiPolygon feature per glacier and surface, polygonised from the truth's own pixels."""
    code = np.where(labels > 0, 2 * labels + (ground == DEBRIS), 0).astype(np.int32)
    parts: dict[int, list] = {}
    for geometry, value in shapes(code, mask=code > 0, transform=transform):
        parts.setdefault(int(value), []).append(shape(geometry))
    area_km2, records = _area_km2(crs), []
    for value in sorted(parts):
        merged = unary_union(parts[value])
        merged = merged if isinstance(merged, MultiPolygon) else MultiPolygon([merged])
        records.append({"geometry": mapping(merged), "properties": {
            "glacier_id": f"G{value // 2:03d}", "surface": "debris" if value % 2 else "clean_ice",
            "area_km2": float(area_km2(merged))}})
    return records


def _write_raster(path: Path, data: np.ndarray, transform: Affine, crs: CRS, nodata: float,
                  descriptions: Sequence[str]) -> None:
    """A tiled, deflated GeoTIFF of ``data`` (band, row, col), written under a temporary name."""
    # zlevel 1: noisy data barely compresses, and the fastest level writes files as small as the default.
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                   dtype=data.dtype, crs=crs, transform=transform, nodata=nodata, tiled=True, blockxsize=256,
                   blockysize=256, compress="deflate", zlevel=1, predictor=3 if data.dtype.kind == "f" else 2)
    with atomic_path(path) as temporary:
        with rasterio.open(temporary, "w", **profile) as dst:
            dst.write(data)
            dst.descriptions = tuple(descriptions)


def _write_outlines(path: Path, records: list[dict], crs: CRS) -> None:
    """The outlines as GeoPackage layer ``glaciers``, written under a temporary name."""
    import fiona  # as in core.dataset.preview: only the writers of vector files need it

    schema = {"geometry": "MultiPolygon", "properties": {"glacier_id": "str", "surface": "str", "area_km2": "float"}}
    with atomic_path(path) as temporary:
        with fiona.open(temporary, "w", driver="GPKG", layer="glaciers", crs_wkt=crs.to_wkt(), schema=schema) as sink:
            sink.writerecords(records)


def generate_scene(out_dir: str | Path, spec: SceneSpec = SceneSpec()) -> ScenePaths:
    """Write ``scene.tif``, ``dem.tif``, ``glaciers.gpkg`` and ``truth.tif`` into ``out_dir``.

    Raises:
        InputError: the spec cannot make a scene (too small, margin too wide, grid off the globe).
    """
    crs = _check_spec(spec)
    rng = np.random.default_rng(spec.seed)
    shape, valid_width = (spec.height, spec.width), spec.width - spec.nodata_margin
    size = min(spec.height, valid_width)
    relief, massifs = _relief(rng, shape, valid_width)
    dem = 3000 + relief + 80 * _smooth_noise(rng, shape, 12) + 12 * _smooth_noise(rng, shape, 3)  # metres
    rough, texture = _smooth_noise(rng, shape, max(3, size / 40)), _smooth_noise(rng, shape, 4)
    valid = np.zeros(shape, bool)
    valid[:, :valid_width] = True
    free = np.zeros(shape, bool)
    free[_GAP:-_GAP, _GAP:valid_width - _GAP] = True  # glaciers and lakes lie wholly inside the valid area
    labels, flow, snouts = _place_glaciers(rng, relief, massifs, free, rough, spec.n_glaciers, size)
    lakes = _lakes(rng, dem, free, snouts, rough, size)
    ground = _ground(rng, dem, labels, flow, lakes, valid, size)
    alpha, shadow = _cloud(rng, labels > 0, valid_width, size)
    image = _render(rng, ground, dem, alpha, shadow, texture)
    truth = np.where(alpha >= 0.5, CLOUD, ground).astype(np.uint8)
    image[:, ~valid], dem[~valid], truth[~valid] = 0, NODATA_FLOAT, IGNORE_INDEX

    out = Path(out_dir).resolve()
    paths = ScenePaths(out / "scene.tif", out / "dem.tif", out / "glaciers.gpkg", out / "truth.tif")
    transform = from_origin(*spec.origin, spec.resolution, spec.resolution)
    _write_raster(paths.image, image, transform, crs, 0, BANDS)
    _write_raster(paths.dem, dem[None].astype(np.float32), transform, crs, NODATA_FLOAT, ("elevation_m",))
    _write_raster(paths.truth, truth[None], transform, crs, IGNORE_INDEX, ("class",))
    _write_outlines(paths.glaciers, _outline_records(labels, ground, transform, crs), crs)
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
