"""Reduced precision: int8 members (``PRECISION=int8``) against float32, speed and accuracy, in one run.

- ``predict_lowp_speedup``: ``predict_raster`` tiles per second with int8 members over float32 ones, on the
  throughput benchmark's setting (U-Net ResNet34, 4 bands, 256 px tiles, batch 4, a 2048² raster, CPU).
  The one-off quantisation (calibration on 8 tiles of the raster) is timed separately and printed as
  ``predict_lowp_quantize_s``; it is excluded from the ratio, which is the steady-state gain.
- ``predict_lowp_iou_delta``: |mean IoU(int8) − mean IoU(float32)| over background and glacier, against the
  RGI outlines on the Everest Landsat sample, for a small U-Net (resnet18, depth 3, 128 px chips) trained
  here for a few epochs on that sample — cheap, but a trained model, whose activations are what int8 must
  represent.
- ``predict_fp16_iou_delta``: the same for float16 members (``PRECISION=fp16``, the GPU path). float16 is
  a GPU format, but onnxruntime's CPU provider runs the converted members too (slowly), so their accuracy
  is measured here by predicting with the converted files; their speed needs a GPU.
Prints ``BENCH <name>=<value>`` lines.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import geopandas
import numpy as np
import rasterio
from rasterio.features import rasterize

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_predict import BATCH, OVERLAP, TILE, make_model, make_raster  # noqa: E402

from glacier_dl_plugin.core.config import DatasetConfig, PredictConfig, TrainConfig  # noqa: E402
from glacier_dl_plugin.core.dataset.build import create_dataset  # noqa: E402
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers  # noqa: E402
from glacier_dl_plugin.core.geo.raster_stack import RasterInput  # noqa: E402
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster  # noqa: E402
from glacier_dl_plugin.core.predict.quantize import float16_member  # noqa: E402
from glacier_dl_plugin.core.progress import Monitor  # noqa: E402
from training.fit import fit_ensemble  # noqa: E402

EVEREST = REPO.parent / "shared" / "data" / "everest_landsat"
INPUTS = [RasterInput(str(EVEREST / "LE71400412000304SGS00_RGB.tif"), "rgb"),
          RasterInput(str(EVEREST / "LE71400412000304SGS00_B4.tif"), "nir")]


def timed_predict(inputs, model: Path, config: PredictConfig, folder: Path, name: str) -> tuple[float, float, Path]:
    """``(tiles per second excluding quantisation, quantisation seconds, class map)`` of one run."""
    quantize = []

    def log(line: str) -> None:
        if "quantised to int8" in line:
            quantize.append(float(line.rsplit(" in ", 1)[1].split()[0]))

    started = time.perf_counter()
    summary = predict_raster(inputs, str(model), config, str(folder / f"{name}_mean.tif"),
                             str(folder / f"{name}_std.tif"), Monitor(log=log), str(folder / f"{name}_classes.tif"))
    seconds = time.perf_counter() - started - sum(quantize)
    return summary.tiles / seconds, sum(quantize), folder / f"{name}_classes.tif"


def speedup(folder: Path) -> None:
    _, model = make_model(folder)
    raster = [RasterInput(str(make_raster(folder, 2048)), "img")]
    config = dict(tile_size=TILE, overlap=OVERLAP, batch_size=BATCH, device="cpu", class_map="argmax")
    fp32, _, _ = timed_predict(raster, model, PredictConfig(**config), folder, "fp32")
    int8, quantize_s, _ = timed_predict(raster, model, PredictConfig(**config, precision="int8"), folder, "int8")
    print(f"BENCH predict_lowp_fp32_tiles_per_s={fp32:.3f}")
    print(f"BENCH predict_lowp_int8_tiles_per_s={int8:.3f}")
    print(f"BENCH predict_lowp_quantize_s={quantize_s:.1f}")
    print(f"BENCH predict_lowp_speedup={int8 / fp32:.3f}")


def everest_model(folder: Path) -> Path:
    outlines = geopandas.read_file(EVEREST / "15_rgi60_glacier_outlines.gpkg")
    records = [GlacierRecord(str(r.RGIId), r.geometry.wkb) for r in outlines.itertuples()]
    with rasterio.open(INPUTS[0].path) as src:
        glaciers = load_glaciers(records, outlines.crs.to_wkt(), src.crs)
    create_dataset(INPUTS, glaciers, DatasetConfig(chip_size=128, stride=64, n_folds=2), str(folder / "dataset"))
    return fit_ensemble(folder / "dataset", folder / "model", TrainConfig(
        members=1, epochs=6, batch_size=16, encoder="resnet18", encoder_depth=3, device="cpu", patience=0))


def mean_iou(classes: Path, truth: np.ndarray) -> float:
    with rasterio.open(classes) as src:
        predicted = src.read(1) == 1
    ious = [((predicted == c) & (truth == c)).sum() / max(((predicted == c) | (truth == c)).sum(), 1)
            for c in (False, True)]
    return float(np.mean(ious))


def float16_copy(model: Path, target: Path) -> Path:
    """The model folder with every member converted to float16, as ``PRECISION=fp16`` does on a GPU."""
    shutil.copytree(model, target)
    for member in json.loads((model / "ensemble.json").read_text())["members"]:
        float16_member(model / member["onnx"], target / member["onnx"])
    return target


def iou_delta(folder: Path) -> None:
    model = everest_model(folder)
    outlines = geopandas.read_file(EVEREST / "15_rgi60_glacier_outlines.gpkg")
    with rasterio.open(INPUTS[0].path) as src:
        truth = rasterize(outlines.to_crs(src.crs).geometry, (src.height, src.width), transform=src.transform) > 0
    config = dict(overlap=32, device="cpu", class_map="argmax")
    _, _, fp32 = timed_predict(INPUTS, model, PredictConfig(**config), folder, "everest_fp32")
    _, _, int8 = timed_predict(INPUTS, model, PredictConfig(**config, precision="int8"), folder, "everest_int8")
    _, _, fp16 = timed_predict(INPUTS, float16_copy(model, folder / "model_fp16"), PredictConfig(**config), folder,
                               "everest_fp16")
    iou32, iou8, iou16 = mean_iou(fp32, truth), mean_iou(int8, truth), mean_iou(fp16, truth)
    print(f"BENCH predict_everest_mean_iou_fp32={iou32:.4f}")
    print(f"BENCH predict_everest_mean_iou_int8={iou8:.4f}")
    print(f"BENCH predict_everest_mean_iou_fp16={iou16:.4f}")
    print(f"BENCH predict_lowp_iou_delta={abs(iou8 - iou32):.4f}")
    print(f"BENCH predict_fp16_iou_delta={abs(iou16 - iou32):.4f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "speed").mkdir()
        speedup(Path(tmp) / "speed")
        iou_delta(Path(tmp))


if __name__ == "__main__":
    main()
