"""Bad inputs and messy vectors (issue 12) through the real ``qgis_process.bin``, as a batch user meets them.

Each case asserts the exit status, words of the message (the parameter at fault, what was found, the fix),
that no traceback reached the user, and the output folder before and after: a failure adds nothing; a run
that goes on with a warning adds exactly its complete outputs, whose content is checked (skipped glaciers
absent, coverage fields, totals). Every fixture is built by code from ``../shared/data`` (tests/messy_data.py).
"""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from types import SimpleNamespace

import fiona
import pytest
import rasterio

import messy_data as md
from fault_harness import Outcome, assert_clean_failure, run_case
from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.qgis_process import QgisProcess
from onnx_fixtures import ensemble_folder

pytestmark = pytest.mark.slow
TINY = {"TINY-000", "TINY-001", "TINY-002"}  # messy_data.subpixel_glaciers' ids


@pytest.fixture(scope="module")
def qgis(tmp_path_factory) -> QgisProcess:
    return QgisProcess(tmp_path_factory.mktemp("profile"))


def _model(raster: Path, folder: Path) -> Path:
    """A one-member pointwise ensemble whose bands are ``raster``'s (named as qgis_process names them) and
    whose grid is ``raster``'s, so that Predict neither reorders nor warps."""
    with rasterio.open(raster) as src:
        count, crs, transform = src.count, src.crs, src.transform
    geographic = crs.is_geographic
    meta = ModelMetadata(bands=tuple(f"{raster.stem}:{i}" for i in range(1, count + 1)),
                         classes=("background", "glacier"), chip_size=64, pixel_size=transform.a,
                         pixel_height=-transform.e, mean=(100.0,) * count, std=(50.0,) * count, crs=crs.to_wkt(),
                         pixel_unit="degree" if geographic else "metre",
                         pixel_size_m=(64.0, 93.0) if geographic else (), origin=(transform.c, transform.f))
    return ensemble_folder(folder, [((0.5,) * count, 0.0)], meta)


@pytest.fixture(scope="module")
def data(everest, hintereisferner, tmp_path_factory) -> SimpleNamespace:
    """Every messy input, built once: rasters, vectors and models."""
    folder = tmp_path_factory.mktemp("messy")
    rgb, outlines = everest["rgb"], everest["outlines"]
    probabilities = md.probability_rasters(outlines, rgb, folder / "probabilities")
    west = folder / "west"
    dem = md.int16_dem_without_nodata(hintereisferner["dem"], folder / "dem")
    nodata_rgb = md.all_nodata_raster(rgb, folder / "nodata")
    return SimpleNamespace(
        rgb=rgb, outlines=outlines, hef=hintereisferner["outline"], dem=dem, nodata_rgb=nodata_rgb,
        no_prj=md.shapefile_without_prj(hintereisferner["outline"], folder / "no_prj"),
        subpixel=md.subpixel_glaciers(rgb, folder / "subpixel"),
        among=md.subpixel_among(outlines, rgb, folder / "among"),
        two_layers=md.points_first_geopackage(outlines, folder / "two_layers"),
        mean=probabilities["mean"], std=probabilities["std"],
        mean_west=md.cropped_raster(probabilities["mean"], west), std_west=md.cropped_raster(probabilities["std"], west),
        mean_nodata=md.all_nodata_raster(probabilities["mean"], folder / "mean_nodata"),
        hef_later=md.shrunk_outlines(hintereisferner["outline"], folder / "later", 0.0005),
        model_rgb=_model(rgb, folder / "model_rgb"), model_dem=_model(dem, folder / "model_dem"),
        model_nodata=_model(nodata_rgb, folder / "model_nodata"))


def assert_warned(outcome: Outcome, words: list[str], added: set[str]) -> None:
    """A run that went on: exit 0, the warning's words, no traceback, exactly ``added`` new in the folder."""
    assert outcome.returncode == 0, outcome.text[-3000:]
    missing = [w for w in words if w not in outcome.text]
    assert not missing, f"{missing} not in: {outcome.text[-3000:]}"
    assert "Traceback" not in outcome.text, outcome.text[-3000:]
    assert outcome.added == frozenset(added), sorted(outcome.added)


def _layer(path: Path, layer: str) -> dict[str, dict]:
    with fiona.open(path, layer=layer) as source:
        return {f["properties"]["glacier_id"]: dict(f["properties"]) for f in source}


def _csv(path: Path) -> dict[str, dict]:
    return {row["glacier_id"]: row for row in csv.DictReader(path.read_text().splitlines())}


def _evaluate(data, tmp_path, **given) -> dict:
    return {**dict(PREDICTION=str(data.mean), REFERENCE=str(data.outlines), OUTPUT_CSV=str(tmp_path / "scores.csv"),
                   OUTPUT_LAYER=str(tmp_path / "scores.gpkg"), OUTPUT_REPORT=str(tmp_path / "report.html")), **given}


