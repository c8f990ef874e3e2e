"""Evaluate's outputs: the scores CSVs and GeoPackage, and the HTML report rendered from its jinja2 template."""
import csv
import re
import subprocess
import sys
from pathlib import Path

import fiona
import pytest

from evaluation_fixtures import expected_class_pixels
from glacier_dl_plugin.core.assess.evaluation import evaluate_raster
from glacier_dl_plugin.core.assess.evaluation_report import write_evaluation, write_html_report
from glacier_dl_plugin.core.assess.prediction_raster import RasterPrediction, raster_prediction
from glacier_dl_plugin.core.errors import MissingDependencyError

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def shifted(scored_scene):
    prediction = RasterPrediction(str(scored_scene.folder / "shifted.tif"), "probability", 0.5)
    return evaluate_raster(prediction, scored_scene.outlines, 300)


def cells(page: str, first: str) -> list[str]:
    """The cells of the report's table row whose first cell is ``first``."""
    row = re.search(rf"<tr><td>{re.escape(first)}</td>(.*?)</tr>", page, re.S).group(1)
    return re.findall(r"<td>(.*?)</td>", row)


def test_outputs_hold_every_glacier_and_the_overall_rows(scored_scene, shifted, tmp_path):
    write_evaluation(shifted, str(tmp_path / "s.csv"), str(tmp_path / "s.gpkg"), str(tmp_path / "r.html"),
                     str(scored_scene.scene.image), str(scored_scene.folder / "shifted.tif"))
    rows = list(csv.DictReader((tmp_path / "s.csv").read_text().splitlines()))
    assert [r["glacier_id"] for r in rows] == sorted(scored_scene.outlines) + ["overall_mean", "overall_area_weighted"]
    assert float(rows[-1]["iou"]) == pytest.approx(shifted.area_weighted()["iou"], rel=1e-5)
    with fiona.open(tmp_path / "s.gpkg", layer="scores") as layer:
        features = list(layer)
    assert len(features) == 9 and features[0]["properties"]["iou"] == pytest.approx(float(rows[0]["iou"]), rel=1e-5)
    page = (tmp_path / "r.html").read_text()
    assert page.count("data:image/png;base64") == 6 and "worst" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "s.csv", "s.gpkg"]  # no temporaries


def test_the_report_ranks_glaciers_by_iou_and_shows_three_decimals(shifted, tmp_path):
    page = write_html_report(tmp_path / "r.html", shifted).read_text(encoding="utf-8")
    ranked = sorted(shifted.glaciers, key=lambda g: g.scores["iou"], reverse=True)
    best, worst = [g.zone.glacier_id for g in ranked[:3]], [g.zone.glacier_id for g in ranked[-3:]]
    assert re.findall(r"<h3>(best|worst): (\w+)</h3>", page) == [("best", g) for g in best] + [
        ("worst", g) for g in worst]
    every = page.split("<h2>Every glacier</h2>")[1]
    assert re.findall(r"<tr><td>(G\d\d)</td>", every) == [g.zone.glacier_id for g in ranked]
    first = ranked[0].scores
    assert cells(page, ranked[0].zone.glacier_id)[:3] == [
        f"{first['ref_area_km2']:.3f}", f"{first['pred_area_km2']:.3f}", f"{first['iou']:.3f}"]
    assert cells(page, "area-weighted")[-4:] == ["–", "–", "–", "1.000"]  # no std raster: no interval; all seen
    assert "<h2>Per class</h2>" not in page


def test_the_title_and_glacier_ids_are_escaped(scored_scene, tmp_path):
    outlines = dict(scored_scene.outlines)
    outlines["<b>G&'x"] = outlines.pop("G00")
    prediction = RasterPrediction(str(scored_scene.folder / "shifted.tif"), "probability", 0.5)
    evaluation = evaluate_raster(prediction, outlines, 300)
    page = write_html_report(tmp_path / "r.html", evaluation, title="Ötztal <2003>").read_text(encoding="utf-8")
    assert "<title>Ötztal &lt;2003&gt;</title>" in page and "<h1>Ötztal &lt;2003&gt;</h1>" in page
    assert "<b>G" not in page and cells(page, "&lt;b&gt;G&amp;&#39;x")  # its row in the glacier table


def test_per_class_outputs_hold_every_glacier_and_class_and_the_class_matrix(scored_scene, classed, tmp_path):
    reference, class_map, _ = classed
    evaluation = evaluate_raster(raster_prediction(str(class_map)), reference.by_glacier(), 300, classes=reference)
    write_evaluation(evaluation, str(tmp_path / "s.csv"), str(tmp_path / "s.gpkg"), str(tmp_path / "r.html"),
                     class_csv_path=str(tmp_path / "classes.csv"))
    rows = list(csv.DictReader((tmp_path / "classes.csv").read_text().splitlines()))
    assert [(r["glacier_id"], r["class"]) for r in rows[-4:]] == [
        ("overall_mean", "clean_ice"), ("overall_mean", "debris"), ("overall_area_weighted", "clean_ice"),
        ("overall_area_weighted", "debris")]
    assert len(rows) == 22 and float(rows[-1]["iou"]) == pytest.approx(evaluation.class_scores()[-1][2]["iou"], 1e-5)
    page = (tmp_path / "r.html").read_text()
    expected = sum(expected_class_pixels(r) for r in scored_scene.scene.rectangles.values())
    pixels_table = page.split("<h3>Class matrix (pixels)</h3>")[1].split("</table>")[0]
    debris_row = re.search(r"<tr><th>debris</th>(.*?)</tr>", pixels_table).group(1)
    assert re.findall(r"<td>(\d+)</td>", debris_row)[1:] == [str(v) for v in expected[2, 1:]]
    assert "Class matrix (km²)" in page and cells(page, "overall_area_weighted")
    assert page.count("data:image/png;base64") == 6 + 1  # the panels and the heat map


def test_binary_evaluation_has_no_class_outputs(scored_scene, tmp_path):
    evaluation = evaluate_raster(RasterPrediction(str(scored_scene.folder / "classes.tif"), "classes"),
                                 scored_scene.outlines, 300)
    write_evaluation(evaluation, str(tmp_path / "s.csv"), str(tmp_path / "s.gpkg"), str(tmp_path / "r.html"),
                     class_csv_path=str(tmp_path / "classes.csv"))
    assert evaluation.class_names == () and evaluation.glaciers[0].classes is None
    assert not (tmp_path / "classes.csv").exists() and "Per class" not in (tmp_path / "r.html").read_text()


def test_without_jinja2_the_module_loads_and_the_report_says_what_to_install(shifted, tmp_path, monkeypatch):
    code = ("import sys; sys.modules['jinja2'] = None\n"
            "import glacier_dl_plugin.core.assess.evaluation_report, glacier_dl_plugin.environment as e\n"
            "print(e.missing_modules(['jinja2']))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['jinja2']"
    monkeypatch.setitem(sys.modules, "jinja2", None)  # what `import jinja2` meets when it is not installed
    with pytest.raises(MissingDependencyError, match="needs the Python package 'jinja2'.*python3-jinja2"):
        write_html_report(tmp_path / "r.html", shifted)
    assert not (tmp_path / "r.html").exists()
