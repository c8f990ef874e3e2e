"""Predict's GeoTIFF run: tiled + blended equals whole-image, ensemble statistics, nodata, errors, cancel."""
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from glacier_dl_plugin.core.config import NODATA_FLOAT
from glacier_dl_plugin.core.config.predict import PredictConfig
from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.progress import Monitor
from onnx_fixtures import (
    MEMBERS,
    META,
    ensemble_folder,
    halving_model,
    pointwise_model,
    pointwise_reference,
    write_image,
)


def read(path):
    with rasterio.open(path) as src:
        return src.read(1), src.profile


def run(tmp_path, model, config, **kwargs):
    return predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), config,
                          str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"), **kwargs)


@pytest.mark.parametrize("height,width,tile,overlap,block,blending", [
    (77, 101, 32, 8, 1024, "hann"),
    (45, 50, 32, 0, 1024, "hann"),
    (20, 23, 32, 8, 1024, "hann"),        # smaller than one tile: padded
    (300, 530, 32, 8, 256, "hann"),       # many output blocks: halos carried right and down
    (523, 301, 100, 30, 256, "gaussian"),  # tiles spanning block corners
    (259, 263, 64, 16, 256, "centre"),
])
def test_tiled_blended_prediction_equals_whole_image(tmp_path, height, width, tile, overlap, block, blending):
    image = write_image(tmp_path / "img.tif", height, width)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    run(tmp_path, model, PredictConfig(tile_size=tile, overlap=overlap, device="cpu", block_size=block,
                                       blending=blending, batch_size=5))
    mean, profile = read(tmp_path / "mean.tif")
    np.testing.assert_allclose(mean, pointwise_reference(image, *MEMBERS[0], META), atol=1e-5)
    assert profile["crs"].to_epsg() == 32645 and profile["transform"] == from_origin(480000, 3110000, 30, 30)
    assert (profile["width"], profile["height"]) == (width, height) and profile["nodata"] == NODATA_FLOAT
    assert profile["tiled"] and profile["compress"] == "deflate"
    std, _ = read(tmp_path / "std.tif")
    assert np.all(std == 0)  # one member: no spread


def test_ensemble_mean_and_std_match_numpy_on_the_member_rasters(tmp_path):
    image = write_image(tmp_path / "img.tif", 70, 90)
    folder = ensemble_folder(tmp_path / "model", MEMBERS, META)
    summary = run(tmp_path, folder, PredictConfig(tile_size=32, overlap=8, device="cpu"),
                  members_dir=str(tmp_path / "members"))
    members = np.stack([read(p)[0] for p in summary.members])
    expected = np.stack([pointwise_reference(image, w, b, META) for w, b in MEMBERS])
    np.testing.assert_allclose(members, expected, atol=1e-5)
    np.testing.assert_allclose(read(tmp_path / "mean.tif")[0], members.mean(axis=0), atol=1e-6)
    np.testing.assert_allclose(read(tmp_path / "std.tif")[0], members.std(axis=0), atol=1e-6)
    assert [p.name for p in summary.members] == ["member_00.tif", "member_01.tif", "member_02.tif"]


def test_flip_augmentation_of_a_pointwise_model_changes_nothing(tmp_path):
    image = write_image(tmp_path / "img.tif", 50, 70)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[1], META)
    run(tmp_path, model, PredictConfig(tile_size=32, overlap=8, device="cpu", tta=True))
    np.testing.assert_allclose(read(tmp_path / "mean.tif")[0], pointwise_reference(image, *MEMBERS[1], META),
                               atol=1e-5)


def test_nodata_input_gives_nodata_output_and_skips_empty_tiles(tmp_path):
    write_image(tmp_path / "img.tif", 96, 96, nodata_box=(0, 40, 0, 40))
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    summary = run(tmp_path, model, PredictConfig(tile_size=32, overlap=0, device="cpu"))
    mean, _ = read(tmp_path / "mean.tif")
    std, _ = read(tmp_path / "std.tif")
    assert np.all(mean[:40, :40] == NODATA_FLOAT) and np.all(std[:40, :40] == NODATA_FLOAT)
    assert np.all((mean[40:, :] >= 0) & (mean[40:, :] <= 1))
    assert summary.skipped_tiles == 1 and summary.tiles == 8  # the 32x32 tile at (0, 0) is all nodata


def test_overlap_in_percent_of_the_tile(tmp_path):
    image = write_image(tmp_path / "img.tif", 60, 60)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    summary = run(tmp_path, model, PredictConfig(tile_size=32, overlap=25, overlap_percent=True, device="cpu"))
    assert summary.tiles == 9  # 8 px overlap: starts 0, 24, 28 on both axes
    np.testing.assert_allclose(read(tmp_path / "mean.tif")[0], pointwise_reference(image, *MEMBERS[0], META),
                               atol=1e-5)