def _polygonize(data, tmp_path, **given) -> dict:
    return {**dict(MEAN=str(data.mean), STD=str(data.std), GLACIERS=str(data.outlines),
                   OUTPUT=str(tmp_path / "outlines.gpkg")), **given}


def _predict(data, tmp_path, **given) -> dict:
    return {**dict(INPUTS=str(data.rgb), MODEL=str(data.model_rgb), DEVICE="cpu",
                   OUTPUT_MEAN=str(tmp_path / "mean.tif"), OUTPUT_STD=str(tmp_path / "std.tif")), **given}


def _dataset(data, tmp_path, **given) -> dict:
    return {**dict(INPUTS=str(data.rgb), GLACIERS=str(data.among), CHIP_SIZE=64, STRIDE=64, FOLDS=1,
                   OUTPUT=str(tmp_path / "dataset")), **given}


# 1. Glaciers that hold no pixel centre ---------------------------------------------------------------------------

def test_createdataset_skips_subpixel_glaciers_and_lists_them(qgis, data, tmp_path):
    outcome = run_case(qgis, "createdataset", _dataset(data, tmp_path), tmp_path)
    assert_warned(outcome, ["GLACIERS: 3 glacier(s) hold no pixel centre", "TINY-000, TINY-001, TINY-002"],
                  {p for p in outcome.added if p.split("/")[0] == "dataset"} | {"dataset"})
    folds = json.loads((tmp_path / "dataset" / "dataset.json").read_text())["glacier_folds"]
    assert len(folds) == 10 and not TINY & set(folds)


def test_createdataset_with_only_subpixel_glaciers_fails_naming_glaciers(qgis, data, tmp_path):
    outcome = run_case(qgis, "createdataset", _dataset(data, tmp_path, GLACIERS=str(data.subpixel)), tmp_path)
    assert_clean_failure(outcome, ["GLACIERS: every glacier on the raster (3: TINY-000", "smaller than a pixel",
                                   "finer pixels"])


def test_predict_with_only_subpixel_glaciers_and_no_buffer_fails_naming_glaciers_and_buffer(qgis, data, tmp_path):
    outcome = run_case(qgis, "predict", _predict(data, tmp_path, GLACIERS=str(data.subpixel), BUFFER=0), tmp_path)
    assert_clean_failure(outcome, ["GLACIERS: every glacier", "even with the 0 m BUFFER", "Give a BUFFER"])


def test_evaluate_skips_subpixel_reference_glaciers_and_lists_them(qgis, data, tmp_path):
    outcome = run_case(qgis, "evaluate", _evaluate(data, tmp_path, REFERENCE=str(data.among)), tmp_path)
    assert_warned(outcome, ["REFERENCE: 3 reference glacier(s) hold no pixel centre", "TINY-002"],
                  {"scores.csv", "scores.gpkg", "report.html"})
    scores = _layer(tmp_path / "scores.gpkg", "scores")
    assert len(scores) == 10 and not TINY & set(scores)
    assert all(s["ref_area_km2"] > 0 and not math.isnan(s["iou"]) for s in scores.values())


def test_evaluate_with_only_subpixel_reference_glaciers_fails_naming_reference(qgis, data, tmp_path):
    outcome = run_case(qgis, "evaluate", _evaluate(data, tmp_path, REFERENCE=str(data.subpixel)), tmp_path)
    assert_clean_failure(outcome, ["REFERENCE: every reference glacier on the raster", "smaller than a pixel"])


# 2. A shapefile without .prj -------------------------------------------------------------------------------------

NO_CRS = ["has no coordinate reference system", ".prj", "Layer Properties › Source"]


@pytest.mark.parametrize("algorithm, parameter", [("createdataset", "GLACIERS"), ("predict", "GLACIERS"),
                                                  ("polygonize", "GLACIERS"), ("evaluate", "REFERENCE")])
def test_a_shapefile_without_prj_fails_naming_the_parameter_and_the_fix(qgis, data, tmp_path, algorithm, parameter):
    build = {"createdataset": _dataset, "predict": _predict, "polygonize": _polygonize, "evaluate": _evaluate}
    outcome = run_case(qgis, algorithm, build[algorithm](data, tmp_path, **{parameter: str(data.no_prj)}), tmp_path)
    assert_clean_failure(outcome, [f"{parameter}: the layer has no coordinate reference system", *NO_CRS])


# 3. A missing input path -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm, parameter", [("createdataset", "INPUTS"), ("polygonize", "GLACIERS"),
                                                  ("evaluate", "PREDICTION")])
