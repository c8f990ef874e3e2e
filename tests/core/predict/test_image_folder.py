"""Image-folder prediction: the engine's values exactly (vs Predict on the same array as a GeoTIFF), png and
tif, sizes not a multiple of the tile, multi-class masks and probabilities, scores, errors, cancel, and a
tiny model trained on a snowpack folder."""
from __future__ import annotations

import csv

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from glacier_dl_plugin.core.config.image_folder import ImageFolderConfig
from glacier_dl_plugin.core.config.predict import PredictConfig
from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.image_folder import find_images, predict_image_folder
from glacier_dl_plugin.core.progress import Monitor
from image_folder_fixtures import CLASSES, image2, softmax_model, softmax_reference, write
from onnx_fixtures import MEMBERS, META, pointwise_model, pointwise_reference

pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")

def read(path):
    with rasterio.open(path) as src:
        return src.read(), src.profile


CPU = dict(device="cpu", tile_size=32, overlap=8)


@pytest.mark.parametrize("height,width,blending", [(77, 101, "hann"), (20, 23, "gaussian"), (64, 96, "centre")])
def test_values_equal_predict_on_the_same_array_as_a_raster(tmp_path, height, width, blending):
    image = write(tmp_path / "photos" / "images" / "wall.tif", image2(1, height, width))
    write(tmp_path / "wall_utm.tif", image, crs="EPSG:32645", transform=from_origin(480000, 3110000, 1, 1))
    model = softmax_model(tmp_path / "m.onnx", left=0.3)  # edges depend on the tiles: blending matters
    predict_image_folder(tmp_path / "photos", str(model), tmp_path / "out",
                         ImageFolderConfig(blending=blending, batch_size=3, **CPU))
    predict_raster([RasterInput(str(tmp_path / "wall_utm.tif"), "image")], str(model),
                   PredictConfig(blending=blending, batch_size=3, class_map="argmax", **CPU), str(tmp_path / "mean.tif"),
                   str(tmp_path / "std.tif"), class_path=str(tmp_path / "classes.tif"))
    probabilities, profile = read(tmp_path / "out" / "probabilities" / "wall.tif")
    mask, _ = read(tmp_path / "out" / "masks" / "wall.tif")
    mean, _ = read(tmp_path / "mean.tif")
    classes, _ = read(tmp_path / "classes.tif")
    assert probabilities.shape == (3, height, width) and profile["crs"] is None
    np.testing.assert_array_equal(probabilities[1:], mean)  # Predict writes the non-background classes
    np.testing.assert_allclose(probabilities.sum(axis=0), 1.0, atol=1e-5)
    ambiguous = np.abs(np.sort(probabilities, axis=0)[-1] - np.sort(probabilities, axis=0)[-2]) < 1e-6
    np.testing.assert_array_equal(mask[0][~ambiguous], classes[0][~ambiguous])


def test_multiclass_argmax_mask_and_probabilities_match_numpy(tmp_path):
    image = write(tmp_path / "images" / "a.tif", image2(2, 45, 70))  # not a multiple of the 32 px tile
    predict_image_folder(tmp_path, str(softmax_model(tmp_path / "m.onnx")), tmp_path / "out", ImageFolderConfig(**CPU))
    expected = softmax_reference(image)
    probabilities, _ = read(tmp_path / "out" / "probabilities" / "a.tif")
    mask, profile = read(tmp_path / "out" / "masks" / "a.tif")
    np.testing.assert_allclose(probabilities, expected, atol=1e-5)
    assert profile["dtype"] == "uint8" and profile["nodata"] == 255 and (profile["width"], profile["height"]) == (70, 45)
    np.testing.assert_array_equal(mask[0], expected.argmax(axis=0))
    assert set(np.unique(mask)) == {0, 1, 2}  # every class occurs in this image
    with rasterio.open(tmp_path / "out" / "probabilities" / "a.tif") as src:
        assert src.descriptions == tuple(f"{c} probability" for c in CLASSES)


