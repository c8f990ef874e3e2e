"""The learning-rate finder: a rising sweep with a suggestion inside it, and an ensemble trained with it."""
from __future__ import annotations

import dataclasses
import json

import pytest
import torch
from matplotlib.image import imread
from torch.utils.data import DataLoader

from training.chip_dataset import ChipDataset
from training.data import load_dataset
from training.fit import fit_ensemble
from training.losses import SegmentationLoss
from training.lr_finder import END_LR, START_LR, find_learning_rate
from training_fixtures import TINY_CONFIG


def test_lr_finder_sweeps_up_and_suggests_a_rate_inside_the_sweep(tiny_dataset):
    info = load_dataset(tiny_dataset)
    mean, std = info.stats(0)
    loader = DataLoader(ChipDataset(info, info.chips, mean, std), batch_size=8)
    torch.manual_seed(0)
    model = torch.nn.Conv2d(3, 2, 1)
    before = model.weight.detach().clone()
    found = find_learning_rate(model, loader, SegmentationLoss("ce", 255), torch.device("cpu"))
    assert START_LR <= found.learning_rates[0] < found.learning_rates[-1] <= END_LR
    assert START_LR <= found.suggestion < END_LR and len(found.losses) == len(found.learning_rates) > 10
    assert torch.equal(model.weight, before)  # the sweep trains a copy


@pytest.mark.slow
def test_an_ensemble_with_find_lr_trains_with_the_suggestion(tiny_dataset, tmp_path):
    config = dataclasses.replace(TINY_CONFIG, members=1, find_lr=True)
    model = fit_ensemble(tiny_dataset, tmp_path / "model", config)
    suggestion = json.loads((model / "lr_finder.json").read_text())["suggestion"]
    manifest = json.loads((model / "ensemble.json").read_text())
    assert manifest["members"][0]["learning_rate"] == suggestion == manifest["train_config"]["learning_rate"]
    assert imread(model / "lr_finder.png").shape[2] in (3, 4) and "lr_finder.png" in (model / "report.md").read_text()
