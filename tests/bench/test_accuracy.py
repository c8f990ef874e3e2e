"""The accuracy benchmark's scoring on known values, and CI's dry run of the GPU check on the CPU.

The dry run executes ``tests/bench/accuracy/gpu_check.sh`` exactly as the GPU machine does (bundle, dataset,
training, torch prediction, scores, figures), with ``DEVICE=cpu RECIPE=tiny FOLDS=2``, so the script that
will run on a GPU has run before.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import EVEREST, REPO

SCRIPTS = REPO / "tests" / "bench" / "accuracy"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"accuracy_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


accuracy = _module("run")
sys.path.insert(0, str(SCRIPTS))  # ensemble_size imports run by name, as it does when run as a script
sizes = _module("ensemble_size")


def _scene(labels: list[np.ndarray], folds: list[int], image: np.ndarray | None = None):
    """Glaciers side by side on one row of 4 x 4 windows, every pixel in its zone, 1 km² pixels."""
    n = len(labels)
    image = np.zeros((4, 4, 4 * n), np.float32) if image is None else image
    glaciers = [{"id": f"G{i}", "fold": f, "window": [0, 4 * i, 4, 4], "reference_km2": float(labels[i].sum())}
                for i, f in enumerate(folds)]
    return accuracy.Scene(image, np.ones((4, 4 * n), bool), ["RGB_1", "RGB_2", "RGB_3", "NIR_1"], glaciers,
                          [np.ones((4, 4), bool)] * n, labels, [np.ones((4, 4), np.float32)] * n)


def test_glacier_iou_is_area_weighted_over_zones():
    left, right = np.zeros((4, 4), bool), np.zeros((4, 4), bool)
    left[:2], right[:1] = True, True  # 8 and 4 km² of ice
    scene = _scene([left, right], [0, 1])
    guess_left = left.copy()
    guess_left[2, :2] = True  # 8 hits, 2 false: IoU 0.8
    guess_right = np.zeros((4, 4), bool)
    guess_right[0, :2] = True  # 2 hits, 2 missed: IoU 0.5
    predictions = [accuracy.Prediction(g.astype(np.float32), np.zeros((4, 4), np.float32))
                   for g in (guess_left, guess_right)]
    ious = accuracy.ensemble_ious(scene, predictions)
    assert ious == pytest.approx([0.8, 0.5])
    assert accuracy.area_weighted_iou(scene, ious) == pytest.approx((8 * 0.8 + 4 * 0.5) / 12)


def test_each_folds_interval_width_comes_from_the_other_folds():
    scene = _scene([np.ones((4, 4), bool)] * 4, [0, 0, 1, 1])
    coverage, k = accuracy.interval_coverage(scene, [0.5, 3.0, 1.0, 1.0])
    # fold 0 takes k from fold 1's glaciers (1.0, 1.0): 0.5 is covered, 3.0 is not; fold 1 gets k = 0.5
    # (the smallest k covering 68 % of 0.5 and 3.0 is 3.0) and both of its glaciers are covered
    assert k == {0: 1.0, 1: 3.0}
    assert coverage == pytest.approx(3 / 4)


def test_threshold_rule_is_chosen_without_the_scored_fold():
    image = np.zeros((4, 4, 8), np.float32)
    image[3] = 10.0
    image[3, :, 0:2] = 200.0  # fold 0's glacier: NIR 200 on its ice columns
    image[3, :, 4:6] = 120.0  # fold 1's glacier: NIR 120
    labels = [np.zeros((4, 4), bool), np.zeros((4, 4), bool)]
    labels[0][:, :2] = labels[1][:, :2] = True
    ious, rules = accuracy.threshold_rules(_scene(labels, [0, 1], image))
    assert rules[1].startswith("nir >") and 10 <= int(rules[1].split("> ")[1]) < 200  # learnt on fold 0 only
    assert rules[0].startswith("nir >") and 10 <= int(rules[0].split("> ")[1]) < 120
    assert ious[0] == 1.0
    assert ious[1] == (1.0 if int(rules[1].split("> ")[1]) < 120 else 0.0)


def test_debris_proxy_splits_zone_pixels_by_brightness():
    image = np.full((4, 4, 4), 200.0, np.float32)
    image[:3, 2:, :] = 20.0  # the lower half is dark (debris-like ice at rows 2, rock at row 3)
    label = np.zeros((4, 4), bool)
    label[:3] = True
    guess = np.zeros((4, 4), np.float32)
    guess[:2] = 1.0  # the clean ice found, the dark ice missed
    scene = _scene([label], [0], image)
    proxy = accuracy.debris_proxy(scene, [accuracy.Prediction(guess, np.zeros((4, 4)))], cut=100.0)
    assert proxy["bright_iou"] == 1.0 and proxy["dark_iou"] == 0.0
    assert proxy["dark_share"] == pytest.approx(4 / 12)


def test_scene_prediction_blends_tiles_and_undoes_every_symmetry():
    """A per-pixel model gives the same probabilities tiled, blended and augmented as applied directly."""
    torch.manual_seed(0)
    model = torch.nn.Conv2d(4, 2, 1).eval()
    x = np.random.default_rng(0).normal(size=(4, 70, 90)).astype(np.float32)
    plain, tta = accuracy.predict_scene(model, x, 32, torch.device("cpu"), batch=5)
    direct = torch.softmax(model(torch.from_numpy(x)[None]), dim=1)[0].detach().numpy()
    np.testing.assert_allclose(plain, direct, atol=1e-5)
    np.testing.assert_allclose(tta, direct, atol=1e-5)


def test_ensemble_sizes_are_scored_over_disjoint_groups_of_members():
    truth = np.zeros((4, 4), bool)
    truth[:, :2] = True
    scene = _scene([truth], [0])
    background = {"right": np.where(truth, 0.1, 0.9), "wrong": np.where(truth, 0.9, 0.1)}
    maps = [accuracy.MemberMaps(f"m{i}", 0, 1, None, np.stack([background[kind], 1 - background[kind]]))
            for i, kind in enumerate(["right", "right", "wrong", "wrong"])]
    scores = sizes.group_scores(scene, maps, {}, "tta")
    # one member each: m0, m1 find the glacier, m2, m3 call only its surroundings glacier; pairs (m0, m1), (m2, m3)
    assert scores == {1: [1.0, 1.0, 0.0, 0.0], 2: [1.0, 0.0]}
    assert sizes.summary(scores)[2] == {"mean": 0.5, "min": 0.0, "max": 1.0, "groups": 2}


@pytest.mark.slow
def test_ensemble_size_study_trains_members_holding_out_one_fold(tmp_path):
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    subprocess.run([sys.executable, str(SCRIPTS / "prepare.py"), "--folds", "2", "--out", str(inputs)], check=True,
                   capture_output=True)
    command = [sys.executable, str(SCRIPTS / "ensemble_size.py"), "--inputs", str(inputs), "--out", str(out),
               "--recipe", "tiny", "--members", "2"]
    refused = subprocess.run(command + ["--fold", "2"], capture_output=True, text=True)
    assert refused.returncode != 0 and "--fold 2: the dataset's folds are 0 to 1" in refused.stderr
    assert "Traceback" not in refused.stderr
    done = subprocess.run(command + ["--fold", "1"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    fold_glaciers = [g for g in json.loads((inputs / "glaciers.json").read_text())["glaciers"] if g["fold"] == 1]
    assert results["glaciers"] == len(fold_glaciers) > 0
    assert results["reference_km2"] == pytest.approx(sum(g["reference_km2"] for g in fold_glaciers))
    assert [m["name"] for m in results["members"]] == ["member_01", "member_03"]  # members 1 and 1 + 2 folds
    assert {m["fold"] for m in results["members"]} == {1}
    assert {k: v["groups"] for k, v in results["ensemble_size_iou"].items()} == {"1": 2, "2": 1}
    one = results["ensemble_size_iou"]["1"]
    assert 0.0 < one["min"] <= one["mean"] <= one["max"] < 1.0
    log = (out / "log.txt").read_text()
    for name in ("everest_fold1_iou_1_members", "everest_fold1_iou_2_members", "everest_fold1_threshold_iou"):
        assert f"BENCH {name}=" in log
    assert (out / "ensemble_size.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_gpu_check_dry_runs_on_the_cpu(tmp_path):
    bundle, out = tmp_path / "bundle", tmp_path / "out"
    subprocess.run([sys.executable, str(SCRIPTS / "prepare.py"), "--bundle", "--data", str(EVEREST),
                    "--out", str(bundle / "everest")], check=True, capture_output=True)
    env = os.environ | {"DEVICE": "cpu", "RECIPE": "tiny", "FOLDS": "2", "BUNDLE": str(bundle),
                        "PYTHON": sys.executable}
    done = subprocess.run(["bash", str(SCRIPTS / "gpu_check.sh"), str(out)], env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    log = (out / "log.txt").read_text()
    assert "device cpu" in log and f"numpy {np.__version__}" in log
    for name in ("everest_converged_cv_iou", "everest_converged_threshold_iou", "everest_debris_proxy_iou",
                 "everest_clean_ice_iou", "everest_cv_iou_without_tta"):
        assert 0.0 < results[name] < 1.0, name
        assert f"BENCH {name}=" in log
    assert 0.0 <= results["everest_interval_coverage"] <= 1.0
    assert set(results["ensemble_size_iou"]) == {"1", "2"}
    assert len(results["members"]) == 4 and {m["fold"] for m in results["members"]} == {0, 1}
    with (out / "glaciers.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 86 and {r["fold"] for r in rows} == {"0", "1"}
    assert math.isclose(sum(float(r["reference_km2"]) for r in rows), 255, rel_tol=0.1)  # the sample's ~255 km²
    for picture in ("learning_curve.png", "errors.png"):
        assert (out / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
