"""glacierdl:calibrate and glacierdl:evaluate inside a real headless QGIS, through processing.run."""
import csv
import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from qgis.core import QgsProcessingException, QgsProject, QgsRasterLayer, QgsVectorLayer
from rasterio.features import rasterize

from calibration_fixtures import META, calibration_scene, overconfident_ensemble, pixel_box, write_raster
from glacier_dl_plugin.styles import STYLES_DIR
from onnx_fixtures import pointwise_model


def run(algorithm, parameters):
    import processing

    return processing.run(f"glacierdl:{algorithm}", parameters)


@pytest.fixture(scope="module")
def scene(qgis_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("qgis_calibration")
    scene = calibration_scene(folder, grid=4)
    image = QgsRasterLayer(str(scene.image), "evidence")
    glaciers = QgsVectorLayer(f"{scene.glaciers}|layername=glaciers", "glaciers", "ogr")
    assert image.isValid() and glaciers.isValid()
    QgsProject.instance().addMapLayers([image, glaciers])
    return folder, scene, image, glaciers


def test_calibrate_uses_the_selection_and_stores_the_block(scene, tmp_path):
    _, scene_, image, glaciers = scene
    model = overconfident_ensemble(tmp_path / "model")
    chosen = [f.id() for f in glaciers.getFeatures() if int(f["glacier_id"][1:]) % 2 == 0]
    glaciers.selectByIds(chosen)
    result = run("calibrate", {"INPUTS": [image], "MODEL": str(model), "GLACIERS": glaciers, "DEVICE": "cpu",
                               "OUTPUT_RELIABILITY": str(tmp_path / "reliability.png")})
    glaciers.removeSelection()
    block = json.loads((model / "ensemble.json").read_text())["calibration"]
    assert block["validation_glaciers"] == [f"G{i:02d}" for i in range(0, 16, 2)]
    assert result["K"] == block["k"] > 0 and result["ECE_AFTER"] < result["ECE_BEFORE"]
    assert all(3 < t < 5 for t in block["temperatures"].values())
    assert (tmp_path / "reliability.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result["MODEL"] == str(model)


def test_calibrate_refuses_a_single_onnx_file(scene, tmp_path):
    _, _, image, glaciers = scene
    onnx = pointwise_model(tmp_path / "one.onnx", (1.0, 0.0), 0.0, META)
    with pytest.raises(QgsProcessingException, match="MODEL: .*Choose the model folder"):
        run("calibrate", {"INPUTS": [image], "MODEL": str(onnx), "GLACIERS": glaciers, "DEVICE": "cpu",
                          "OUTPUT_RELIABILITY": str(tmp_path / "reliability.png")})
    assert not (tmp_path / "reliability.png").exists()


def test_calibrate_names_unknown_validation_ids(scene, tmp_path):
    _, _, image, glaciers = scene
    model = overconfident_ensemble(tmp_path / "model")
    with pytest.raises(QgsProcessingException, match="VALIDATION_IDS: 1 id.*nope"):
        run("calibrate", {"INPUTS": [image], "MODEL": str(model), "GLACIERS": glaciers, "VALIDATION_IDS": "G01, nope",
                          "DEVICE": "cpu", "OUTPUT_RELIABILITY": str(tmp_path / "reliability.png")})
    assert "calibration" not in json.loads((model / "ensemble.json").read_text())


def test_calibrate_refuses_an_overlap_not_below_the_tile_by_name(scene, tmp_path):
    _, _, image, glaciers = scene
    model = overconfident_ensemble(tmp_path / "model")  # 64 px chips: TILE_SIZE 0 takes them
    with pytest.raises(QgsProcessingException, match=r"OVERLAP: 64 px is not smaller than the 64 px tile\. "
                                                     r"Use at most 63 px"):
        run("calibrate", {"INPUTS": [image], "MODEL": str(model), "GLACIERS": glaciers, "DEVICE": "cpu",
                          "OVERLAP": 64, "OUTPUT_RELIABILITY": str(tmp_path / "reliability.png")})
    assert "calibration" not in json.loads((model / "ensemble.json").read_text())
    assert not (tmp_path / "reliability.png").exists()


def test_calibrate_takes_predicts_inference_parameters(scene, tmp_path):
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    predict, calibrate = registry.algorithmById("glacierdl:predict"), registry.algorithmById("glacierdl:calibrate")
    shared = ["TILE_SIZE", "OVERLAP", "OVERLAP_UNIT", "BATCH_SIZE", "BLENDING", "PRECISION", "TTA", "HELD_OUT_ONLY",
              "DEVICE"]
    for name in shared:
        ours, theirs = calibrate.parameterDefinition(name), predict.parameterDefinition(name)
        assert (ours.description(), ours.defaultValue()) == (theirs.description(), theirs.defaultValue()), name
    _, _, image, glaciers = scene
    model = overconfident_ensemble(tmp_path / "model")
    result = run("calibrate", {"INPUTS": [image], "MODEL": str(model), "GLACIERS": glaciers, "DEVICE": "cpu",
                               "TILE_SIZE": 64, "OVERLAP": 25, "OVERLAP_UNIT": "percent", "BLENDING": "centre",
                               "TTA": True, "BATCH_SIZE": 3, "OUTPUT_RELIABILITY": str(tmp_path / "reliability.png")})
    block = json.loads((model / "ensemble.json").read_text())["calibration"]
    assert result["K"] == block["k"] > 0 and all(3 < t < 5 for t in block["temperatures"].values())


def test_evaluate_a_shifted_probability_raster_writes_scored_styled_outputs(scene, tmp_path):
    folder, scene_, image, glaciers = scene
    shifted = np.zeros_like(scene_.truth)
    shifted[:, 2:] = scene_.truth[:, :-2]
    mean = write_raster(tmp_path / "mean.tif", np.where(shifted, 0.9, 0.05)[None].astype(np.float32), -9999)
    result = run("evaluate", {"PREDICTION": str(mean), "REFERENCE": glaciers, "IMAGE": image, "STD": str(mean),
                              "OUTPUT_CSV": str(tmp_path / "scores.csv"), "OUTPUT_LAYER": str(tmp_path / "scores.gpkg"),
                              "OUTPUT_REPORT": str(tmp_path / "report.html")})
    sizes = {g: (r[1] - r[0], r[3] - r[2]) for g, r in scene_.rectangles.items()}
    expected = np.mean([(w - 2) / (w + 2) for _, w in sizes.values()])
    assert result["IOU"] == pytest.approx(expected, rel=1e-9)
    rows = {r["glacier_id"]: r for r in csv.DictReader(Path(result["OUTPUT_CSV"]).read_text().splitlines())}
    assert float(rows["G05"]["iou"]) == pytest.approx((sizes["G05"][1] - 2) / (sizes["G05"][1] + 2), rel=1e-5)
    layer = QgsVectorLayer(f"{result['OUTPUT_LAYER']}|layername=scores", "scores", "ogr")
    assert layer.isValid() and layer.featureCount() == 16 and layer.crs().authid() == "EPSG:32645"
    assert {"iou", "boundary_distance_m", "area_low_km2", "area_high_km2", "in_interval"} <= set(
        layer.fields().names())
    message, ok = layer.loadNamedStyle(str(STYLES_DIR / "scores.qml"))
    assert ok and layer.renderer().type() == "graduatedSymbol" and layer.renderer().classAttribute() == "iou"
    assert "worst" in Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8")


def test_evaluate_scores_layer_is_styled_by_iou_when_loaded(scene, tmp_path):
    import processing

    _, scene_, _, glaciers = scene
    truth = write_raster(tmp_path / "truth.tif", scene_.truth[None].astype(np.uint8), nodata=255)
    result = processing.runAndLoadResults("glacierdl:evaluate", {
        "PREDICTION": str(truth), "REFERENCE": glaciers, "OUTPUT_CSV": str(tmp_path / "s.csv"),
        "OUTPUT_LAYER": str(tmp_path / "s.gpkg"), "OUTPUT_REPORT": str(tmp_path / "r.html")})
    loaded = [layer for layer in QgsProject.instance().mapLayers().values()
              if layer.source().startswith(str(tmp_path / "s.gpkg"))]
    assert len(loaded) == 1 and loaded[0].featureCount() == 16
    assert loaded[0].renderer().type() == "graduatedSymbol" and loaded[0].renderer().classAttribute() == "iou"
    QgsProject.instance().removeMapLayer(loaded[0].id())
    assert result["IOU"] == pytest.approx(1.0)


@pytest.mark.slow
def test_evaluate_rgi_outlines_in_another_crs_against_their_own_burnt_raster(qgis_app, everest, tmp_path):
    outlines = QgsVectorLayer(str(everest["outlines"]), "rgi", "ogr")
    with rasterio.open(everest["rgb"]) as src:
        profile = dict(driver="GTiff", width=src.width, height=src.height, count=1, dtype="uint8", crs=src.crs,
                       transform=src.transform, nodata=255)
    import fiona
    from rasterio.warp import transform_geom

    with fiona.open(everest["outlines"]) as source:
        shapes = [(transform_geom("EPSG:4326", profile["crs"], f["geometry"]), 1) for f in source]
    with rasterio.open(tmp_path / "burnt.tif", "w", **profile) as dst:
        dst.write(rasterize(shapes, out_shape=(profile["height"], profile["width"]), transform=profile["transform"],
                            dtype=np.uint8)[None])
    result = run("evaluate", {"PREDICTION": str(tmp_path / "burnt.tif"), "REFERENCE": outlines,
                              "OUTPUT_CSV": str(tmp_path / "s.csv"), "OUTPUT_LAYER": str(tmp_path / "s.gpkg"),
                              "OUTPUT_REPORT": str(tmp_path / "r.html")})
    assert result["IOU_AREA_WEIGHTED"] > 0.99
    rows = list(csv.DictReader(Path(result["OUTPUT_CSV"]).read_text().splitlines()))
    assert len(rows) == 86 + 2 and rows[0]["glacier_id"].startswith("RGI60-15.")


def test_evaluate_polygons_matched_by_id_in_another_crs(scene, tmp_path):
    folder, _, _, glaciers = scene
    moved = QgsVectorLayer("Polygon?crs=EPSG:4326&field=glacier_id:string", "moved", "memory")
    from qgis.core import QgsCoordinateTransform, QgsFeature

    to_wgs84 = QgsCoordinateTransform(glaciers.crs(), moved.crs(), QgsProject.instance())
    features = []
    for source in glaciers.getFeatures():
        geometry = source.geometry()
        geometry.translate(60, 0)  # two pixels east, in UTM metres
        geometry.transform(to_wgs84)
        feature = QgsFeature(moved.fields())
        feature.setGeometry(geometry)
        feature["glacier_id"] = source["glacier_id"]
        features.append(feature)
    moved.dataProvider().addFeatures(features)
    result = run("evaluate", {"PREDICTION": moved, "PREDICTION_ID_FIELD": "glacier_id", "REFERENCE": glaciers,
                              "OUTPUT_CSV": str(tmp_path / "s.csv"), "OUTPUT_LAYER": str(tmp_path / "s.gpkg"),
                              "OUTPUT_REPORT": str(tmp_path / "r.html")})
    _, scene_, _, _ = scene
    expected = np.mean([(r[3] - r[2] - 2) / (r[3] - r[2] + 2) for r in scene_.rectangles.values()])
    assert result["IOU"] == pytest.approx(expected, rel=2e-3)  # straight UTM edges are curved in degrees


def test_evaluate_polygons_with_unmatched_ids_fails_and_writes_nothing(scene, tmp_path):
    _, _, _, glaciers = scene
    with pytest.raises(QgsProcessingException, match="PREDICTION_ID_FIELD: 'nope' is not a field"):
        run("evaluate", {"PREDICTION": glaciers, "PREDICTION_ID_FIELD": "nope", "REFERENCE": glaciers,
                         "OUTPUT_CSV": str(tmp_path / "s.csv"), "OUTPUT_LAYER": str(tmp_path / "s.gpkg"),
                         "OUTPUT_REPORT": str(tmp_path / "r.html")})
    assert not any(tmp_path.iterdir())


def classed_inputs(scene_, folder, shift, down):
    """Clean-ice (upper half) / debris (lower half) reference polygons in a GeoPackage with a ``surface`` field,
    and a class map of them moved ``shift`` px east with the clean/debris boundary ``down`` rows lower."""
    import fiona
    from rasterio.crs import CRS
    from shapely.geometry import mapping

    records, classes = [], np.zeros(scene_.truth.shape, np.uint8)
    for glacier_id, (r0, r1, c0, c1) in scene_.rectangles.items():
        m = r0 + (r1 - r0) // 2
        records += [{"geometry": mapping(pixel_box(*rows, c0, c1)), "properties": {"glacier_id": glacier_id,
                                                                                 "surface": name}}
                    for rows, name in (((r0, m), "clean_ice"), ((m, r1), "debris"))]
        classes[r0:m + down, c0 + shift:c1 + shift] = 1
        classes[m + down:r1, c0 + shift:c1 + shift] = 2
    schema = {"geometry": "Polygon", "properties": {"glacier_id": "str", "surface": "str"}}
    with fiona.open(folder / "surfaces.gpkg", "w", driver="GPKG", layer="surfaces", schema=schema,
                    crs_wkt=CRS.from_epsg(32645).to_wkt()) as sink:
        sink.writerecords(records)
    tags = {"GLACIERDL_CLASSES": json.dumps(["background", "clean_ice", "debris"])}
    return folder / "surfaces.gpkg", write_raster(folder / "classes.tif", classes[None], 255, tags)


def test_evaluate_per_class_writes_the_analytic_class_scores(scene, tmp_path):
    _, scene_, _, _ = scene
    reference, class_map = classed_inputs(scene_, tmp_path, shift=2, down=1)
    outputs = {"OUTPUT_CSV": str(tmp_path / "s.csv"), "OUTPUT_LAYER": str(tmp_path / "s.gpkg"),
               "OUTPUT_REPORT": str(tmp_path / "r.html"), "OUTPUT_CLASS_CSV": str(tmp_path / "classes.csv")}
    result = run("evaluate", {"PREDICTION": str(class_map), "REFERENCE": str(reference),
                              "REFERENCE_CLASS_FIELD": "surface", **outputs})
    rows = {(r["glacier_id"], r["class"]): r
            for r in csv.DictReader(Path(result["OUTPUT_CLASS_CSV"]).read_text().splitlines())}
    assert len(rows) == 16 * 2 + 2 * 2
    r0, r1, c0, c1 = scene_.rectangles["G05"]
    hc, hd, w = (r1 - r0) // 2, r1 - r0 - (r1 - r0) // 2, c1 - c0
    # clean ice: predicted (hc + 1) × w, reference hc × w, overlap hc × (w − 2); debris: (hd − 1) × w, hd × w
    tp, predicted, truth = hc * (w - 2), (hc + 1) * w, hc * w
    assert float(rows["G05", "clean_ice"]["iou"]) == pytest.approx(tp / (predicted + truth - tp), rel=1e-5)
    assert float(rows["G05", "clean_ice"]["precision"]) == pytest.approx(tp / predicted, rel=1e-5)
    tp, predicted, truth = (hd - 1) * (w - 2), (hd - 1) * w, hd * w
    assert float(rows["G05", "debris"]["iou"]) == pytest.approx(tp / (predicted + truth - tp), rel=1e-5)
    assert float(rows["G05", "debris"]["ref_area_km2"]) == pytest.approx(truth * 900 / 1e6, rel=2e-3)
    assert result["IOU"] == pytest.approx(np.mean([(r[3] - r[2] - 2) / (r[3] - r[2] + 2)
                                                   for r in scene_.rectangles.values()]), rel=1e-9)  # binary as ever
    assert "Class matrix (pixels)" in Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("prediction, field, message", [
    ("binary", "surface", "REFERENCE_CLASS_FIELD: per-class scores need a multi-class prediction, but the "
                          "prediction has the classes background, glacier"),
    ("classes", "glacier_id", r"REFERENCE_CLASS_FIELD: the reference classes G00, .* are not classes of the "
                              r"model \(clean_ice, debris\)"),
    ("classes", "nope", r"REFERENCE_CLASS_FIELD: 'nope' is not a field of the reference layer \(fid, glacier_id, "
                        r"surface\)"),
    ("polygons", "surface", "REFERENCE_CLASS_FIELD: per-class scores need a prediction raster")])
def test_evaluate_per_class_refuses_unusable_inputs_and_writes_nothing(scene, tmp_path, prediction, field,
                                                                       message):
    _, scene_, _, _ = scene
    (tmp_path / "in").mkdir()
    reference, class_map = classed_inputs(scene_, tmp_path / "in", shift=0, down=0)
    binary = write_raster(tmp_path / "in" / "binary.tif", scene_.truth[None].astype(np.uint8), 255,
                          {"GLACIERDL_CLASSES": json.dumps(["background", "glacier"])})
    given = {"binary": str(binary), "classes": str(class_map), "polygons": str(reference)}[prediction]
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match=message):
        run("evaluate", {"PREDICTION": given, "REFERENCE": str(reference), "REFERENCE_CLASS_FIELD": field,
                         "OUTPUT_CSV": str(out / "s.csv"), "OUTPUT_LAYER": str(out / "s.gpkg"),
                         "OUTPUT_REPORT": str(out / "r.html"), "OUTPUT_CLASS_CSV": str(out / "c.csv")})
    assert not out.exists() or not any(out.iterdir())
