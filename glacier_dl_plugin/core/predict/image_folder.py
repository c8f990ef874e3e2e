"""Prediction on a plain image folder: every image tiled and blended by the one engine, exactly like Predict.

The folder is the layout training reads from a plain image folder (``training/folder_source.py``)::

    IMAGES/images/<id>.tif|png        (or the images directly in IMAGES)
    IMAGES/masks/<id>_mask.tif|png    optional reference masks: classes 0..K-1, 255 = ignore

Each image is opened as a band stack on its own pixel grid (no CRS needed: only rows and columns count) and
handed to :func:`core.predict.engine.open_engine`, which cuts, runs and blends the tiles exactly as for a
GeoTIFF in Predict, so the same array gives the same values either way. Written per image, in ``OUT``::

    OUT/masks/<id>.tif          uint8 class per pixel (argmax of the mean probabilities), 255 = nodata
    OUT/probabilities/<id>.tif  float32, one band per class (background included), 0-1, -9999 = nodata
    OUT/scores.csv              when reference masks exist: pixel accuracy and IoU per class, per image + all

``OUT`` appears only when every image is done (:func:`core.atomic.atomic_dir`); a cancel leaves nothing.
"""
from __future__ import annotations

import contextlib
import csv
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError

from ..assess.confusion import ClassConfusion, class_confusion
from ..atomic import atomic_dir, check_output_folder
from ..config import NODATA_FLOAT
from ..config.image_folder import IMAGE_SUFFIXES, ImageFolderConfig
from ..errors import InputError
from ..geo.raster_stack import BandReader, Grid, RasterStack
from ..progress import SILENT, Monitor
from .blocks import Block
from .engine import LoadedModel, load_model, open_engine
from .writers import CLASS_NODATA, combine_block

__all__ = ["FolderImage", "FolderSummary", "find_images", "predict_image_folder", "IGNORE"]

IGNORE = 255
"""Reference mask value of pixels that are not scored."""

_FIX = "Choose a folder holding images/<id>.tif (or .png), or the images themselves."


@dataclass(frozen=True)
class FolderImage:
    """One image of the folder and its reference mask (None: not scored)."""

    id: str
    path: Path
    mask: Path | None


@dataclass(frozen=True)
class FolderSummary:
    """What :func:`predict_image_folder` wrote.

    Attributes:
        scores: per image id (and ``all``), ``pixel_accuracy`` and ``iou_<class>`` (NaN: the class is in
            neither mask); empty without reference masks.
    """

    out: Path
    classes: tuple[str, ...]
    masks: tuple[Path, ...]
    probabilities: tuple[Path, ...]
    tiles: int
    scores_csv: Path | None = None
    scores: dict[str, dict[str, float]] = field(default_factory=dict)


def find_images(folder: str | Path) -> list[FolderImage]:
    """The images of ``folder`` (its ``images/`` subfolder when there is one), sorted by id, each with its
    ``masks/<id>_mask.<ext>`` when present.

    Raises:
        InputError: (IMAGES) not a folder, or no image in it.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError("IMAGES", f"'{root}' is not a folder.", _FIX)
    images = root / "images" if (root / "images").is_dir() else root
    files = sorted(p for p in images.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
                   and not p.stem.endswith("_mask"))
    if not files:
        raise InputError("IMAGES", f"'{images}' holds no image ({', '.join(IMAGE_SUFFIXES)}).", _FIX)
    found = []
    for path in files:
        masks = [root / "masks" / f"{path.stem}_mask{s}" for s in (path.suffix, *IMAGE_SUFFIXES)]
        found.append(FolderImage(path.stem, path, next((m for m in masks if m.is_file()), None)))
    return found


@contextlib.contextmanager
def _image_stack(path: Path) -> Iterator[RasterStack]:
    """One image as a band stack on its own grid (its CRS and transform when it has them, else none)."""
    try:
        dataset = rasterio.open(path)
    except RasterioIOError as error:
        raise InputError("IMAGES", f"'{path}' could not be read ({str(error).splitlines()[0]}).", _FIX) from error
    with dataset:
        grid = Grid(dataset.crs, dataset.transform, dataset.width, dataset.height)
        yield RasterStack([BandReader(dataset, dataset.indexes)], grid,
                          [f"image:{b}" for b in range(1, dataset.count + 1)])


def _check_model(loaded: LoadedModel) -> None:
    """Only classification models on the image's own bands fit a plain image."""
    metadata, ensemble = loaded.ensemble.metadata, loaded.ensemble
    if metadata.task == "regression":
        raise InputError("MODEL", "a regression model writes no class mask.",
                         "Choose a classification model (trained with class masks).")
    if ensemble.derived_features or any(b.startswith("derived:") for b in metadata.bands):
        raise InputError("MODEL", "the model computes derived bands (slope, NDSI, ...) that need georeferenced "
                         "rasters.", "Use Predict on rasters for this model, or a model trained on image bands.")


