"""Serving a dataset's chips to torch: standardised, with nodata masked out, optionally augmented.

Chips are read from disk on demand (:func:`training.data.read_chip`), so memory stays flat however large the
dataset is; a 128 px chip decodes in about a millisecond, far below the cost of a training step.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from .data import Chip, DatasetInfo, dataset_error, read_chip

__all__ = ["standardise", "dihedral", "jitter", "ChipDataset", "target_statistics"]


def standardise(image: np.ndarray, mask: np.ndarray, mean: Sequence[float], std: Sequence[float],
                nodata: float, ignore_index: int, regression: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``x = (image - mean) / std`` per band, with invalid pixels set to 0 (the training mean).

    A pixel is invalid where any band is ``nodata`` or not finite, or the mask is ``ignore_index`` (for
    regression: ``nodata`` or not finite); the mask is set to ``ignore_index`` (regression: NaN) there too,
    so no loss is computed on pixels without input.

    Returns:
        image ``float32 [bands, H, W]`` and mask ``int64 [H, W]`` (regression: ``float32 [H, W]``).
    """
    invalid = (image == nodata).any(axis=0) | ~np.isfinite(image).all(axis=0)
    if regression:
        invalid |= (mask == nodata) | ~np.isfinite(mask)
    else:
        invalid |= mask == ignore_index
    mean_ = np.asarray(mean, dtype=np.float32)[:, None, None]
    std_ = np.asarray(std, dtype=np.float32)[:, None, None]
    x = (image - mean_) / std_
    x[:, invalid] = 0.0
    y = mask.astype(np.float32 if regression else np.int64)
    y[invalid] = np.nan if regression else ignore_index
    return x.astype(np.float32, copy=False), y


def dihedral(image: np.ndarray, mask: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """One of the 8 symmetries of the square (k in 0..7): rotate by ``k % 4`` quarter turns, then
    mirror left-right when ``k >= 4``; applied identically to ``image [B, H, W]`` and ``mask [H, W]``."""
    image, mask = np.rot90(image, k % 4, axes=(1, 2)), np.rot90(mask, k % 4, axes=(0, 1))
    if k >= 4:
        image, mask = image[:, :, ::-1], mask[:, ::-1]
    return np.ascontiguousarray(image), np.ascontiguousarray(mask)


def jitter(x: np.ndarray, strength: float, gain: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Photometric jitter of a standardised image: ``x * (1 + strength * gain) + strength * offset`` per band.

    ``gain`` and ``offset`` are standard-normal draws, one per band; pixels that are exactly 0 (nodata after
    :func:`standardise`) stay 0 so that nodata keeps its meaning. The mask is untouched: brightness changes
    do not move glacier outlines.
    """
    out = x * (1.0 + strength * gain[:, None, None]) + strength * offset[:, None, None]
    out[:, (x == 0).all(axis=0)] = 0.0
    return out.astype(np.float32, copy=False)


class ChipDataset(torch.utils.data.Dataset):
    """Standardised chips of one split, optionally with random dihedral augmentation and photometric jitter.

    The augmentation draws from torch's global generator, which the fit loop seeds per member, so a run
    is reproducible for a given seed.
    """

    def __init__(self, info: DatasetInfo, chips: Sequence[Chip], mean: Sequence[float], std: Sequence[float],
                 augment: bool = False, jitter_strength: float = 0.0) -> None:
        self.info, self.chips, self.mean, self.std, self.augment = info, list(chips), mean, std, augment
        self.jitter_strength = jitter_strength

    def __len__(self) -> int:
        return len(self.chips)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        image, mask = read_chip(self.info, self.chips[index].id)
        x, y = standardise(image, mask, self.mean, self.std, self.info.nodata, self.info.ignore_index,
                           self.info.regression)
        if self.augment:
            x, y = dihedral(x, y, int(torch.randint(8, (1,))))
            if self.jitter_strength > 0:
                draws = torch.randn(2, x.shape[0]).numpy()
                x = jitter(x, self.jitter_strength, draws[0], draws[1])
        return torch.from_numpy(x), torch.from_numpy(y)


def target_statistics(info: DatasetInfo, chips: Sequence[Chip]) -> tuple[float, float]:
    """Mean and std of a regression target over the valid pixels of ``chips`` (the member's training chips)."""
    total = squares = count = 0.0
    for chip in chips:
        _, mask = read_chip(info, chip.id)
        values = mask[np.isfinite(mask) & (mask != info.nodata)].astype(np.float64)
        total, squares, count = total + values.sum(), squares + (values**2).sum(), count + values.size
    if not count:
        raise dataset_error("the training chips hold no valid target values.", "Check the target raster's nodata value.")
    mean = total / count
    return float(mean), float(max(np.sqrt(max(squares / count - mean**2, 0.0)), 1e-6))