def test_png_and_tif_inputs(tmp_path):
    """A uint8 RGB png and a float32 tif, each predicted by the 2-class pointwise model (p = sigmoid)."""
    rng = np.random.default_rng(3)
    png = write(tmp_path / "images" / "rgb.png", rng.integers(0, 255, (3, 40, 50), dtype=np.uint8), driver="PNG")
    tif = write(tmp_path / "images" / "float.tif", rng.normal(80, 30, (3, 33, 65)).astype(np.float32))
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    summary = predict_image_folder(tmp_path, str(model), tmp_path / "out", ImageFolderConfig(**CPU))
    assert [p.name for p in summary.masks] == ["float.tif", "rgb.tif"] and summary.scores_csv is None
    for name, array in (("rgb", png.astype(np.float32)), ("float", tif)):
        p, _ = read(tmp_path / "out" / "probabilities" / f"{name}.tif")
        mask, _ = read(tmp_path / "out" / "masks" / f"{name}.tif")
        expected = pointwise_reference(array, *MEMBERS[0], META)
        np.testing.assert_allclose(p[1], expected, atol=1e-5)
        clear = np.abs(expected - 0.5) > 1e-5  # float rounding decides pixels at exactly 0.5
        np.testing.assert_array_equal(mask[0][clear], (expected > 0.5).astype(np.uint8)[clear])


def test_scores_csv_with_reference_masks(tmp_path):
    image = write(tmp_path / "images" / "a.png", (image2(4, 40, 60)).clip(0, 255).astype(np.uint8), driver="PNG")
    predicted = softmax_reference(image.astype(np.float32)).argmax(axis=0).astype(np.uint8)
    reference = predicted.copy()
    reference[:10, :20] = (reference[:10, :20] + 1) % 3  # 200 px wrong
    reference[30:, :] = 255  # ignored: not counted
    write(tmp_path / "masks" / "a_mask.png", reference[None], driver="PNG")
    summary = predict_image_folder(tmp_path, str(softmax_model(tmp_path / "m.onnx")), tmp_path / "out",
                                   ImageFolderConfig(**CPU))
    counted = reference != 255
    assert summary.scores["a"]["pixels"] == counted.sum() == 1800
    assert summary.scores["a"]["pixel_accuracy"] == pytest.approx(1 - 200 / 1800)
    for k, name in enumerate(CLASSES):
        p, r = (predicted == k) & counted, (reference == k) & counted
        assert summary.scores["a"][f"iou_{name}"] == pytest.approx((p & r).sum() / (p | r).sum())
    rows = list(csv.DictReader((tmp_path / "out" / "scores.csv").read_text().splitlines()))
    assert [r["image"] for r in rows] == ["a", "all"]
    assert float(rows[1]["pixel_accuracy"]) == pytest.approx(1 - 200 / 1800, rel=1e-5)
    assert set(rows[0]) == {"image", "pixels", "pixel_accuracy", "iou_snow", "iou_firn", "iou_ice"}


