"""Create dataset on the real Everest sample (RGB + NIR in UTM 45N, RGI outlines in EPSG:4326):
label accuracy, folds, statistics, filters and straddling chips."""
import csv
import json

import fiona
import numpy as np
import pytest
import rasterio
from pyproj import Transformer
from shapely.geometry import box, shape
from shapely.ops import transform, unary_union

from glacier_dl_plugin.core.config import IGNORE_INDEX, NODATA_FLOAT, DatasetConfig
from glacier_dl_plugin.core.dataset.build import create_dataset
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput

GRID = DatasetConfig(chip_size=128, stride=128, n_folds=5, sampling="grid")


def glaciers(everest, crs="EPSG:32645"):
    with fiona.open(everest["outlines"]) as src:
        records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in src]
        return load_glaciers(records, src.crs_wkt, crs)


def inputs(everest):
    return [RasterInput(str(everest["rgb"]), "RGB"), RasterInput(str(everest["nir"]), "NIR")]


def manifest(folder):
    with open(folder / "manifest.csv") as handle:
        return list(csv.DictReader(handle))


def build(everest, tmp_path_factory, config, name):
    folder = tmp_path_factory.mktemp(name) / "ds"
    summary = create_dataset(inputs(everest), glaciers(everest), config, str(folder))
    return folder, summary


@pytest.fixture(scope="module")
def tiled(everest, tmp_path_factory):
    """A moving window with stride = chip: the chips tile the whole image."""
    return build(everest, tmp_path_factory, GRID, "tiled")


def mosaic(folder, rows, shape):
    """The chip masks put back in place on the image grid."""
    full = np.full(shape, 99, np.uint8)
    for row in rows:
        with rasterio.open(folder / "masks" / f"{row['id']}_mask.tif") as src:
            r, c = int(row["row_off"]), int(row["col_off"])
            full[r:r + 128, c:c + 128] = src.read(1)
    return full


def test_glacier_fraction_of_the_masks_matches_the_outlines_inside_the_image(tiled, everest):
    folder, _ = tiled
    with rasterio.open(everest["rgb"]) as src:
        shape_, bounds = (src.height, src.width), src.bounds
    full = mosaic(folder, manifest(folder), shape_)
    assert (full != 99).all()  # the tiles cover the image
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32645", always_xy=True).transform
    with fiona.open(everest["outlines"]) as src:
        outlines = unary_union([transform(to_utm, shape(f["geometry"])) for f in src])
    image = box(*bounds)
    expected = outlines.intersection(image).area / image.area
    assert 0.3 < expected < 0.7
    assert (full == 1).mean() == pytest.approx(expected, rel=0.01)


def test_manifest_columns_fold_statistics_and_percentiles(tiled):
    folder, summary = tiled
    rows = manifest(folder)
    description = json.loads((folder / "dataset.json").read_text())
    assert {"fraction_glacier", "straddles", "nodata_fraction", "glacier_fraction"} <= set(rows[0])
    assert all(r["fraction_glacier"] == r["glacier_fraction"] for r in rows)
    for row in rows:
        assert int(row["fold"]) == description["glacier_folds"][row["glacier_id"]]
    held_out = "3"
    values = []
    for row in rows:
        if row["fold"] != held_out:
            with rasterio.open(folder / "images" / f"{row['id']}.tif") as src:
                values.append(src.read(masked=True).reshape(4, -1))
    pixels = np.ma.concatenate(values, axis=1)
    stats = description["fold_stats"][held_out]
    np.testing.assert_allclose(stats["mean"], pixels.mean(axis=1), rtol=1e-6)
    exact = np.percentile(pixels.compressed().reshape(4, -1), [1, 99], axis=1)
    # p01/p99 come from a uniform sample of 65,536 pixels: within a few grey levels on uint8 bands
    np.testing.assert_allclose(stats["p01"], exact[0], atol=4)
    np.testing.assert_allclose(stats["p99"], exact[1], atol=4)
    assert summary.dropped == {"straddle": 0, "nodata": 0, "class_fraction": 0, "target": 0}


def test_class_fraction_filter_drops_exactly_the_chips_below_it(tiled, everest, tmp_path):
    folder, _ = tiled
    everything = manifest(folder)
    config = DatasetConfig(chip_size=128, stride=128, n_folds=5, sampling="grid", min_class_fraction=0.3)
    summary = create_dataset(inputs(everest), glaciers(everest), config, str(tmp_path / "ds"))
    kept = {(r["row_off"], r["col_off"]) for r in manifest(tmp_path / "ds")}
    expected = {(r["row_off"], r["col_off"]) for r in everything if float(r["glacier_fraction"]) >= 0.3}
    assert kept == expected and 0 < len(kept) < len(everything)
    assert summary.dropped["class_fraction"] == len(everything) - len(kept)


