"""Per-band normalisation statistics accumulated chip by chip and split by cross-validation fold.

Mean and standard deviation are exact (running sums). The 1st and 99th percentiles come from a uniform
random sample of at most ``sample_size`` valid pixels per fold (bottom-k sampling: every pixel draws a
random key and the smallest keys are kept), so memory stays flat however large the dataset. Samples of
several folds merge exactly: the smallest keys of their union are a uniform sample of the union.
"""
from __future__ import annotations

import numpy as np

__all__ = ["BandStatistics"]

_MIN_STD = 1e-6  # a constant band must not divide by zero when standardised


class _Sample:
    """The pixels with the ``size`` smallest random keys seen so far: keys ``[n]``, values ``[n, bands]``."""

    def __init__(self, size: int, bands: int) -> None:
        self.size = size
        self.keys = np.empty(0, np.float64)
        self.values = np.empty((0, bands), np.float32)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._pending_count = 0

    @property
    def threshold(self) -> float:
        """Keys at or above this can no longer enter the sample."""
        return float(self.keys.max()) if len(self.keys) >= self.size else np.inf

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        self._pending.append((keys, values))
        self._pending_count += len(keys)
        if self._pending_count > 2 * self.size:  # amortised: select once per ~size new pixels
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        keys = np.concatenate([self.keys] + [k for k, _ in self._pending])
        values = np.concatenate([self.values] + [v for _, v in self._pending])
        if len(keys) > self.size:
            keep = np.argpartition(keys, self.size - 1)[: self.size]
            keys, values = keys[keep], values[keep]
        self.keys, self.values, self._pending, self._pending_count = keys, values, [], 0


class BandStatistics:
    """Running sums and percentile samples of valid pixels per fold, from which any set of folds follows."""

    def __init__(self, bands: int, sample_size: int = 65536, seed: int = 0) -> None:
        self.bands = bands
        self.sample_size = sample_size
        self._sums: dict[int, np.ndarray] = {}  # fold -> [count, sum, sum of squares] x bands
        self._samples: dict[int, _Sample] = {}
        self._rng = np.random.default_rng(seed)

    def add(self, fold: int, image: np.ndarray, valid: np.ndarray) -> None:
        """Add the valid pixels of one ``[bands, rows, cols]`` chip to ``fold``."""
        values = image.reshape(self.bands, -1) if valid.all() else image[:, valid]
        sums = np.stack([np.full(self.bands, values.shape[1], dtype=np.float64),  # accumulated in float64
                         values.sum(axis=1, dtype=np.float64), np.einsum("ij,ij->i", values, values, dtype=np.float64)])
        self._sums[fold] = self._sums.get(fold, 0) + sums
        self._sample(fold, values)

    def _sample(self, fold: int, values: np.ndarray) -> None:
        """Offer ``values`` ``[bands, n]`` to the fold's bottom-k sample.

        Once the sample is full only keys below its largest can enter; their number is binomial, so only
        that many pixels are drawn (with keys uniform below the threshold) instead of a key per pixel.
        """
        sample = self._samples.setdefault(fold, _Sample(self.sample_size, self.bands))
        threshold, n = sample.threshold, values.shape[1]
        if threshold == np.inf:
            sample.add(self._rng.random(n), values.T)
            return
        count = int(self._rng.binomial(n, threshold))
        if count:
            chosen = self._rng.choice(n, count, replace=False)
            sample.add(self._rng.random(count) * threshold, values[:, chosen].T)

    def _percentiles(self, folds: list[int]) -> dict[str, list[float]]:
        samples = [self._samples[f] for f in folds if f in self._samples]
        merged = _Sample(self.sample_size, self.bands)
        for sample in samples:
            sample.flush()
            merged.add(sample.keys, sample.values)
        merged.flush()
        if not len(merged.values):
            return {"p01": [0.0] * self.bands, "p99": [0.0] * self.bands}
        p01, p99 = np.percentile(merged.values, [1, 99], axis=0)
        return {"p01": p01.tolist(), "p99": p99.tolist()}

    def _statistics(self, folds: list[int]) -> dict[str, list[float]]:
        total = sum((self._sums[f] for f in folds if f in self._sums), np.zeros((3, self.bands)))
        count = np.maximum(total[0], 1)
        mean = total[1] / count
        std = np.sqrt(np.maximum(total[2] / count - mean**2, 0))
        return {"mean": mean.tolist(), "std": np.maximum(std, _MIN_STD).tolist(), **self._percentiles(folds)}

    def per_fold(self, n_folds: int) -> dict[str, dict[str, list[float]]]:
        """Statistics for a member holding out fold k: every other fold (``"all"``: every fold).

        With a single fold there is nothing to hold out, so fold 0 uses every chip.
        """
        everything = list(range(n_folds))
        stats = {str(k): self._statistics([f for f in everything if f != k] or everything) for k in everything}
        stats["all"] = self._statistics(everything)
        return stats
