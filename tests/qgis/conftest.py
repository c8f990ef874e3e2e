"""A real headless QGIS application with Processing and the Glacier DL provider, shared by the qgis tier."""
import os
import sys
import tempfile

import pytest

sys.path.append("/usr/share/qgis/python/plugins")  # QGIS's own 'processing' plugin
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))


@pytest.fixture(scope="session")
def qgis_app():
    from qgis.core import QgsApplication

    from glacier_dl_plugin.processing.provider import GlacierDLProvider

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    provider = GlacierDLProvider()
    assert QgsApplication.processingRegistry().addProvider(provider)
    yield app
    QgsApplication.processingRegistry().removeProvider(provider)
