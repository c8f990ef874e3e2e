"""Side products of a dataset meant for eyes: chip footprints for QGIS and a PNG of sample chips."""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning
from shapely.geometry import box, mapping

from ..config import IGNORE_INDEX, NODATA_FLOAT

__all__ = ["write_footprints", "write_preview", "display_rgb"]


def write_footprints(path: Path, rows: Sequence[dict], crs_wkt: str) -> None:
    """Chip outlines as GeoPackage layer ``footprints``: id, glacier, fold, straddles and the fractions."""
    import fiona

    numbers = [k for k in rows[0] if k.endswith("_fraction") or k.startswith("fraction_") or k == "target_mean"]
    properties = {"id": "str", "glacier_id": "str", "fold": "int", "straddles": "int",
                  **{k: "float" for k in numbers}}
    schema = {"geometry": "Polygon", "properties": properties}
    with fiona.open(path, "w", driver="GPKG", layer="footprints", crs_wkt=crs_wkt, schema=schema) as sink:
        sink.writerecords({"geometry": mapping(box(row["xmin"], row["ymin"], row["xmax"], row["ymax"])),
                           "properties": {k: row[k] for k in properties}} for row in rows)


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


_PALETTE = np.array([(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
                     (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207)], np.float32) / 255
_OUTLINE = np.array((0.0, 1.0, 1.0), np.float32)  # cyan


def _overlay(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Classes (or positive regression values) tinted over ``rgb``, class borders outlined in cyan."""
    if mask.dtype.kind == "f":
        shown = (mask > 0) & (mask != NODATA_FLOAT)
        labels = np.where(shown, 1, 0)
    else:
        shown = (mask > 0) & (mask != IGNORE_INDEX)
        labels = np.where(mask == IGNORE_INDEX, 0, mask).astype(int)
    out = rgb.copy()
    colours = _PALETTE[(labels - 1) % len(_PALETTE)]
    out[shown] = 0.6 * rgb[shown] + 0.4 * colours[shown]
    border = np.zeros(labels.shape, bool)
    border[1:] |= labels[1:] != labels[:-1]
    border[:, 1:] |= labels[:, 1:] != labels[:, :-1]
    out[border] = _OUTLINE
    return out


def write_preview(folder: Path, rows: Sequence[dict], columns: int = 4) -> None:
    """Sample chips side by side (4 per row) with their masks tinted and outlined, as ``preview.png``.

    Drawn with numpy and written by GDAL's PNG driver: no plotting library needed, and fast.
    """
    tiles = []
    for row in rows:
        with rasterio.open(folder / "images" / f"{row['id']}.tif") as src:
            image, valid = src.read(), src.read_masks(1) > 0
        with rasterio.open(folder / "masks" / f"{row['id']}_mask.tif") as src:
            mask = src.read(1)
        tile = _overlay(display_rgb(image, valid), mask)
        zoom = max(1, 128 // tile.shape[0])  # small chips are enlarged (nearest) to stay legible
        tiles.append(tile.repeat(zoom, axis=0).repeat(zoom, axis=1))
    size, gap = tiles[0].shape[0], 4
    columns = min(columns, len(tiles))
    lines = -(-len(tiles) // columns)
    sheet = np.ones((lines * (size + gap) - gap, columns * (size + gap) - gap, 3), np.float32)
    for n, tile in enumerate(tiles):
        r, c = divmod(n, columns)
        sheet[r * (size + gap):r * (size + gap) + size, c * (size + gap):c * (size + gap) + size] = tile
    pixels = np.clip(np.rint(sheet * 255), 0, 255).astype(np.uint8).transpose(2, 0, 1)
    with warnings.catch_warnings():  # a PNG has no georeferencing, on purpose
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with rasterio.open(folder / "preview.png", "w", driver="PNG", width=pixels.shape[2],
                           height=pixels.shape[1], count=3, dtype="uint8") as dst:
            dst.write(pixels)
