import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from glacier_dl_plugin.core.config import NODATA_FLOAT, ModelMetadata, PredictConfig
from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.inference import predict_raster
from glacier_dl_plugin.core.progress import Monitor
from glacier_dl_plugin.core.raster_stack import RasterInput
from onnx_fixtures import ensemble_folder, pointwise_model, pointwise_reference

META = ModelMetadata(bands=("img:1", "img:2", "img:3"), classes=("background", "glacier"), chip_size=32,
                     pixel_size=30.0, mean=(100.0, 50.0, 10.0), std=(20.0, 10.0, 5.0))
MEMBERS = [((0.8, -0.5, 0.3), 0.1), ((0.2, 0.4, -0.6), -0.2), ((-0.3, 0.1, 0.9), 0.05)]


def write_image(path, height, width, nodata_box=None, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.normal(80, 30, (3, height, width)).astype(np.float32)
    if nodata_box is not None:
        r0, r1, c0, c1 = nodata_box
        data[:, r0:r1, c0:c1] = -1
    profile = dict(driver="GTiff", width=width, height=height, count=3, dtype="float32", nodata=-1,
                   crs="EPSG:32645", transform=from_origin(480000, 3110000, 30, 30))
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
    return data


def read(path):
    with rasterio.open(path) as src:
        return src.read(1), src.profile


@pytest.mark.parametrize("height,width,tile,overlap", [(77, 101, 32, 8), (45, 50, 32, 0), (20, 23, 32, 8)])
def test_tiled_blended_prediction_equals_whole_image(tmp_path, height, width, tile, overlap):
    image = write_image(tmp_path / "img.tif", height, width)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model),
                   PredictConfig(tile_size=tile, overlap=overlap, device="cpu"),
                   str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    mean, profile = read(tmp_path / "mean.tif")
    np.testing.assert_allclose(mean, pointwise_reference(image, *MEMBERS[0], META), atol=1e-5)
    assert profile["crs"].to_epsg() == 32645 and profile["transform"] == from_origin(480000, 3110000, 30, 30)
    assert (profile["width"], profile["height"]) == (width, height) and profile["nodata"] == NODATA_FLOAT
    std, _ = read(tmp_path / "std.tif")
    assert np.all(std == 0)  # one member: no spread


def test_ensemble_mean_and_std_match_numpy_on_members(tmp_path):
    image = write_image(tmp_path / "img.tif", 70, 90)
    folder = ensemble_folder(tmp_path / "model", MEMBERS, META)
    predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(folder),
                   PredictConfig(tile_size=32, overlap=8, device="cpu"), str(tmp_path / "mean.tif"),
                   str(tmp_path / "std.tif"))
    members = np.stack([pointwise_reference(image, w, b, META) for w, b in MEMBERS])
    np.testing.assert_allclose(read(tmp_path / "mean.tif")[0], members.mean(axis=0), atol=1e-5)
    np.testing.assert_allclose(read(tmp_path / "std.tif")[0], members.std(axis=0), atol=1e-5)


def test_nodata_input_gives_nodata_output_and_skips_empty_tiles(tmp_path):
    write_image(tmp_path / "img.tif", 96, 96, nodata_box=(0, 40, 0, 40))
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    summary = predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model),
                             PredictConfig(tile_size=32, overlap=0, device="cpu"), str(tmp_path / "mean.tif"),
                             str(tmp_path / "std.tif"))
    mean, _ = read(tmp_path / "mean.tif")
    assert np.all(mean[:40, :40] == NODATA_FLOAT)
    assert np.all((mean[40:, :] >= 0) & (mean[40:, :] <= 1))
    assert summary.skipped_tiles == 1 and summary.tiles == 8  # the 32x32 tile at (0, 0) is all nodata


def test_band_count_mismatch_names_expected_and_given_bands(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    two_band = ModelMetadata(bands=("a", "b"), classes=("background", "glacier"), chip_size=32, pixel_size=30,
                             mean=(0, 0), std=(1, 1))
    model = pointwise_model(tmp_path / "m.onnx", (1, 1), 0, two_band)
    with pytest.raises(InputError, match=r"INPUTS: the model expects 2 bands \(a, b\) but the inputs give 3"):
        predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), PredictConfig(device="cpu"),
                       str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    assert not (tmp_path / "mean.tif").exists()


def test_model_folder_without_manifest_is_refused(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    (tmp_path / "empty_model").mkdir()
    with pytest.raises(InputError, match="MODEL: .* has no ensemble.json"):
        predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(tmp_path / "empty_model"),
                       PredictConfig(device="cpu"), str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))


def test_cancel_mid_run_leaves_no_output(tmp_path):
    write_image(tmp_path / "img.tif", 200, 64)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    calls = []
    monitor = Monitor(is_cancelled=lambda: len(calls) > 3, progress=calls.append)
    with pytest.raises(CancelledError):
        predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model),
                       PredictConfig(tile_size=32, overlap=8, device="cpu"), str(tmp_path / "mean.tif"),
                       str(tmp_path / "std.tif"), monitor)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["img.tif", "m.onnx"]


def test_explicit_cuda_without_cuda_provider_is_a_clear_error():
    from glacier_dl_plugin.core.ensemble import execution_providers

    with pytest.raises(InputError, match="DEVICE: cuda:0 was requested"):
        execution_providers("cuda:0", ["CPUExecutionProvider"])
    assert execution_providers("auto", ["CPUExecutionProvider"]) == ["CPUExecutionProvider"]
    assert execution_providers("cuda:1", ["CUDAExecutionProvider", "CPUExecutionProvider"])[0] == (
        "CUDAExecutionProvider", {"device_id": 1})
