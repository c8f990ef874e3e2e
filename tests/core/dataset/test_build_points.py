"""Create dataset with an ice-thickness survey as points or profile lines (Hintereisferner), and folds of
square blocks within that one glacier."""
import csv
import json

import fiona
import numpy as np
import pytest
import rasterio
from shapely.geometry import LineString, Point, shape

from glacier_dl_plugin.core.config import NODATA_FLOAT, DatasetConfig
from glacier_dl_plugin.core.dataset.build import create_dataset
from glacier_dl_plugin.core.dataset.point_targets import PointMeasurements
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput

CONFIG = dict(chip_size=32, stride=32, target_crs="EPSG:32632", target_resolution_m=25)


@pytest.fixture(scope="module")
def survey(hintereisferner):
    """GPR-like profiles across the glacier: points every 5 m, valued by the thickness pixel they fall in."""
    with rasterio.open(hintereisferner["thickness"]) as src:
        thickness, transform = src.read(1), src.transform
        x0, y0 = src.xy(20, 40)
        xs = np.arange(x0, x0 + 3000, 5.0)
        points = np.concatenate([np.column_stack([xs, np.full_like(xs, y0 - 250 * k)]) for k in range(12)])
        values = np.array([v[0] for v in src.sample(points)])
    keep = values > 0  # on the ice
    return points[keep], values[keep], thickness, transform


def glaciers(hintereisferner):
    with fiona.open(hintereisferner["outline"]) as src:
        records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in src]
        return load_glaciers(records, src.crs_wkt, src.crs_wkt)


def build(hintereisferner, folder, target, **options):
    config = DatasetConfig(**{**CONFIG, "n_folds": 1, **options})
    return create_dataset([RasterInput(str(hintereisferner["dem"]), "srtm")], glaciers(hintereisferner), config,
                          str(folder), target=target)


def chips(folder):
    with open(folder / "manifest.csv") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        with rasterio.open(folder / "masks" / f"{row['id']}_mask.tif") as src:
            yield row, src.read(1), src.transform


def test_point_masks_hold_the_per_pixel_means_and_nodata_where_unmeasured(hintereisferner, survey, tmp_path):
    points, values, _, _ = survey
    target = PointMeasurements("gpr", "thickness", "EPSG:32632", [Point(p) for p in points], values)
    grid = build(hintereisferner, tmp_path / "ds", target, min_target_pixels=5).grid
    description = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    assert description["task"] == "regression" and description["target"] == "gpr:thickness"
    assert description["parameters"]["regression_target"]["measurements"] == len(points)
    # the expected means, pixel by pixel of the dataset grid (not aligned with the thickness raster's)
    cols, rows = (np.floor(v).astype(int) for v in ~grid.transform * (points[:, 0], points[:, 1]))
    sums, counts = np.zeros((grid.height, grid.width)), np.zeros((grid.height, grid.width))
    np.add.at(sums, (rows, cols), values)
    np.add.at(counts, (rows, cols), 1)
    measured = 0
    for _, mask, chip_transform in chips(tmp_path / "ds"):
        col0, row0 = (round(v) for v in ~grid.transform * (chip_transform.c, chip_transform.f))
        window = (slice(row0, row0 + 32), slice(col0, col0 + 32))
        expected = np.where(counts[window] > 0, sums[window] / np.maximum(counts[window], 1), NODATA_FLOAT)
        np.testing.assert_allclose(mask, expected, rtol=1e-5)
        assert (mask != NODATA_FLOAT).sum() >= 5  # MIN_MEASURED
        measured += (mask != NODATA_FLOAT).sum()
    assert measured > 300


def test_a_profile_line_with_one_value_measures_each_pixel_it_crosses(hintereisferner, tmp_path):
    with rasterio.open(hintereisferner["thickness"]) as src:
        (xa, ya), (xb, yb) = src.xy(60, 40), src.xy(60, 140)
    line = LineString([(xa, ya), (xb, yb)])  # 100 pixels along one row of the 25 m grid
    grid = build(hintereisferner, tmp_path / "ds", PointMeasurements("profile", "h", "EPSG:32632", [line],
                                                                     [123.0])).grid
    measured = set()
    for _, mask, chip_transform in chips(tmp_path / "ds"):
        col0, row0 = (round(v) for v in ~grid.transform * (chip_transform.c, chip_transform.f))
        assert np.all(mask[mask != NODATA_FLOAT] == 123.0)
        measured.update((row0 + r, col0 + c) for r, c in zip(*np.nonzero(mask != NODATA_FLOAT)))
    # 2.5 km on a 25 m grid not aligned with the line: 101 columns, at most two rows (the line on a pixel edge)
    assert {c for _, c in measured} == set(range(min(c for _, c in measured), min(c for _, c in measured) + 101))
    assert len({r for r, _ in measured}) <= 2


def test_chips_with_too_few_measured_pixels_are_dropped_naming_min_measured(hintereisferner, tmp_path):
    with rasterio.open(hintereisferner["thickness"]) as src:
        one = Point(src.xy(60, 60))
    with pytest.raises(InputError, match="MIN_MEASURED") as error:
        build(hintereisferner, tmp_path / "ds", PointMeasurements("gpr", "h", "EPSG:32632", [one], [10.0]),
              min_target_pixels=2)
    assert error.value.parameter == "MIN_MEASURED"


def test_block_folds_split_one_surveyed_glacier_without_sharing_pixels(hintereisferner, survey, tmp_path):
    points, values, _, _ = survey
    target = PointMeasurements("gpr", "thickness", "EPSG:32632", [Point(p) for p in points], values)
    summary = build(hintereisferner, tmp_path / "ds", target, n_folds=3, split="blocks", block_size_m=800,
                    straddle="drop")
    description = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    blocks = description["blocks"]
    assert blocks["size_px"] == 32 and set(blocks["folds"].values()) == {0, 1, 2}
    assert description["glacier_folds"] == {}  # the one glacier lies in every fold
    assert all(n > 0 for n in summary.folds.values())
    footprints = {}
    for row, _, chip_transform in chips(tmp_path / "ds"):
        col, r = (round(v) for v in ~summary.grid.transform * (chip_transform.c, chip_transform.f))
        block = f"{(r + 16) // 32},{(col + 16) // 32}"
        assert int(row["fold"]) == blocks["folds"][block]
        footprints.setdefault(int(row["fold"]), set()).update((r + i, col + j) for i in range(32) for j in range(32))
    assert not footprints[0] & footprints[1] and not footprints[1] & footprints[2] and not footprints[0] & footprints[2]
