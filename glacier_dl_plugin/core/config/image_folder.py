"""Configuration of prediction on a plain image folder (photographs without georeferencing)."""
from __future__ import annotations

from dataclasses import dataclass

from .predict import InferenceConfig

__all__ = ["ImageFolderConfig", "IMAGE_SUFFIXES"]

IMAGE_SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg")
"""The image files an image folder may hold (those training reads from a plain image folder)."""


@dataclass(frozen=True)
class ImageFolderConfig(InferenceConfig):
    """How every image of a folder is predicted: the tiled inference of Predict (tile, overlap, blending,
    test-time augmentation, device, precision), plus what is written per image.

    Attributes:
        probabilities: also write one probability image per input image (one band per class, background
            included, 0-1); the class mask is always written.
    """

    probabilities: bool = True
