"""Glacier DL QGIS plugin. Only the factory lives here: importing the package must not import qgis."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import GlacierDLPlugin

    return GlacierDLPlugin(iface)
