"""``python -m synthetic.snowpack OUT``: a seeded folder of snowpack-like images and layer masks.

The layout of the snowpack workflow (plain image folders, no georeferencing)::

    OUT/images/<id>.tif        1 band, float32 NIR-like reflectance (0-1), no CRS
    OUT/masks/<id>_mask.tif    1 band, uint8 layer class 0..n_classes-1, 255 = ignore

Each image is a snow-pit wall: ``n_classes`` horizontal layers from the top (class 0) down, their boundaries
tilted (a random slope of up to ~15°) and wavy, each layer with its own mean reflectance and grain texture,
plus sensor noise. A ruler-like bar (bright, with dark ticks) lies at a random place on the wall; its pixels
are 255 (ignore) in the mask, as an annotator would leave them.
"""
from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np
import rasterio
import rasterio.errors

from glacier_dl_plugin.core.atomic import atomic_path
from synthetic.terrain import smooth_noise

__all__ = ["IGNORE", "generate_snowpack_folder", "snowpack_scene"]

IGNORE = 255
"""The mask value of pixels that belong to no layer (the ruler)."""

_MEANS = (0.78, 0.52, 0.30, 0.64, 0.42, 0.22)  # NIR reflectance per layer: fine new snow is brightest


def snowpack_scene(rng: np.random.Generator, size: tuple[int, int], n_classes: int = 3) -> tuple[np.ndarray,
                                                                                                   np.ndarray]:
    """One wall: (image float32 (h, w) reflectance 0-1, mask uint8 (h, w) classes 0..n_classes-1 or 255)."""
    if not 2 <= n_classes <= len(_MEANS):
        raise ValueError(f"n_classes must be 2..{len(_MEANS)}, got {n_classes}")
    h, w = size
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float32)
    # Boundary k sits at a random depth fraction, tilted and wavy; sorted so layers never cross.
    depths = np.sort(rng.uniform(0.15, 0.9, n_classes - 1)) if n_classes > 2 else rng.uniform(0.3, 0.7, 1)
    depths = np.maximum.accumulate(depths + np.arange(n_classes - 1) * 0.05)
    mask = np.zeros((h, w), np.uint8)
    for k, depth in enumerate(depths):
        slope = np.tan(np.radians(rng.uniform(-15, 15)))
        wave = 0.02 * h * smooth_noise(rng, (1, w), max(w / 4, 1))[0]
        boundary = depth * h + slope * (cols[0] - w / 2) + wave
        mask[rows >= boundary[None, :]] = k + 1
    means = np.asarray(_MEANS[:n_classes], np.float32) + rng.uniform(-0.04, 0.04, n_classes).astype(np.float32)
    grain = 0.05 * smooth_noise(rng, (h, w), 2.0) + 0.03 * smooth_noise(rng, (h, w), 12.0)
    image = means[mask] + grain + rng.normal(0, 0.02, (h, w)).astype(np.float32)
    # The ruler: a vertical bar ~6 % of the width, bright with dark ticks, ignored in the mask.
    bar_w, bar_h = max(2, w // 16), max(4, h // 2)
    r0, c0 = int(rng.integers(0, h - bar_h + 1)), int(rng.integers(0, w - bar_w + 1))
    ruler = np.where((np.arange(bar_h) // max(1, h // 32)) % 2 == 0, 0.9, 0.1).astype(np.float32)
    image[r0:r0 + bar_h, c0:c0 + bar_w] = ruler[:, None]
    mask[r0:r0 + bar_h, c0:c0 + bar_w] = IGNORE
    return np.clip(image, 0, 1).astype(np.float32), mask


def _write(path: Path, data: np.ndarray, nodata: float | None) -> None:
    profile = dict(driver="GTiff", width=data.shape[1], height=data.shape[0], count=1, dtype=data.dtype,
                   nodata=nodata, compress="deflate")
    with atomic_path(path) as temporary, warnings.catch_warnings():
        warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)  # plain images, on purpose
        with rasterio.open(temporary, "w", **profile) as dst:
            dst.write(data[None])


def generate_snowpack_folder(folder: Path, n_images: int = 4, size: tuple[int, int] = (128, 96), seed: int = 0,
                             n_classes: int = 3) -> Path:
    """Write ``n_images`` walls of ``size`` (rows, cols) into ``folder``/images and ``folder``/masks.

    Image ids are ``wall_000``, ``wall_001``, ...; the same ``seed`` always writes the same pixels.
    Images are float32 reflectance (0-1), masks uint8 with 255 as nodata (ignore). Returns ``folder``.
    """
    folder = Path(folder)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "masks").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(n_images):
        image, mask = snowpack_scene(rng, size, n_classes)
        _write(folder / "images" / f"wall_{i:03d}.tif", image, None)
        _write(folder / "masks" / f"wall_{i:03d}_mask.tif", mask, IGNORE)
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m synthetic.snowpack", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--images", type=int, default=4)
    parser.add_argument("--height", type=int, default=128)
    parser.add_argument("--width", type=int, default=96)
    parser.add_argument("--classes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate_snowpack_folder(args.out, args.images, (args.height, args.width), args.seed, args.classes)
    print(args.out)


if __name__ == "__main__":
    main()
