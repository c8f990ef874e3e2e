"""glacierdl:predict in a real headless QGIS: selected glaciers, class map, the run's layer group, settings."""
import json

import numpy as np
import pytest
import rasterio
from qgis.core import QgsProcessingException, QgsProcessingFeatureSourceDefinition, QgsProject, QgsSettings

from glacier_dl_plugin.core.config import NODATA_FLOAT
from onnx_fixtures import everest_ensemble


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return everest_ensemble(tmp_path_factory.mktemp("model") / "everest_model")


def test_selected_glaciers_are_predicted_grouped_styled_and_remembered(everest_layers, model, tmp_path):
    import processing

    rgb, nir, outlines = everest_layers
    ids = [f.id() for f in outlines.getFeatures()][:3]
    outlines.selectByIds(ids)
    parameters = {"INPUTS": [rgb, nir], "MODEL": str(model), "TILE_SIZE": 64, "OVERLAP": 16, "DEVICE": "cpu",
                  "GLACIERS": QgsProcessingFeatureSourceDefinition(outlines.id(), True), "BUFFER": 200,
                  "CLASS_MAP": "threshold", "THRESHOLD": 0.6, "OUTPUT_MEAN": str(tmp_path / "mean.tif"),
                  "OUTPUT_STD": str(tmp_path / "std.tif"), "OUTPUT_CLASSES": str(tmp_path / "classes.tif")}
    result = processing.runAndLoadResults("glacierdl:predict", parameters)
    with rasterio.open(result["OUTPUT_MEAN"]) as src:
        mean = src.read(1)
        assert src.tags()["GLACIERDL_CLASSES"] == '["background", "glacier"]'
    valid = mean != NODATA_FLOAT
    assert 0 < valid.mean() < 0.2  # three glaciers and their 200 m buffers of a whole Landsat scene
    assert mean[valid].min() >= 0 and mean[valid].max() <= 1
    with rasterio.open(result["OUTPUT_CLASSES"]) as src:
        classes = src.read(1)
    np.testing.assert_array_equal(classes[valid], (mean[valid] >= 0.6).astype(np.uint8))
    assert 0 < result["TILES"] < 200

    root = QgsProject.instance().layerTreeRoot()
    group = next(g for g in root.findGroups() if g.name().startswith("Glacier DL everest_model"))
    loaded = {node.layer().source(): node.layer() for node in group.findLayers()}
    assert set(loaded) == {str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"), str(tmp_path / "classes.tif")}
    assert loaded[str(tmp_path / "classes.tif")].renderer().type() == "paletted"
    assert loaded[str(tmp_path / "mean.tif")].renderer().type() == "singlebandpseudocolor"

    last = json.loads(QgsSettings().value("glacier_dl/last_predict"))
    assert last["MODEL"] == str(model) and last["BUFFER"] == 200 and len(last["INPUTS"]) == 2
    assert last["INPUTS"][0].endswith("LE71400412000304SGS00_RGB.tif") and last["DEVICE"] == "cpu"
    QgsSettings().remove("glacier_dl/last_predict")


def test_empty_selection_is_a_clear_error(everest_layers, model, tmp_path):
    import processing

    rgb, nir, outlines = everest_layers
    outlines.removeSelection()
    with pytest.raises(QgsProcessingException, match="GLACIERS: no glacier to predict .*empty selection"):
        processing.run("glacierdl:predict", {
            "INPUTS": [rgb, nir], "MODEL": str(model), "DEVICE": "cpu",
            "GLACIERS": QgsProcessingFeatureSourceDefinition(outlines.id(), True),
            "OUTPUT_MEAN": str(tmp_path / "mean.tif"), "OUTPUT_STD": str(tmp_path / "std.tif")})
    assert not (tmp_path / "mean.tif").exists()


def test_a_device_mismatch_is_a_highlighted_warning_and_a_bare_extent_is_in_the_inputs_crs(everest_layers, model,
                                                                                          tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback, QgsRectangle

    class Recording(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings, self.infos = [], []

        def pushWarning(self, text):
            self.warnings.append(text)

        def pushInfo(self, text):
            self.infos.append(text)

    rgb, nir, _ = everest_layers
    corner = rgb.extent()
    # a bare rectangle has no CRS (like EXTENT=xmin,xmax,ymin,ymax in qgis_process): the inputs' CRS is meant
    extent = QgsRectangle(corner.xMinimum(), corner.yMaximum() - 3000, corner.xMinimum() + 3000, corner.yMaximum())
    feedback = Recording()
    result = processing.run("glacierdl:predict", {
        "INPUTS": [rgb, nir], "MODEL": str(model), "DEVICE": "cpu", "PRECISION": "fp16", "EXTENT": extent,
        "OUTPUT_MEAN": str(tmp_path / "mean.tif"), "OUTPUT_STD": str(tmp_path / "std.tif")}, feedback=feedback)
    assert [w for w in feedback.warnings if "PRECISION=fp16 is a GPU path" in w]
    assert not [i for i in feedback.infos if "PRECISION" in i]
    with rasterio.open(result["OUTPUT_MEAN"]) as src:  # 3 km of 30 m pixels from the scene's corner
        assert (src.width, src.height, src.crs) == (100, 100, rasterio.crs.CRS.from_wkt(rgb.crs().toWkt()))
    assert result["TILES"] == 16  # the scene's 64 px tiles (32 px overlap) meeting it: starts 0, 32, 64, 96


@pytest.mark.parametrize("overlap,message", [
    ({"OVERLAP": 64}, r"OVERLAP: 64 px is not smaller than the 64 px tile\. Use at most 63 px"),  # TILE_SIZE 0: 64
    ({"OVERLAP": 99, "OVERLAP_UNIT": "percent", "TILE_SIZE": 32},
     r"OVERLAP: 99 % of the 32 px tile rounds to 32 px.*Use at most 98 %"),
])
def test_an_overlap_not_below_the_tile_is_refused_by_name(everest_layers, model, tmp_path, overlap, message):
    import processing

    rgb, nir, _ = everest_layers
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("glacierdl:predict", {
            "INPUTS": [rgb, nir], "MODEL": str(model), "DEVICE": "cpu", **overlap,
            "OUTPUT_MEAN": str(tmp_path / "mean.tif"), "OUTPUT_STD": str(tmp_path / "std.tif")})
    assert not list(tmp_path.iterdir())
