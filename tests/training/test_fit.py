"""A tiny CPU ensemble: the model folder, the ONNX metadata, torch-vs-onnxruntime, determinism, cancel, the
checks before training, epoch events and a regression ensemble."""
from __future__ import annotations

import csv
import dataclasses
import json

import numpy as np
import onnx
import onnxruntime
import pytest
import rasterio
import torch
from safetensors.torch import load_file

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.errors import CancelledError, InputError
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from glacier_dl_plugin.core.progress import Monitor
from training.__main__ import main
from training.chip_dataset import ChipDataset
from training.data import load_dataset
from training.export import Probabilities
from training.fit import fit_ensemble
from training.model import build_model
from training_fixtures import THICKNESS, TINY_CONFIG

ONE = dataclasses.replace(TINY_CONFIG, members=1)


def _manifest(model) -> dict:
    return json.loads((model / "ensemble.json").read_text())


def _onnx_properties(path) -> dict[str, str]:
    return {p.key: p.value for p in onnx.load(str(path)).metadata_props}


def test_model_folder_lists_members_with_different_folds(trained_model, tiny_dataset):
    manifest, info = _manifest(trained_model), load_dataset(tiny_dataset)
    assert manifest["format"] == "glacierdl-ensemble" and manifest["version"] == 1
    assert manifest["bands"] == list(info.bands) and manifest["classes"] == list(info.classes)
    assert manifest["chip_size"] == 32 and manifest["pixel_size"] == [30.0, 30.0] and manifest["crs"] == info.crs
    members = manifest["members"]
    assert [(m["name"], m["seed"], m["fold"]) for m in members] == [("member_00", 0, 0), ("member_01", 1, 1)]
    for member in members:
        assert member["test_glaciers"] == info.glaciers_in_fold(member["fold"])
        assert set(member["metrics"]) == {f"{split}_{key}" for split in ("val", "test")
                                          for key in ("loss", "iou", "glacier_iou", "accuracy")}
        assert member["metrics"]["val_loss"] > 0 and 0 <= member["metrics"]["test_iou"] <= 1
        assert (trained_model / member["onnx"]).is_file()
        assert (trained_model / member["name"] / "checkpoint.safetensors").is_file()
        with open(trained_model / member["name"] / "history.csv") as handle:
            rows = list(csv.DictReader(handle))
        assert [r["epoch"] for r in rows] == ["1"]
        assert set(rows[0]) == {"epoch", "train_loss", "val_loss", "val_iou", "lr", "seconds", "data_wait"}
        assert float(rows[0]["val_loss"]) == pytest.approx(member["metrics"]["val_loss"], abs=1e-5)
    log = (trained_model / "train.log").read_text()
    assert "member_01: best epoch 1" in log and "ONNX matches torch" in log
    assert not list(trained_model.parent.glob(".*partial*"))


def test_onnx_metadata_records_the_held_out_folds_statistics(trained_model, tiny_dataset):
    info = load_dataset(tiny_dataset)
    for member in _manifest(trained_model)["members"]:
        properties = _onnx_properties(trained_model / member["onnx"])
        metadata = ModelMetadata.from_json(properties["glacierdl"])
        stats = info.fold_stats[str(member["fold"])]
        assert metadata.mean == tuple(stats["mean"]) and metadata.std == tuple(stats["std"])
        assert metadata.mean != tuple(info.fold_stats["all"]["mean"])
        assert (metadata.fold, metadata.seed, metadata.test_glaciers) == (member["fold"], member["seed"],
                                                                           tuple(member["test_glaciers"]))
        assert (metadata.bands, metadata.classes, metadata.chip_size, metadata.pixel_size) == \
            (info.bands, info.classes, 32, 30.0)
        # the grid: dataset.json of this fixture predates pixel_size_m and transform, a UTM grid is metres anyway
        assert (metadata.crs, metadata.pixel_unit, metadata.pixel_sizes, metadata.ground_pixel_size) == \
            (info.crs, "metre", (30.0, 30.0), (30.0, 30.0))
        assert (metadata.architecture, metadata.encoder) == ("Unet", "resnet18")
        assert json.loads(properties["model_type"]) == "Segmentor"
        assert json.loads(properties["class_names"]) == {"0": "background", "1": "glacier"}
        assert float(properties["resolution"]) == 3000.0 and int(properties["tile_size"]) == 32
        # Deepness computes (pixel / 255 - mean) / std: the same standardisation with mean and std / 255.
        assert json.loads(properties["standardization_mean"]) == pytest.approx([m / 255 for m in stats["mean"]])
        assert json.loads(properties["standardization_std"]) == pytest.approx([s / 255 for s in stats["std"]])


def test_onnx_graph_has_the_contracted_names_and_dynamic_axes(trained_model):
    graph = onnx.load(str(trained_model / "member_00.onnx")).graph
    (tensor_in,), (tensor_out,) = graph.input, graph.output
    assert (tensor_in.name, tensor_out.name) == ("input", "probabilities")
    dims = [[d.dim_param or d.dim_value for d in t.type.tensor_type.shape.dim] for t in (tensor_in, tensor_out)]
    assert dims[0][1] == 3 and dims[1][1] == 2
    assert all(isinstance(d, str) for t in dims for d in (t[0], t[2], t[3]))