def test_a_missing_input_file_is_named_with_why(qgis, data, tmp_path, algorithm, parameter):
    build = {"createdataset": _dataset, "polygonize": _polygonize, "evaluate": _evaluate}
    missing = tmp_path / "nowhere" / "missing.tif"
    outcome = run_case(qgis, algorithm, build[algorithm](data, tmp_path, **{parameter: str(missing)}), tmp_path)
    assert_clean_failure(outcome, [f"{parameter}: '{missing}' was not found", "Check the path"])
    assert "Incorrect parameter value" not in outcome.text


# 4. A GeoPackage whose first layer holds points ------------------------------------------------------------------

@pytest.mark.parametrize("algorithm, parameter", [("createdataset", "GLACIERS"), ("predict", "GLACIERS"),
                                                  ("polygonize", "GLACIERS"), ("evaluate", "REFERENCE")])
def test_a_points_first_geopackage_names_its_polygon_layers_and_layername(qgis, data, tmp_path, algorithm, parameter):
    build = {"createdataset": _dataset, "predict": _predict, "polygonize": _polygonize, "evaluate": _evaluate}
    outcome = run_case(qgis, algorithm, build[algorithm](data, tmp_path, **{parameter: str(data.two_layers)}),
                       tmp_path)
    assert_clean_failure(outcome, [f"{parameter}: the layer 'stakes' of 'two_layers.gpkg' holds points",
                                   "polygon layers: glaciers", f"{data.two_layers}|layername=glaciers"])


# 5. Glaciers only partly on the raster ---------------------------------------------------------------------------

def test_polygonize_flags_partly_covered_glaciers_with_their_coverage(qgis, data, tmp_path):
    outcome = run_case(qgis, "polygonize", _polygonize(data, tmp_path, MEAN=str(data.mean_west),
                                                       STD=str(data.std_west)), tmp_path)
    assert_warned(outcome, ["GLACIERS:", "only partly covered by valid pixels of MEAN", "field coverage"],
                  {"outlines.gpkg"})
    outlines = _layer(tmp_path / "outlines.gpkg", "outlines")
    partial = {g: o["coverage"] for g, o in outlines.items() if o["coverage"] < 1}
    assert any(0 < c < 1 for c in partial.values()) and any(o["coverage"] == 1 for o in outlines.values())
    assert all(outlines[g]["area"] == 0 for g, c in partial.items() if c == 0)  # buffer on the raster, ice off it
    assert set(partial) == {g for g, o in _layer(tmp_path / "outlines.gpkg", "outlines_low").items()
                            if o["coverage"] < 1}


def test_evaluate_flags_partly_covered_reference_glaciers(qgis, data, tmp_path):
    outcome = run_case(qgis, "evaluate", _evaluate(data, tmp_path, PREDICTION=str(data.mean_west)), tmp_path)
    assert_warned(outcome, ["PREDICTION:", "only partly covered by valid pixels", "coverage below 1"],
                  {"scores.csv", "scores.gpkg", "report.html"})
    scores = _layer(tmp_path / "scores.gpkg", "scores")
    coverage = [s["coverage"] for s in scores.values()]
    assert any(0 < c < 1 for c in coverage) and any(c == 1 for c in coverage) and min(coverage) > 0
    assert set(_csv(tmp_path / "scores.csv")) == set(scores) | {"overall_mean", "overall_area_weighted"}


def _subset(outlines: Path, ids: set[str], path: Path) -> Path:
    """The glaciers ``ids`` of ``outlines``, as a GeoPackage."""
    with fiona.open(outlines) as source:
        meta, features = {"crs_wkt": source.crs_wkt, "schema": source.schema}, list(source)
    with fiona.open(path, "w", driver="GPKG", **meta) as sink:
        sink.writerecords(f for f in features if f["properties"]["RGIId"] in ids)
    return path


