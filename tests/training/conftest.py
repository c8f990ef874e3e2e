"""Fixtures of the training tier: a tiny seeded dataset folder and one trained ensemble (training_fixtures)."""
from __future__ import annotations

from pathlib import Path

import pytest

from training_fixtures import TINY_CONFIG, write_tiny_dataset


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory) -> Path:
    """24 chips of 32 x 32 px, 3 bands, 6 glaciers in 3 folds."""
    return write_tiny_dataset(tmp_path_factory.mktemp("tiny") / "dataset")


@pytest.fixture
def make_dataset(tmp_path):
    """Factory for variants: ``make_dataset(n_folds=1)`` writes a fresh dataset under ``tmp_path``."""
    def make(**options) -> Path:
        return write_tiny_dataset(tmp_path / f"dataset_{len(list(tmp_path.iterdir()))}", **options)
    return make


@pytest.fixture(scope="session")
def trained_model(tiny_dataset, tmp_path_factory) -> Path:
    """The model folder of one :data:`TINY_CONFIG` run on :func:`tiny_dataset` (shared: training is the slow part)."""
    from training.fit import fit_ensemble

    return fit_ensemble(tiny_dataset, tmp_path_factory.mktemp("trained") / "model", TINY_CONFIG)
