"""glacierdl:predictimages in a real headless QGIS: masks, probabilities and scores of an image folder."""
import csv
from pathlib import Path

import numpy as np
import pytest
import rasterio
from qgis.core import QgsProcessingException

from image_folder_fixtures import CLASSES, image2, softmax_model, softmax_reference, write

pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")


def test_image_folder_is_predicted_and_scored(qgis_app, tmp_path):
    import processing

    images = {name: write(tmp_path / "walls" / "images" / f"{name}.tif", image2(seed, 45, 70))
              for seed, name in enumerate(("a", "b"))}
    truth = softmax_reference(images["a"]).argmax(axis=0).astype(np.uint8)
    reference = truth.copy()
    reference[:5, :10] = (reference[:5, :10] + 1) % 3  # 50 px wrong
    write(tmp_path / "walls" / "masks" / "a_mask.tif", reference[None])
    result = processing.run("glacierdl:predictimages", {
        "IMAGES": str(tmp_path / "walls"), "MODEL": str(softmax_model(tmp_path / "m.onnx")), "TILE_SIZE": 32,
        "OVERLAP": 8, "DEVICE": "cpu", "BLENDING": "gaussian", "OUTPUT": str(tmp_path / "out")})
    assert result["IMAGES_PREDICTED"] == 2 and result["OUTPUT"] == str(tmp_path / "out")
    for name, image in images.items():
        with rasterio.open(tmp_path / "out" / "masks" / f"{name}.tif") as src:
            np.testing.assert_array_equal(src.read(1), softmax_reference(image).argmax(axis=0))
        with rasterio.open(tmp_path / "out" / "probabilities" / f"{name}.tif") as src:
            np.testing.assert_allclose(src.read(), softmax_reference(image), atol=1e-5)
    rows = {r["image"]: r for r in csv.DictReader(Path(result["SCORES"]).read_text().splitlines())}
    assert list(rows) == ["a", "all"]
    assert float(rows["a"]["pixel_accuracy"]) == pytest.approx(1 - 50 / (45 * 70), rel=1e-5)
    assert all(0.9 < float(rows["a"][f"iou_{c}"]) <= 1 for c in CLASSES)


def test_bad_folder_is_a_clear_error(qgis_app, tmp_path):
    import processing

    (tmp_path / "empty").mkdir()
    with pytest.raises(QgsProcessingException, match="IMAGES: .* holds no image"):
        processing.run("glacierdl:predictimages", {
            "IMAGES": str(tmp_path / "empty"), "MODEL": str(softmax_model(tmp_path / "m.onnx")), "DEVICE": "cpu",
            "OUTPUT": str(tmp_path / "out")})
