"""Side products of a dataset meant for eyes: chip footprints for QGIS and a PNG of sample chips."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import rasterio
from shapely.geometry import box, mapping

__all__ = ["write_footprints", "write_preview", "display_rgb"]


def write_footprints(path: Path, rows: Sequence[dict], crs_wkt: str) -> None:
    """Chip outlines as a GeoPackage layer ``footprints`` with id, glacier, fold and glacier fraction."""
    import fiona

    schema = {"geometry": "Polygon", "properties": {"id": "str", "glacier_id": "str", "fold": "int",
                                                    "glacier_fraction": "float", "nodata_fraction": "float"}}
    with fiona.open(path, "w", driver="GPKG", layer="footprints", crs_wkt=crs_wkt, schema=schema) as sink:
        for row in rows:
            sink.write({"geometry": mapping(box(row["xmin"], row["ymin"], row["xmax"], row["ymax"])),
                        "properties": {k: row[k] for k in schema["properties"]}})


def display_rgb(image: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """First three bands stretched to their 2nd-98th percentiles for display, as ``[rows, cols, 3]``."""
    bands = image[:3] if image.shape[0] >= 3 else np.repeat(image[:1], 3, axis=0)
    out = np.zeros(bands.shape[1:] + (3,), dtype=np.float32)
    for i, band in enumerate(bands):
        values = band[valid] if valid.any() else band.ravel()
        low, high = np.percentile(values, [2, 98])
        out[..., i] = np.clip((band - low) / max(high - low, 1e-9), 0, 1)
    out[~valid] = 0
    return out


def write_preview(folder: Path, rows: Sequence[dict]) -> None:
    """A grid of sample chips with their glacier masks outlined, saved as ``preview.png``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = min(4, len(rows))
    figure_rows = -(-len(rows) // columns)
    fig, axes = plt.subplots(figure_rows, columns, figsize=(3 * columns, 3 * figure_rows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, row in zip(axes.ravel(), rows):
        with rasterio.open(folder / "images" / f"{row['id']}.tif") as src:
            image, valid = src.read(), src.read_masks(1) > 0
        with rasterio.open(folder / "masks" / f"{row['id']}_mask.tif") as src:
            mask = src.read(1)
        ax.imshow(display_rgb(image, valid))
        glacier = (mask > 0) & (mask != 255)
        if 0 < glacier.sum() < glacier.size:  # an outline exists only where both classes occur
            ax.contour(glacier, levels=[0.5], colors="cyan", linewidths=1)
        ax.set_title(f"{row['id']} fold {row['fold']}\n{row['glacier_id']}", fontsize=8)
    fig.tight_layout()
    fig.savefig(folder / "preview.png", dpi=80)
    plt.close(fig)
