"""Predict throughput: end-to-end tile evaluations per second against two baselines in the same run.

- raw onnxruntime: the same session, the same batch size, pre-made input, no I/O or blending — the
  ceiling the pipeline can approach.
- naive torch: one tile at a time through the torch model (eval, no_grad), as a research script does.
Model: smp U-Net ResNet34, 4 bands, 2 classes, 256 px tiles. Prints ``BENCH <name>=<value>`` lines.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
import torch
from rasterio.transform import from_origin

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from glacier_dl_plugin.core.config import ModelMetadata, PredictConfig, TrainConfig  # noqa: E402
from glacier_dl_plugin.core.ensemble import load_ensemble  # noqa: E402
from glacier_dl_plugin.core.inference import predict_raster  # noqa: E402
from glacier_dl_plugin.core.raster_stack import RasterInput  # noqa: E402
from training.export import export_member  # noqa: E402
from training.model import build_model  # noqa: E402

TILE, BANDS, SIZE, BATCH, OVERLAP = 256, 4, 1024, 4, 32


def make_model(folder: Path) -> tuple[torch.nn.Module, Path]:
    torch.manual_seed(0)
    model = build_model(TrainConfig(encoder="resnet34"), BANDS, 2).eval()
    metadata = ModelMetadata(bands=tuple(f"img:{i}" for i in range(1, BANDS + 1)),
                             classes=("background", "glacier"), chip_size=TILE, pixel_size=30.0,
                             mean=(1000.0,) * BANDS, std=(300.0,) * BANDS)
    path = folder / "unet_resnet34.onnx"
    export_member(model, path, metadata, torch.randn(2, BANDS, TILE, TILE), 32)
    return model, path


def make_raster(folder: Path) -> Path:
    rng = np.random.default_rng(0)
    data = rng.normal(1000, 300, (BANDS, SIZE, SIZE)).clip(1, 60000).astype(np.uint16)
    path = folder / "scene.tif"
    with rasterio.open(path, "w", driver="GTiff", width=SIZE, height=SIZE, count=BANDS, dtype="uint16",
                       crs="EPSG:32645", transform=from_origin(480000, 3110000, 30, 30), tiled=True) as dst:
        dst.write(data)
    return path


def pipeline_rate(raster: Path, model: Path, folder: Path) -> float:
    started = time.perf_counter()
    summary = predict_raster([RasterInput(str(raster), "img")], str(model),
                             PredictConfig(tile_size=TILE, overlap=OVERLAP, batch_size=BATCH, device="cpu"),
                             str(folder / "mean.tif"), str(folder / "std.tif"))
    return summary.tiles / (time.perf_counter() - started)


def raw_ort_rate(model: Path, tiles: int) -> float:
    session = load_ensemble(model, "cpu", log=lambda m: None).members[0].session
    batch = np.random.default_rng(1).normal(0, 1, (BATCH, BANDS, TILE, TILE)).astype(np.float32)
    session.run(None, {"input": batch})  # warm-up
    started = time.perf_counter()
    for _ in range(-(-tiles // BATCH)):
        session.run(None, {"input": batch})
    return (-(-tiles // BATCH) * BATCH) / (time.perf_counter() - started)


def naive_torch_rate(model: torch.nn.Module, tiles: int) -> float:
    tile = torch.randn(1, BANDS, TILE, TILE)
    with torch.no_grad():
        model(tile)
        started = time.perf_counter()
        for _ in range(tiles):
            torch.softmax(model(tile), dim=1)
    return tiles / (time.perf_counter() - started)


def main() -> None:
    torch.set_num_threads(torch.get_num_threads())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        torch_model, onnx_model = make_model(folder)
        raster = make_raster(folder)
        pipeline = pipeline_rate(raster, onnx_model, folder)
        raw = raw_ort_rate(onnx_model, 24)
        naive = naive_torch_rate(torch_model, 8)
    print(f"BENCH predict_tiles_per_s={pipeline:.3f}")
    print(f"BENCH raw_ort_tiles_per_s={raw:.3f}")
    print(f"BENCH naive_torch_tiles_per_s={naive:.3f}")
    print(f"BENCH predict_vs_raw_ort={pipeline / raw:.3f}")
    print(f"BENCH predict_vs_naive_torch={pipeline / naive:.3f}")


if __name__ == "__main__":
    main()
