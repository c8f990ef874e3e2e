"""Per-band normalisation statistics accumulated chip by chip and split by cross-validation fold."""
from __future__ import annotations

import numpy as np

__all__ = ["BandStatistics"]

_MIN_STD = 1e-6  # a constant band must not divide by zero when standardised


class BandStatistics:
    """Running sums of valid pixels per fold, from which the statistics of any set of folds follow."""

    def __init__(self, bands: int) -> None:
        self.bands = bands
        self._sums: dict[int, np.ndarray] = {}  # fold -> [count, sum, sum of squares] x bands

    def add(self, fold: int, image: np.ndarray, valid: np.ndarray) -> None:
        """Add the valid pixels of one ``[bands, rows, cols]`` chip to ``fold``."""
        values = image[:, valid].astype(np.float64)
        sums = np.stack([np.full(self.bands, values.shape[1], dtype=np.float64),
                         values.sum(axis=1), (values**2).sum(axis=1)])
        self._sums[fold] = self._sums.get(fold, 0) + sums

    def _mean_std(self, folds: list[int]) -> dict[str, list[float]]:
        total = sum((self._sums[f] for f in folds if f in self._sums), np.zeros((3, self.bands)))
        count = np.maximum(total[0], 1)
        mean = total[1] / count
        std = np.sqrt(np.maximum(total[2] / count - mean**2, 0))
        return {"mean": mean.tolist(), "std": np.maximum(std, _MIN_STD).tolist()}

    def per_fold(self, n_folds: int) -> dict[str, dict[str, list[float]]]:
        """Statistics for a member holding out fold k: every other fold (``"all"``: every fold).

        With a single fold there is nothing to hold out, so fold 0 uses every chip.
        """
        everything = list(range(n_folds))
        stats = {str(k): self._mean_std([f for f in everything if f != k] or everything) for k in everything}
        stats["all"] = self._mean_std(everything)
        return stats