def test_areachange_leaves_partly_covered_glaciers_out_of_the_totals(qgis, data, tmp_path):
    """Date 1 is the same ice seen by the western half of the image only: the glaciers cut by its edge would
    read as losses; the inventory is that of the glaciers the western half reaches (polygonize leaves out
    those off the raster, and area change needs the same glaciers at both dates)."""
    whole, west = tmp_path / "whole", tmp_path / "west"
    west.mkdir(), whole.mkdir()
    qgis.results("polygonize", _polygonize(data, west, MEAN=str(data.mean_west), STD=str(data.std_west)))
    inventory = _subset(data.outlines, set(_layer(west / "outlines.gpkg", "outlines")), tmp_path / "inventory.gpkg")
    qgis.results("polygonize", _polygonize(data, whole, GLACIERS=str(inventory)))
    outcome = run_case(qgis, "areachange", dict(
        OUTLINES_0=f"{whole / 'outlines.gpkg'}|layername=outlines", OUTLINES_1=f"{west / 'outlines.gpkg'}|layername=outlines",
        DATE_0="2000-10-30", DATE_1="2010-10-30", OUTPUT=str(tmp_path / "change.gpkg"),
        OUTPUT_CSV=str(tmp_path / "change.csv"), OUTPUT_PLOT=str(tmp_path / "change.png")), tmp_path)
    assert_warned(outcome, ["OUTLINES_0/OUTLINES_1:", "only partly covered", "left out of the TOTAL"],
                  {"change.gpkg", "change.csv", "change.png"})
    rows = _csv(tmp_path / "change.csv")
    total, glaciers = rows.pop("TOTAL"), rows.values()
    counted = [r for r in glaciers if r["in_total"] == "1"]
    assert counted and len(counted) < len(rows) and int(total["in_total"]) == len(counted)
    assert float(total["change"]) == pytest.approx(sum(float(r["change"]) for r in counted), abs=1e-9)
    assert all(float(r["coverage_1"]) < 1 for r in glaciers if r["in_total"] == "0")
    assert abs(float(total["relative_change"])) < 1  # the same ice at both dates: no "loss" from the image edge


# 6. RGI dates (YYYYMMDD, 99 for unknown parts) -------------------------------------------------------------------

def test_areachange_reads_rgi_dates_from_bgndate_and_typed(qgis, data, tmp_path):
    outcome = run_case(qgis, "areachange", dict(
        OUTLINES_0=str(data.hef), OUTLINES_1=str(data.hef_later), DATE_1="20150899",
        OUTPUT=str(tmp_path / "change.gpkg"), OUTPUT_CSV=str(tmp_path / "change.csv"),
        OUTPUT_PLOT=str(tmp_path / "change.png")), tmp_path)
    assert_warned(outcome, [], {"change.gpkg", "change.csv", "change.png"})
    row = _csv(tmp_path / "change.csv")["RGI60-11.00897"]
    assert (row["date_0"], row["date_1"]) == ("2003-07-15", "2015-08-15")  # BgnDate 20030799: day unknown
    assert float(row["change"]) < 0 and float(row["years"]) == pytest.approx(12.08, abs=0.01)


def test_polygonize_writes_an_rgi_date_as_its_iso_date(qgis, data, tmp_path):
    outcome = run_case(qgis, "polygonize", _polygonize(data, tmp_path, DATE="20009999"), tmp_path)
    assert_warned(outcome, [], {"outlines.gpkg"})
    assert {o["date"] for o in _layer(tmp_path / "outlines.gpkg", "outlines").values()} == {"2000-07-01"}


# 7. All-nodata rasters -------------------------------------------------------------------------------------------

def test_predict_on_an_all_nodata_raster_fails_naming_inputs(qgis, data, tmp_path):
    outcome = run_case(qgis, "predict", _predict(data, tmp_path, INPUTS=str(data.nodata_rgb),
                                                 MODEL=str(data.model_nodata)), tmp_path)
    assert_clean_failure(outcome, ["INPUTS: every one of the", "is nodata", "nothing to predict",
                                   "Check the rasters' nodata value"])


def test_evaluate_on_an_all_nodata_prediction_fails_naming_prediction(qgis, data, tmp_path):
    outcome = run_case(qgis, "evaluate", _evaluate(data, tmp_path, PREDICTION=str(data.mean_nodata)), tmp_path)
    assert_clean_failure(outcome, ["PREDICTION: holds only nodata over the", "nothing to score", "nodata value"])
    assert "nan" not in outcome.text.lower().replace("nanmean", "")


# 8. int16 DEMs without nodata (SRTM voids) -----------------------------------------------------------------------

VOIDS = ["INPUTS: 'hef_srtm_int16' band 1 declares no nodata value but holds -32768", "gdal_edit.py -a_nodata -32768"]


def test_createdataset_warns_about_undeclared_dem_voids(qgis, data, tmp_path):
    outcome = run_case(qgis, "createdataset", dict(INPUTS=str(data.dem), GLACIERS=str(data.hef), CHIP_SIZE=32,
                                                   STRIDE=32, FOLDS=1, OUTPUT=str(tmp_path / "dataset")), tmp_path)
    assert_warned(outcome, VOIDS, {p for p in outcome.added if p.split("/")[0] == "dataset"} | {"dataset"})
    assert (tmp_path / "dataset" / "manifest.csv").exists()


def test_predict_warns_about_undeclared_dem_voids(qgis, data, tmp_path):
    outcome = run_case(qgis, "predict", _predict(data, tmp_path, INPUTS=str(data.dem), MODEL=str(data.model_dem)),
                       tmp_path)
    assert_warned(outcome, VOIDS, {"mean.tif", "std.tif"})
