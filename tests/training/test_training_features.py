"""Training features of issue 4: early stopping, plateau LR, LR finder, epoch events, metrics per class and
per glacier, report and curves, regression datasets, the plain image folder source, crash-safe checkpoints
and the bad inputs named by the issue."""
from __future__ import annotations

import dataclasses
import json
import resource
import signal

import numpy as np
import onnx
import onnxruntime
import pytest
import rasterio
import torch
from training_fixtures import THICKNESS, TINY_CONFIG
from matplotlib.image import imread
from safetensors.torch import load_file
from torch.utils.data import DataLoader

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.errors import GlacierDLError, InputError
from training.__main__ import main
from training.checkpoints import write_checkpoint
from training.data import ChipDataset, load_dataset
from training.fit import fit_ensemble
from training.work_folder import work_folder
from training.losses import SegmentationLoss
from training.loop import LoopSettings, train_member
from training.lr_finder import END_LR, START_LR, find_learning_rate
from training.metrics import SegmentationMetrics

ONE = dataclasses.replace(TINY_CONFIG, members=1)


def _frozen_run(tiny_dataset, tmp_path, **settings):
    """A 1 x 1 convolution (no batch norm) trained with a rate too small to move float32 weights: the
    validation loss is exactly the same every epoch, so no epoch after the first improves."""
    info = load_dataset(tiny_dataset)
    mean, std = info.stats(0)
    loader = DataLoader(ChipDataset(info, info.chips[:8], mean, std), batch_size=4)
    model = torch.nn.Conv2d(3, 2, 1)
    lrs: list[float] = []
    result = train_member(model, loader, loader, SegmentationLoss("ce", 255),
                          lambda: SegmentationMetrics(info.classes, 255),
                          LoopSettings(learning_rate=1e-12, **settings), torch.device("cpu"), lambda f: None,
                          lambda m: None, tmp_path, lambda state: None, lambda r: lrs.append(r.lr))
    return result, lrs


def test_early_stopping_ends_after_patience_epochs_without_improvement(tiny_dataset, tmp_path):
    result, _ = _frozen_run(tiny_dataset, tmp_path, epochs=10, patience=2)
    assert len(result.history) == 3 and result.best_epoch == 1 and result.stopped_early


def test_learning_rate_halves_on_plateau_down_to_the_minimum(tiny_dataset, tmp_path):
    result, lrs = _frozen_run(tiny_dataset, tmp_path, epochs=6, lr_patience=1, min_lr=1e-12 / 3)
    assert not result.stopped_early and len(result.history) == 6
    assert lrs == pytest.approx([1e-12, 1e-12, 1e-12, 5e-13, 5e-13, 1e-12 / 3], rel=1e-9)


@pytest.mark.slow
def test_lr_finder_sweeps_and_auto_trains_with_its_suggestion(tiny_dataset, tmp_path):
    info = load_dataset(tiny_dataset)
    mean, std = info.stats(0)
    loader = DataLoader(ChipDataset(info, info.chips, mean, std), batch_size=8)
    torch.manual_seed(0)
    found = find_learning_rate(torch.nn.Conv2d(3, 2, 1), loader, SegmentationLoss("ce", 255), torch.device("cpu"))
    assert START_LR <= found.learning_rates[0] < found.learning_rates[-1] <= END_LR
    assert START_LR <= found.suggestion < END_LR and len(found.losses) == len(found.learning_rates) > 10
    model = fit_ensemble(tiny_dataset, tmp_path / "model", dataclasses.replace(ONE, find_lr=True))
    suggestion = json.loads((model / "lr_finder.json").read_text())["suggestion"]
    manifest = json.loads((model / "ensemble.json").read_text())
    assert manifest["members"][0]["learning_rate"] == suggestion == manifest["train_config"]["learning_rate"]
    assert imread(model / "lr_finder.png").shape[2] in (3, 4) and "lr_finder.png" in (model / "report.md").read_text()


