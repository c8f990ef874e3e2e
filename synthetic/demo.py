"""``python -m synthetic.demo``: the whole chain on a built-in synthetic scene, through qgis_process.

Generates a seeded synthetic glacier scene, then runs, exactly as a batch user would: Create training dataset
(2 spatial folds) -> Train ensemble (2 seeds per fold, CPU) -> Predict over the whole scene (PNG quick-look)
-> Predict each glacier with only the members that never saw it -> Polygonize (outlines, areas and their
uncertainty) -> Evaluate against the scene's reference outlines (per-glacier scores, HTML report).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from glacier_dl_plugin.core.predict.quicklook import write_quicklook
from glacier_dl_plugin.qgis_process import QgisProcess
from synthetic.glacier_scene import SceneSpec, generate_scene

__all__ = ["run_demo"]


def _step(title: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.1f} s] {title}", flush=True)


def run_demo(out: Path, epochs: int = 16, members: int = 4, seed: int = 0) -> dict[str, Path]:
    """Run the chain into ``out`` (replaced if it exists); returns the paths of the results."""
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    _step("generating a synthetic glacier scene", started)
    scene = generate_scene(out / "scene", SceneSpec(width=640, height=576, seed=seed))
    qgis = QgisProcess(out / "qgis-profile")
    inputs = [str(scene.image), str(scene.dem)]
    _step("glacierdl:createdataset", started)
    dataset = qgis.results("createdataset", dict(
        INPUTS=inputs, GLACIERS=str(scene.glaciers), ID_FIELD="glacier_id", CHIP_SIZE=64, STRIDE=32, BUFFER=300,
        FOLDS=2, OVERWRITE=True, OUTPUT=str(out / "dataset")))
    print(f"          {dataset['CHIPS']} chips", flush=True)
    _step(f"glacierdl:trainensemble ({members} members x {epochs} epochs, CPU)", started)
    model = qgis.results("trainensemble", dict(
        DATASET=dataset["OUTPUT"], MEMBERS=members, EPOCHS=epochs, BATCH_SIZE=8, DEVICE="cpu", ENCODER_DEPTH=4,
        CRITERION="val_iou", PATIENCE=8,
        SEED=seed, OVERWRITE=True, OUTPUT=str(out / "model")))
    _step("glacierdl:predict (whole scene)", started)
    predicted = qgis.results("predict", dict(
        INPUTS=inputs, MODEL=model["OUTPUT"], OVERLAP=32, DEVICE="cpu",
        OUTPUT_MEAN=str(out / "glacier_mean.tif"), OUTPUT_STD=str(out / "glacier_std.tif")))
    quicklook = write_quicklook(scene.image, predicted["OUTPUT_MEAN"], predicted["OUTPUT_STD"], out / "quicklook.png")
    held_out = _held_out_outlines(qgis, out, scene, inputs, model["OUTPUT"], started)
    _step("done", started)
    return {"scene": scene.image, "dataset": Path(dataset["OUTPUT"]), "model": Path(model["OUTPUT"]),
            "mean": Path(predicted["OUTPUT_MEAN"]), "std": Path(predicted["OUTPUT_STD"]), "quicklook": quicklook,
            **held_out}


def _held_out_outlines(qgis: QgisProcess, out: Path, scene, inputs: list[str], model: str,
                       started: float) -> dict[str, Path]:
    """Outlines and scores from predictions each glacier got only from members that never saw it."""
    _step("glacierdl:predict (each glacier by its held-out members)", started)
    predicted = qgis.results("predict", dict(
        INPUTS=inputs, MODEL=model, GLACIERS=str(scene.glaciers), ID_FIELD="glacier_id", BUFFER=300,
        HELD_OUT_ONLY=True, OVERLAP=32, DEVICE="cpu",
        OUTPUT_MEAN=str(out / "heldout_mean.tif"), OUTPUT_STD=str(out / "heldout_std.tif")))
    _step("glacierdl:polygonize", started)
    outlines = qgis.results("polygonize", dict(
        MEAN=predicted["OUTPUT_MEAN"], STD=predicted["OUTPUT_STD"], GLACIERS=str(scene.glaciers),
        ID_FIELD="glacier_id", BUFFER=300, OUTPUT=str(out / "outlines.gpkg")))
    print(f"          predicted glacier area {float(outlines['TOTAL_AREA']):.2f} "
          f"± {float(outlines['TOTAL_SIGMA']):.2f} km²", flush=True)
    _step("glacierdl:evaluate", started)
    scores = qgis.results("evaluate", dict(
        PREDICTION=predicted["OUTPUT_MEAN"], REFERENCE=str(scene.glaciers), REFERENCE_ID_FIELD="glacier_id",
        IMAGE=str(scene.image), STD=predicted["OUTPUT_STD"], BUFFER=300, OUTPUT_CSV=str(out / "scores.csv"),
        OUTPUT_LAYER=str(out / "scores.gpkg"), OUTPUT_REPORT=str(out / "report.html")))
    print(f"          held-out IoU {float(scores['IOU']):.3f} (mean over glaciers), "
          f"{float(scores['IOU_AREA_WEIGHTED']):.3f} (area-weighted)", flush=True)
    return {"outlines": Path(outlines["OUTPUT"]), "scores": Path(scores["OUTPUT_CSV"]),
            "report": Path(scores["OUTPUT_REPORT"])}

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("demo_output"), help="output folder")
    parser.add_argument("--epochs", type=int, default=16)
    parser.add_argument("--members", type=int, default=4)
    args = parser.parse_args()
    results = run_demo(args.out.resolve(), args.epochs, args.members)
    print("\nResults (open the .tif files in QGIS):")
    for name, path in results.items():
        print(f"  {name:10s} {path}")


if __name__ == "__main__":
    main()