def test_errors_name_the_parameter(tmp_path):
    model = str(softmax_model(tmp_path / "m.onnx"))
    (tmp_path / "empty" / "images").mkdir(parents=True)
    with pytest.raises(InputError, match="holds no image") as error:
        predict_image_folder(tmp_path / "empty", model, tmp_path / "out", ImageFolderConfig(**CPU))
    assert error.value.parameter == "IMAGES"
    write(tmp_path / "three" / "images" / "x.tif", np.zeros((3, 40, 40), np.float32))
    with pytest.raises(InputError, match=r"has 3 band\(s\), the model expects 2 \(image:1, image:2\)") as error:
        predict_image_folder(tmp_path / "three", model, tmp_path / "out", ImageFolderConfig(**CPU))
    assert error.value.parameter == "IMAGES" and not (tmp_path / "out").exists()  # nothing half-written
    write(tmp_path / "sizes" / "images" / "a.tif", image2(0, 40, 40))
    write(tmp_path / "sizes" / "masks" / "a_mask.tif", np.zeros((1, 40, 41), np.uint8))
    with pytest.raises(InputError, match=r"mask 'a_mask.tif' is 41 x 40 px, its image 40 x 40 px") as error:
        predict_image_folder(tmp_path / "sizes", model, tmp_path / "out", ImageFolderConfig(**CPU))
    assert error.value.parameter == "IMAGES" and not (tmp_path / "out").exists()
    write(tmp_path / "ok" / "images" / "y.tif", image2(0, 40, 40))
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("x")
    with pytest.raises(InputError) as error:
        predict_image_folder(tmp_path / "ok", model, tmp_path / "taken", ImageFolderConfig(**CPU))
    assert error.value.parameter == "OUTPUT"
    summary = predict_image_folder(tmp_path / "ok", model, tmp_path / "taken", ImageFolderConfig(**CPU), overwrite=True)
    assert summary.masks[0].is_file() and not (tmp_path / "taken" / "file").exists()


def test_masks_found_beside_images_and_progress_and_cancel(tmp_path):
    for i in range(3):
        write(tmp_path / "images" / f"w{i}.tif", image2(i, 40, 40))
    write(tmp_path / "masks" / "w1_mask.tif", np.zeros((1, 40, 40), np.uint8))
    assert [(f.id, f.mask is not None) for f in find_images(tmp_path)] == [("w0", False), ("w1", True), ("w2", False)]
    model = str(softmax_model(tmp_path / "m.onnx"))
    seen = []
    summary = predict_image_folder(tmp_path, model, tmp_path / "out", ImageFolderConfig(probabilities=False, **CPU),
                                   Monitor(progress=seen.append))
    assert list(summary.scores) == ["w1", "all"] and summary.probabilities == ()
    assert not (tmp_path / "out" / "probabilities").exists() and seen == sorted(seen) and seen[-1] >= 99
    calls = []
    with pytest.raises(CancelledError):
        predict_image_folder(tmp_path, model, tmp_path / "cancelled", ImageFolderConfig(**CPU),
                             Monitor(is_cancelled=lambda: calls.append(1) or len(calls) > 3))
    assert not (tmp_path / "cancelled").exists() and not list(tmp_path.glob(".cancelled*"))


@pytest.mark.slow
def test_tiny_model_trained_on_a_snowpack_folder_predicts_its_layers(tmp_path):
    pytest.importorskip("torch")
    import dataclasses

    from synthetic.snowpack import generate_snowpack_folder
    from training.fit import fit_ensemble
    from training_fixtures import TINY_CONFIG

    folder = generate_snowpack_folder(tmp_path / "walls", n_images=12, size=(32, 32), seed=0, n_classes=3)
    config = dataclasses.replace(TINY_CONFIG, members=1, epochs=10, batch_size=4, learning_rate=0.003,
                                 patience=10)
    model = fit_ensemble(folder, tmp_path / "model", config)
    summary = predict_image_folder(folder, str(model), tmp_path / "out", ImageFolderConfig(device="cpu", overlap=8))
    assert summary.classes[0] and len(summary.masks) == 12
    mask, _ = read(summary.masks[0])
    truth, _ = read(folder / "masks" / f"{summary.masks[0].stem}_mask.tif")
    assert mask.shape == truth.shape
    overall = summary.scores["all"]
    print(f"snowpack pixel accuracy {overall['pixel_accuracy']:.3f}, IoU {[overall[f'iou_{c}'] for c in summary.classes]}")
    assert overall["pixel_accuracy"] > 0.7
    assert np.nanmean([overall[f"iou_{c}"] for c in summary.classes]) > 0.55  # 0.70 measured (0.37 untrained)
