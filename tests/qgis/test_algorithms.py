"""The algorithms inside a real headless QGIS, through processing.run, on real rasters."""
import json

import pytest
import rasterio
from qgis.core import QgsProcessingException, QgsVectorLayer

from glacier_dl_plugin.core.config import ModelMetadata
from onnx_fixtures import ensemble_folder, everest_ensemble


def run(algorithm, parameters):
    import processing

    return processing.run(f"glacierdl:{algorithm}", parameters)


def test_createdataset_honours_selection_and_reprojects_without_touching_the_layer(everest_layers, tmp_path):
    rgb, nir, outlines = everest_layers
    ids = [f.id() for f in outlines.getFeatures()][:12]
    outlines.selectByIds(ids)
    from qgis.core import QgsProcessingFeatureSourceDefinition

    result = run("createdataset", {
        "INPUTS": [rgb, nir], "GLACIERS": QgsProcessingFeatureSourceDefinition(outlines.id(), True),
        "CHIP_SIZE": 64, "STRIDE": 64, "FOLDS": 3, "OUTPUT": str(tmp_path / "ds")})
    description = json.loads((tmp_path / "ds" / "dataset.json").read_text())
    selected = {f["RGIId"] for f in outlines.getSelectedFeatures()}
    assert set(description["glacier_folds"]) == selected and len(selected) == 12
    assert description["bands"] == ["rgb:1", "rgb:2", "rgb:3", "nir:1"]
    assert outlines.crs().authid() == "EPSG:4326"  # the layer keeps its CRS
    assert result["CHIPS"] > 0
    footprints = QgsVectorLayer(result["FOOTPRINTS"], "fp", "ogr")
    assert footprints.isValid() and footprints.featureCount() == result["CHIPS"]
    assert footprints.crs().authid() == "EPSG:32645"
    outlines.removeSelection()


def test_createdataset_refuses_a_point_layer(everest_layers, tmp_path):
    rgb, _, _ = everest_layers
    points = QgsVectorLayer("Point?crs=EPSG:32645&field=id:integer", "points", "memory")
    with pytest.raises(QgsProcessingException, match="GLACIERS"):
        run("createdataset", {"INPUTS": [rgb], "GLACIERS": points, "OUTPUT": str(tmp_path / "ds")})
    assert not (tmp_path / "ds").exists() or not any((tmp_path / "ds").iterdir())


def test_createdataset_refuses_polygons_that_miss_the_raster(everest_layers, tmp_path):
    rgb, _, _ = everest_layers
    far = QgsVectorLayer("Polygon?crs=EPSG:4326&field=RGIId:string", "far", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    feature = QgsFeature(far.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((10 10, 10.1 10, 10.1 10.1, 10 10))"))
    feature["RGIId"] = "far"
    far.dataProvider().addFeatures([feature])
    with pytest.raises(QgsProcessingException, match="GLACIERS: no glacier polygon overlaps"):
        run("createdataset", {"INPUTS": [rgb], "GLACIERS": far, "FOLDS": 1, "OUTPUT": str(tmp_path / "ds")})
    assert not (tmp_path / "ds").exists() or not any((tmp_path / "ds").iterdir())


def test_predict_writes_mean_and_std_on_the_input_grid(everest_layers, everest, tmp_path):
    rgb, nir, _ = everest_layers
    model = everest_ensemble(tmp_path / "model")
    result = run("predict", {"INPUTS": [rgb, nir], "MODEL": str(model), "TILE_SIZE": 64, "OVERLAP": 16,
                             "DEVICE": "cpu", "OUTPUT_MEAN": str(tmp_path / "mean.tif"),
                             "OUTPUT_STD": str(tmp_path / "std.tif")})
    with rasterio.open(everest["rgb"]) as src:
        grid = (src.crs, src.transform, src.width, src.height)
        bright = src.read().mean(axis=0) > 200
    with rasterio.open(result["OUTPUT_MEAN"]) as mean, rasterio.open(result["OUTPUT_STD"]) as std:
        assert (mean.crs, mean.transform, mean.width, mean.height) == grid
        m, s = mean.read(1), std.read(1)
    assert 0 <= m.min() and m.max() <= 1 and s.min() >= 0
    assert m[bright].mean() > m[~bright].mean() + 0.3  # bright snow and ice score high


def test_predict_band_mismatch_lists_expected_and_given(everest_layers, tmp_path):
    rgb, _, _ = everest_layers
    meta = ModelMetadata(bands=("a", "b"), classes=("background", "glacier"), chip_size=64, pixel_size=30.0,
                         mean=(0, 0), std=(1, 1))
    model = ensemble_folder(tmp_path / "model", [((1, 1), 0.0)], meta)
    with pytest.raises(QgsProcessingException, match=r"INPUTS: the model expects 2 bands \(a, b\)"):
        run("predict", {"INPUTS": [rgb], "MODEL": str(model), "DEVICE": "cpu",
                        "OUTPUT_MEAN": str(tmp_path / "mean.tif"), "OUTPUT_STD": str(tmp_path / "std.tif")})
    assert not (tmp_path / "mean.tif").exists()
