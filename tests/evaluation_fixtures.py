"""The evaluation scene (calibration_fixtures' 3 × 3 glaciers, a prediction moved east, a two-class split of
each glacier) and the analytic scores it must give. Fixtures that build it live in tests/core/assess/conftest.py;
test files import these helpers by a name no other test folder uses.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio

from calibration_fixtures import PIXEL, CalibrationScene, calibration_scene, pixel_box, write_raster
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, GlacierSet, load_glaciers

UTM = "EPSG:32645"
SHIFT = 3  # pixels, eastwards
CLASSES = ["background", "clean_ice", "debris"]
DOWN = 2  # pixel rows by which the predicted clean ice reaches into the debris


@dataclass(frozen=True)
class EvaluationScene:
    """``classes.tif`` (the truth burnt as a class raster), ``shifted.tif`` (probabilities moved SHIFT px east)."""

    folder: Path
    scene: CalibrationScene
    outlines: dict  # glacier id -> reference outline (UTM)


def evaluation_scene(folder: Path) -> EvaluationScene:
    scene = calibration_scene(folder, grid=3)
    shifted = np.zeros_like(scene.truth)
    shifted[:, SHIFT:] = scene.truth[:, :-SHIFT]
    write_raster(folder / "classes.tif", scene.truth[None].astype(np.uint8), nodata=255)
    write_raster(folder / "shifted.tif", np.where(shifted, 0.8, 0.1)[None].astype(np.float32), nodata=-9999)
    return EvaluationScene(folder, scene, {g: pixel_box(*r) for g, r in scene.rectangles.items()})


def expected_shift_scores(rectangle, shift_px):
    """IoU and symmetric mean boundary distance (m) of a w × h rectangle and its copy moved d along x.

    IoU = (w − d) / (w + d). Boundary distances, integrated along the reference: the left edge is d away
    (h·d), the right edge min(d, y, h − y) (h·d − d²), the top and bottom edges d − x over their first d
    (d²/2 each); the total 2·h·d over the perimeter 2(w + h), the same both ways: h·d / (w + h).
    """
    row0, row1, col0, col1 = rectangle
    h, w, d = (row1 - row0) * PIXEL, (col1 - col0) * PIXEL, shift_px * PIXEL
    return (w - d) / (w + d), h * d / (w + h)


def split(rectangle):
    """A glacier rectangle's clean-ice upper half and debris lower half (pixel rows, columns)."""
    row0, row1, col0, col1 = rectangle
    middle = row0 + (row1 - row0) // 2
    return (row0, middle, col0, col1), (middle, row1, col0, col1)


def expected_class_pixels(rectangle, shift=SHIFT, down=DOWN):
    """Reference (rows) × predicted (columns) pixels of a split glacier predicted ``shift`` px east with the
    clean/debris boundary ``down`` rows lower; the background × background cell is the zone's and left 0."""
    (r0, m, c0, c1), (_, r1, _, _) = split(rectangle)
    hc, hd, w, d, j = m - r0, r1 - m, c1 - c0, shift, down
    return np.array([[0, (hc + j) * d, (hd - j) * d],
                     [hc * d, hc * (w - d), 0],
                     [hd * d, j * (w - d), (hd - j) * (w - d)]])


def classed_reference(scene: EvaluationScene) -> tuple[GlacierSet, Path, Path]:
    """Clean-ice/debris reference polygons, and the class map and mean raster of the moved prediction."""
    rectangles, folder = scene.scene.rectangles, scene.folder
    records = [GlacierRecord(g, pixel_box(*part).wkb, name) for g, r in rectangles.items()
               for part, name in zip(split(r), CLASSES[1:], strict=True)]
    classes = np.zeros(scene.scene.truth.shape, np.uint8)
    for (r0, m, c0, c1), (_, r1, _, _) in map(split, rectangles.values()):
        classes[r0:m + DOWN, c0 + SHIFT:c1 + SHIFT] = 1
        classes[m + DOWN:r1, c0 + SHIFT:c1 + SHIFT] = 2
    tags = {"GLACIERDL_CLASSES": json.dumps(CLASSES)}
    class_map = write_raster(folder / "class_map.tif", classes[None], 255, tags)
    # bands clean ice, debris: they sum to ≥ 0.5 on the predicted glacier, where the right class is the larger
    mean = np.array([[0.1, 0.6, 0.15], [0.1, 0.2, 0.55]], np.float32)[:, classes]
    write_raster(folder / "mean_3class.tif", mean, -9999)
    with rasterio.open(folder / "mean_3class.tif", "r+") as dst:  # no tag: the band descriptions name the classes
        dst.descriptions = ("clean_ice probability", "debris probability")
    return load_glaciers(records, UTM, UTM), class_map, folder / "mean_3class.tif"
