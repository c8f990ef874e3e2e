"""The prediction engine: any window gets exactly the whole run's values; the tile size (against the output
stride), the overlap and the options are checked naming their parameter before any work."""
import dataclasses

import numpy as np
import pytest
import rasterio
from rasterio.windows import Window

from glacier_dl_plugin.core.config.predict import InferenceConfig, PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.engine import load_model, open_engine
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from onnx_fixtures import MEMBERS, META, ensemble_folder, neighbour_model, pointwise_model, write_image

HEIGHT, WIDTH = 300, 530


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    write_image(folder / "img.tif", HEIGHT, WIDTH)
    return [RasterInput(str(folder / "img.tif"), "img")], ensemble_folder(folder / "model", MEMBERS, META,
                                                                          model=neighbour_model)


def member_rasters(inputs, model, config, folder):
    summary = predict_raster(inputs, str(model), config, str(folder / "mean.tif"), str(folder / "std.tif"),
                             members_dir=str(folder / "members"))
    values = []
    for path in summary.members:
        with rasterio.open(path) as src:
            values.append(src.read(1))
    return np.stack(values)


@pytest.mark.parametrize("options", [dict(blending="hann"), dict(blending="centre"),
                                     dict(blending="gaussian", tta=True)])
def test_a_window_gets_exactly_the_values_of_the_whole_run(scene, tmp_path, options):
    """The neighbour model depends on where tiles lie: equal values mean the window used the whole run's tiles."""
    inputs, model = scene
    config = PredictConfig(tile_size=32, overlap=8, block_size=256, device="cpu", **options)
    whole = member_rasters(inputs, model, config, tmp_path)
    window = Window(45, 37, 300, 230)  # off the tile lattice, across 2 x 2 output blocks
    with open_engine(inputs, load_model(str(model), config), config) as engine:
        values = engine.window(window)
    rows, cols = window.toslices()
    assert values.valid.all() and values.eligible is None
    np.testing.assert_allclose(values.members[:, 0], whole[:, rows, cols], atol=1e-6)


def test_blending_and_flips_change_the_values_near_tile_edges(scene, tmp_path):
    inputs, model = scene
    runs = {}
    for name, options in {"hann": {}, "centre": dict(blending="centre"), "tta": dict(tta=True)}.items():
        (tmp_path / name).mkdir()
        runs[name] = member_rasters(inputs, model, PredictConfig(tile_size=32, overlap=8, device="cpu", **options),
                                    tmp_path / name)
    assert np.abs(runs["hann"] - runs["centre"]).max() > 1e-3
    assert np.abs(runs["hann"] - runs["tta"]).max() > 1e-3


def test_background_is_an_output_channel_on_request(scene):
    inputs, model = scene
    config = InferenceConfig(tile_size=32, overlap=8, device="cpu")
    with open_engine(inputs, load_model(str(model), config), config, background=True) as engine:
        values = engine.window(Window(0, 0, 40, 30))
    assert engine.band_names == ["background probability", "glacier probability"]
    np.testing.assert_allclose(values.members.sum(axis=1), 1.0, atol=1e-6)


@pytest.mark.parametrize("tile_size,overlap,percent,message", [
    (0, 32, False, r"OVERLAP: 32 px is not smaller than the 32 px tile\. Use at most 31 px"),  # the chip size
    (0, 40, False, r"OVERLAP: 40 px is not smaller than the 32 px tile\. Use at most 31 px"),
    (0, 99, True, r"OVERLAP: 99 % of the 32 px tile rounds to 32 px.*Use at most 98 %"),
    (64, 64, False, r"OVERLAP: 64 px is not smaller than the 64 px tile\. Use at most 63 px"),
])
def test_an_overlap_not_below_the_tile_is_refused_before_any_work(tmp_path, tile_size, overlap, percent, message):
    write_image(tmp_path / "img.tif", 248, 300)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)  # 32 px chips
    with pytest.raises(InputError, match=message):
        config = PredictConfig(tile_size=tile_size, overlap=overlap, overlap_percent=percent, device="cpu")
        predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), config,
                       str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["img.tif", "m.onnx"]


def test_the_largest_overlap_is_allowed_and_percent_rounds_to_pixels():
    assert InferenceConfig(overlap=31).overlap_pixels(32) == 31
    assert InferenceConfig(overlap=98, overlap_percent=True).overlap_pixels(32) == 31
    assert InferenceConfig(overlap=25, overlap_percent=True).overlap_pixels(64) == 16


@pytest.mark.parametrize("options,message", [
    (dict(blending="linear"), "BLENDING: unknown value 'linear'"),
    (dict(class_map="max"), "CLASS_MAP: unknown value 'max'"),
    (dict(precision="bf16"), "PRECISION: unknown value 'bf16'.*fp32, int8, fp16"),
    (dict(overlap=120, overlap_percent=True), "OVERLAP: 120 % is not below 100 %"),
    (dict(threshold=1.5), r"THRESHOLD: must lie in \(0, 1\)"),
    (dict(batch_size=0), "BATCH_SIZE: must be at least 1"),
])
def test_predict_options_are_validated_naming_the_parameter(options, message):
    with pytest.raises(InputError, match=message):
        PredictConfig(**options)


@pytest.mark.parametrize("stride,tile,sizes", [(32, 50, "32 or 64"), (32, 100, "96 or 128"), (8, 20, "16 or 24"),
                                               (32, 20, "32")])
def test_a_tile_that_is_not_a_multiple_of_the_output_stride_is_refused_naming_the_nearest_sizes(
        tmp_path, stride, tile, sizes):
    """Pointwise members run any tile, as smp's U-Nets do (they resize to their skips): only the recorded
    stride can tell that a depth-5 encoder misaligns 100 px tiles."""
    model = ensemble_folder(tmp_path / "model", MEMBERS[:1], dataclasses.replace(META, output_stride=stride))
    with pytest.raises(InputError) as error:
        load_model(str(model), InferenceConfig(tile_size=tile, overlap=8, device="cpu"))
    assert error.value.parameter == "TILE_SIZE"
    assert f"{tile} px is not a multiple of the model's output stride, {stride} px" in error.value.problem
    assert f"Use a multiple of {stride} such as {sizes}, or 0 for the model's chip size (32 px)." == error.value.fix
    assert load_model(str(model), InferenceConfig(tile_size=stride * 3, overlap=8, device="cpu")).tile == stride * 3
    assert load_model(str(model), InferenceConfig(tile_size=0, overlap=8, device="cpu")).tile == 32