def _check_bands(image: FolderImage, stack: RasterStack, loaded: LoadedModel) -> None:
    expected = loaded.ensemble.metadata.bands
    if stack.count != len(expected):
        raise InputError("IMAGES", f"image '{image.path.name}' has {stack.count} band(s), the model expects "
                         f"{len(expected)} ({', '.join(expected)}).",
                         "Give images with the bands the model was trained on (e.g. one-band TIFFs for a one-band "
                         "model, RGB images for an RGB model).")


def _reference(image: FolderImage, grid: Grid) -> np.ndarray | None:
    """The reference mask, uint8 ``[rows, cols]`` (its first band), or None."""
    if image.mask is None:
        return None
    with rasterio.open(image.mask) as dataset:
        if (dataset.height, dataset.width) != (grid.height, grid.width):
            raise InputError("IMAGES", f"mask '{image.mask.name}' is {dataset.width} x {dataset.height} px, its "
                             f"image {grid.width} x {grid.height} px.", "Give each image a mask of its own size.")
        return dataset.read(1)


def _profile(grid: Grid, count: int, dtype: str, nodata: float) -> dict:
    return dict(driver="GTiff", width=grid.width, height=grid.height, count=count, dtype=dtype, nodata=nodata,
                crs=grid.crs, transform=grid.transform, tiled=True, blockxsize=256, blockysize=256,
                compress="deflate")


@dataclass
class _Outputs:
    """The open output rasters of one image, and the confusion counted so far."""

    mask: rasterio.io.DatasetWriter
    probabilities: rasterio.io.DatasetWriter | None
    reference: np.ndarray | None
    confusion: ClassConfusion

    def finish(self, block: Block, sums: np.ndarray, weight: np.ndarray) -> None:
        """Blend, average the members and write one final block; count it against the reference."""
        combined = combine_block(sums, weight)
        classes = np.where(combined.valid, combined.mean.argmax(axis=0), CLASS_NODATA).astype(np.uint8)
        self.mask.write(classes, 1, window=block.window)
        if self.probabilities is not None:
            values = np.where(combined.valid[None], combined.mean, NODATA_FLOAT).astype(np.float32)
            self.probabilities.write(values, window=block.window)
        if self.reference is not None:
            n = len(self.confusion.pixels)
            reference = self.reference[block.window.toslices()]
            self.confusion += class_confusion(reference, classes, combined.valid & (reference != IGNORE),
                                              np.ones((reference.shape[0], 1)), n)


