"""Child process of bench_predict: one predict run with a tiny fixture model; prints its peak RSS in MB.

Run in its own process so that the peak resident set size belongs to this run alone. The peak is the
kernel's high-water mark ``VmHWM`` of this process image (``getrusage``'s ru_maxrss is not used: it keeps
the parent's peak across fork and exec).
Usage: predict_memory_child.py RASTER MODEL OUT_DIR TILE OVERLAP
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from glacier_dl_plugin.core.config import PredictConfig  # noqa: E402
from glacier_dl_plugin.core.geo.raster_stack import RasterInput  # noqa: E402
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster  # noqa: E402


def peak_rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


def main() -> None:
    raster, model, out, tile, overlap = sys.argv[1:6]
    started = time.perf_counter()
    summary = predict_raster([RasterInput(raster, "img")], model,
                             PredictConfig(tile_size=int(tile), overlap=int(overlap), batch_size=16, device="cpu"),
                             str(Path(out) / "mean.tif"), str(Path(out) / "std.tif"))
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    print(f"{peak_mb:.1f} {summary.tiles} {seconds:.1f}")


if __name__ == "__main__":
    main()
