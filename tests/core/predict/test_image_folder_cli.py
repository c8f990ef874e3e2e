"""The image-folder command line, run as a real process (no QGIS): outputs, scores, exit codes."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio

from glacier_dl_plugin.core.predict.image_folder_cli import build_parser
from image_folder_fixtures import CLASSES, image2, softmax_model, softmax_reference, write

pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
REPO = Path(__file__).resolve().parents[3]


def run(*arguments):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "glacier_dl_plugin.core.predict.image_folder_cli", *map(str, arguments)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_options_come_from_the_configuration():
    options = build_parser()._option_string_actions
    for flag in ("--tile", "--tile-size", "--overlap", "--device", "--blending", "--tta", "--no-probabilities",
                 "--precision", "--batch-size", "--overwrite"):
        assert flag in options


def test_predicts_a_folder_and_scores_it(tmp_path):
    image = write(tmp_path / "walls" / "images" / "a.tif", image2(5, 50, 70))
    truth = softmax_reference(image).argmax(axis=0).astype(np.uint8)
    write(tmp_path / "walls" / "masks" / "a_mask.tif", truth[None])
    model = softmax_model(tmp_path / "m.onnx")
    done = run("--model", model, "--images", tmp_path / "walls", "--out", tmp_path / "out", "--tile", 32,
               "--overlap", 8, "--device", "cpu")
    assert done.returncode == 0, done.stderr
    assert "pixel accuracy 1.000" in done.stdout
    with rasterio.open(tmp_path / "out" / "masks" / "a.tif") as src:
        np.testing.assert_array_equal(src.read(1), truth)
    rows = list(csv.DictReader((tmp_path / "out" / "scores.csv").read_text().splitlines()))
    assert [float(rows[0][f"iou_{c}"]) for c in CLASSES] == [1.0, 1.0, 1.0]


def test_bad_input_exits_2_with_the_parameter_named(tmp_path):
    (tmp_path / "empty").mkdir()
    model = softmax_model(tmp_path / "m.onnx")
    done = run("--model", model, "--images", tmp_path / "empty", "--out", tmp_path / "out", "--device", "cpu")
    assert done.returncode == 2 and "IMAGES:" in done.stderr and "Traceback" not in done.stderr
    done = run("--model", model, "--images", tmp_path / "empty", "--out", tmp_path / "out", "--overlap", "x")
    assert done.returncode == 2 and "OVERLAP: 'x' is not a whole number" in done.stderr
    assert not (tmp_path / "out").exists()
