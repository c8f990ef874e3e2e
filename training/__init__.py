"""Glacier DL training: an ensemble of segmentation-models-pytorch models, exported to ONNX.

Runs in its own process (``python -m training fit --help``) so that torch never loads into QGIS; the
function API is :func:`training.fit.fit_ensemble`. Formats read and written are described in
``docs/formats.md``. Importing this package is cheap: torch loads only when a submodule needs it, so the
command line can install its signal handlers first.
"""