@pytest.mark.slow
def test_epoch_events_follow_every_epoch(tiny_dataset, tmp_path, capsys):
    code = main(["fit", "--dataset", str(tiny_dataset), "--out", str(tmp_path / "m"), "--members", "2",
                 "--epochs", "2", "--encoder-depth", "3", "--device", "cpu", "--patience", "0"])
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    epochs = [e for e in events if e["event"] == "epoch"]
    assert code == 0 and [(e["member"], e["members"], e["epoch"], e["epochs"]) for e in epochs] == [
        (1, 2, 1, 2), (1, 2, 2, 2), (2, 2, 1, 2), (2, 2, 2, 2)]
    assert set(epochs[0]["metrics"]) == {"train_loss", "val_loss", "val_iou", "lr", "data_wait"}
    assert epochs[0]["metrics"]["lr"] == 1e-3 and 0 <= epochs[0]["metrics"]["val_iou"] <= 1


def test_metrics_per_class_and_per_glacier_for_validation_and_test(trained_model):
    manifest = json.loads((trained_model / "ensemble.json").read_text())
    members = manifest["members"]
    for member in members:
        for split in ("validation", "test"):
            per_class = member[split]["per_class"]
            assert set(per_class) == {"background", "glacier"}
            assert set(per_class["glacier"]) == {"iou", "f1", "precision", "recall", "accuracy", "pixels"}
            assert 0 <= member[split]["glacier_iou"] <= 1 and member[split]["glaciers"] >= 1
        assert member["metrics"]["test_iou"] == member["test"]["iou"]
        assert member["metrics"]["test_glacier_iou"] == member["test"]["glacier_iou"]
    weights = [m["test"]["glacier_pixels"] for m in members]
    pooled = sum(w * m["test"]["glacier_iou"] for w, m in zip(weights, members)) / sum(weights)
    assert manifest["cross_validation"]["test_glacier_iou"] == pytest.approx(pooled, abs=1e-6)


def test_curves_and_report_are_written(trained_model):
    for name in ("member_00", "member_01"):
        image = imread(trained_model / name / "curves.png")
        assert image.shape[0] > 100 and image.shape[1] > 300
        assert not (trained_model / name / "resume.pt").exists()
    report = (trained_model / "report.md").read_text()
    assert "![member_01](member_01/curves.png)" in report and "| member_00 | 0 | 0 |" in report
    assert "test_glacier_iou" in report and "| glacier |" in report


@pytest.mark.slow
def test_regression_dataset_trains_and_exports_values(make_dataset, tmp_path):
    dataset = make_dataset(regression=True)
    model = fit_ensemble(dataset, tmp_path / "model", dataclasses.replace(ONE, epochs=2))
    member = json.loads((model / "ensemble.json").read_text())["members"][0]
    assert {"test_rmse", "test_mae", "test_r2", "val_rmse"} <= set(member["metrics"])
    assert 0 < member["metrics"]["test_rmse"] < 2 * THICKNESS and member["metrics"]["test_mae"] > 0
    onnx_model = onnx.load(str(model / "member_00.onnx"))
    properties = {p.key: p.value for p in onnx_model.metadata_props}
    metadata = ModelMetadata.from_json(properties["glacierdl"])
    assert (metadata.task, metadata.classes, metadata.target) == ("regression", (), "thickness:1")
    assert [o.name for o in onnx_model.graph.output] == ["values"]
    info = load_dataset(dataset)
    x = torch.stack([ChipDataset(info, info.chips[:2], metadata.mean, metadata.std)[i][0] for i in range(2)])
    values = onnxruntime.InferenceSession(str(model / "member_00.onnx")).run(["values"], {"input": x.numpy()})[0]
    assert values.shape == (2, 1, 32, 32) and abs(float(values.mean()) - member["target_mean"]) < 2 * THICKNESS