def test_onnxruntime_reproduces_the_checkpoint_on_real_chips(trained_model, tiny_dataset):
    info = load_dataset(tiny_dataset)
    for member in _manifest(trained_model)["members"]:
        model = build_model(TINY_CONFIG, len(info.bands), len(info.classes))
        model.load_state_dict(load_file(trained_model / member["name"] / "checkpoint.safetensors"))
        mean, std = info.stats(member["fold"])
        batch = torch.stack([ChipDataset(info, info.chips, mean, std)[i][0] for i in range(0, 24, 3)])
        with torch.no_grad():
            expected = Probabilities(model.eval())(batch)
        session = onnxruntime.InferenceSession(str(trained_model / member["onnx"]), providers=["CPUExecutionProvider"])
        actual = torch.from_numpy(session.run(None, {"input": batch.numpy()})[0])
        torch.testing.assert_close(actual, expected, atol=1e-4, rtol=1e-3)
        torch.testing.assert_close(actual.sum(dim=1), torch.ones(8, 32, 32))


def test_plugin_reader_standardises_raw_chips_as_training_did(trained_model, tiny_dataset):
    """core.predict.ensemble (the prediction side) on raw pixels == torch on the training pipeline's input."""
    info = load_dataset(tiny_dataset)
    ensemble = load_ensemble(trained_model, device="cpu", log=lambda message: None)
    with rasterio.open(info.image_path("chip_00000")) as src:
        raw = src.read()[None]
    valid = (raw != -9999.0).all(axis=1)
    for member, entry in zip(ensemble.members, _manifest(trained_model)["members"], strict=True):
        model = build_model(TINY_CONFIG, 3, 2)
        model.load_state_dict(load_file(trained_model / entry["name"] / "checkpoint.safetensors"))
        x, _ = ChipDataset(info, info.chips[:1], *info.stats(entry["fold"]))[0]
        with torch.no_grad():
            expected = Probabilities(model.eval())(x[None]).numpy()
        np.testing.assert_allclose(member.predict(raw, valid), expected, atol=1e-4)


def test_same_seed_gives_identical_checkpoints(trained_model, tiny_dataset, tmp_path):
    again = fit_ensemble(tiny_dataset, tmp_path / "again", TINY_CONFIG)
    for name in ("member_00", "member_01"):
        first, second = (load_file(m / name / "checkpoint.safetensors") for m in (trained_model, again))
        assert first.keys() == second.keys()
        for key in first:
            torch.testing.assert_close(first[key], second[key], atol=0, rtol=0, msg=key)
    first, second = (load_file(trained_model / n / "checkpoint.safetensors") for n in ("member_00", "member_01"))
    assert not torch.equal(first["encoder.conv1.weight"], second["encoder.conv1.weight"])


def test_progress_rises_to_100_and_cancel_leaves_nothing(tiny_dataset, tmp_path):
    percents: list[float] = []
    monitor = Monitor(progress=percents.append, is_cancelled=lambda: len(percents) >= 3)
    with pytest.raises(CancelledError):
        fit_ensemble(tiny_dataset, tmp_path / "model", dataclasses.replace(TINY_CONFIG, members=1), monitor)
    assert list(tmp_path.iterdir()) == []
    assert percents == sorted(percents) and percents[-1] < 100


def test_single_fold_dataset_has_no_test_fold(make_dataset, tmp_path):
    percents: list[float] = []
    model = fit_ensemble(make_dataset(n_folds=1), tmp_path / "model", dataclasses.replace(TINY_CONFIG, members=1),
                         Monitor(progress=percents.append))
    (member,) = _manifest(model)["members"]
    assert (member["fold"], member["test_glaciers"], member["metrics"]["test_iou"]) == (-1, [], None)
    metadata = ModelMetadata.from_json(_onnx_properties(model / "member_00.onnx")["glacierdl"])
    assert metadata.fold == -1 and metadata.test_glaciers == ()
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100


def test_the_dataset_folder_is_never_the_output(make_dataset):
    dataset = make_dataset()
    for out in (dataset, dataset.parent):
        with pytest.raises(InputError) as error:
            fit_ensemble(dataset, out, TINY_CONFIG, overwrite=True)
        assert error.value.parameter == "OUTPUT"
    assert (dataset / "dataset.json").is_file()


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


def test_class_weights_must_match_the_classes(tiny_dataset, tmp_path):
    with pytest.raises(InputError) as error:
        fit_ensemble(tiny_dataset, tmp_path / "model", dataclasses.replace(ONE, class_weights=(1.0, 2.0, 3.0)))
    assert error.value.parameter == "CLASS_WEIGHTS" and not (tmp_path / "model").exists()


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


def test_determinism_stays_on_until_the_last_member_of_the_process_ends():
    """Members sharing a worker process (tasks_per_gpu > 1) end in any order: the first one's end must not
    switch deterministic kernels off under the other, and the last one's restores what was there."""
    import threading

    from training.fit import deterministic

    assert not torch.are_deterministic_algorithms_enabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first() -> None:
        with deterministic():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second() -> None:
        first_in.wait(10)
        with deterministic():
            second_in.set()
            first_out.wait(10)
            seen["after the first ended"] = torch.are_deterministic_algorithms_enabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert seen == {"after the first ended": True}
    assert not torch.are_deterministic_algorithms_enabled() and not torch.backends.cudnn.deterministic
