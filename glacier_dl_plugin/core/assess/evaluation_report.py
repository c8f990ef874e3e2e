"""What people read: the reliability diagram, per-glacier image panels, the HTML report, the scores tables
(CSV: per glacier, and per glacier and class) and layer (GeoPackage).

The HTML report is the jinja2 template ``templates/evaluation_report.html`` filled with the scores; jinja2
is imported only when a report is written, so the plugin loads (and says what is missing) without it.

Drawing uses matplotlib's object API with the Agg canvas (no pyplot, no global backend switch), so it is
safe inside QGIS. Panels are rendered on a small local grid around each glacier's zone, onto which the
optional image and std rasters are warped, whatever their CRS.
"""
from __future__ import annotations

import base64
import contextlib
import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import rasterio
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.features import rasterize
from rasterio.transform import from_origin
from rasterio.vrt import WarpedVRT

from ..atomic import atomic_path
from ..errors import MissingDependencyError
from .confusion import CLASS_SCORE_NAMES, SCORE_NAMES
from .glacier_scores import COVERAGE_NAME, INTERVAL_NAMES, Evaluation, GlacierScores

__all__ = ["write_reliability_png", "glacier_panel_png", "confusion_png", "write_html_report", "write_scores_csv",
           "write_class_scores_csv", "write_scores_layer", "write_evaluation"]

_PANEL_PX = 200  # longest side of a panel's local grid
_TEMPLATES = Path(__file__).with_name("templates")


