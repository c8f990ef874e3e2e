"""The ensemble-size study (``make bench-ensemble-size``): held-out IoU against members, 1 to 10.

``python tests/bench/accuracy/ensemble_size.py --inputs DIR --out DIR [--fold F] [--members N] [--recipe R]``
reads what :mod:`prepare` wrote and trains ``N`` members that all hold out fold ``F``: the members
``F, F + 5, F + 10, …`` that a ``5 × N``-member Train ensemble trains for that fold (same seeds, validation
folds and recipe as :mod:`run`). It scores that fold's glaciers as :mod:`run` scores every fold, with
ensembles of 1, 2, 5 and 10 members. Each size's figure is the mean over the disjoint groups of that size
(ten single members, five pairs, two fives, one ten), with their range, since a single group says as much
about its seeds as about its size. One fold takes 80 minutes of 2 cores; all five would be 50 members.

It writes ``log.txt``, ``results.json`` and ``ensemble_size.png`` into ``--out``, with the members.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import torch
from run import (
    RECIPES,
    Log,
    Scene,
    area_weighted_iou,
    arguments,
    cross_validated,
    ensemble_ious,
    fit_temperatures,
    member_maps,
    plot_learning_curve,
    threshold_rules,
    use_device_threads,
)

from glacier_dl_plugin.core.config import TrainConfig
from glacier_dl_plugin.core.progress import Monitor
from training.data import load_dataset
from training.distributed_fit import run_members
from training.member import MemberJob
from training.splits import plan_member

SIZES = (1, 2, 5, 10)


def fit_fold_members(dataset: Path, folder: Path, config: TrainConfig, fold: int, count: int,
                     log: Log) -> tuple[list[int], list[dict]]:
    """Train the first ``count`` members of a cross-validated ensemble that hold out ``fold`` into
    ``folder`` (``config.parallel`` at a time); their indices and ``ensemble.json`` entries."""
    info = load_dataset(dataset)
    indices = [fold + k * info.n_folds for k in range(count)]
    jobs = [MemberJob(info, config, plan_member(info, i, config.seed), config.learning_rate, folder) for i in indices]
    folder.mkdir(parents=True, exist_ok=True)
    entries = run_members(jobs, [torch.device(config.device)], config.parallel, Monitor(log=log), log,
                          lambda member, epoch, metrics: None)
    return indices, entries


def group_scores(scene: Scene, maps: list, temperatures: dict[str, float], kind: str) -> dict[int, list[float]]:
    """Per ensemble size, the area-weighted IoU of every disjoint group of that many members."""
    return {size: [area_weighted_iou(scene, ensemble_ious(scene, cross_validated(scene, maps, size, kind,
                                                                                  temperatures, group)))
                   for group in range(len(maps) // size)]
            for size in SIZES if size <= len(maps)}


def summary(scores: dict[int, list[float]]) -> dict[int, dict[str, float]]:
    return {size: {"mean": float(np.mean(v)), "min": min(v), "max": max(v), "groups": len(v)}
            for size, v in scores.items()}


def bench_lines(results: dict) -> list[str]:
    fold = results["fold"]
    lines = [f"BENCH everest_fold{fold}_iou_{size}_members={row['mean']:.4f}"
             for size, row in results["ensemble_size_iou"].items()]
    return lines + [f"BENCH everest_fold{fold}_threshold_iou={results['threshold_iou']:.4f}",
                    f"BENCH everest_ensemble_size_minutes={results['minutes']:.4f}"]


def study(inputs: Path, out: Path, recipe_name: str, fold: int, members: int, device_name: str) -> dict:
    """Train, predict, score one fold; writes everything into ``out`` and returns ``results.json``'s content."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    log = Log(out / "log.txt")
    recipe = replace(RECIPES[recipe_name], members_per_fold=members)
    log(f"torch {torch.__version__}, numpy {np.__version__}, fold {fold}, recipe {recipe_name} {asdict(recipe)}")
    scene, dataset = Scene.read(inputs), inputs / "dataset"
    folds = load_dataset(dataset).n_folds
    if not 0 <= fold < folds:
        raise SystemExit(f"--fold {fold}: the dataset's folds are 0 to {folds - 1}")
    config = recipe.train_config(folds, device_name)
    indices, entries = fit_fold_members(dataset, out / "members", config, fold, members, log)
    maps = member_maps(out / "members", indices, dataset, scene, config, torch.device(device_name), log)
    temperatures = fit_temperatures(scene, maps)
    ids = [i for i, g in enumerate(scene.glaciers) if g["fold"] == fold]
    scored = scene.only(ids)
    tta, plain = (summary(group_scores(scored, maps, temperatures, kind)) for kind in ("tta", "plain"))
    rule_ious, rules = threshold_rules(scene)
    rule = area_weighted_iou(scored, [rule_ious[i] for i in ids])
    plot_learning_curve(out / "ensemble_size.png", out / "members", entries, {s: r["mean"] for s, r in tta.items()},
                        rule, {s: (r["min"], r["max"]) for s, r in tta.items()})
    results = {
        "fold": fold, "glaciers": len(ids), "reference_km2": sum(scored.glaciers[i]["reference_km2"]
                                                                 for i in range(len(ids))),
        "ensemble_size_iou": tta, "ensemble_size_iou_without_tta": plain, "threshold_iou": rule,
        "threshold_rule": rules[fold], "temperatures": temperatures, "recipe": asdict(recipe),
        "minutes": (time.perf_counter() - started) / 60,
        "members": [{k: m[k] for k in ("name", "fold", "best_epoch", "epochs_trained")}
                    | {"test_iou": m["metrics"]["test_iou"]} for m in entries],
    }
    (out / "results.json").write_text(json.dumps(results, indent=1))
    for line in bench_lines(results):
        log(line)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__.split("\n\n")[0], "folder for the figure, the log and the members")
    parser.add_argument("--fold", type=int, default=2, help="the held-out fold whose glaciers are scored")
    parser.add_argument("--members", type=int, default=10, help="members holding out that fold")
    args = parser.parse_args(argv)
    if args.members < 1:
        parser.error(f"--members {args.members}: at least one member is needed")
    use_device_threads(args.device)
    study(args.inputs, args.out, args.recipe, args.fold, args.members, args.device)

if __name__ == "__main__":
    main()