def test_model_folder_without_manifest_or_members_is_refused(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    (tmp_path / "empty_model").mkdir()
    with pytest.raises(InputError, match="MODEL: .* has no ensemble.json"):
        run(tmp_path, tmp_path / "empty_model", PredictConfig(device="cpu"))
    (tmp_path / "empty_model" / "ensemble.json").write_text('{"members": []}')
    with pytest.raises(InputError, match="MODEL: .* lists no members"):
        run(tmp_path, tmp_path / "empty_model", PredictConfig(device="cpu"))


def test_a_file_that_is_not_onnx_is_refused_naming_model(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    (tmp_path / "broken.onnx").write_bytes(b"not a model")
    with pytest.raises(InputError, match="MODEL: 'broken.onnx' could not be loaded as an ONNX model"):
        run(tmp_path, tmp_path / "broken.onnx", PredictConfig(device="cpu"))


def test_tile_size_the_model_cannot_halve_is_refused_up_front(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    model = halving_model(tmp_path / "h.onnx", META)
    with pytest.raises(InputError, match="TILE_SIZE: the model cannot process 33 px tiles"):
        run(tmp_path, model, PredictConfig(tile_size=33, overlap=8, device="cpu"))
    run(tmp_path, model, PredictConfig(tile_size=34, overlap=8, device="cpu"))  # even sizes work
    assert read(tmp_path / "mean.tif")[0].shape == (40, 40)


def test_output_that_cannot_be_written_is_refused_before_any_work(tmp_path):
    write_image(tmp_path / "img.tif", 40, 40)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    (tmp_path / "a_folder").mkdir()
    with pytest.raises(InputError, match="OUTPUT_STD: .* is a folder"):
        predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), PredictConfig(device="cpu"),
                       str(tmp_path / "mean.tif"), str(tmp_path / "a_folder"))
    with pytest.raises(InputError, match="OUTPUT_MEAN: no output file"):
        predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), PredictConfig(device="cpu"),
                       "", str(tmp_path / "std.tif"))
    assert not (tmp_path / "mean.tif").exists() and not (tmp_path / "std.tif").exists()


def test_cancel_mid_run_leaves_no_output(tmp_path):
    write_image(tmp_path / "img.tif", 1100, 64)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    calls = []
    monitor = Monitor(is_cancelled=lambda: len(calls) > 2, progress=calls.append)
    with pytest.raises(CancelledError):
        run(tmp_path, model, PredictConfig(tile_size=32, overlap=8, device="cpu", block_size=256), monitor=monitor,
            members_dir=str(tmp_path / "members"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["img.tif", "m.onnx"]  # the members folder it made, too


def test_tile_larger_than_a_fixed_size_model_takes_is_refused(tmp_path):
    import onnx

    write_image(tmp_path / "img.tif", 40, 40)
    model = onnx.load(str(pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)))
    for value_info in (model.graph.input[0], model.graph.output[0]):
        for axis in (2, 3):
            value_info.type.tensor_type.shape.dim[axis].dim_value = 32
    onnx.save(model, str(tmp_path / "fixed.onnx"))
    with pytest.raises(InputError, match="TILE_SIZE: the model only takes 32 px tiles, not 64 px"):
        run(tmp_path, tmp_path / "fixed.onnx", PredictConfig(tile_size=64, overlap=8, device="cpu"))
    run(tmp_path, tmp_path / "fixed.onnx", PredictConfig(tile_size=0, overlap=8, device="cpu"))  # chip size 32
    assert read(tmp_path / "mean.tif")[0].shape == (40, 40)


def test_an_all_nodata_input_is_an_error_naming_inputs_and_writes_nothing(tmp_path):
    write_image(tmp_path / "img.tif", 40, 50, nodata_box=(0, 40, 0, 50))
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    with pytest.raises(InputError, match=r"^INPUTS: every one of the \d+ tiles to predict is nodata in the inputs: "
                                         r"there is nothing to predict. Check the rasters' nodata value"):
        run(tmp_path, model, PredictConfig(tile_size=32, overlap=8, device="cpu"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["img.tif", "m.onnx"]


def test_a_glacier_area_crops_every_output_to_the_buffered_selection_with_the_whole_runs_values(tmp_path):
    """Mean, std, class map and members of a glacier selection: the buffer's covering window (rows 27-54,
    columns 37-69 of a 90 × 110 raster: the 20 × 25 px glacier plus 120 m = 4 px), on the input grid shifted
    by it, equal to the whole run there (pixels inside the buffer) and nodata elsewhere."""
    from shapely.geometry import box

    from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
    from glacier_dl_plugin.core.predict.regions import glacier_area

    write_image(tmp_path / "img.tif", 90, 110)
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:2], META)
    config = PredictConfig(tile_size=32, overlap=8, device="cpu", class_map="threshold", threshold=0.5)
    outline = box(480000 + 41 * 30, 3110000 - 51 * 30, 480000 + 66 * 30, 3110000 - 31 * 30)
    glaciers = load_glaciers([GlacierRecord("G", outline.wkb)], "EPSG:32645", "EPSG:32645")
    files = {}
    for name, area in (("whole", None), ("crop", lambda grid: glacier_area(grid, glaciers, 120.0))):
        (tmp_path / name).mkdir()
        summary = predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(folder), config,
                                 str(tmp_path / name / "mean.tif"), str(tmp_path / name / "std.tif"),
                                 class_path=str(tmp_path / name / "classes.tif"),
                                 members_dir=str(tmp_path / name / "members"), area=area)
        files[name] = [summary.mean, summary.std, summary.class_map, *summary.members]
    assert (summary.grid.width, summary.grid.height) == (33, 28)
    crop = (slice(27, 55), slice(37, 70))
    for whole_path, crop_path in zip(files["whole"], files["crop"], strict=True):
        whole, whole_profile = read(whole_path)
        values, profile = read(crop_path)
        assert values.shape == (28, 33) and profile["crs"] == whole_profile["crs"]
        assert profile["transform"] == whole_profile["transform"] * rasterio.Affine.translation(37, 27)
        inside = values != profile["nodata"]
        assert inside[4:-4, 4:-4].all() and not inside[0, 0] and 500 < inside.sum() < 28 * 33
        assert np.array_equal(values[inside], whole[crop][inside])