def test_straddling_chips_are_flagged_and_dropped_on_request(tiled, everest, tmp_path):
    folder, _ = tiled
    everything = manifest(folder)
    straddling = {(r["row_off"], r["col_off"]) for r in everything if r["straddles"] == "1"}
    assert straddling  # neighbouring glaciers of different folds share chips
    config = DatasetConfig(chip_size=128, stride=128, n_folds=5, sampling="grid", straddle="drop")
    summary = create_dataset(inputs(everest), glaciers(everest), config, str(tmp_path / "ds"))
    kept = {(r["row_off"], r["col_off"]) for r in manifest(tmp_path / "ds")}
    assert kept == {(r["row_off"], r["col_off"]) for r in everything} - straddling
    assert summary.dropped["straddle"] == len(straddling)


@pytest.fixture(scope="module")
def rotated(everest, tmp_path_factory):
    """The image warped to the neighbouring UTM zone: its footprint is a rotated square with nodata corners."""
    config = DatasetConfig(chip_size=128, stride=128, n_folds=5, sampling="grid", max_nodata_fraction=1.0,
                           target_crs="EPSG:32644", target_resolution_m=30)
    return build(everest, tmp_path_factory, config, "rotated")


def test_nodata_is_the_same_in_every_band_and_in_the_mask(rotated):
    folder, summary = rotated
    rows = manifest(folder)
    assert summary.grid.crs.to_epsg() == 32644 and summary.grid.pixel_size == (30.0, 30.0)
    partial = [r for r in rows if 0 < float(r["nodata_fraction"]) < 1]
    assert partial
    for row in partial:
        with rasterio.open(folder / "images" / f"{row['id']}.tif") as src:
            image = src.read()
        with rasterio.open(folder / "masks" / f"{row['id']}_mask.tif") as src:
            mask = src.read(1)
        missing = image == NODATA_FLOAT
        assert (missing == missing[0]).all()  # a pixel missing in one band is missing in all
        np.testing.assert_array_equal(mask == IGNORE_INDEX, missing[0])
        assert missing[0].mean() == pytest.approx(float(row["nodata_fraction"]), abs=1e-6)


def test_nodata_filter_drops_exactly_the_chips_above_it(rotated, everest, tmp_path):
    folder, _ = rotated
    everything = manifest(folder)
    config = DatasetConfig(chip_size=128, stride=128, n_folds=5, sampling="grid", max_nodata_fraction=0.2,
                           target_crs="EPSG:32644", target_resolution_m=30)
    summary = create_dataset(inputs(everest), glaciers(everest), config, str(tmp_path / "ds"))
    kept = {(r["row_off"], r["col_off"]) for r in manifest(tmp_path / "ds")}
    expected = {(r["row_off"], r["col_off"]) for r in everything if float(r["nodata_fraction"]) <= 0.2}
    assert kept == expected and summary.dropped["nodata"] == len(everything) - len(kept) > 0


def test_every_chip_filtered_out_is_an_error_with_the_counts(everest, tmp_path):
    config = DatasetConfig(chip_size=128, stride=128, n_folds=5, sampling="grid", min_class_fraction=1.0)
    with pytest.raises(InputError, match=r"MIN_CLASS_FRACTION: all \d+ chips were dropped \(\d+ by MIN_CLASS_FRAC"):
        create_dataset(inputs(everest), glaciers(everest), config, str(tmp_path / "ds"))
    assert list(tmp_path.iterdir()) == []


def test_glacier_sampling_puts_a_chip_on_every_glacier_and_random_split_keeps_glaciers_whole(everest, tmp_path):
    config = DatasetConfig(chip_size=64, stride=64, n_folds=4, split="random", seed=7)
    summary = create_dataset(inputs(everest), glaciers(everest), config, str(tmp_path / "a"))
    description = json.loads((tmp_path / "a" / "dataset.json").read_text())
    rows = manifest(tmp_path / "a")
    for row in rows:
        assert int(row["fold"]) == description["glacier_folds"][row["glacier_id"]]
    with rasterio.open(everest["rgb"]) as src:
        inverse, image = ~src.transform, box(*src.bounds)
    by_glacier = glaciers(everest).by_glacier()
    for glacier_id, polygon in by_glacier.items():
        col, row = inverse * polygon.intersection(image).representative_point().coords[0]
        assert any(int(r["row_off"]) <= row < int(r["row_off"]) + 64 and int(r["col_off"]) <= col < int(r["col_off"])
                   + 64 for r in rows), glacier_id
    spatial = create_dataset(inputs(everest), glaciers(everest), DatasetConfig(chip_size=64, stride=64, n_folds=4),
                             str(tmp_path / "b"))
    spatial_folds = json.loads((tmp_path / "b" / "dataset.json").read_text())["glacier_folds"]
    assert spatial_folds != description["glacier_folds"] and summary.chips == spatial.chips
    assert sorted(set(description["glacier_folds"].values())) == [0, 1, 2, 3]
