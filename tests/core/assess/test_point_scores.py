"""Point scores of a regression raster: per-pixel means, RMSE / MAE / bias per block fold and overall."""
import csv

import numpy as np
import pytest
import rasterio
from affine import Affine
from shapely.geometry import Point

from glacier_dl_plugin.core.assess.point_scores import block_folds_of, fold_scores, measured_pixels, write_point_scores
from glacier_dl_plugin.core.dataset.point_targets import PointMeasurements
from glacier_dl_plugin.core.errors import InputError

UTM = "EPSG:32632"
TRANSFORM = Affine(10, 0, 600000, 0, -10, 5200000)


@pytest.fixture
def prediction(tmp_path):
    """Predicted thickness 100 m everywhere but nodata in the last column."""
    values = np.full((8, 8), 100.0, np.float32)
    values[:, 7] = -9999
    path = tmp_path / "thickness.tif"
    with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="float32", crs=UTM,
                       transform=TRANSFORM, nodata=-9999) as dst:
        dst.write(values, 1)
    return str(path)


def centre(row, col):
    return Point(TRANSFORM * (col + 0.5, row + 0.5))


# dataset grid = the prediction grid, blocks of 4 px: left half fold 0, right half fold 1
DESCRIPTION = {"crs": rasterio.crs.CRS.from_string(UTM).to_wkt(), "transform": list(TRANSFORM)[:6],
               "blocks": {"size_px": 4, "folds": {"0,0": 0, "1,0": 0, "0,1": 1, "1,1": 1}}}


def test_scores_per_fold_and_overall_on_known_values(prediction):
    points = [centre(0, 0), centre(0, 0), centre(5, 1), centre(2, 5), centre(6, 6), centre(3, 7)]
    values = [90.0, 100.0, 110.0, 80.0, 100.0, 50.0]  # pixel (0,0) averages 95; (3,7) is nodata
    pixels = measured_pixels(prediction, PointMeasurements("gpr", "h", UTM, points, values), DESCRIPTION)
    assert sorted(pixels.measured.tolist()) == [80.0, 95.0, 100.0, 110.0]
    scores = {s.fold: s for s in fold_scores(pixels)}
    # fold 0: errors +5 (100-95) and -10 (100-110); fold 1: +20 and 0
    assert scores["0"].n == 2 and scores["0"].bias == pytest.approx(-2.5)
    assert scores["0"].rmse == pytest.approx(np.sqrt((25 + 100) / 2)) and scores["0"].mae == pytest.approx(7.5)
    assert scores["1"].rmse == pytest.approx(np.sqrt(400 / 2)) and scores["1"].bias == pytest.approx(10.0)
    assert scores["overall"].n == 4 and scores["overall"].mae == pytest.approx(35 / 4)


def test_tables_and_scatter_plot_are_written(prediction, tmp_path):
    pixels = measured_pixels(prediction, PointMeasurements("gpr", "h", UTM, [centre(1, 1), centre(1, 6)],
                                                           [90.0, 130.0]), DESCRIPTION)
    scores = write_point_scores(pixels, tmp_path / "pixels.csv", tmp_path / "scores.csv", tmp_path / "scatter.png")
    with open(tmp_path / "scores.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["fold"] for r in rows] == ["0", "1", "overall"] and float(rows[2]["bias"]) == pytest.approx(-10.0)
    assert scores[-1].rmse == pytest.approx(np.sqrt((100 + 900) / 2))
    with open(tmp_path / "pixels.csv") as handle:
        assert [float(r["error"]) for r in csv.DictReader(handle)] == [10.0, -30.0]
    with rasterio.open(tmp_path / "scatter.png") as png:
        assert png.width == 500 and png.height == 500


def test_points_outside_blocks_have_no_fold_and_a_dataset_without_blocks_is_refused(prediction):
    crs = rasterio.crs.CRS.from_string(UTM)
    x, y = np.array([600005.0, 600095.0]), np.array([5199995.0, 5199995.0])  # col 0 and col 9 (no block)
    assert block_folds_of(DESCRIPTION, crs, x, y).tolist() == [0, -1]
    with pytest.raises(InputError, match="block split") as error:
        block_folds_of({"crs": DESCRIPTION["crs"], "transform": DESCRIPTION["transform"]}, crs, x, y)
    assert error.value.parameter == "DATASET"
    with pytest.raises(InputError, match="no measured pixel") as error:
        measured_pixels(prediction, PointMeasurements("gpr", "h", UTM, [centre(2, 7)], [1.0]))
    assert error.value.parameter == "PREDICTION"
