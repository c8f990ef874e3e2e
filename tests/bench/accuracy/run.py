"""The accuracy benchmark (``make bench-accuracy``) and the GPU check (``make gpu-check``): one script.

``python tests/bench/accuracy/run.py --inputs DIR --out DIR [--recipe cpu|gpu|tiny] [--device cpu|cuda]``
reads what :mod:`prepare` wrote, then

1. trains the cross-validated ensemble with ``training.fit.fit_ensemble`` (members ``i`` and ``i + 5``
   hold out fold ``i % 5``: each glacier is tested by ``members_per_fold`` members that never saw it);
2. predicts the whole scene with every member through torch (on the GPU with float16 autocast when the
   device is CUDA): tiles of the chip size overlapping by half, Hann-blended with the engine's weights
   (:func:`core.predict.tiling.blend_weights`), with and without the 8-fold dihedral test-time augmentation;
3. fits each member's temperature on its own validation fold (never on its test fold);
4. scores every glacier inside its zone (the outline grown by 300 m, as Evaluate scores it) with the
   ensemble of the members holding out its fold only, and prints ``BENCH`` lines (:func:`bench_lines`).

Everything it writes goes into ``--out``: ``log.txt``, ``results.json``, ``glaciers.csv``,
``learning_curve.png``, ``errors.png`` and the model folder. Only numpy, torch, matplotlib and the training
package are imported, so the same file runs on a bare GPU machine (``tests/bench/accuracy/gpu_check.sh``).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path[:0] = [str(REPO), str(HERE.parent)]
os.environ.setdefault("GDAL_PAM_ENABLED", "NO")

import torch  # noqa: E402
from threshold_rule import add_counts, best_rule, empty_counts, features  # noqa: E402

from glacier_dl_plugin.core.assess.calibration_fit import choose_k, fit_temperature, minimal_k  # noqa: E402
from glacier_dl_plugin.core.config import IGNORE_INDEX, TrainConfig  # noqa: E402
from glacier_dl_plugin.core.config.calibrate import ONE_SIGMA  # noqa: E402
from glacier_dl_plugin.core.predict.ensemble import PROBABILITY_FLOOR, apply_temperature  # noqa: E402
from glacier_dl_plugin.core.predict.tiling import blend_weights, tile_starts  # noqa: E402
from glacier_dl_plugin.core.predict.writers import member_statistics  # noqa: E402
from glacier_dl_plugin.core.progress import Monitor  # noqa: E402
from training.checkpoints import read_checkpoint  # noqa: E402
from training.chip_dataset import standardise  # noqa: E402
from training.data import load_dataset  # noqa: E402
from training.fit import fit_ensemble  # noqa: E402
from training.model import build_model  # noqa: E402
from training.splits import plan_member  # noqa: E402

THRESHOLD = 0.5
"""Glacier probability above which a pixel is glacier (Predict's and Calibrate's default)."""
DIHEDRAL = range(8)


@dataclass(frozen=True)
class Recipe:
    """How the ensemble is trained, and how many members hold out each fold."""

    members_per_fold: int
    epochs: int
    patience: int
    lr_patience: int
    batch_size: int = 8
    learning_rate: float = 1e-3
    encoder: str = "resnet18"
    encoder_depth: int = 5
    jitter: float = 0.1
    schedule: str = "cosine"
    parallel: int = 1
    loader_workers: int = 2

    def train_config(self, folds: int, device: str) -> TrainConfig:
        return TrainConfig(members=folds * self.members_per_fold, epochs=self.epochs, batch_size=self.batch_size,
                           learning_rate=self.learning_rate, encoder=self.encoder, encoder_depth=self.encoder_depth,
                           device=device, patience=self.patience, criterion="val_loss", schedule=self.schedule,
                           lr_patience=self.lr_patience,
                           jitter=self.jitter, parallel=self.parallel, loader_workers=self.loader_workers,
                           mixed_precision=True)


RECIPES = {
    # 2 cores, 60 minutes: see docs/accuracy.md for why each setting.
    "cpu": Recipe(members_per_fold=2, epochs=16, patience=0, lr_patience=0, parallel=2, loader_workers=0),
    # One H200 within 8 minutes: 3 members per fold (ensemble sizes 1, 2, 3) and a longer schedule; reader
    # processes start anew every epoch (resumable shuffling), so 2 of them: more would cost more to start.
    "gpu": Recipe(members_per_fold=3, epochs=30, patience=0, lr_patience=0, batch_size=16, learning_rate=2e-3,
                  loader_workers=2),
    # Train ensemble's defaults (plateau schedule, early stopping on the validation loss), one member per fold:
    # the comparison in docs/accuracy.md, on 128 px chips at stride 64 (prepare.py --chip 128 --stride 64).
    "defaults": Recipe(members_per_fold=1, epochs=30, patience=5, lr_patience=2, schedule="plateau", parallel=2,
                       loader_workers=0),
    # The dry run in CI: the whole script in a few minutes.
    "tiny": Recipe(members_per_fold=2, epochs=1, patience=0, lr_patience=0, batch_size=8, encoder_depth=3,
                   loader_workers=0),
}


class Log:
    """Prints and appends to ``log.txt`` (the GPU check's log comes back in its output folder)."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("a", buffering=1)

    def __call__(self, message: str) -> None:
        print(message, flush=True)
        self.file.write(message + "\n")


@dataclass(frozen=True)
class Scene:
    """What :mod:`prepare` wrote: the stacked scene and, per glacier, its zone masks, fold and reference area."""

    image: np.ndarray
    valid: np.ndarray
    bands: list[str]
    glaciers: list[dict]
    zones: list[np.ndarray]
    labels: list[np.ndarray]
    areas: list[np.ndarray]

    @classmethod
    def read(cls, folder: Path) -> Scene:
        meta = json.loads((folder / "glaciers.json").read_text())
        with np.load(folder / "scene.npz") as data:
            n = len(meta["glaciers"])
            return cls(data["image"], data["valid"], meta["bands"], meta["glaciers"],
                       [data[f"zone_{i}"] for i in range(n)], [data[f"label_{i}"] for i in range(n)],
                       [data[f"areas_{i}"] for i in range(n)])

    def window(self, array: np.ndarray, i: int) -> np.ndarray:
        row, col, height, width = self.glaciers[i]["window"]
        return array[..., row:row + height, col:col + width]

    def counted(self, i: int) -> np.ndarray:
        return self.zones[i] & self.window(self.valid, i)

    def only(self, ids: list[int]) -> Scene:
        """The scene scoring only glaciers ``ids``."""
        return replace(self, glaciers=[self.glaciers[i] for i in ids], zones=[self.zones[i] for i in ids],
                       labels=[self.labels[i] for i in ids], areas=[self.areas[i] for i in ids])


# --- prediction through torch ------------------------------------------------------------------------------

def _dihedral(x: torch.Tensor, k: int, inverse: bool = False) -> torch.Tensor:
    """:func:`training.chip_dataset.dihedral` on ``[N, C, H, W]`` tensors (rotate, then mirror), or its inverse."""
    if inverse:
        x = torch.flip(x, dims=(3,)) if k >= 4 else x
        return torch.rot90(x, -(k % 4), dims=(2, 3))
    x = torch.rot90(x, k % 4, dims=(2, 3))
    return torch.flip(x, dims=(3,)) if k >= 4 else x


@torch.no_grad()
def predict_scene(model: torch.nn.Module, x: np.ndarray, tile: int, device: torch.device,
                  batch: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Class probabilities ``[classes, H, W]`` of a standardised scene ``x [bands, H, W]``: without and with
    dihedral test-time augmentation (mean of the 8 symmetries' softmax), Hann-blended over tiles
    overlapping by half a tile."""
    _, height, width = x.shape
    overlap = tile // 2
    padded = np.pad(x, ((0, 0), (0, max(tile - height, 0)), (0, max(tile - width, 0))))
    weight = torch.from_numpy(blend_weights(tile, overlap)).to(device)
    starts = [(r, c) for r in tile_starts(padded.shape[1], tile, overlap) for c in tile_starts(padded.shape[2], tile, overlap)]
    sums: dict[str, torch.Tensor] = {}
    total = torch.zeros(padded.shape[1:], device=device)
    amp = device.type == "cuda"
    for first in range(0, len(starts), batch):
        part = starts[first:first + batch]
        tiles = torch.from_numpy(np.stack([padded[:, r:r + tile, c:c + tile] for r, c in part])).to(device)
        outputs = []
        for k in DIHEDRAL:
            with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
                logits = model(_dihedral(tiles, k))
            outputs.append(_dihedral(torch.softmax(logits.float(), dim=1), k, inverse=True))
        for name, probability in (("plain", outputs[0]), ("tta", torch.stack(outputs).mean(dim=0))):
            if name not in sums:
                sums[name] = torch.zeros((probability.shape[1], *padded.shape[1:]), device=device)
            for (r, c), p in zip(part, probability, strict=True):
                sums[name][:, r:r + tile, c:c + tile] += p * weight
        for r, c in part:
            total[r:r + tile, c:c + tile] += weight
    return tuple((sums[name] / total)[:, :height, :width].cpu().numpy() for name in ("plain", "tta"))


@dataclass(frozen=True)
class MemberMaps:
    """One member's fold, validation fold and probabilities ``[classes, H, W]`` (plain and TTA)."""

    name: str
    fold: int
    val_fold: int
    plain: np.ndarray
    tta: np.ndarray


def member_maps(model_dir: Path, indices: list[int], dataset: Path, scene: Scene, config: TrainConfig,
                device: torch.device, log: Log) -> list[MemberMaps]:
    """The scene probabilities of members ``indices`` (in ``model_dir``), each standardised with its own
    training folds' band statistics."""
    info = load_dataset(dataset)
    maps = []
    for index in indices:
        started = time.perf_counter()
        plan = plan_member(info, index, config.seed)
        model = build_model(config, len(info.bands), info.n_outputs)
        model.load_state_dict(read_checkpoint(model_dir / plan.name / "checkpoint.safetensors"))
        model.eval().to(device)
        mean, std = info.stats(plan.fold)
        mask = np.where(scene.valid, 0, IGNORE_INDEX)
        x, _ = standardise(scene.image, mask, mean, std, info.nodata, IGNORE_INDEX)
        plain, tta = predict_scene(model, x, info.chip_size, device)
        maps.append(MemberMaps(plan.name, plan.fold, plan.val[0].fold, plain, tta))
        log(f"{plan.name}: scene predicted on {device} in {time.perf_counter() - started:.1f} s")
    return maps


# --- calibration and scores on held-out glaciers -----------------------------------------------------------

def _zone_pixels(scene: Scene, array: np.ndarray, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """``array [..., H, W]`` at the counted zone pixels of glaciers ``ids``, with their reference labels."""
    values = [scene.window(array, i)[..., scene.counted(i)] for i in ids]
    labels = [scene.labels[i][scene.counted(i)] for i in ids]
    return np.concatenate(values, axis=-1), np.concatenate(labels)


def fit_temperatures(scene: Scene, maps: list[MemberMaps], max_pixels: int = 200_000) -> dict[str, float]:
    """Each member's temperature on the zone pixels of its validation fold (a seeded sample of at most
    ``max_pixels``): glaciers it did not train on, and not its test fold."""
    temperatures, rng = {}, np.random.default_rng(0)
    for member in maps:
        ids = [i for i, g in enumerate(scene.glaciers) if g["fold"] == member.val_fold]
        probabilities, labels = _zone_pixels(scene, member.tta, ids)
        keep = rng.random(labels.size) < max_pixels / max(labels.size, 1)
        log_p = np.log(np.maximum(probabilities[:, keep], PROBABILITY_FLOOR))
        temperatures[member.name] = round(fit_temperature(log_p, labels[keep]), 4)
    return temperatures


def held_out(maps: list[MemberMaps], fold: int, size: int, kind: str, temperatures: dict[str, float],
             group: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Mean and std of the glacier probability over the ``group``-th ``size`` members holding out ``fold``
    (group 0: the first ``size``)."""
    chosen = [m for m in maps if m.fold == fold][group * size:(group + 1) * size]
    glacier = np.stack([1 - apply_temperature(getattr(m, kind), temperatures.get(m.name, 1.0), axis=0)[:1]
                        for m in chosen])
    mean, std = member_statistics(glacier)
    return mean[0], std[0]


@dataclass(frozen=True)
class Prediction:
    """Glacier probability mean and std over the whole scene, each fold's pixels from its held-out members."""

    mean: np.ndarray
    std: np.ndarray


def cross_validated(scene: Scene, maps: list[MemberMaps], size: int, kind: str,
                    temperatures: dict[str, float], group: int = 0) -> list[Prediction]:
    """Per glacier, its held-out ensemble's prediction in its window."""
    by_fold = {f: held_out(maps, f, size, kind, temperatures, group) for f in sorted({m.fold for m in maps})}
    return [Prediction(*(scene.window(a, i) for a in by_fold[g["fold"]])) for i, g in enumerate(scene.glaciers)]


def glacier_counts(scene: Scene, i: int, predicted: np.ndarray, within: np.ndarray | None = None) -> np.ndarray:
    """``[tp, fp, fn]`` of glacier ``i``'s counted zone pixels (optionally only where ``within``)."""
    counted = scene.counted(i) if within is None else scene.counted(i) & within
    truth, guess = scene.labels[i][counted], predicted[counted]
    return np.array([np.sum(truth & guess), np.sum(~truth & guess), np.sum(truth & ~guess)], float)


def iou(counts: np.ndarray) -> float:
    return float(counts[0] / counts.sum()) if counts.sum() else math.nan


def area_weighted_iou(scene: Scene, ious: list[float]) -> float:
    """``sum area_g IoU_g / sum area_g`` over the glaciers with a defined IoU (Train ensemble's figure)."""
    pairs = [(v, g["reference_km2"]) for v, g in zip(ious, scene.glaciers, strict=True) if not math.isnan(v)]
    return sum(v * a for v, a in pairs) / sum(a for _, a in pairs)


def ensemble_ious(scene: Scene, predictions: list[Prediction]) -> list[float]:
    return [iou(glacier_counts(scene, i, p.mean >= THRESHOLD)) for i, p in enumerate(predictions)]


def threshold_rules(scene: Scene) -> tuple[list[float], dict[int, str]]:
    """Per glacier the IoU of the threshold rule chosen on the other folds' zones (the training folds of the
    members testing its fold), and the rule of each fold."""
    values = features(scene.bands, scene.image)
    ious, rules = [math.nan] * len(scene.glaciers), {}
    for fold in sorted({g["fold"] for g in scene.glaciers}):
        counts = empty_counts()
        for i, g in enumerate(scene.glaciers):
            if g["fold"] != fold:
                counted = scene.counted(i)
                add_counts(counts, {k: scene.window(v, i)[counted] for k, v in values.items()}, scene.labels[i][counted])
        name, t, _ = best_rule(counts)
        rules[fold] = f"{name} > {t}"
        for i, g in enumerate(scene.glaciers):
            if g["fold"] == fold:
                ious[i] = iou(glacier_counts(scene, i, scene.window(values[name], i) > t))
    return ious, rules


def minimal_ks(scene: Scene, predictions: list[Prediction]) -> list[float]:
    """Per glacier the smallest k whose interval ``[area(m - k s >= t), area(m + k s >= t)]`` holds its
    reference area (:func:`core.assess.calibration_fit.minimal_k`, Calibrate's rule)."""
    ks = []
    for i, (g, p) in enumerate(zip(scene.glaciers, predictions, strict=True)):
        counted = scene.counted(i)
        ks.append(minimal_k(p.mean[counted], p.std[counted], scene.areas[i][counted].astype(np.float64),
                            g["reference_km2"], THRESHOLD) if counted.any() else math.nan)
    return ks


def interval_coverage(scene: Scene, ks: list[float]) -> tuple[float, dict[int, float]]:
    """Share of glaciers whose reference area lies in the ±1σ interval, each fold's ``k`` chosen (for 68.27 %
    coverage) on the held-out predictions of the *other* folds: no glacier calibrates its own interval."""
    folds = sorted({g["fold"] for g in scene.glaciers})
    covered, chosen = [], {}
    for fold in folds:
        others = [k for k, g in zip(ks, scene.glaciers, strict=True) if g["fold"] != fold and not math.isnan(k)]
        chosen[fold], _ = choose_k(others, ONE_SIGMA)
        covered += [k <= chosen[fold] for k, g in zip(ks, scene.glaciers, strict=True)
                    if g["fold"] == fold and not math.isnan(k)]
    return float(np.mean(covered)), chosen


def dark_threshold(scene: Scene) -> float:
    """The debris proxy's cut: the median RGB brightness of the non-glacier zone pixels (rock, moraine)."""
    brightness = features(scene.bands, scene.image)["brightness"]
    values, labels = _zone_pixels(scene, brightness, list(range(len(scene.glaciers))))
    return float(np.median(values[~labels]))


def debris_proxy(scene: Scene, predictions: list[Prediction], cut: float) -> dict[str, float]:
    """Pooled IoU over the dark zone pixels (brightness below ``cut``: debris-like ice and the rock around
    it) and over the bright ones (clean ice, snow), and the share of glacier area that is dark."""
    brightness = features(scene.bands, scene.image)["brightness"]
    dark, bright, dark_ice, ice = np.zeros(3), np.zeros(3), 0.0, 0.0
    for i, p in enumerate(predictions):
        is_dark = scene.window(brightness, i) < cut
        guess = p.mean >= THRESHOLD
        dark += glacier_counts(scene, i, guess, is_dark)
        bright += glacier_counts(scene, i, guess, ~is_dark)
        counted = scene.counted(i) & scene.labels[i]
        dark_ice, ice = dark_ice + float(np.sum(is_dark & counted)), ice + float(np.sum(counted))
    return {"dark_iou": iou(dark), "bright_iou": iou(bright), "dark_share": dark_ice / ice, "cut": cut,
            "dark_recall": float(dark[0] / (dark[0] + dark[2]))}


# --- outputs -----------------------------------------------------------------------------------------------

def write_table(path: Path, scene: Scene, predictions: list[Prediction], ious: list[float], baseline: list[float],
                ks: list[float], k_by_fold: dict[int, float], cut: float) -> None:
    """``glaciers.csv``: per glacier its fold, reference and predicted area ± σ, IoU, the rule's IoU, the
    dark (debris-like) share of its outline and whether the ±1σ interval holds the reference area."""
    brightness = features(scene.bands, scene.image)["brightness"]
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["glacier", "fold", "reference_km2", "predicted_km2", "low_km2", "high_km2", "iou",
                      "threshold_rule_iou", "dark_share", "minimal_k", "covered"])
        for i, (g, p) in enumerate(zip(scene.glaciers, predictions, strict=True)):
            counted, areas, k = scene.counted(i), scene.areas[i], k_by_fold[g["fold"]]
            area = {name: float(areas[counted & (values >= THRESHOLD)].sum()) for name, values in
                    (("mean", p.mean), ("low", p.mean - k * p.std), ("high", p.mean + k * p.std))}
            ice = counted & scene.labels[i]
            dark = float(np.mean(scene.window(brightness, i)[ice] < cut)) if ice.any() else math.nan
            out.writerow([g["id"], g["fold"], f"{g['reference_km2']:.4f}", f"{area['mean']:.4f}", f"{area['low']:.4f}",
                          f"{area['high']:.4f}", f"{ious[i]:.4f}", f"{baseline[i]:.4f}", f"{dark:.3f}", f"{ks[i]:.3f}",
                          int(ks[i] <= k)])


def plot_learning_curve(path: Path, model_dir: Path, members: list[dict], sizes: dict[int, float],
                        baseline: float, spread: dict[int, tuple[float, float]] | None = None) -> None:
    """Validation IoU per epoch of every member (best epochs marked), and test IoU against ensemble size
    (with the range over disjoint groups of members where ``spread`` gives it)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, (curves, ensemble) = plt.subplots(1, 2, figsize=(11, 4))
    for entry in members:
        with (model_dir / entry["name"] / "history.csv").open() as handle:
            rows = list(csv.DictReader(handle))
        epochs, scores = [int(r["epoch"]) for r in rows], [float(r["val_iou"]) for r in rows]
        line, = curves.plot(epochs, scores, lw=1, label=f"{entry['name']} (fold {entry['fold']})")
        curves.plot([entry["best_epoch"]], [scores[entry["best_epoch"] - 1]], "o", color=line.get_color())
    curves.set(xlabel="epoch", ylabel="validation IoU (glacier)", title="Members: validation IoU, best epoch marked")
    curves.legend(fontsize=6, ncol=2)
    ensemble.plot(list(sizes), list(sizes.values()), "o-", label="U-Net ensemble (TTA)")
    if spread:
        low, high = zip(*(spread[s] for s in sizes), strict=True)
        ensemble.fill_between(list(sizes), low, high, alpha=0.2, label="range over disjoint groups")
    ensemble.axhline(baseline, color="grey", ls="--", label="threshold rule")
    ensemble.set(xlabel="members per held-out fold", ylabel="area-weighted per-glacier IoU", xticks=list(sizes),
                 title="Held-out folds: IoU against ensemble size")
    ensemble.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def plot_errors(path: Path, scene: Scene, predictions: list[Prediction]) -> None:
    """The scene with every zone's hits (cyan), misses (red) and false glacier (yellow) of the held-out
    ensemble."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rgb = [i for i, band in enumerate(scene.bands) if band.startswith("RGB")]
    picture = np.clip(np.moveaxis(scene.image[rgb], 0, -1) / 255.0, 0, 1) * 0.8
    colours = {"hit": (0.0, 0.9, 0.9), "miss": (0.95, 0.1, 0.1), "false": (1.0, 0.9, 0.0)}
    for i, p in enumerate(predictions):
        counted, truth, guess = scene.counted(i), scene.labels[i], p.mean >= THRESHOLD
        view = scene.window(np.moveaxis(picture, -1, 0), i)
        for name, where in (("hit", truth & guess), ("miss", truth & ~guess), ("false", ~truth & guess)):
            for channel, value in enumerate(colours[name]):
                view[channel][counted & where] = 0.45 * view[channel][counted & where] + 0.55 * value
    figure, axes = plt.subplots(figsize=(9, 7.5))
    axes.imshow(picture)
    axes.set_title("Held-out ensemble: cyan hit, red missed glacier, yellow false glacier")
    axes.set_axis_off()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


# --- the run -----------------------------------------------------------------------------------------------

def bench_lines(results: dict) -> list[str]:
    names = ["everest_converged_cv_iou", "everest_converged_threshold_iou", "everest_interval_coverage",
             "everest_debris_proxy_iou", "everest_clean_ice_iou", "everest_cv_iou_without_tta",
             "everest_accuracy_minutes"]
    return [f"BENCH {name}={results[name]:.4f}" for name in names]


def run(inputs: Path, out: Path, recipe: Recipe, device_name: str) -> dict:
    """Train, predict, score; writes everything into ``out`` and returns ``results.json``'s content."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    log = Log(out / "log.txt")
    device = torch.device(device_name)
    gpu = torch.cuda.get_device_name(device) if device.type == "cuda" else "none"
    log(f"torch {torch.__version__}, numpy {np.__version__}, device {device} ({gpu}), recipe {asdict(recipe)}")
    scene, dataset = Scene.read(inputs), inputs / "dataset"
    folds = load_dataset(dataset).n_folds
    config = recipe.train_config(folds, device_name)
    model_dir = fit_ensemble(dataset, out / "model", config, Monitor(log=log), overwrite=True)
    trained = time.perf_counter()
    members = json.loads((model_dir / "ensemble.json").read_text())["members"]
    maps = member_maps(model_dir, list(range(len(members))), dataset, scene, config, device, log)
    temperatures = fit_temperatures(scene, maps)
    log(f"temperatures (fitted on each member's validation fold): {temperatures}")
    full = cross_validated(scene, maps, recipe.members_per_fold, "tta", temperatures)
    ious = ensemble_ious(scene, full)
    sizes = {s: area_weighted_iou(scene, ensemble_ious(scene, cross_validated(scene, maps, s, "tta", temperatures)))
             for s in sorted({1, 2, 5, 10, recipe.members_per_fold}) if s <= recipe.members_per_fold}
    plain = area_weighted_iou(scene, ensemble_ious(scene, cross_validated(scene, maps, recipe.members_per_fold,
                                                                          "plain", temperatures)))
    baseline, rules = threshold_rules(scene)
    ks = minimal_ks(scene, full)
    coverage, k_by_fold = interval_coverage(scene, ks) if recipe.members_per_fold > 1 else (math.nan, {})
    cut = dark_threshold(scene)
    proxy = debris_proxy(scene, full, cut)
    write_table(out / "glaciers.csv", scene, full, ious, baseline, ks, k_by_fold or {g["fold"]: 0.0 for g in
                                                                                       scene.glaciers}, cut)
    plot_learning_curve(out / "learning_curve.png", model_dir, members, sizes, area_weighted_iou(scene, baseline))
    plot_errors(out / "errors.png", scene, full)
    results = {
        "everest_converged_cv_iou": area_weighted_iou(scene, ious),
        "everest_converged_threshold_iou": area_weighted_iou(scene, baseline),
        "everest_interval_coverage": coverage, "everest_debris_proxy_iou": proxy["dark_iou"],
        "everest_clean_ice_iou": proxy["bright_iou"], "everest_cv_iou_without_tta": plain,
        "everest_accuracy_minutes": (time.perf_counter() - started) / 60, "training_minutes": (trained - started) / 60,
        "ensemble_size_iou": sizes, "threshold_rules": rules, "k_by_fold": k_by_fold, "temperatures": temperatures,
        "debris_proxy": proxy, "recipe": asdict(recipe), "device": f"{device} ({gpu})",
        "members": [{k: m[k] for k in ("name", "fold", "best_epoch", "epochs_trained", "stopped_early")}
                    | {"test_iou": m["metrics"]["test_iou"]} for m in members],
    }
    (out / "results.json").write_text(json.dumps(results, indent=1))
    for line in bench_lines(results):
        log(line)
    return results


def arguments(description: str, out_help: str) -> argparse.ArgumentParser:
    """The options this script and the ensemble-size study share: inputs, output folder, recipe, device."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--inputs", type=Path, required=True, help="folder written by prepare.py")
    parser.add_argument("--out", type=Path, required=True, help=out_help)
    parser.add_argument("--recipe", choices=sorted(RECIPES), default="cpu")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    return parser


def use_device_threads(device: str) -> None:
    """On the CPU, torch's threads for the 2-core budget (prediction runs in this process)."""
    if device == "cpu":
        torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__.split("\n\n")[0], "folder for the figures, the log and the model")
    parser.add_argument("--epochs", type=int, help="override the recipe's most epochs")
    args = parser.parse_args(argv)
    recipe = RECIPES[args.recipe] if args.epochs is None else replace(RECIPES[args.recipe], epochs=args.epochs)
    use_device_threads(args.device)
    run(args.inputs, args.out, recipe, args.device)

if __name__ == "__main__":
    main()
