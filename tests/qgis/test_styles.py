"""The plugin's layer styles in a real QGIS: pseudocolour ramps with transparent nodata, names listed on error."""
import numpy as np
import pytest
import rasterio
from qgis.core import QgsRasterLayer
from qgis.PyQt.QtGui import QColor
from rasterio.transform import from_origin

from glacier_dl_plugin.styles import style_path


@pytest.fixture(scope="module")
def probabilities(tmp_path_factory):
    """A 10 x 10 float raster 0..1 with a nodata pixel at (0, 0)."""
    path = tmp_path_factory.mktemp("styles") / "p.tif"
    values = np.linspace(0, 1, 100, dtype="float32").reshape(10, 10)
    values[0, 0] = -9999
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="float32", nodata=-9999,
                       crs="EPSG:32645", transform=from_origin(500000, 3100000, 30, 30)) as dst:
        dst.write(values, 1)
    return path


@pytest.mark.parametrize("name,maximum,low,high,opacity", [
    ("probability", 1.0, "#ffffff", "#08306b", 1.0), ("std", 0.5, "#ffffb2", "#bd0026", 0.6)])
def test_styles_load_as_pseudocolor_with_transparent_nodata(qgis_app, probabilities, name, maximum, low, high,
                                                            opacity):
    """The std is semi-transparent: over (or toggled on above) the mean it never hides it whole."""
    layer = QgsRasterLayer(str(probabilities), name)
    message, ok = layer.loadNamedStyle(str(style_path(name)))
    assert ok, message
    renderer = layer.renderer()
    assert renderer.type() == "singlebandpseudocolor" and renderer.band() == 1
    assert (renderer.classificationMin(), renderer.classificationMax()) == (0.0, maximum)
    ramp = renderer.shader().rasterShaderFunction().colorRampItemList()
    assert (ramp[0].color.name(), ramp[-1].color.name()) == (low, high)
    assert renderer.opacity() == pytest.approx(opacity)
    renderer.setOpacity(1.0)  # the colours themselves, unblended
    block = renderer.block(1, layer.extent(), 10, 10)
    nodata, top = QColor.fromRgba(block.color(0, 0)), QColor.fromRgba(block.color(9, 9))
    assert nodata.alpha() == 0 and (top.alpha(), top.name()) == (255, high)  # 1.0 (beyond std's 0.5 too)


def test_unknown_style_lists_the_valid_names():
    with pytest.raises(KeyError, match="classes, footprints, .*probability, scores, std"):
        style_path("mean")


def test_dataset_train_and_predict_each_have_their_own_icon(qgis_app):
    from qgis.core import QgsApplication

    def image(name):
        icon = QgsApplication.processingRegistry().algorithmById(f"glacierdl:{name}").icon()
        assert not icon.isNull()
        return icon.pixmap(32, 32).toImage()

    images = [image(name) for name in ("createdataset", "trainensemble", "predict", "polygonize")]
    assert all(a != b for i, a in enumerate(images) for b in images[i + 1:])  # four families, four icons
