"""A real headless QGIS application with Processing and the Glacier DL provider, shared by the qgis tier.

The provider is registered the way QGIS and qgis_process do it: ``classFactory(iface).initProcessing()``.
"""
import os
import sys
import tempfile

import pytest

sys.path.append("/usr/share/qgis/python/plugins")  # QGIS's own 'processing' plugin
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="xdg-")  # mkdtemp makes it 0700


@pytest.fixture(scope="session")
def qgis_app():
    from qgis.core import QgsApplication

    import glacier_dl_plugin

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    plugin = glacier_dl_plugin.classFactory(None)
    plugin.initProcessing()
    assert QgsApplication.processingRegistry().providerById("glacierdl") is not None
    yield app
    QgsApplication.processingRegistry().removeProvider("glacierdl")


@pytest.fixture(scope="module")
def everest_layers(qgis_app, everest):
    """The Everest RGB, NIR and outline layers, added to the project (selections resolve through it)."""
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    rgb = QgsRasterLayer(str(everest["rgb"]), "rgb")
    nir = QgsRasterLayer(str(everest["nir"]), "nir")
    outlines = QgsVectorLayer(str(everest["outlines"]), "outlines", "ogr")
    assert rgb.isValid() and nir.isValid() and outlines.isValid()
    QgsProject.instance().addMapLayers([rgb, nir, outlines])
    yield rgb, nir, outlines
    outlines.removeSelection()
