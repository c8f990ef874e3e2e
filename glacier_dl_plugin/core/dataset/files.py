"""The files of a dataset folder: chip GeoTIFFs, manifest.csv, dataset.json, footprints and preview."""
from __future__ import annotations

import csv
import importlib.util
import json
import shutil
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import Affine

from ..config import IGNORE_INDEX, NODATA_FLOAT, DatasetConfig
from ..geo.ground import metres_per_pixel, unit_name
from ..geo.raster_stack import Grid, RasterInput, band_names
from .point_targets import PointMeasurements, target_description
from .sampling import PlannedChip
from .statistics import BandStatistics

__all__ = ["ChipWriter", "write_manifest", "write_description", "NODATA_FILL"]

NODATA_FILL = "0 after standardisation (the training folds' mean); the mask is ignored there"
_FOOTPRINT_STYLE = Path(__file__).resolve().parents[2] / "resources" / "styles" / "footprints.qml"


def _write_tiff(path: Path, array: np.ndarray, srs, geotransform: tuple, nodata: float,
                descriptions: Sequence[str] = ()) -> None:
    """One GeoTIFF ``[bands, rows, cols]`` written with GDAL directly: per chip, rasterio's open/close
    bookkeeping would cost more than the pixels. ZSTD level 1 in one strip per band: about three times
    faster than DEFLATE in GDAL's default small strips, for a similar size."""
    from osgeo import gdal

    dtype = gdal.GDT_Float32 if array.dtype == np.float32 else gdal.GDT_Byte
    options = ["COMPRESS=ZSTD", "ZSTD_LEVEL=1", f"BLOCKYSIZE={array.shape[1]}", "INTERLEAVE=BAND"]
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[2], array.shape[1], array.shape[0], dtype,
                                                   options)
    if dataset is None:  # GDAL reports through its error state, not an exception
        raise OSError(f"could not create chip file '{path}': {gdal.GetLastErrorMsg() or 'unknown GDAL error'}")
    dataset.SetSpatialRef(srs)
    dataset.SetGeoTransform(geotransform)
    for index in range(array.shape[0]):
        band = dataset.GetRasterBand(index + 1)
        band.SetNoDataValue(nodata)
        if descriptions:
            band.SetDescription(descriptions[index])
    if dataset.WriteRaster(0, 0, array.shape[2], array.shape[1], np.ascontiguousarray(array).tobytes()) != 0:
        raise OSError(f"could not write chip file '{path}' (disk full?): {gdal.GetLastErrorMsg()}")
    dataset = None  # closes (and flushes) the file


def _write_tiff_rasterio(path: Path, array: np.ndarray, wkt: str, geotransform: tuple, nodata: float,
                         descriptions: Sequence[str] = ()) -> None:
    """The same chip through rasterio, where GDAL's own Python bindings are absent (a plain Python with
    rasterio's wheel, such as a bare GPU machine): DEFLATE, which every GDAL build has, instead of ZSTD."""
    profile = dict(driver="GTiff", width=array.shape[2], height=array.shape[1], count=array.shape[0],
                   dtype=array.dtype.name, crs=wkt, transform=Affine.from_gdal(*geotransform), nodata=nodata,
                   compress="DEFLATE", zlevel=1, blockysize=array.shape[1], interleave="band")
    with rasterio.open(path, "w", **profile) as dataset:
        dataset.write(array)
        for index, description in enumerate(descriptions, start=1):
            dataset.set_band_description(index, description)


def _spatial_reference(wkt: str):
    """The grid CRS parsed once, for every chip file a thread writes."""
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