def _predict_one(image: FolderImage, loaded: LoadedModel, config: ImageFolderConfig, monitor: Monitor,
                 out: Path, progress: tuple[float, float]) -> tuple[int, ClassConfusion | None]:
    """Predict one image into ``out``; returns the tiles computed and its confusion (None: no mask)."""
    classes = loaded.ensemble.metadata.classes
    with _image_stack(image.path) as stack:
        _check_bands(image, stack, loaded)
        reference = _reference(image, stack.grid)
        n = len(classes)
        empty = ClassConfusion(np.zeros((n, n), np.int64), np.zeros((n, n)))
        with contextlib.ExitStack() as files, open_engine(stack, loaded, config, monitor, background=True) as engine:
            mask = files.enter_context(rasterio.open(out / "masks" / f"{image.id}.tif", "w",
                                                     **_profile(stack.grid, 1, "uint8", CLASS_NODATA)))
            probabilities = None
            if config.probabilities:
                probabilities = files.enter_context(rasterio.open(
                    out / "probabilities" / f"{image.id}.tif", "w",
                    **_profile(stack.grid, n, "float32", NODATA_FLOAT)))
                probabilities.descriptions = tuple(f"{name} probability" for name in classes)
                probabilities.update_tags(GLACIERDL_CLASSES=",".join(classes))
            outputs = _Outputs(mask, probabilities, reference, empty)
            counts = engine.run(engine.blocks, outputs.finish, progress)
    return counts.computed, outputs.confusion if reference is not None else None


def _scores(confusion: ClassConfusion, classes: tuple[str, ...]) -> dict[str, float]:
    """Pixel accuracy and IoU per class of one confusion matrix (pixel counts)."""
    total = confusion.pixels.sum()
    scores = {"pixels": float(total),
              "pixel_accuracy": float(np.trace(confusion.pixels) / total) if total else math.nan}
    scores.update({f"iou_{name}": confusion.scores(i)["iou"] for i, name in enumerate(classes)})
    return scores


def _write_scores(path: Path, scores: dict[str, dict[str, float]]) -> None:
    columns = list(next(iter(scores.values())))
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["image", *columns])
        for name, row in scores.items():
            writer.writerow([name, *(f"{row[c]:.6g}" for c in columns)])


def predict_image_folder(images: str | Path, model: str, out: str | Path, config: ImageFolderConfig,
                         monitor: Monitor = SILENT, overwrite: bool = False) -> FolderSummary:
    """Predict every image of ``images`` with every member of ``model``; see the module docstring.

    Raises:
        InputError: (IMAGES) no image, an unreadable image, another band count than the model's or a mask of
            another size; (OUTPUT) an existing non-empty folder without ``overwrite``; (MODEL, TILE_SIZE,
            OVERLAP) a model that does not fit; all before any tile is computed.
        CancelledError: cancelled; ``out`` is then not created.
    """
    found = find_images(images)
    check_output_folder(out, overwrite, "OUTPUT")
    loaded = load_model(model, config, monitor)
    _check_model(loaded)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        for image in found:  # every image's band count and mask size before any tile is computed
            with _image_stack(image.path) as stack:
                _check_bands(image, stack, loaded)
                _reference(image, stack.grid)
    classes = loaded.ensemble.metadata.classes
    tiles, confusions = 0, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # photographs have no georeferencing
        with atomic_dir(out, overwrite) as temporary:
            for folder in ("masks", "probabilities") if config.probabilities else ("masks",):
                (temporary / folder).mkdir()
            for i, image in enumerate(found):
                monitor.step(i, len(found))
                span = (100.0 * i / len(found), 100.0 * (i + 1) / len(found))
                computed, confusion = _predict_one(image, loaded, config, monitor, temporary, span)
                tiles += computed
                if confusion is not None:
                    confusions[image.id] = confusion
            scores = {name: _scores(c, classes) for name, c in confusions.items()}
            if scores:
                total = ClassConfusion(sum(c.pixels for c in confusions.values()),
                                       sum(c.km2 for c in confusions.values()))
                scores["all"] = _scores(total, classes)
                _write_scores(temporary / "scores.csv", scores)
    out = Path(out)
    monitor.log(f"{len(found)} image(s), {tiles} tiles, {loaded.tile} px tiles, {loaded.overlap} px overlap"
                + (f"; scored against {len(confusions)} reference mask(s)." if confusions else "."))
    return FolderSummary(out, classes, tuple(out / "masks" / f"{i.id}.tif" for i in found),
                         tuple(out / "probabilities" / f"{i.id}.tif" for i in found) if config.probabilities else (),
                         tiles, out / "scores.csv" if scores else None, scores)
