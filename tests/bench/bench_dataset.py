"""Create-dataset throughput and memory, each against a baseline measured in the same run.

- ``dataset_speedup_vs_gdal_translate``: chips per second of ``create_dataset`` (everything included:
  planning, reading, labels, nodata, statistics, chip files, manifest, footprints, preview) over the
  hand-run GDAL way on the same chips: one ``gdal_translate -srcwin`` process per chip on a VRT stacking
  every input band (the best form of one-process-per-chip), one ``gdal_rasterize`` process per chip for
  the mask, then each chip opened in Python to make nodata consistent across bands (rewritten in place)
  and to add it to the statistics. The baseline runs on the first chips and its rate is per chip.
- ``dataset_peak_rss_ratio_4x``: peak resident memory of a child process building a dataset from a
  synthetic scene with 4x the area over one of 1x (same glacier density, so about 4x the chips).

Prints ``BENCH <name>=<value>`` lines and the figures behind them. Takes about a minute on 2 cores.
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import rasterio

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("GDAL_PAM_ENABLED", "NO")

from synthetic.glacier_scene import SceneSpec, generate_scene  # noqa: E402

CHIP, STRIDE, BASELINE_CHIPS = 128, 64, 30
_CHILD = """
import resource, sys, time
sys.path.insert(0, {repo!r})
import fiona
from shapely.geometry import shape
from glacier_dl_plugin.core.config import DatasetConfig
from glacier_dl_plugin.core.dataset.build import create_dataset
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
with fiona.open({glaciers!r}) as src:
    crs = src.crs_wkt
    records = [GlacierRecord(f["properties"]["glacier_id"], shape(f["geometry"]).wkb) for f in src]
started = time.perf_counter()
summary = create_dataset([RasterInput({image!r}, "scene"), RasterInput({dem!r}, "dem")],
                         load_glaciers(records, crs, crs), DatasetConfig(chip_size={chip}, stride={stride}, n_folds=3),
                         {out!r})
print(summary.chips, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def build_in_child(scene, out: Path) -> tuple[int, float, int]:
    """(chips, seconds, peak RSS in KiB) of create_dataset run in a fresh Python process."""
    code = _CHILD.format(repo=str(REPO), glaciers=str(scene.glaciers), image=str(scene.image), dem=str(scene.dem),
                         chip=CHIP, stride=STRIDE, out=str(out))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    chips, seconds, rss = done.stdout.split()[-3:]
    return int(chips), float(seconds), int(rss)


def stack_vrt(scene, path: Path) -> None:
    """A VRT with every band of the scene and the DEM, as one would build with gdalbuildvrt by hand."""
    bands, n = [], 0
    for source in (scene.image, scene.dem):
        with rasterio.open(source) as src:
            width, height, transform, crs = src.width, src.height, src.transform, src.crs
            for index in src.indexes:
                n += 1
                bands.append(f'<VRTRasterBand dataType="Float32" band="{n}"><SimpleSource>'
                             f'<SourceFilename relativeToVRT="0">{source}</SourceFilename>'
                             f'<SourceBand>{index}</SourceBand></SimpleSource></VRTRasterBand>')
    geo = ", ".join(str(v) for v in transform.to_gdal())
    path.write_text(f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}"><SRS>{crs.to_wkt()}</SRS>'
                    f'<GeoTransform>{geo}</GeoTransform>{"".join(bands)}</VRTDataset>')


def baseline_rate(scene, rows: list[dict], folder: Path) -> float:
    """Chips per second of the one-process-per-chip GDAL way on the first chips of ``rows``."""
    vrt = folder / "stack.vrt"
    stack_vrt(scene, vrt)
    with rasterio.open(scene.image) as src:
        pixel, image_nodata = src.res[0], src.nodata
    sums = np.zeros((3, 6))
    started = time.perf_counter()
    for row in rows[:BASELINE_CHIPS]:
        image, mask = folder / f"{row['id']}.tif", folder / f"{row['id']}_mask.tif"
        subprocess.run(["gdal_translate", "-q", "-ot", "Float32", "-srcwin", row["col_off"], row["row_off"],
                        str(CHIP), str(CHIP), "-co", "COMPRESS=DEFLATE", str(vrt), str(image)], check=True)
        subprocess.run(["gdal_rasterize", "-q", "-l", "glaciers", "-burn", "1", "-init", "0", "-ot", "Byte",
                        "-te", row["xmin"], row["ymin"], row["xmax"], row["ymax"], "-tr", str(pixel), str(pixel),
                        "-co", "COMPRESS=DEFLATE", str(scene.glaciers), str(mask)], check=True)
        with rasterio.open(image, "r+") as src:  # the nodata-fixing pass: missing in one band, missing in all
            data = src.read()
            valid = (data[:5] != image_nodata).all(axis=0) & (data[5] != -9999)
            data[:, ~valid] = -9999
            src.nodata = -9999
            src.write(data)
        values = data[:, valid].astype(np.float64)
        sums += [np.full(6, values.shape[1]), values.sum(axis=1), (values**2).sum(axis=1)]
    return min(len(rows), BASELINE_CHIPS) / (time.perf_counter() - started)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small = generate_scene(tmp / "small", SceneSpec(width=1024, height=1024, seed=1, n_glaciers=10))
        large = generate_scene(tmp / "large", SceneSpec(width=2048, height=2048, seed=1, n_glaciers=40))
        chips_1x, seconds_1x, rss_1x = build_in_child(small, tmp / "ds_small")
        chips_4x, seconds_4x, rss_4x = build_in_child(large, tmp / "ds_large")
        with open(tmp / "ds_large" / "manifest.csv") as handle:
            rows = list(csv.DictReader(handle))
        (tmp / "baseline").mkdir()
        baseline = baseline_rate(large, rows, tmp / "baseline")
    ours = chips_4x / seconds_4x
    print(f"create_dataset: 1x {chips_1x} chips in {seconds_1x:.1f} s, peak RSS {rss_1x / 1024:.0f} MiB; "
          f"4x {chips_4x} chips in {seconds_4x:.1f} s ({ours:.1f} chips/s), peak RSS {rss_4x / 1024:.0f} MiB")
    print(f"gdal_translate + gdal_rasterize per chip: {baseline:.2f} chips/s on {BASELINE_CHIPS} chips")
    print(f"BENCH dataset_speedup_vs_gdal_translate={ours / baseline:.1f}")
    print(f"BENCH dataset_peak_rss_ratio_4x={rss_4x / rss_1x:.2f}")


if __name__ == "__main__":
    main()
