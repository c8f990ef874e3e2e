"""Predict's layer group in a real headless QGIS, as a desktop user sees it after a run on selected glaciers:
the group sits below the glacier outlines, is named for the selection, keeps Mean above Std whatever order
QGIS loads them in, the Std starts unchecked and semi-transparent, and its legend says standard deviation."""
import pytest
from qgis.core import QgsLayerTreeLayer, QgsProcessingFeatureSourceDefinition, QgsProject, QgsSettings

from onnx_fixtures import everest_ensemble


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return everest_ensemble(tmp_path_factory.mktemp("model") / "everest_model")


def run_on_selection(everest_layers, model, folder, classes=False):
    import processing

    rgb, nir, outlines = everest_layers
    outlines.selectByIds([f.id() for f in outlines.getFeatures()][:3])
    parameters = {"INPUTS": [rgb, nir], "MODEL": str(model), "TILE_SIZE": 64, "OVERLAP": 16, "DEVICE": "cpu",
                  "GLACIERS": QgsProcessingFeatureSourceDefinition(outlines.id(), True), "BUFFER": 200,
                  "OUTPUT_MEAN": str(folder / "mean.tif"), "OUTPUT_STD": str(folder / "std.tif")}
    if classes:
        parameters.update(CLASS_MAP="threshold", OUTPUT_CLASSES=str(folder / "classes.tif"))
    processing.runAndLoadResults("glacierdl:predict", parameters)
    QgsSettings().remove("glacier_dl/last_predict")


def top_level(root):
    return [child.name() for child in root.children()]


@pytest.mark.parametrize("run", range(2))  # twice: the order must not depend on which output loads first
def test_the_group_is_below_the_outlines_ordered_and_the_std_does_not_hide_the_mean(everest_layers, model,
                                                                                     tmp_path, run):
    root = QgsProject.instance().layerTreeRoot()
    outlines = root.findLayer(everest_layers[2].id())
    root.insertChildNode(0, outlines.clone())  # the outlines on top, as a user keeps them
    root.removeChildNode(outlines)
    before = set(root.findGroups())
    run_on_selection(everest_layers, model, tmp_path, classes=run == 1)
    [group] = [g for g in root.findGroups() if g not in before]
    assert group.name().startswith("Glacier DL everest_model 3 selected glaciers ")
    names = top_level(root)
    assert names.index("outlines") < names.index(group.name())  # outlines drawn over the rasters
    children = [node for node in group.children() if isinstance(node, QgsLayerTreeLayer)]
    sources = [node.layer().source().rsplit("/", 1)[-1] for node in children]
    assert sources == (["classes.tif"] if run == 1 else []) + ["mean.tif", "std.tif"]
    std, mean = children[-1], children[-2]
    assert mean.isVisible() and not std.itemVisibilityChecked()
    assert std.layer().renderer().opacity() == pytest.approx(0.6) and mean.layer().renderer().opacity() == 1.0
    assert std.layer().dataProvider().displayBandName(1) .startswith("Band 1: standard deviation of glacier probability")
    assert mean.layer().dataProvider().displayBandName(1).startswith("Band 1: glacier probability")  # legend title
    root.removeChildNode(group)
