"""A synthetic scene with known truth and an over-confident ensemble for calibration and evaluation tests.

Scene: ``GRID`` cells of 80 × 80 px (30 m, UTM 45N), one pixel-aligned rectangular glacier per cell
(sizes 14-40 px, seeded). Band 1 is the evidence ``x = 2y − 1 + ε`` (y = 1 on glacier, ε ~ N(0, 1)), so the
true posterior log-odds are ``2x`` plus the prior's; band 2 is independent N(0, 1) noise.
Members: ``p(glacier) = sigmoid(8x + w_m · noise + b_m)``, four times too sharp in ``x`` (the right
temperature is about 4) and disagreeing through ``w_m``, ``b_m`` (the ensemble spread).
The featured ensemble adds a derived band, the slope of band 1 read as a DEM (in degrees, recomputed from
the plain inputs by the recipe in its ensemble.json), with a small weight.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fiona
import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin
from shapely.geometry import box, mapping

from glacier_dl_plugin.core.config import ModelMetadata
from onnx_fixtures import ensemble_folder, pointwise_model

CELL, PIXEL, ORIGIN, EPSG = 80, 30.0, (480000.0, 3110000.0), 32645
OVERCONFIDENT_MEMBERS = [((8.0, -1.5), 0.3), ((8.0, 0.0), 0.0), ((8.0, 1.5), -0.3)]
META = ModelMetadata(bands=("evidence:1", "evidence:2"), classes=("background", "glacier"), chip_size=64,
                     pixel_size=PIXEL, mean=(0.0, 0.0), std=(1.0, 1.0))


@dataclass(frozen=True)
class CalibrationScene:
    """The files of :func:`calibration_scene` and the truth behind them."""

    image: Path
    glaciers: Path
    truth: np.ndarray  # bool [rows, cols]
    rectangles: dict  # glacier id -> (row0, row1, col0, col1) in pixels


def pixel_box(row0: int, row1: int, col0: int, col1: int):
    """The map rectangle (UTM metres) covering pixel rows [row0, row1) and columns [col0, col1)."""
    x0, y0 = ORIGIN
    return box(x0 + col0 * PIXEL, y0 - row1 * PIXEL, x0 + col1 * PIXEL, y0 - row0 * PIXEL)


def write_outlines(path: Path, geometries: dict, epsg: int = EPSG) -> Path:
    """A GeoPackage layer ``glaciers`` with a ``glacier_id`` field, one polygon per id."""
    schema = {"geometry": "Polygon", "properties": {"glacier_id": "str"}}
    with fiona.open(path, "w", driver="GPKG", layer="glaciers", crs_wkt=CRS.from_epsg(epsg).to_wkt(),
                    schema=schema) as sink:
        sink.writerecords({"geometry": mapping(g), "properties": {"glacier_id": i}} for i, g in geometries.items())
    return path


def write_raster(path: Path, data: np.ndarray, nodata=None, tags: dict | None = None) -> Path:
    """A GeoTIFF of ``data`` ``[bands, rows, cols]`` on the scene grid."""
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                   dtype=data.dtype, crs=CRS.from_epsg(EPSG), transform=from_origin(*ORIGIN, PIXEL, PIXEL),
                   nodata=nodata)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        dst.update_tags(**(tags or {}))
    return path


def calibration_scene(folder: Path, grid: int = 5, seed: int = 0) -> CalibrationScene:
    """Write ``evidence.tif`` (2 bands) and ``glaciers.gpkg`` (``grid``² glaciers) into ``folder``."""
    rng = np.random.default_rng(seed)
    size = grid * CELL
    truth, rectangles = np.zeros((size, size), bool), {}
    for i in range(grid * grid):
        h, w = rng.integers(14, 41, 2)
        row0 = (i // grid) * CELL + int(rng.integers(12, CELL - 12 - h + 1))
        col0 = (i % grid) * CELL + int(rng.integers(12, CELL - 12 - w + 1))
        rectangles[f"G{i:02d}"] = (row0, row0 + int(h), col0, col0 + int(w))
        truth[row0:row0 + h, col0:col0 + w] = True
    evidence = (2.0 * truth - 1 + rng.standard_normal(truth.shape)).astype(np.float32)
    noise = rng.standard_normal(truth.shape).astype(np.float32)
    image = write_raster(folder / "evidence.tif", np.stack([evidence, noise]))
    outlines = write_outlines(folder / "glaciers.gpkg", {g: pixel_box(*r) for g, r in rectangles.items()})
    return CalibrationScene(image, outlines, truth, rectangles)


def overconfident_ensemble(folder: Path, test_glaciers: list[list[str]] | None = None, model=pointwise_model) -> Path:
    """A model folder of :data:`OVERCONFIDENT_MEMBERS`, member ``i`` holding out ``test_glaciers[i]``, each
    written by ``model`` (``onnx_fixtures.pointwise_model`` or ``neighbour_model``)."""
    return ensemble_folder(folder, OVERCONFIDENT_MEMBERS, META, test_glaciers or (), model=model)


SLOPE_RECIPE = {"features": ["slope"], "dem_band": "evidence:1", "green_band": "", "red_band": "", "nir_band": "",
                "swir_band": ""}
FEATURED_META = ModelMetadata(bands=META.bands + ("derived:slope",), classes=META.classes, chip_size=META.chip_size,
                              pixel_size=PIXEL, mean=META.mean + (2.0,), std=META.std + (1.5,))


def featured_ensemble(folder: Path, test_glaciers: list[list[str]] | None = None) -> Path:
    """:func:`overconfident_ensemble` plus a slope band (weight 0.2 on its standardised value)."""
    members = [(weights + (0.2,), bias) for weights, bias in OVERCONFIDENT_MEMBERS]
    return ensemble_folder(folder, members, FEATURED_META, test_glaciers or (), derived_features=SLOPE_RECIPE)
