"""Point and line measurements averaged per pixel of the dataset grid, as a regression target."""
import numpy as np
import pytest
import rasterio
from affine import Affine
from pyproj import Transformer
from rasterio.crs import CRS
from rasterio.windows import Window
from shapely.geometry import LineString, MultiPoint, Point, box

from glacier_dl_plugin.core.dataset.point_targets import PointMeasurements, pixel_means
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.raster_stack import Grid

UTM = "EPSG:32632"
GRID = Grid(CRS.from_string(UTM), Affine(10, 0, 600000, 0, -10, 5200000), 8, 6)  # 8 x 6 px of 10 m


def measurements(geometries, values, crs=UTM):
    return PointMeasurements("gpr", "thickness", crs, geometries, values)


def test_points_in_one_pixel_average_and_points_off_the_grid_are_skipped():
    points = [Point(600005, 5199995), Point(600002, 5199991), Point(600035, 5199975), Point(500000, 5199995)]
    means = pixel_means(measurements(points, [100.0, 50.0, 7.0, 999.0]), GRID)
    values, valid = means.read(Window(0, 0, 8, 6))
    assert valid.sum() == 2
    assert values[0, 0, 0] == pytest.approx(75.0) and values[0, 2, 3] == pytest.approx(7.0)
    assert means.counts.tolist() == [2, 1]


def test_a_window_reads_its_part_and_nan_values_are_skipped():
    points = MultiPoint([(600005, 5199995), (600075, 5199945)])
    means = pixel_means(measurements([points, Point(600015, 5199995)], [10.0, np.nan]), GRID)
    values, valid = means.read(Window(4, 2, 4, 4))
    assert valid.sum() == 1 and values[0, 3, 3] == pytest.approx(10.0)  # pixel (row 5, col 7)


def test_any_window_even_partly_off_the_grid_reads_the_same_pixels_as_the_whole_grid():
    rng = np.random.default_rng(3)
    xy = np.column_stack([600000 + rng.uniform(0, 80, 40), 5200000 - rng.uniform(0, 60, 40)])
    means = pixel_means(measurements([Point(x, y) for x, y in xy], rng.uniform(0, 300, 40).tolist()), GRID)
    whole, measured = means.read(Window(0, 0, 8, 6))
    padded = np.pad(whole[0], 3, constant_values=0.0), np.pad(measured, 3, constant_values=False)
    for col_off, row_off, width, height in [(-3, -3, 5, 4), (6, 4, 5, 5), (2, -2, 3, 10), (-1, 1, 10, 2), (8, 0, 2, 2)]:
        values, valid = means.read(Window(col_off, row_off, width, height))
        rows, cols = slice(row_off + 3, row_off + 3 + height), slice(col_off + 3, col_off + 3 + width)
        np.testing.assert_array_equal(valid, padded[1][rows, cols])
        np.testing.assert_array_equal(values[0], padded[0][rows, cols])


def test_a_profile_line_marks_every_pixel_it_crosses_with_its_value():
    line = LineString([(600001, 5199985), (600079, 5199985)])  # along row 1, through all 8 columns
    values, valid = pixel_means(measurements([line], [42.0]), GRID).read(Window(0, 0, 8, 6))
    assert valid[1].all() and valid.sum() == 8
    assert np.all(values[0, 1] == 42.0)


def test_points_given_in_geographic_coordinates_land_on_the_utm_pixel():
    lon, lat = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True).transform(600055, 5199965)
    values, valid = pixel_means(measurements([Point(lon, lat)], [5.0], "EPSG:4326"), GRID).read(Window(0, 0, 8, 6))
    assert valid.sum() == 1 and valid[3, 5] and values[0, 3, 5] == 5.0


def test_polygons_no_numbers_and_no_measurement_on_the_grid_are_refused():
    with pytest.raises(InputError, match="Polygon") as error:
        pixel_means(measurements([box(0, 0, 1, 1)], [1.0]), GRID)
    assert error.value.parameter == "REGRESSION_TARGET"
    with pytest.raises(InputError) as error:
        pixel_means(measurements([Point(600005, 5199995)], [np.nan]), GRID)
    assert error.value.parameter == "REGRESSION_FIELD"
    with pytest.raises(InputError, match="no measurement") as error:
        pixel_means(measurements([Point(0, 0)], [1.0]), GRID)
    assert error.value.parameter == "REGRESSION_TARGET"


def test_means_equal_the_thickness_raster_where_profiles_sample_it(hintereisferner):
    """Points every 5 m along profiles, valued by the thickness pixel they fall in: per-pixel means equal it."""
    with rasterio.open(hintereisferner["thickness"]) as src:
        thickness, grid = src.read(1), Grid(src.crs, src.transform, src.width, src.height)
        x0, y0 = src.xy(40, 60)
        xs = np.arange(x0, x0 + 2000, 5.0)
        profiles = [np.column_stack([xs, np.full_like(xs, y0 - 300 * k + 0.4 * (xs - x0))]) for k in range(3)]
        points = np.concatenate(profiles)
        sampled = np.array([v[0] for v in src.sample(points)])
    means = pixel_means(measurements([Point(p) for p in points], sampled), grid)
    values, valid = means.read(Window(0, 0, grid.width, grid.height))
    assert 150 < valid.sum() < 400
    np.testing.assert_allclose(values[0][valid], thickness[valid], rtol=1e-6)
    assert means.counts.sum() == len(points)
