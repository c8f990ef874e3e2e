"""How Evaluate reads a prediction raster: kind, threshold and k from the calibration tags (or a warning),
the std raster's grid, the class names, and which reference classes can be scored against them."""
import json

import numpy as np
import pytest
import rasterio

from calibration_fixtures import write_raster
from glacier_dl_plugin.core.assess.prediction_raster import check_reference_classes, raster_prediction
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.progress import Monitor


def test_threshold_comes_from_the_calibration_tags_or_warns(scored_scene, tmp_path):
    with rasterio.open(scored_scene.folder / "shifted.tif") as src:
        data = src.read()
    calibrated = write_raster(tmp_path / "cal.tif", data, -9999, {"GLACIERDL_CALIBRATED": "1",
                                                                   "GLACIERDL_THRESHOLD": "0.9",
                                                                   "GLACIERDL_K": "1.7"})
    prediction = raster_prediction(str(calibrated))
    assert (prediction.kind, prediction.threshold, prediction.k) == ("probability", 0.9, 1.7)
    logged = []
    plain = raster_prediction(str(scored_scene.folder / "shifted.tif"), monitor=Monitor(log=logged.append))
    assert (plain.kind, plain.threshold) == ("probability", 0.5) and "not calibrated" in logged[0]
    assert raster_prediction(str(scored_scene.folder / "classes.tif")).kind == "classes"


def test_uncalibrated_bounds_use_k_1_with_a_warning_and_std_must_share_the_grid(scored_scene, tmp_path):
    shifted = str(scored_scene.folder / "shifted.tif")
    logged = []
    prediction = raster_prediction(shifted, threshold=0.6, std=shifted, monitor=Monitor(log=logged.append))
    assert (prediction.threshold, prediction.k, prediction.std) == (0.6, 1.0, shifted) and "k = 1" in logged[0]
    other = write_raster(tmp_path / "small.tif", np.zeros((1, 5, 5), np.float32))
    with pytest.raises(InputError, match="STD: is not on the grid"):
        raster_prediction(shifted, std=str(other))


def test_class_names_come_from_the_tag_or_the_band_descriptions(classed):
    _, class_map, mean = classed
    assert raster_prediction(str(class_map)).classes == ("background", "clean_ice", "debris")
    assert raster_prediction(str(mean)).classes == ("background", "clean_ice", "debris")


def test_reference_classes_must_be_classes_of_a_multi_class_prediction(classed, tmp_path):
    _, class_map, _ = classed
    multi = raster_prediction(str(class_map))
    check_reference_classes(["debris", "clean_ice", "debris"], multi)
    with pytest.raises(InputError, match=r"REFERENCE_CLASS_FIELD: the reference classes debris cover, ice are not "
                                         r"classes of the model \(clean_ice, debris\)"):
        check_reference_classes(["ice", "debris cover", "debris"], multi)
    with pytest.raises(InputError, match="REFERENCE_CLASS_FIELD: 1 reference feature"):
        check_reference_classes(["debris", None], multi)
    binary = write_raster(tmp_path / "binary.tif", np.zeros((1, 10, 10), np.uint8), 255,
                          {"GLACIERDL_CLASSES": json.dumps(["background", "glacier"])})
    with pytest.raises(InputError, match="REFERENCE_CLASS_FIELD: per-class scores need a multi-class prediction"):
        check_reference_classes(["glacier"], raster_prediction(str(binary)))
