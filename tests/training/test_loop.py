"""The optimisation loop: early stopping after ``patience`` epochs, the learning rate halved on a plateau, and
the state kept in resume.pt after every epoch."""
from __future__ import annotations

import pytest
import torch
from torch.utils.data import DataLoader

from training.checkpoints import load_resume_state
from training.chip_dataset import ChipDataset
from training.data import load_dataset
from training.loop import LoopSettings, train_member
from training.losses import SegmentationLoss
from training.metrics import SegmentationMetrics


def _frozen_run(tiny_dataset, tmp_path, progress=lambda fraction: None, **settings):
    """A 1 x 1 convolution (no batch norm) trained with a rate too small to move float32 weights: the
    validation loss is exactly the same every epoch, so no epoch after the first improves."""
    info = load_dataset(tiny_dataset)
    mean, std = info.stats(0)
    loader = DataLoader(ChipDataset(info, info.chips[:8], mean, std), batch_size=4)
    model = torch.nn.Conv2d(3, 2, 1)
    lrs: list[float] = []
    result = train_member(model, loader, loader, SegmentationLoss("ce", 255),
                          lambda: SegmentationMetrics(info.classes, 255),
                          LoopSettings(learning_rate=1e-12, **settings), torch.device("cpu"), progress,
                          lambda m: None, tmp_path, lambda state: None, lambda r: lrs.append(r.lr))
    return result, lrs


def test_early_stopping_ends_after_patience_epochs_without_improvement(tiny_dataset, tmp_path):
    result, _ = _frozen_run(tiny_dataset, tmp_path, epochs=10, patience=2)
    assert len(result.history) == 3 and result.best_epoch == 1 and result.stopped_early


def test_learning_rate_halves_on_plateau_down_to_the_minimum(tiny_dataset, tmp_path):
    result, lrs = _frozen_run(tiny_dataset, tmp_path, epochs=6, lr_patience=1, min_lr=1e-12 / 3)
    assert not result.stopped_early and len(result.history) == 6
    assert lrs == pytest.approx([1e-12, 1e-12, 1e-12, 5e-13, 5e-13, 1e-12 / 3], rel=1e-9)


def test_every_epoch_leaves_a_resume_state_and_a_finished_run_is_not_repeated(tiny_dataset, tmp_path):
    result, _ = _frozen_run(tiny_dataset, tmp_path, epochs=2)
    state = load_resume_state(tmp_path / "resume.pt")
    assert [row[0] for row in state["history"]] == [1, 2] and state["best"][0] == result.best_epoch == 1
    again, lrs = _frozen_run(tiny_dataset, tmp_path, epochs=2)  # resumed after its last epoch: nothing to do
    assert lrs == [] and [r.epoch for r in again.history] == [1, 2]


def test_cosine_schedule_decays_to_the_minimum_over_the_epochs_and_resumes_on_it(tiny_dataset, tmp_path):
    """lr_e = min + (lr - min) (1 + cos(pi (e - 1) / epochs)) / 2, whatever the criterion does; a run
    interrupted after epoch 2 continues the same curve."""
    import math
    first, second = tmp_path / "straight", tmp_path / "resumed"
    first.mkdir(), second.mkdir()
    expected = [1e-13 + (1e-12 - 1e-13) * (1 + math.cos(math.pi * e / 4)) / 2 for e in range(4)]
    _, lrs = _frozen_run(tiny_dataset, first, epochs=4, schedule="cosine", lr_patience=1, min_lr=1e-13)
    assert lrs == pytest.approx(expected, rel=1e-9)

    def interrupt(fraction: float) -> None:
        if fraction > 0.5:  # the first batch of epoch 3: epoch 2 is in resume.pt
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _frozen_run(tiny_dataset, second, interrupt, epochs=4, schedule="cosine", min_lr=1e-13)
    _, rest = _frozen_run(tiny_dataset, second, epochs=4, schedule="cosine", min_lr=1e-13)
    assert rest == pytest.approx(expected[2:], rel=1e-9)
