"""glacierdl:predict in real headless QGIS with MODEL = the model folder's STAC item (stac_item.json)."""
import json

import numpy as np
import pytest
import rasterio
from qgis.core import QgsProcessingException, QgsRasterLayer

from glacier_dl_plugin.core.jobs.model_card import write_model_card
from onnx_fixtures import MEMBERS, META, ensemble_folder, write_image


def _predict(image, model, out):
    import processing

    parameters = {"INPUTS": [image], "MODEL": str(model), "TILE_SIZE": 32, "OVERLAP": 8, "DEVICE": "cpu",
                  "OUTPUT_MEAN": str(out / "mean.tif"), "OUTPUT_STD": str(out / "std.tif")}
    result = processing.run("glacierdl:predict", parameters)
    with rasterio.open(result["OUTPUT_MEAN"]) as src:
        return src.read(1), src.crs


def test_predict_with_the_item_path_equals_predict_with_the_folder(qgis_app, tmp_path):
    write_image(tmp_path / "image.tif", 70, 90)
    image = QgsRasterLayer(str(tmp_path / "image.tif"), "image")
    assert image.isValid()
    model = ensemble_folder(tmp_path / "model", MEMBERS[:2], META)
    item = write_model_card(model, log=lambda message: None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    by_item, crs = _predict(image, item, tmp_path / "a")
    by_folder, _ = _predict(image, model, tmp_path / "b")
    assert crs.to_epsg() == 32645 and by_item.shape == (70, 90)
    assert 0 < by_item.mean() < 1
    np.testing.assert_array_equal(by_item, by_folder)


def test_item_without_onnx_assets_is_refused_naming_model(qgis_app, tmp_path):
    import processing

    write_image(tmp_path / "image.tif", 40, 40)
    model = ensemble_folder(tmp_path / "model", MEMBERS[:1], META)
    item = json.loads(write_model_card(model, log=lambda message: None).read_text())
    item["assets"] = {}
    (model / "empty_item.json").write_text(json.dumps(item))
    parameters = {"INPUTS": [str(tmp_path / "image.tif")], "MODEL": str(model / "empty_item.json"), "DEVICE": "cpu",
                  "OUTPUT_MEAN": str(tmp_path / "mean.tif"), "OUTPUT_STD": str(tmp_path / "std.tif")}
    with pytest.raises(QgsProcessingException, match="(?s)MODEL.*no ONNX model assets"):
        processing.run("glacierdl:predict", parameters)
    assert not (tmp_path / "mean.tif").exists()
