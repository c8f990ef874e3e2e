"""The inputs a model reads: matched to its bands by name (reordered, or an error listing expected and given
unless IGNORE_BAND_NAMES), the band count checked, and the derived bands its dataset had added."""
import numpy as np
import pytest
import rasterio
from rasterio.windows import Window

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.config.predict import PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.model_inputs import input_order, open_model_inputs
from onnx_fixtures import MEMBERS, META, ensemble_folder, pointwise_model, pointwise_reference, write_image

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


EVEREST = ["LE07_2000_RGB:1", "LE07_2000_RGB:2", "LE07_2000_RGB:3", "LE07_2000_B4:1"]
RGB, NIR = EVEREST[:3], EVEREST[3:]


@pytest.mark.parametrize("given,order,note", [
    ([RGB, NIR], [0, 1], ""),
    ([NIR, RGB], [1, 0], "Inputs reordered to the training order: LE07_2000_RGB, LE07_2000_B4"),
    ([[n.replace("2000", "2001") for n in RGB], [n.replace("2000", "2001") for n in NIR]], [0, 1],
     "LE07_2001_RGB for LE07_2000_RGB, LE07_2001_B4 for LE07_2000_B4."),
    ([["LE07_2001_B4:1"], ["LE07_2001_RGB:1", "LE07_2001_RGB:2", "LE07_2001_RGB:3"]], [1, 0], "(reordered)."),
])
def test_inputs_are_matched_to_the_model_bands_by_name(given, order, note):
    found, said = input_order(EVEREST, given)
    assert found == order and note in said and bool(said) == bool(note)


def test_another_single_layer_with_the_same_bands_matches_by_band():
    assert input_order(["img:1", "img:2"], [["scene2:1", "scene2:2"]]) == (
        [0], "Inputs matched to the training layers by name without the part they share: scene2 for img.")


def test_names_that_do_not_match_are_an_error_listing_expected_and_given_unless_ignored():
    given = [["rgb:1", "rgb:2", "rgb:3"], ["nir:1"]]
    with pytest.raises(InputError) as error:
        input_order(EVEREST, given)
    assert error.value.parameter == "INPUTS" and "expected " + ", ".join(EVEREST) in error.value.problem
    assert "given rgb:1, rgb:2, rgb:3, nir:1" in error.value.problem and "IGNORE_BAND_NAMES" in error.value.fix
    order, note = input_order(EVEREST, given, ignore_names=True)
    assert order == [0, 1] and note.startswith("IGNORE_BAND_NAMES: the inputs are used in the given order")
    with pytest.raises(InputError, match=r"INPUTS: the model expects 4 bands .* but the inputs give 3"):
        input_order(EVEREST, [RGB], ignore_names=True)  # a count never matches by ignoring names


def test_layers_given_in_another_order_are_reordered_so_the_model_reads_its_bands(tmp_path):
    """The same two layers swapped: the stack is rebuilt in training order, so the map is the right one."""
    data = write_image(tmp_path / "img.tif", 40, 40)
    with rasterio.open(tmp_path / "img.tif") as src:
        profile = {**src.profile, "count": 1}
    for name, band in (("first", 0), ("second", 1)):
        with rasterio.open(tmp_path / f"{name}.tif", "w", **profile) as dst:
            dst.write(data[band:band + 1])
    meta = ModelMetadata(bands=("first:1", "second:1"), classes=META.classes, chip_size=32, pixel_size=30.0,
                         mean=(80.0, 80.0), std=(30.0, 30.0))
    ensemble = load_ensemble(pointwise_model(tmp_path / "m.onnx", (1.0, -1.0), 0, meta), "cpu", log=lambda m: None)
    first, second = (RasterInput(str(tmp_path / f"{n}.tif"), n) for n in ("first", "second"))
    logs = []
    with open_model_inputs([second, first], ensemble, log=logs.append) as stack:
        assert stack.band_names == ["first:1", "second:1"]
        bands, _ = stack.read(Window(0, 0, 40, 40))
    np.testing.assert_array_equal(bands, data[:2])
    assert any(line.startswith("Inputs reordered to the training order: first, second") for line in logs)
    with open_model_inputs([second, first], ensemble, log=logs.append, ignore_names=True) as stack:
        assert stack.band_names == ["second:1", "first:1"]  # the user said so
