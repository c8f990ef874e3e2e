"""Training quality and data-loading share on the real Everest sample, against a threshold baseline.

The dataset is built as a user would (``create_dataset``: RGB + NIR, 128 px chips, stride 64, 5 spatial
folds, glaciers grouped west to east). Five members (seeds 0-4) each hold out one fold, so every glacier is
tested exactly once by a model that never saw it. Training is reduced to fit a CPU budget (see EPOCHS).

- ``everest_cv_iou``: area-weighted per-glacier IoU over the five test folds (``ensemble.json``
  ``cross_validation.test_glacier_iou``).
- ``everest_threshold_iou``: the same figure for a threshold rule, ``glacier if feature > t``, where the
  feature (NIR or RGB brightness) and ``t`` are chosen to maximise IoU on each member's training folds,
  and scored on its test fold: the honest baseline a model must beat.
- ``train_data_wait_share``: share of training step time spent waiting for the next batch (goal <= 0.1).

Prints ``BENCH <name>=<value>`` lines. Takes about 4 minutes on 2 idle CPU cores.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("GDAL_PAM_ENABLED", "NO")
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
EVEREST = REPO.parent / "shared" / "data" / "everest_landsat"

import fiona  # noqa: E402
import torch  # noqa: E402
from shapely.geometry import shape  # noqa: E402
from threshold_rule import add_counts, best_rule, empty_counts, features  # noqa: E402

from glacier_dl_plugin.core.config import DatasetConfig, TrainConfig  # noqa: E402
from glacier_dl_plugin.core.dataset.build import create_dataset  # noqa: E402
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers  # noqa: E402
from glacier_dl_plugin.core.geo.raster_stack import RasterInput  # noqa: E402
from glacier_dl_plugin.core.progress import Monitor  # noqa: E402
from training.data import DatasetInfo, load_dataset, read_chip  # noqa: E402
from training.fit import fit_ensemble  # noqa: E402
from training.metrics import SegmentationMetrics  # noqa: E402
from training.report import cross_validation  # noqa: E402
from training.splits import plan_member  # noqa: E402

FOLDS = 5
EPOCHS = 4
"""Reduced from the default 30 (with early stopping): a step of 8 chips of 128 px costs about one CPU
second, and 5 members x 4 epochs x ~18 steps is what fits the benchmark's few minutes on 2 cores."""
TRAIN = TrainConfig(members=FOLDS, epochs=EPOCHS, batch_size=8, encoder="resnet18", encoder_depth=3, device="cpu",
                    patience=0, lr_patience=0, learning_rate=2e-3)


def build_dataset(folder: Path) -> Path:
    with fiona.open(EVEREST / "15_rgi60_glacier_outlines.gpkg") as src:
        crs = src.crs_wkt
        records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in src]
    inputs = [RasterInput(str(EVEREST / "LE71400412000304SGS00_RGB.tif"), "RGB"),
              RasterInput(str(EVEREST / "LE71400412000304SGS00_B4.tif"), "NIR")]
    create_dataset(inputs, load_glaciers(records, crs, "EPSG:32645"),
                   DatasetConfig(chip_size=128, stride=64, n_folds=FOLDS), str(folder))
    return folder


def _histograms(info: DatasetInfo, chips) -> dict[str, np.ndarray]:
    """Per feature, counts of background/glacier valid pixels per integer level over ``chips``."""
    counts = empty_counts()
    for chip in chips:
        image, mask = read_chip(info, chip.id)
        valid = (mask != info.ignore_index) & (image != info.nodata).all(axis=0)
        add_counts(counts, {k: v[valid] for k, v in features(info.bands, image).items()}, mask[valid] > 0)
    return counts


def threshold_member(info: DatasetInfo, index: int) -> dict:
    """Choose the rule on member ``index``'s training folds, score it on its test fold."""
    plan = plan_member(info, index, 0)
    name, t, _ = best_rule(_histograms(info, plan.train + plan.val))
    metrics = SegmentationMetrics(info.classes, info.ignore_index)
    for chip in plan.test:
        image, mask = read_chip(info, chip.id)
        predicted = torch.from_numpy((features(info.bands, image)[name] > t).astype(np.int64))
        logits = torch.nn.functional.one_hot(predicted, len(info.classes)).permute(2, 0, 1)[None].float()
        metrics.add(logits, torch.from_numpy(mask.astype(np.int64))[None], [chip.glacier_id])
    return {"test": metrics.summary(), "rule": f"{name} > {t}"}


def main() -> None:
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        dataset = build_dataset(Path(tmp) / "everest")
        info = load_dataset(dataset)
        print(f"dataset: {len(info.chips)} chips, {len(info.glacier_folds)} glaciers, "
              f"{time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        model = fit_ensemble(dataset, Path(tmp) / "model", TRAIN, Monitor(log=lambda m: print("  " + m)))
        manifest = json.loads((model / "ensemble.json").read_text())
        print(f"training: {time.perf_counter() - started:.0f} s")
        baseline = [threshold_member(info, i) for i in range(FOLDS)]
        print("threshold rules: " + ", ".join(b["rule"] for b in baseline))
        members = manifest["members"]
        wait = float(np.mean([m["data_wait_share"] for m in members]))
        print(f"BENCH everest_cv_iou={manifest['cross_validation']['test_glacier_iou']:.4f}")
        print(f"BENCH everest_threshold_iou={cross_validation(baseline, False)['test_glacier_iou']:.4f}")
        print(f"BENCH train_data_wait_share={wait:.4f}")


if __name__ == "__main__":
    main()
