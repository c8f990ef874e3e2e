"""Predict benchmarks: throughput against two baselines and peak memory against raster size, in one run.

Throughput (U-Net ResNet34, 4 bands, 2 classes, 256 px tiles, batch 4, 32 px overlap, CPU, 1 member, a
4096² raster = 361 tiles, about a 120 km square of Landsat; each rate is the best of 3 runs, interleaved,
so that both sides are measured warm and the machine's drifting load hits them alike):
- ``predict_vs_raw_ort``: end-to-end tiles per second of ``predict_raster`` (model loading, reading,
  standardising, blending, mean/std and compressed writing included) against the same onnxruntime model
  and batch on pre-made input in a loop — the ceiling the pipeline can approach.
- ``predict_vs_naive_torch``: against one tile at a time through the torch model (eval, no_grad), as a
  research script does. ``predict_int8_vs_naive_torch``: the same with ``PRECISION=int8`` (quantisation
  excluded; see bench_predict_lowp.py for its accuracy).
- ``predict_km2_per_s_10_members_cpu``: area per second of a 10-member ensemble on the CPU, whole run.
Memory (tiny 1×1-convolution fixture model, so the run measures the I/O and blending path; each run in a
child process, peak RSS = the kernel's VmHWM of that process): ``predict_peak_rss_ratio_4x`` compares a
4096² raster with an 8192² one (4× the area); ``predict_peak_rss_mb_30k`` is a 30,000 × 30,000 raster
(a deflate-compressed uint8 GeoTIFF of a repeating gradient: cheap to store, but every tile is really read,
computed, blended and written). Prints ``BENCH <name>=<value>`` lines; ``--quick`` skips the 30k run.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio
import torch
from rasterio.transform import from_origin
from rasterio.windows import Window

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from glacier_dl_plugin.core.config import ModelMetadata, PredictConfig, TrainConfig  # noqa: E402
from glacier_dl_plugin.core.geo.raster_stack import RasterInput  # noqa: E402
from glacier_dl_plugin.core.predict.ensemble import load_ensemble  # noqa: E402
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster  # noqa: E402
from glacier_dl_plugin.core.progress import Monitor  # noqa: E402
from onnx_fixtures import pointwise_model  # noqa: E402
from training.export import export_member  # noqa: E402
from training.model import build_model  # noqa: E402

TILE, BANDS, SIZE, BATCH, OVERLAP = 256, 4, 4096, 4, 32
ENSEMBLE = 10
REPEATS = 3
MEMORY_SIZES = (4096, 8192)
BIG = 30_000


def make_model(folder: Path) -> tuple[torch.nn.Module, Path]:
    torch.manual_seed(0)
    model = build_model(TrainConfig(encoder="resnet34"), BANDS, 2).eval()
    metadata = ModelMetadata(bands=tuple(f"img:{i}" for i in range(1, BANDS + 1)),
                             classes=("background", "glacier"), chip_size=TILE, pixel_size=30.0,
                             mean=(1000.0,) * BANDS, std=(300.0,) * BANDS)
    path = folder / "unet_resnet34.onnx"
    export_member(model, path, metadata, torch.randn(2, BANDS, TILE, TILE), 32)
    return model, path


def make_raster(folder: Path, size: int = SIZE) -> Path:
    rng = np.random.default_rng(0)
    data = rng.normal(1000, 300, (BANDS, size, size)).clip(1, 60000).astype(np.uint16)
    path = folder / f"scene_{size}.tif"
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=BANDS, dtype="uint16",
                       crs="EPSG:32645", transform=from_origin(480000, 3110000, 30, 30), tiled=True) as dst:
        dst.write(data)
    return path


def pipeline_rate(raster: Path, model: Path, folder: Path, precision: str = "fp32") -> float:
    """End-to-end tiles per second; for int8 the one-off quantisation is excluded (logged by predict)."""
    quantize = []

    def log(line: str) -> None:
        if "quantised to int8" in line:
            quantize.append(float(line.rsplit(" in ", 1)[1].split()[0]))

    started = time.perf_counter()
    summary = predict_raster([RasterInput(str(raster), "img")], str(model),
                             PredictConfig(tile_size=TILE, overlap=OVERLAP, batch_size=BATCH, device="cpu",
                                           precision=precision),
                             str(folder / "mean.tif"), str(folder / "std.tif"), Monitor(log=log))
    return summary.tiles / (time.perf_counter() - started - sum(quantize))


def raw_ort_rate(session, tiles: int) -> float:
    """The same session settings as predict, batches of pre-made standardised input, nothing else."""
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


def throughput() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        torch_model, onnx_model = make_model(folder)
        raster = make_raster(folder)
        session = load_ensemble(onnx_model, "cpu", log=lambda m: None).members[0].session
        raws, pipelines, naives = [], [], []
        for _ in range(REPEATS):
            raws.append(raw_ort_rate(session, 96))
            pipelines.append(pipeline_rate(raster, onnx_model, folder))
            naives.append(naive_torch_rate(torch_model, 12))
        raw, pipeline, naive = max(raws), max(pipelines), max(naives)
        int8 = pipeline_rate(raster, onnx_model, folder, "int8")
    print(f"# tiles/s per run: raw {_rates(raws)}, predict {_rates(pipelines)}, naive torch {_rates(naives)}")
    print(f"BENCH predict_tiles_per_s={pipeline:.3f}")
    print(f"BENCH raw_ort_tiles_per_s={raw:.3f}")
    print(f"BENCH naive_torch_tiles_per_s={naive:.3f}")
    print(f"BENCH predict_vs_raw_ort={pipeline / raw:.3f}")
    print(f"BENCH predict_vs_naive_torch={pipeline / naive:.3f}")
    print(f"BENCH predict_int8_vs_naive_torch={int8 / naive:.3f}")


def _rates(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def gradient_raster(path: Path, size: int) -> Path:
    """A uint8 raster of a repeating column gradient, deflate-compressed (tens of MB even at 30k)."""
    row = (np.arange(size) % 200 + 20).astype(np.uint8)
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1, dtype="uint8",
                       crs="EPSG:32645", transform=from_origin(0, size * 30.0, 30, 30), tiled=True,
                       blockxsize=512, blockysize=512, compress="deflate", BIGTIFF="YES") as dst:
        for r in range(0, size, 512):
            rows = min(512, size - r)
            dst.write(np.broadcast_to(row, (rows, size))[None], window=Window(0, r, size, rows))
    return path


def child_peak(raster: Path, model: Path, out: Path) -> tuple[float, int, float]:
    """``(peak RSS MB, tiles, seconds)`` of one predict run in a fresh process."""
    out.mkdir()
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("predict_memory_child.py")), str(raster),
                           str(model), str(out), str(TILE), str(OVERLAP)], capture_output=True, text=True, check=True)
    peak, tiles, seconds = done.stdout.split()
    return float(peak), int(tiles), float(seconds)


def memory(big: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        metadata = ModelMetadata(bands=("img:1",), classes=("background", "glacier"), chip_size=TILE,
                                 pixel_size=30.0, mean=(100.0,), std=(30.0,))
        model = pointwise_model(folder / "tiny.onnx", (1.0,), 0.0, metadata)
        peaks = []
        for size in MEMORY_SIZES:
            peak, tiles, seconds = child_peak(gradient_raster(folder / f"r{size}.tif", size), model,
                                              folder / f"out{size}")
            print(f"BENCH predict_peak_rss_mb_{size}={peak:.1f}  ({tiles} tiles in {seconds:.0f} s)")
            peaks.append(peak)
        print(f"BENCH predict_peak_rss_ratio_4x={peaks[1] / peaks[0]:.3f}")
        if big:
            peak, tiles, seconds = child_peak(gradient_raster(folder / "r30k.tif", BIG), model, folder / "out30k")
            print(f"BENCH predict_peak_rss_mb_30k={peak:.1f}  ({tiles} tiles of {TILE} px in {seconds:.0f} s)")


def ten_member_area_rate() -> None:
    """km² per second of a 10-member ensemble (one member's file listed ten times: the same compute as ten
    trained members) over a 1024² raster of 30 m pixels, as a user would plan a scene's run."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, onnx_model = make_model(folder)
        members = [{"name": f"member_{i:02d}", "onnx": onnx_model.name} for i in range(ENSEMBLE)]
        (folder / "ensemble.json").write_text(json.dumps({"format": "glacierdl-ensemble", "version": 1,
                                                           "members": members}))
        raster = make_raster(folder, 1024)
        started = time.perf_counter()
        predict_raster([RasterInput(str(raster), "img")], str(folder),
                       PredictConfig(tile_size=TILE, overlap=OVERLAP, batch_size=BATCH, device="cpu"),
                       str(folder / "mean.tif"), str(folder / "std.tif"))
        seconds = time.perf_counter() - started
    km2 = (1024 * 30 / 1000) ** 2
    print(f"BENCH predict_km2_per_s_10_members_cpu={km2 / seconds:.3f}  ({km2:.0f} km² in {seconds:.0f} s)")


def main() -> None:
    torch.set_num_threads(torch.get_num_threads())
    throughput()
    ten_member_area_rate()
    memory(big="--quick" not in sys.argv)


if __name__ == "__main__":
    main()