def _png_bytes(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def write_reliability_png(path: str | Path, before: tuple, after: tuple, ece_before: float,
                          ece_after: float) -> Path:
    """Reliability diagram (observed glacier share against predicted probability) before/after scaling.

    ``before``/``after`` are :func:`core.assess.calibration.reliability_bins` triples (confidence, share, count).
    """
    figure = Figure(figsize=(5, 6), dpi=100)
    top, bottom = figure.subplots(2, 1, gridspec_kw={"height_ratios": [3, 1]}, sharex=True)
    top.plot([0, 1], [0, 1], color="0.6", linestyle="--", label="perfect calibration")
    for (confidence, share, counts), label, colour in ((before, f"before (ECE {ece_before:.3f})", "#d95f02"),
                                                       (after, f"after (ECE {ece_after:.3f})", "#1b9e77")):
        filled = counts > 0
        top.plot(confidence[filled], share[filled], marker="o", color=colour, label=label)
        bottom.plot(confidence[filled], counts[filled], marker=".", color=colour)
    top.set(ylabel="observed glacier share", xlim=(0, 1), ylim=(0, 1), title="Reliability on validation glaciers")
    top.legend(loc="upper left")
    bottom.set(xlabel="predicted glacier probability (ensemble mean)", ylabel="pixels", yscale="log")
    figure.tight_layout()
    with atomic_path(path) as temporary:
        temporary.write_bytes(_png_bytes(figure))
    return Path(path)


def _local_grid(bounds: Sequence[float]) -> tuple:
    width, height = bounds[2] - bounds[0], bounds[3] - bounds[1]
    size = max(width, height) / _PANEL_PX
    shape = (max(int(math.ceil(height / size)), 1), max(int(math.ceil(width / size)), 1))
    return from_origin(bounds[0], bounds[3], size, size), shape


def _warped(path: str, crs: CRS, transform, shape: tuple[int, int], bands: Sequence[int]) -> np.ma.MaskedArray:
    with rasterio.open(path) as source, WarpedVRT(source, crs=crs, transform=transform, width=shape[1],
                                                  height=shape[0], resampling=Resampling.bilinear) as vrt:
        return vrt.read([b for b in bands if b <= source.count], masked=True).astype(float)


def _stretched(image: np.ma.MaskedArray) -> np.ndarray:
    """RGB (or grey) scaled between the 2nd and 98th percentiles of the valid pixels."""
    bands = image if image.shape[0] >= 3 else np.ma.concatenate([image[:1]] * 3)
    out = np.zeros(bands.shape[1:] + (3,))
    for i in range(3):
        values = bands[i].compressed()
        if values.size:
            low, high = np.percentile(values, (2, 98))
            out[..., i] = np.clip((bands[i].filled(low) - low) / max(high - low, 1e-9), 0, 1)
    return out


def glacier_panel_png(result: GlacierScores, crs: str, image: str | None = None, std: str | None = None) -> bytes:
    """Side-by-side image / reference / prediction / std of one glacier's zone, as PNG bytes."""
    transform, shape = _local_grid(result.zone.zone.bounds)
    target = CRS.from_user_input(crs)
    burn = lambda g: rasterize([(g, 1)], out_shape=shape, transform=transform) if not g.is_empty \
        else np.zeros(shape, np.uint8)  # noqa: E731
    panels = [("image", _stretched(_warped(image, target, transform, shape, (1, 2, 3))) if image else None, None),
              ("reference", burn(result.zone.outline), "Blues"), ("prediction", burn(result.predicted), "Blues"),
              ("std", _warped(std, target, transform, shape, (1,))[0] if std else None, "YlOrRd")]
    panels = [p for p in panels if p[1] is not None]
    figure = Figure(figsize=(2.6 * len(panels), 2.9), dpi=90)
    for axis, (title, data, colours) in zip(np.atleast_1d(figure.subplots(1, len(panels))), panels, strict=True):
        axis.imshow(data, cmap=colours, vmin=0, vmax=0.5 if title == "std" else 1, interpolation="nearest")
        axis.set_title(title)
        axis.set_axis_off()
    figure.suptitle(f"{result.zone.glacier_id}: IoU {result.scores['iou']:.3f}")
    figure.tight_layout()
    return _png_bytes(figure)


def confusion_png(evaluation: Evaluation) -> bytes:
    """Heat map of the summed class matrix, each reference class (row) as shares of its km², as PNG bytes."""
    km2, names = evaluation.class_confusion().km2, evaluation.class_names
    totals = km2.sum(axis=1, keepdims=True)
    shares = np.divide(km2, totals, out=np.zeros_like(km2), where=totals > 0)
    figure = Figure(figsize=(1.2 * len(names) + 2, 1.0 * len(names) + 1.2), dpi=90)
    axis = figure.subplots()
    axis.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for (row, col), share in np.ndenumerate(shares):
        axis.text(col, row, f"{share:.0%}", ha="center", va="center", color="white" if share > 0.6 else "black")
    axis.set(xticks=range(len(names)), yticks=range(len(names)), xlabel="predicted", ylabel="reference",
             title="Share of each reference class's area")
    axis.set_xticklabels(names, rotation=30, ha="right")
    axis.set_yticklabels(names)
    figure.tight_layout()
    return _png_bytes(figure)


def _cell(value: float) -> str:
    return "–" if isinstance(value, float) and math.isnan(value) else f"{value:.3f}"


def _template():
    """The report's jinja2 template (``templates/evaluation_report.html``), scores shown by its ``score`` filter.

    Raises:
        MissingDependencyError: jinja2 is not installed (it is imported here so the plugin loads without it).
    """
    try:
        import jinja2
    except ImportError:
        raise MissingDependencyError(
            "The evaluation report needs the Python package 'jinja2', which was not found. Install Debian's "
            "python3-jinja2 (or `pip install jinja2` into the environment Glacier DL uses), then restart QGIS."
        ) from None
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True, trim_blocks=True,
                                     lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    environment.filters["score"] = _cell
    return environment.get_template("evaluation_report.html")


def _class_context(evaluation: Evaluation) -> dict | None:
    """The per-class section: scores, the summed class matrix (pixels, km²) and its heat map; None without."""
    if not evaluation.class_names:
        return None
    matrix = evaluation.class_confusion()
    return {"columns": CLASS_SCORE_NAMES, "rows": evaluation.class_scores(), "names": evaluation.class_names,
            "pixels": matrix.pixels, "km2": matrix.km2,
            "heat_map": base64.b64encode(confusion_png(evaluation)).decode()}


def _panels(evaluation: Evaluation, image: str | None, std: str | None, shown: int) -> tuple[list, list]:
    """The ``shown`` best and worst glaciers by IoU as panels, and every glacier's row (ranked, NaN IoUs last)."""
    ranked = sorted((g for g in evaluation.glaciers if not math.isnan(g.scores["iou"])),
                    key=lambda g: g.scores["iou"], reverse=True)
    chosen = ranked[:shown] + [g for g in ranked[-shown:] if g not in ranked[:shown]]
    panels = [{"rank": "best" if i < min(shown, len(ranked)) else "worst", "glacier_id": g.zone.glacier_id,
               "png": base64.b64encode(glacier_panel_png(g, evaluation.crs, image, std)).decode()}
              for i, g in enumerate(chosen)]
    every = ranked + [g for g in evaluation.glaciers if math.isnan(g.scores["iou"])]
    return panels, [(g.zone.glacier_id, g.scores) for g in every]


def write_html_report(path: str | Path, evaluation: Evaluation, image: str | None = None, std: str | None = None,
                      shown: int = 3, title: str = "Glacier DL evaluation") -> Path:
    """One self-contained HTML page: overall scores, every glacier's scores, panels of the best and worst.

    Raises:
        MissingDependencyError: jinja2 is not installed.
    """
    template = _template()
    panels, every = _panels(evaluation, image, std, shown)
    page = template.render(
        title=title, glacier_count=len(evaluation.glaciers), columns=_COLUMNS[1:], panels=panels, every=every,
        totals=[("mean over glaciers", evaluation.overall()), ("area-weighted", evaluation.area_weighted())],
        classes=_class_context(evaluation))
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


_COLUMNS = ("glacier_id", "ref_area_km2", "pred_area_km2", *SCORE_NAMES, *INTERVAL_NAMES, COVERAGE_NAME)


def write_scores_csv(path: str, evaluation: Evaluation) -> None:
    """One row per glacier, then rows ``overall_mean`` and ``overall_area_weighted`` (empty cell: undefined)."""
    rows = [(g.zone.glacier_id, g.scores) for g in evaluation.glaciers]
    rows += [("overall_mean", evaluation.overall()), ("overall_area_weighted", evaluation.area_weighted())]
    with open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(_COLUMNS)
        for glacier_id, scores in rows:
            writer.writerow([glacier_id] + ["" if math.isnan(scores[c]) else f"{scores[c]:.6g}" for c in _COLUMNS[1:]])


def write_class_scores_csv(path: str, evaluation: Evaluation) -> None:
    """One row per glacier and class, then per class ``overall_mean`` and ``overall_area_weighted`` rows."""
    with open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(("glacier_id", "class", *CLASS_SCORE_NAMES))
        for row, name, scores in evaluation.class_scores():
            writer.writerow([row, name] + ["" if math.isnan(scores[c]) else f"{scores[c]:.6g}"
                                           for c in CLASS_SCORE_NAMES])


def write_scores_layer(path: str, evaluation: Evaluation) -> None:
    """GeoPackage layer ``scores``: each reference outline with its scores (NULL where undefined)."""
    import fiona  # only the writers of vector files need it (as in synthetic.glacier_scene)
    from shapely.geometry import MultiPolygon, mapping

    schema = {"geometry": "MultiPolygon", "properties": {"glacier_id": "str",
                                                          **{c: "float" for c in _COLUMNS[1:]}}}
    with fiona.open(path, "w", driver="GPKG", layer="scores", crs_wkt=evaluation.crs, schema=schema) as sink:
        for g in evaluation.glaciers:
            outline = g.zone.outline
            outline = outline if outline.geom_type == "MultiPolygon" else MultiPolygon([outline])
            values = {c: None if math.isnan(g.scores[c]) else float(g.scores[c]) for c in _COLUMNS[1:]}
            sink.write({"geometry": mapping(outline), "properties": {"glacier_id": g.zone.glacier_id, **values}})


def write_evaluation(evaluation: Evaluation, csv_path: str, layer_path: str, html_path: str,
                     image: str | None = None, std: str | None = None, class_csv_path: str = "") -> None:
    """The CSV, the scores GeoPackage, the HTML report and, with per-class scores and a path, the per-class
    CSV, published together only when all are complete."""
    with contextlib.ExitStack() as stack:
        csv_tmp, layer_tmp, html_tmp = (stack.enter_context(atomic_path(p)) for p in (csv_path, layer_path, html_path))
        write_scores_csv(str(csv_tmp), evaluation)
        write_scores_layer(str(layer_tmp), evaluation)
        write_html_report(html_tmp, evaluation, image, std)
        if class_csv_path and evaluation.class_names:
            write_class_scores_csv(str(stack.enter_context(atomic_path(class_csv_path))), evaluation)