def _write_photos(folder, n=8, size=32):
    rng = np.random.default_rng(0)
    (folder / "images").mkdir(parents=True)
    (folder / "masks").mkdir()
    for i in range(n):
        mask = np.zeros((size, size), np.uint8)
        mask[rng.integers(0, size // 2):, :] = 1  # a snow layer from some depth down
        image = (40 + 150 * mask + rng.integers(0, 30, (3, size, size))).astype(np.uint8)
        for path, array in ((folder / "images" / f"pit{i}.png", image),
                            (folder / "masks" / f"pit{i}_mask.png", mask[None])):
            with rasterio.open(path, "w", driver="PNG", width=size, height=size, count=array.shape[0],
                               dtype="uint8") as dst:
                dst.write(array)
    return folder


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # photographs
def test_plain_image_folder_is_a_training_source(tmp_path):
    folder = _write_photos(tmp_path / "photos")
    info = load_dataset(folder)
    assert info.classes == ("background", "class_1") and info.bands == ("image:1", "image:2", "image:3")
    assert info.n_folds == 4 and sorted(c.fold for c in info.chips) == [0, 0, 1, 1, 2, 2, 3, 3]
    pixels = []
    for i in range(8):
        with rasterio.open(folder / "images" / f"pit{i}.png") as src:
            pixels.append(src.read().reshape(3, -1))
    pixels = np.concatenate(pixels, axis=1)
    assert info.stats(-1)[0] == pytest.approx(pixels.mean(axis=1).tolist(), rel=1e-9)
    model = fit_ensemble(folder, tmp_path / "model", ONE)
    assert json.loads((model / "ensemble.json").read_text())["members"][0]["test"]["per_class"]["class_1"]


def test_inconsistent_classes_between_chips_name_the_chip(make_dataset):
    folder = make_dataset()
    with rasterio.open(folder / "masks" / "chip_00005_mask.tif", "r+") as dst:
        mask = dst.read()
        mask[0, 0, 0] = 3
        dst.write(mask)
    with pytest.raises(InputError, match="chip_00005 has mask value 3 but dataset.json lists only 2 classes"):
        load_dataset(folder)


def test_a_fold_without_chips_is_refused_before_training(make_dataset, tmp_path):
    folder = make_dataset()
    description = json.loads((folder / "dataset.json").read_text())
    description["n_folds"] = 4
    description["fold_stats"]["3"] = description["fold_stats"]["all"]
    (folder / "dataset.json").write_text(json.dumps(description))
    with pytest.raises(InputError) as error:
        fit_ensemble(folder, tmp_path / "model", dataclasses.replace(TINY_CONFIG, members=4))
    assert error.value.parameter == "DATASET" and "fold 3 has no chips" in str(error.value)
    assert list(tmp_path.iterdir()) == [folder.parent] or not (tmp_path / "model").exists()


def test_an_interrupted_run_must_be_resumed_or_overwritten(tiny_dataset, tmp_path):
    work_folder(tmp_path / "model").mkdir()
    with pytest.raises(InputError) as error:
        fit_ensemble(tiny_dataset, tmp_path / "model", ONE)
    assert error.value.parameter == "OUTPUT" and "--resume" in error.value.fix


def test_resume_refuses_a_run_started_with_other_settings(tiny_dataset, tmp_path):
    work = work_folder(tmp_path / "model")
    work.mkdir()
    (work / "run.json").write_text(json.dumps({"dataset": str(tiny_dataset.resolve()), "encoder": "resnet34"}))
    with pytest.raises(InputError) as error:
        fit_ensemble(tiny_dataset, tmp_path / "model", dataclasses.replace(ONE, resume=True))
    assert error.value.parameter == "RESUME"
    assert "encoder" in error.value.problem and "architecture" in error.value.problem
    assert (work / "run.json").is_file() and not (tmp_path / "model").exists()


def test_class_weights_must_match_the_classes(tiny_dataset, tmp_path):
    with pytest.raises(InputError) as error:
        fit_ensemble(tiny_dataset, tmp_path / "model", dataclasses.replace(ONE, class_weights=(1.0, 2.0, 3.0)))
    assert error.value.parameter == "CLASS_WEIGHTS" and not (tmp_path / "model").exists()


def test_a_full_disk_keeps_the_previous_checkpoint(tmp_path):
    path = tmp_path / "checkpoint.safetensors"
    small = {"w": torch.arange(4, dtype=torch.float32)}
    write_checkpoint(path, small, "{}")
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG as an OSError instead of a signal
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))  # the file system is "full" after 4 KiB
    try:
        with pytest.raises(GlacierDLError, match="previous checkpoint is kept.*--resume"):
            write_checkpoint(path, {"w": torch.zeros(100_000)}, "{}")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert torch.equal(load_file(path)["w"], small["w"]) and [p.name for p in tmp_path.iterdir()] == [path.name]
