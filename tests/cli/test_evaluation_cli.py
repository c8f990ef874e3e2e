"""glacierdl:calibrate and glacierdl:evaluate through the real ``qgis_process.bin``, as a batch user runs them."""
import csv
import json

import numpy as np
import pytest

from calibration_fixtures import calibration_scene, overconfident_ensemble, write_raster
from glacier_dl_plugin.qgis_process import QgisProcess

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def qgis(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("profile"))


def test_calibrate_then_evaluate_from_the_command_line(qgis, tmp_path):
    scene = calibration_scene(tmp_path, grid=3)
    model = overconfident_ensemble(tmp_path / "model")
    calibrated = qgis.results("calibrate", dict(
        INPUTS=str(scene.image), MODEL=str(model), GLACIERS=str(scene.glaciers), ID_FIELD="glacier_id",
        VALIDATION_IDS="G00,G02,G04,G06,G08", DEVICE="cpu", OUTPUT_RELIABILITY=str(tmp_path / "reliability.png")))
    block = json.loads((model / "ensemble.json").read_text())["calibration"]
    assert block["validation_glaciers"] == ["G00", "G02", "G04", "G06", "G08"]
    assert calibrated["K"] == pytest.approx(block["k"]) and calibrated["ECE_AFTER"] < calibrated["ECE_BEFORE"]

    truth = write_raster(tmp_path / "truth.tif", scene.truth[None].astype(np.uint8), nodata=255)
    evaluated = qgis.results("evaluate", dict(
        PREDICTION=str(truth), REFERENCE=str(scene.glaciers), OUTPUT_CSV=str(tmp_path / "scores.csv"),
        OUTPUT_LAYER=str(tmp_path / "scores.gpkg"), OUTPUT_REPORT=str(tmp_path / "report.html")))
    assert evaluated["IOU"] == pytest.approx(1.0) and evaluated["IOU_AREA_WEIGHTED"] == pytest.approx(1.0)
    rows = list(csv.DictReader((tmp_path / "scores.csv").read_text().splitlines()))
    assert len(rows) == 9 + 2 and all(float(r["iou"]) == pytest.approx(1.0) for r in rows)


def test_evaluate_without_overlap_fails_naming_the_parameter(qgis, tmp_path):
    scene = calibration_scene(tmp_path, grid=2)
    far = write_raster(tmp_path / "far.tif", np.zeros((1, 10, 10), np.uint8))  # top-left cell only
    done = qgis.run("evaluate", dict(PREDICTION=str(far), REFERENCE=str(scene.glaciers),
                                     OUTPUT_CSV=str(tmp_path / "s.csv"), OUTPUT_LAYER=str(tmp_path / "s.gpkg"),
                                     OUTPUT_REPORT=str(tmp_path / "r.html")))
    assert done.returncode != 0 and "REFERENCE: no reference glacier overlaps" in done.stdout + done.stderr
    assert not (tmp_path / "s.csv").exists() and not (tmp_path / "r.html").exists()


def test_evaluate_per_class_from_the_command_line(qgis, tmp_path):
    """A class map of clean ice (upper halves) and debris (lower halves) scored against itself."""
    import fiona
    from rasterio.crs import CRS
    from shapely.geometry import mapping

    from calibration_fixtures import pixel_box

    scene = calibration_scene(tmp_path, grid=2)
    classes, records = np.zeros(scene.truth.shape, np.uint8), []
    for glacier_id, (r0, r1, c0, c1) in scene.rectangles.items():
        middle = (r0 + r1) // 2
        classes[r0:middle, c0:c1], classes[middle:r1, c0:c1] = 1, 2
        records += [{"geometry": mapping(pixel_box(a, b, c0, c1)), "properties": {"glacier_id": glacier_id,
                                                                                "surface": name}}
                    for a, b, name in ((r0, middle, "clean_ice"), (middle, r1, "debris"))]
    schema = {"geometry": "Polygon", "properties": {"glacier_id": "str", "surface": "str"}}
    with fiona.open(tmp_path / "surfaces.gpkg", "w", driver="GPKG", schema=schema,
                    crs_wkt=CRS.from_epsg(32645).to_wkt()) as sink:
        sink.writerecords(records)
    class_map = write_raster(tmp_path / "classes.tif", classes[None], 255,
                             {"GLACIERDL_CLASSES": json.dumps(["background", "clean_ice", "debris"])})
    evaluated = qgis.results("evaluate", dict(
        PREDICTION=str(class_map), REFERENCE=str(tmp_path / "surfaces.gpkg"), REFERENCE_CLASS_FIELD="surface",
        OUTPUT_CSV=str(tmp_path / "s.csv"), OUTPUT_LAYER=str(tmp_path / "s.gpkg"),
        OUTPUT_REPORT=str(tmp_path / "r.html"), OUTPUT_CLASS_CSV=str(tmp_path / "classes.csv")))
    rows = list(csv.DictReader((tmp_path / "classes.csv").read_text().splitlines()))
    assert evaluated["OUTPUT_CLASS_CSV"] == str(tmp_path / "classes.csv") and len(rows) == 4 * 2 + 2 * 2
    assert all(float(r["iou"]) == pytest.approx(1.0) and float(r["f1"]) == pytest.approx(1.0) for r in rows)
