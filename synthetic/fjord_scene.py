"""A seeded synthetic fjord: a class raster (rock, glacier ice, ocean) and its known calving front.

The fjord runs north to south between irregular rock walls; the glacier fills it down to a wavy front, the
ocean lies beyond, with a few small icebergs. The front is drawn as a smooth curve in pixel units and a pixel
is ice when its centre lies up-fjord of it, so the true front (written as a line) is known to sub-pixel
precision. Usage: ``python -m synthetic.fjord_scene --out DIR [--seed S]``.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import Affine, from_origin
from shapely.affinity import affine_transform
from shapely.geometry import LineString, Polygon, mapping

from glacier_dl_plugin.core.atomic import atomic_path
from glacier_dl_plugin.core.errors import InputError

__all__ = ["FjordSpec", "FjordPaths", "ROCK", "ICE", "OCEAN", "generate_fjord", "main"]

ROCK, ICE, OCEAN = 1, 2, 3  # class values of the raster; 0 is nodata


@dataclass(frozen=True)
class FjordSpec:
    """What to generate: grid size in pixels, CRS, pixel size (CRS units), upper-left corner, seed, icebergs."""

    width: int = 96
    height: int = 128
    crs: str = "EPSG:32624"  # UTM 24N: East Greenland
    resolution: float = 30.0
    origin: tuple[float, float] = (550000.0, 7600000.0)
    seed: int = 0
    icebergs: int = 6


@dataclass(frozen=True)
class FjordPaths:
    """``classes.tif`` (uint8, see ROCK/ICE/OCEAN) and ``front.gpkg`` (layer ``front``: the true front line)."""

    classes: Path
    front: Path


@dataclass(frozen=True)
class _Shape:
    """The fjord in pixel units: wall columns as functions of the row, front row as a function of the column."""

    width: int
    height: int
    phases: tuple[float, float, float, float]

    @classmethod
    def draw(cls, rng: np.random.Generator, spec: FjordSpec) -> _Shape:
        return cls(spec.width, spec.height, tuple(rng.uniform(0, 2 * np.pi, 4)))

    def left(self, row: np.ndarray) -> np.ndarray:
        return 0.2 * self.width + 2.0 * np.sin(row / 9 + self.phases[0])

    def right(self, row: np.ndarray) -> np.ndarray:
        return 0.8 * self.width + 2.0 * np.sin(row / 11 + self.phases[1])

    def front(self, col: np.ndarray) -> np.ndarray:
        # A broad bulge plus crevasse-scale waves a few pixels long: a front that no straight line fits.
        return (0.5 * self.height + 0.08 * self.height * np.sin(col / self.width * 2 * np.pi + self.phases[2])
                + 1.5 * np.sin(col / 3.7 + self.phases[3]))


def _classes(rng: np.random.Generator, spec: FjordSpec, fjord: _Shape) -> np.ndarray:
    """Rock, ice up-fjord of the front, ocean beyond it, and a few icebergs of 1-4 pixels."""
    rows, cols = np.mgrid[0:spec.height, 0:spec.width] + 0.5  # pixel centres
    classes = np.full((spec.height, spec.width), ROCK, np.uint8)
    inside = (cols > fjord.left(rows)) & (cols < fjord.right(rows))
    classes[inside & (rows < fjord.front(cols))] = ICE
    classes[inside & (rows >= fjord.front(cols))] = OCEAN
    ocean = np.argwhere(classes == OCEAN)
    far = ocean[ocean[:, 0] + 0.5 > fjord.front(ocean[:, 1] + 0.5) + 5]  # icebergs at least 5 px off the front
    for r, c in far[rng.choice(len(far), min(spec.icebergs, len(far)), replace=False)]:
        size = rng.integers(1, 3, 2)
        berg = classes[r:r + size[0], c:c + size[1]]
        berg[berg == OCEAN] = ICE
    return classes


def _front_line(fjord: _Shape, transform: Affine) -> LineString:
    """The true front between the walls, in CRS coordinates."""
    cols = np.linspace(0, fjord.width, 40 * fjord.width + 1)
    curve = LineString(np.column_stack([cols, fjord.front(cols)]))
    rows = np.linspace(0, fjord.height, 20 * fjord.height + 1)
    water = Polygon(np.vstack([np.column_stack([fjord.left(rows), rows]),
                               np.column_stack([fjord.right(rows), rows])[::-1]]))
    a, b, c, d, e, f = transform[:6]
    return affine_transform(curve.intersection(water), [a, b, d, e, c, f])


def generate_fjord(out_dir: str | Path, spec: FjordSpec = FjordSpec()) -> FjordPaths:
    """Write ``classes.tif`` and ``front.gpkg`` into ``out_dir``.

    Raises:
        InputError: a grid smaller than 32 x 32 pixels.
    """
    if min(spec.width, spec.height) < 32:
        raise InputError("width/height", f"{spec.width}x{spec.height} is too small.", "Use at least 32x32.")
    rng = np.random.default_rng(spec.seed)
    fjord = _Shape.draw(rng, spec)
    classes = _classes(rng, spec, fjord)
    transform, crs = from_origin(*spec.origin, spec.resolution, spec.resolution), CRS.from_user_input(spec.crs)
    out = Path(out_dir).resolve()
    paths = FjordPaths(out / "classes.tif", out / "front.gpkg")
    profile = dict(driver="GTiff", width=spec.width, height=spec.height, count=1, dtype="uint8", crs=crs,
                   transform=transform, nodata=0)
    with atomic_path(paths.classes) as temporary, rasterio.open(temporary, "w", **profile) as dst:
        dst.write(classes, 1)
        dst.descriptions = ("class: 1 rock, 2 ice, 3 ocean",)
    import fiona  # only the vector writers need it (as in core.dataset.preview)

    schema = {"geometry": "LineString", "properties": {"name": "str"}}
    with atomic_path(paths.front) as temporary:
        with fiona.open(temporary, "w", driver="GPKG", layer="front", crs_wkt=crs.to_wkt(), schema=schema) as sink:
            sink.write({"geometry": mapping(_front_line(fjord, transform)),
                        "properties": {"name": "true front"}})
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: generate a fjord and print the paths written."""
    parser = argparse.ArgumentParser(description="Write a seeded synthetic fjord (classes + true front).")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=FjordSpec.seed)
    parser.add_argument("--width", type=int, default=FjordSpec.width, help="pixels")
    parser.add_argument("--height", type=int, default=FjordSpec.height, help="pixels")
    args = parser.parse_args(argv)
    paths = generate_fjord(args.out, FjordSpec(width=args.width, height=args.height, seed=args.seed))
    print(f"classes  {paths.classes}\nfront    {paths.front}")


if __name__ == "__main__":
    main()
