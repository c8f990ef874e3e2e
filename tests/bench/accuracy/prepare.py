"""Inputs of the accuracy benchmark and of the GPU check, built where the geospatial stack is installed.

``python tests/bench/accuracy/prepare.py --out DIR`` writes into ``DIR``:

- ``dataset/``: the Everest training dataset, created as a user would (``create_dataset``: RGB + NIR,
  spatial folds, glaciers grouped west to east);
- ``scene.npz``: the whole stacked scene on the dataset grid (``image [bands, H, W]``, ``valid [H, W]``) and,
  per reference glacier, its scoring zone (:mod:`core.assess.scoring_zones`: the outline grown by the
  scoring buffer, minus the other glaciers) as a window with its in-zone and in-outline masks and the
  ellipsoidal area of its pixels;
- ``glaciers.json``: id, fold, window and reference area of every zone, in the order of ``scene.npz``.

What runs afterwards (:mod:`run`) needs only numpy, torch and the training package, so this is the one
step that reprojects and rasterises. ``--bundle DIR`` instead copies the sample for a machine without fiona
(the GPU check): the two rasters and the outlines as WKB in ``outlines.json``, which ``--data DIR`` then reads.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))
os.environ.setdefault("GDAL_PAM_ENABLED", "NO")

import rasterio  # noqa: E402

if rasterio.__file__.startswith("/usr/lib/python3/"):  # Debian's stack; wheels carry their own PROJ database
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

from rasterio.windows import Window  # noqa: E402

from glacier_dl_plugin.core.assess.scoring_zones import glacier_zones, pixel_areas_km2, zone_masks  # noqa: E402
from glacier_dl_plugin.core.config import DatasetConfig  # noqa: E402
from glacier_dl_plugin.core.dataset.build import create_dataset  # noqa: E402
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers  # noqa: E402
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, open_stack  # noqa: E402

EVEREST = REPO.parent / "shared" / "data" / "everest_landsat"
OUTLINES, RGB, NIR = "15_rgi60_glacier_outlines.gpkg", "LE71400412000304SGS00_RGB.tif", "LE71400412000304SGS00_B4.tif"
SCORING_BUFFER_M = 300.0
"""Surroundings scored around each glacier: the datasets' default buffer, as Evaluate and Calibrate use it."""


PORTABLE_OUTLINES = "outlines.json"


def _read_outlines(data: Path) -> tuple[str, list[GlacierRecord]]:
    """The outlines' CRS and records, from the GeoPackage (with fiona) or a bundle's ``outlines.json``."""
    if (data / PORTABLE_OUTLINES).is_file():
        content = json.loads((data / PORTABLE_OUTLINES).read_text())
        return content["crs"], [GlacierRecord(g["id"], bytes.fromhex(g["wkb"])) for g in content["glaciers"]]
    import fiona
    from shapely.geometry import shape
    with fiona.open(data / OUTLINES) as src:
        return src.crs_wkt, [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in src]


def bundle(data: Path, out: Path) -> None:
    """Copy the sample's rasters and write its outlines as ``outlines.json`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for name in (RGB, NIR):
        shutil.copyfile(data / name, out / name)
    crs, records = _read_outlines(data)
    (out / PORTABLE_OUTLINES).write_text(json.dumps(
        {"crs": crs, "glaciers": [{"id": r.glacier_id, "wkb": r.geometry_wkb.hex()} for r in records]}))
    print(f"bundled {len(records)} outlines and 2 rasters into {out}")


def _glaciers(data: Path):
    crs, records = _read_outlines(data)
    return load_glaciers(records, crs, "EPSG:32645")


def prepare(data: Path, out: Path, chip_size: int, stride: int, folds: int) -> None:
    """Write the dataset, the scene and the scoring zones into ``out`` (see the module docstring)."""
    out.mkdir(parents=True, exist_ok=True)
    inputs = [RasterInput(str(data / RGB), "RGB"), RasterInput(str(data / NIR), "NIR")]
    glaciers = _glaciers(data)
    summary = create_dataset(inputs, glaciers, DatasetConfig(chip_size=chip_size, stride=stride, n_folds=folds),
                             str(out / "dataset"), overwrite=True)
    grid = summary.grid
    folds_of = json.loads((out / "dataset" / "dataset.json").read_text())["glacier_folds"]
    with open_stack(inputs, grid) as stack:
        image, valid = stack.read(Window(0, 0, grid.width, grid.height))
    zones = glacier_zones(glaciers.to_crs(grid.crs).by_glacier(), grid.crs, SCORING_BUFFER_M, grid)
    arrays, table = {"image": image, "valid": valid}, []
    for i, zone in enumerate(zones):
        in_zone, label = zone_masks(zone, grid)
        areas = np.broadcast_to(pixel_areas_km2(grid, zone.window), in_zone.shape)
        arrays |= {f"zone_{i}": in_zone, f"label_{i}": label, f"areas_{i}": areas.astype(np.float32)}
        w = zone.window
        table.append({"id": zone.glacier_id, "fold": int(folds_of[zone.glacier_id]),
                      "window": [int(w.row_off), int(w.col_off), int(w.height), int(w.width)],
                      "reference_km2": float(areas[label].sum())})
    np.savez_compressed(out / "scene.npz", **arrays)
    (out / "glaciers.json").write_text(json.dumps({"bands": list(stack.band_names), "buffer_m": SCORING_BUFFER_M,
                                                   "glaciers": table}, indent=1))
    print(f"prepared {summary.chips} chips in {folds} folds, {len(table)} scored glaciers, scene "
          f"{grid.width} x {grid.height} px, into {out}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--bundle", action="store_true", help="copy the sample for the GPU check instead")
    parser.add_argument("--data", type=Path, default=EVEREST, help="folder holding the Everest sample")
    parser.add_argument("--chip", type=int, default=192, help="chip size in pixels")
    parser.add_argument("--stride", type=int, default=192, help="stride between chips in pixels")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    if args.bundle:
        return bundle(args.data, args.out)
    prepare(args.data, args.out, args.chip, args.stride, args.folds)


if __name__ == "__main__":
    main()
