"""A PNG quick-look of a prediction: the image, the mean glacier probability and the ensemble spread."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import Resampling

from ..dataset.preview import display_rgb

__all__ = ["write_quicklook"]

_MAX_SIDE = 1000  # pixels of the PNG panels; larger rasters are read decimated (from overviews if any)


def _read_decimated(path: Path, bands: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    with rasterio.open(path) as src:
        scale = max(src.width, src.height) / _MAX_SIDE
        shape = (max(1, int(src.height / max(scale, 1))), max(1, int(src.width / max(scale, 1))))
        indexes = bands or [1]
        data = src.read(indexes, out_shape=(len(indexes), *shape), resampling=Resampling.nearest)
        valid = src.read_masks(1, out_shape=shape, resampling=Resampling.nearest) > 0
    return data.astype(np.float32), valid


def _rgb_bands(path: Path) -> list[int]:
    """Band indices for red, green, blue by band description, else the first three."""
    with rasterio.open(path) as src:
        names = [(d or "").lower() for d in src.descriptions]
        count = src.count
    if all(c in names for c in ("red", "green", "blue")):
        return [names.index(c) + 1 for c in ("red", "green", "blue")]
    return list(range(1, min(count, 3) + 1))


def write_quicklook(image: str | Path, mean: str | Path, std: str | Path, png: str | Path) -> Path:
    """Three panels side by side: image (2-98 % stretch), mean probability (0-1), std (0-0.5)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rgb, rgb_valid = _read_decimated(Path(image), _rgb_bands(Path(image)))
    panels = [("Image", display_rgb(rgb, rgb_valid), {})]
    for title, path, limits, cmap in (("Mean glacier probability", mean, (0, 1), "Blues_r"),
                                      ("Ensemble standard deviation", std, (0, 0.5), "magma")):
        values, valid = _read_decimated(Path(path))
        panels.append((title, np.ma.masked_where(~valid, values[0]),
                       dict(vmin=limits[0], vmax=limits[1], cmap=cmap)))
    fig, axes = plt.subplots(1, 3, figsize=(15, 5.4))
    for ax, (title, data, style) in zip(axes, panels, strict=True):
        shown = ax.imshow(data, **style)
        ax.set_title(title)
        ax.axis("off")
        if style:
            fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.02)
    fig.tight_layout()
    fig.savefig(png, dpi=90)
    plt.close(fig)
    return Path(png)
