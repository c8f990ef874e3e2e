"""Models trained on derived bands (slope, aspect, NDSI) predict: the recipe travels from the dataset through
ensemble.json to predict, which derives the same values per window as the dataset did per chip."""
from __future__ import annotations

import csv
import dataclasses
import json

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.windows import Window
from shapely.geometry import shape

from glacier_dl_plugin.core.config import NODATA_FLOAT, DatasetConfig, PredictConfig
from glacier_dl_plugin.core.dataset.build import create_dataset
from glacier_dl_plugin.core.dataset.features import DerivedStack, plan_from_recipe
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.ground import metres_per_pixel
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, open_stack
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from training.fit import fit_ensemble
from training_fixtures import TINY_CONFIG

FEATURES = dict(features=("slope", "aspect", "ndsi"), dem_band="dem:elevation_m", green_band="scene:green",
                swir_band="5")


@pytest.fixture(scope="module")
def featured_dataset(scene, tmp_path_factory):
    with fiona.open(scene.glaciers) as src:
        crs = src.crs_wkt
        records = [GlacierRecord(str(f["properties"]["glacier_id"]), shape(f["geometry"]).wkb) for f in src]
    inputs = [RasterInput(str(scene.image), "scene"), RasterInput(str(scene.dem), "dem")]
    folder = tmp_path_factory.mktemp("featured") / "dataset"
    create_dataset(inputs, load_glaciers(records, crs, crs), DatasetConfig(chip_size=64, stride=64, n_folds=2,
                                                                           **FEATURES), str(folder))
    return inputs, folder


def test_predict_derives_the_same_bands_as_the_dataset_chips(featured_dataset):
    """Every chip, those on the raster's outer ring included, equals its DerivedStack window (as predict reads
    it) where valid, and every window equals the same pixels of one whole-raster read."""
    inputs, folder = featured_dataset
    description = json.loads((folder / "dataset.json").read_text())
    with open(folder / "manifest.csv", newline="") as f:
        origins = [(int(r["row_off"]), int(r["col_off"]), r["id"]) for r in csv.DictReader(f)]
    with open_stack(inputs) as stack:
        plan = plan_from_recipe(description["parameters"], stack.band_names)
        derived = DerivedStack(stack, plan, metres_per_pixel(stack.grid))
        assert derived.band_names == description["bands"]
        height, width = stack.grid.height, stack.grid.width
        whole, whole_valid = derived.read(Window(0, 0, width, height))
        _, inputs_valid = stack.read(Window(0, 0, width, height))
        windows = [derived.read(Window(c, r, 64, 64)) for r, c, _ in origins]
    np.testing.assert_array_equal(whole_valid, inputs_valid)  # slope and aspect lose no pixel, edges included
    on_edge = 0
    for (r, c, name), (data, valid) in zip(origins, windows):
        np.testing.assert_array_equal(valid, whole_valid[r:r + 64, c:c + 64])
        np.testing.assert_array_equal(data, whole[:, r:r + 64, c:c + 64])
        with rasterio.open(folder / "images" / f"{name}.tif") as src:
            chip = src.read()
        np.testing.assert_array_equal(chip[:, valid], data[:, valid])
        assert (chip[:, ~valid] == NODATA_FLOAT).all()
        on_edge += r == 0 or c == 0 or r + 64 == height or c + 64 == width
    assert on_edge >= 5


@pytest.mark.slow
def test_a_model_trained_on_derived_bands_predicts_from_the_plain_inputs(featured_dataset, tmp_path):
    inputs, folder = featured_dataset
    config = dataclasses.replace(TINY_CONFIG, members=1, epochs=1)
    model = fit_ensemble(folder, tmp_path / "model", config)
    manifest = json.loads((model / "ensemble.json").read_text())
    assert manifest["derived_features"]["features"] == ["slope", "aspect", "ndsi"]
    assert manifest["bands"][-4:] == ["derived:slope", "derived:aspect_sin", "derived:aspect_cos", "derived:ndsi"]
    summary = predict_raster(inputs, str(model), PredictConfig(tile_size=64, overlap=16, device="cpu"),
                             str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    with rasterio.open(summary.mean) as src:
        mean = src.read(1)
    valid = mean != src.nodata
    assert valid.mean() > 0.8  # nodata only at the scene's margin
    assert ((mean[valid] >= 0) & (mean[valid] <= 1)).all()
