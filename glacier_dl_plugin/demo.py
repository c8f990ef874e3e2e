"""``python -m glacier_dl_plugin.demo``: the whole chain on a built-in synthetic scene, through qgis_process.

Generates a seeded synthetic glacier scene, then runs Create training dataset -> Train ensemble (2 members,
CPU) -> Predict exactly as a batch user would, and writes a PNG quick-look of the result.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from .core.quicklook import write_quicklook
from .core.synthetic import SceneSpec, generate_scene
from .qgis_process import QgisProcess

__all__ = ["run_demo"]


def _step(title: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.1f} s] {title}", flush=True)


def run_demo(out: Path, epochs: int = 8, members: int = 2, seed: int = 0) -> dict[str, Path]:
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
        DATASET=dataset["OUTPUT"], MEMBERS=members, EPOCHS=epochs, BATCH_SIZE=16, DEVICE="cpu", ENCODER_DEPTH=4,
        SEED=seed, OVERWRITE=True, OUTPUT=str(out / "model")))
    _step("glacierdl:predict", started)
    predicted = qgis.results("predict", dict(
        INPUTS=inputs, MODEL=model["OUTPUT"], OVERLAP=32, DEVICE="cpu",
        OUTPUT_MEAN=str(out / "glacier_mean.tif"), OUTPUT_STD=str(out / "glacier_std.tif")))
    quicklook = write_quicklook(scene.image, predicted["OUTPUT_MEAN"], predicted["OUTPUT_STD"], out / "quicklook.png")
    _step("done", started)
    return {"scene": scene.image, "dataset": Path(dataset["OUTPUT"]), "model": Path(model["OUTPUT"]),
            "mean": Path(predicted["OUTPUT_MEAN"]), "std": Path(predicted["OUTPUT_STD"]), "quicklook": quicklook}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("demo_output"), help="output folder")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--members", type=int, default=2)
    args = parser.parse_args()
    results = run_demo(args.out.resolve(), args.epochs, args.members)
    print("\nResults (open the .tif files in QGIS):")
    for name, path in results.items():
        print(f"  {name:10s} {path}")


if __name__ == "__main__":
    main()