class ChipWriter:
    """Writes ``images/<id>.tif`` and ``masks/<id>_mask.tif`` on the grid and builds manifest rows.

    Files are written by two background threads (GDAL releases the GIL while compressing and writing), so
    the next chip is read and labelled meanwhile; at most ``queue`` chips wait in memory.
    """

    def __init__(self, folder: Path, grid: Grid, bands: Sequence[str], classes: Sequence[str],
                 regression: bool, queue: int = 8) -> None:
        self.folder, self.grid, self.bands, self.classes = folder, grid, list(bands), list(classes)
        self.regression = regression
        self._wkt = grid.crs.to_wkt()
        self._local = threading.local()  # a parsed CRS per writer thread: GDAL's CRS objects are not shared
        self._gdal = importlib.util.find_spec("osgeo") is not None
        self._queue = queue
        self._pending: list[Future] = []
        self._pool = ThreadPoolExecutor(max_workers=2)
        (folder / "images").mkdir()
        (folder / "masks").mkdir()

    def _write_files(self, chip_id: str, geotransform: tuple, image: np.ndarray, mask: np.ndarray) -> None:
        if self._gdal and not hasattr(self._local, "srs"):
            self._local.srs = _spatial_reference(self._wkt)
        write, crs = (_write_tiff, self._local.srs) if self._gdal else (_write_tiff_rasterio, self._wkt)
        write(self.folder / "images" / f"{chip_id}.tif", image, crs, geotransform, NODATA_FLOAT, self.bands)
        write(self.folder / "masks" / f"{chip_id}_mask.tif", mask[None], crs, geotransform,
              NODATA_FLOAT if self.regression else IGNORE_INDEX)

    def write(self, chip_id: str, chip: PlannedChip, image: np.ndarray, mask: np.ndarray,
              fractions: np.ndarray) -> dict:
        """Queue one chip for writing; returns its manifest row."""
        geotransform = self.grid.window_transform(chip.window).to_gdal()
        self._pending.append(self._pool.submit(self._write_files, chip_id, geotransform, image, mask))
        if len(self._pending) > self._queue:
            self._pending.pop(0).result()  # re-raises a failed write here
        return self._row(chip_id, chip, image, mask, fractions)

    def close(self) -> None:
        """Wait for every queued file (raising the first failure); call before the folder is used or removed."""
        self._pool.shutdown(wait=True)
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()

    def _row(self, chip_id: str, chip: PlannedChip, image: np.ndarray, mask: np.ndarray,
             fractions: np.ndarray) -> dict:
        row = dict(id=chip_id, glacier_id=chip.glacier_id, fold=chip.fold,
                   row_off=int(chip.window.row_off), col_off=int(chip.window.col_off))
        row.update(zip(("xmin", "ymin", "xmax", "ymax"), self.grid.window_bounds(chip.window)))
        row["nodata_fraction"] = round(float((image[0] == NODATA_FLOAT).mean()), 6)
        row["glacier_fraction"] = round(float(1 - fractions[0]) if row["nodata_fraction"] < 1 else 0.0, 6)
        for name, fraction in zip(self.classes[1:], fractions[1:]):
            row[f"fraction_{name}"] = round(float(fraction), 6)
        row["straddles"] = int(chip.straddles)
        if self.regression:
            row["target_mean"] = round(float(mask[mask != NODATA_FLOAT].mean()), 6)
        return row

    def finish(self, rows: Sequence[dict]) -> None:
        """Footprints (styled by fold) and the preview PNG. The footprints, for viewing in QGIS, are left out
        where fiona is absent (a bare Python such as a GPU machine): nothing else reads them."""
        from .preview import write_footprints, write_preview  # matplotlib and fiona only when writing

        if importlib.util.find_spec("fiona") is not None:
            write_footprints(self.folder / "footprints.gpkg", rows, self.grid.crs.to_wkt())
            shutil.copyfile(_FOOTPRINT_STYLE, self.folder / "footprints.qml")  # QGIS applies it on loading
        write_preview(self.folder, rows[:: max(1, len(rows) // 12)][:12])


def write_manifest(folder: Path, rows: Sequence[dict]) -> None:
    with open(folder / "manifest.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_description(folder: Path, grid: Grid, bands: Sequence[str], classes: Sequence[str],
                      config: DatasetConfig, folds: dict[str, int], statistics: BandStatistics,
                      inputs: Sequence[RasterInput], target: RasterInput | PointMeasurements | None,
                      dropped: dict[str, int], repaired: int, blocks: dict | None = None) -> None:
    """``dataset.json`` as in docs/formats.md, plus the grid, the filter counts and the parameters used.

    ``blocks``: the ``blocks`` split's square size (pixels) and each block's fold (``glacier_folds`` is then
    empty: a glacier spans folds)."""
    description = {
        "format": "glacierdl-dataset", "version": 1,
        "task": "regression" if target else "segmentation",
        "bands": list(bands), "classes": [] if target else list(classes),
        "chip_size": config.chip_size, "crs": grid.crs.to_wkt(), "pixel_size": list(grid.pixel_size),
        "pixel_unit": unit_name(grid.crs), "pixel_size_m": [round(v, 6) for v in metres_per_pixel(grid)],
        "transform": list(grid.transform)[:6], "width": grid.width, "height": grid.height,
        "nodata": NODATA_FLOAT, "ignore_index": IGNORE_INDEX, "nodata_fill": NODATA_FILL,
        "n_folds": config.n_folds, "glacier_folds": folds, "fold_stats": statistics.per_fold(config.n_folds),
        "dropped": dropped, "repaired_geometries": repaired,
        "parameters": {**asdict(config), "inputs": [asdict(i) for i in inputs],
                       "regression_target": target_description(target) if target else None},
    }
    if blocks:
        description["blocks"] = blocks
    if isinstance(target, PointMeasurements):
        description["target"] = f"{target.label}:{target.field}"
    elif target:
        with rasterio.open(target.path) as src:
            description["target"] = band_names(target.label, src)[0]
        description["mask_classes"] = list(classes)  # the polygons still give the manifest's class fractions
    (folder / "dataset.json").write_text(json.dumps(description, indent=1))
