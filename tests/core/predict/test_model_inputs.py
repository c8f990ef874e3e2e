"""The inputs a model reads: the band count is checked, and the derived bands its dataset had are added."""
import numpy as np
import pytest
import rasterio
from onnx_fixtures import MEMBERS, META, ensemble_folder, pointwise_model, pointwise_reference, write_image
from rasterio.windows import Window

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.config.predict import PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.model_inputs import open_model_inputs

SLOPE = {"features": ["slope"], "dem_band": "img:1", "green_band": "", "red_band": "", "nir_band": "", "swir_band": ""}
WITH_SLOPE = ModelMetadata(bands=META.bands + ("derived:slope",), classes=META.classes, chip_size=32, pixel_size=30,
                           mean=META.mean + (40.0,), std=META.std + (20.0,))


def inputs(tmp_path):
    return [RasterInput(str(tmp_path / "img.tif"), "img")]


def test_band_count_mismatch_names_expected_and_given_bands(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    two_band = ModelMetadata(bands=("a", "b"), classes=("background", "glacier"), chip_size=32, pixel_size=30,
                             mean=(0, 0), std=(1, 1))
    ensemble = load_ensemble(pointwise_model(tmp_path / "m.onnx", (1, 1), 0, two_band), "cpu", log=lambda m: None)
    with pytest.raises(InputError, match=r"INPUTS: the model expects 2 bands \(a, b\) but the inputs give 3"):
        with open_model_inputs(inputs(tmp_path), ensemble, log=lambda m: None):
            pass


def test_model_with_derived_bands_but_no_recipe_is_refused_naming_them(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    model = pointwise_model(tmp_path / "m.onnx", (1, 1, 1, 1), 0, WITH_SLOPE)
    with pytest.raises(InputError, match=r"MODEL: the model was trained with derived bands \(derived:slope\)"):
        predict_raster(inputs(tmp_path), str(model), PredictConfig(overlap=8, device="cpu"),
                       str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    assert not (tmp_path / "mean.tif").exists()


def test_predict_feeds_the_model_the_derived_bands_of_its_recipe(tmp_path):
    write_image(tmp_path / "img.tif", 70, 90)
    weights = MEMBERS[0][0] + (0.5,)
    folder = ensemble_folder(tmp_path / "model", [(weights, MEMBERS[0][1])], WITH_SLOPE, derived_features=SLOPE)
    ensemble = load_ensemble(folder, "cpu", log=lambda m: None)
    with open_model_inputs(inputs(tmp_path), ensemble, log=lambda m: None) as stack:
        assert stack.band_names == ["img:1", "img:2", "img:3", "derived:slope"]
        bands, valid = stack.read(Window(0, 0, 90, 70))
    assert valid.all() and 0 < bands[3].mean() < 90  # degrees
    predict_raster(inputs(tmp_path), str(folder), PredictConfig(tile_size=32, overlap=8, device="cpu"),
                   str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    with rasterio.open(tmp_path / "mean.tif") as src:
        mean = src.read(1)
    np.testing.assert_allclose(mean, pointwise_reference(bands, weights, MEMBERS[0][1], WITH_SLOPE), atol=1e-5)
