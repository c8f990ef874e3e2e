"""Predict over an extent or only buffered glaciers: tiles counted, nodata outside, equal values inside."""
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import Polygon, box

from glacier_dl_plugin.core.config import NODATA_FLOAT, PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.regions import extent_area, glacier_area
from glacier_dl_plugin.core.predict.tiling import tile_starts
from onnx_fixtures import MEMBERS, META, ensemble_folder, pointwise_model, pointwise_reference, write_image

X0, Y0, PIXEL = 480000, 3110000, 30
GLACIER_A = Polygon([(X0 + 600, Y0 - 600), (X0 + 1500, Y0 - 600), (X0 + 1500, Y0 - 1500), (X0 + 600, Y0 - 1500)])
GLACIER_B = box(X0 + 4500, Y0 - 6000, X0 + 5400, Y0 - 5100)


def glaciers(*polygons, ids=("A", "B")):
    records = [GlacierRecord(i, p.wkb) for i, p in zip(ids, polygons, strict=False)]  # the first len(polygons) ids
    return load_glaciers(records, "EPSG:32645", "EPSG:32645")


def predict(tmp_path, model, name, config, area=None, **kwargs):
    return predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), config,
                          str(tmp_path / f"{name}_mean.tif"), str(tmp_path / f"{name}_std.tif"), area=area, **kwargs)


def read(path):
    with rasterio.open(path) as src:
        return src.read(1), src.transform


def expected_tiles(height, width, tile, overlap, shapes):
    """Tiles of the whole-raster sliding window whose footprint touches a buffered glacier, by brute force."""
    count = 0
    for r in tile_starts(height, tile, overlap):
        for c in tile_starts(width, tile, overlap):
            footprint = box(X0 + c * PIXEL, Y0 - (r + tile) * PIXEL, X0 + (c + tile) * PIXEL, Y0 - r * PIXEL)
            count += any(footprint.intersects(s) for s in shapes)
    return count


def test_selected_glaciers_compute_only_touching_tiles_and_match_whole_raster_inside(tmp_path):
    image = write_image(tmp_path / "img.tif", 230, 210)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    config = PredictConfig(tile_size=32, overlap=8, device="cpu", block_size=256)
    whole = predict(tmp_path, model, "whole", config)
    chosen = glaciers(GLACIER_A, GLACIER_B)
    selected = predict(tmp_path, model, "sel", config, area=lambda grid: glacier_area(grid, chosen, 90.0))
    buffers = [GLACIER_A.buffer(90), GLACIER_B.buffer(90)]
    assert selected.tiles == expected_tiles(230, 210, 32, 8, buffers) < whole.tiles
    assert selected.tiles + selected.outside_tiles == whole.tiles
    mean, transform = read(tmp_path / "sel_mean.tif")
    rows, cols = np.indices(mean.shape)
    xs, ys = rasterio.transform.xy(transform, rows.ravel(), cols.ravel())
    from shapely.geometry import Point
    inside = np.array([any(b.contains(Point(x, y)) for b in buffers)
                       for x, y in zip(xs, ys, strict=True)]).reshape(mean.shape)
    reference = pointwise_reference(image, *MEMBERS[0], META)
    np.testing.assert_allclose(mean[inside], reference[inside], atol=1e-5)
    np.testing.assert_allclose(mean[inside], read(tmp_path / "whole_mean.tif")[0][inside], atol=1e-6)
    assert np.all(mean[~inside] == NODATA_FLOAT) and inside.sum() > 1000


def test_empty_selection_and_glaciers_off_the_raster_are_clear_errors(tmp_path):
    write_image(tmp_path / "img.tif", 64, 64)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    config = PredictConfig(tile_size=32, overlap=8, device="cpu")
    with pytest.raises(InputError, match="GLACIERS: contains no glacier polygon"):
        glaciers()
    far = glaciers(box(X0 + 90000, Y0 - 90000, X0 + 91000, Y0 - 89000), ids=("far",))
    with pytest.raises(InputError, match="GLACIERS: no glacier polygon overlaps the input rasters"):
        predict(tmp_path, model, "far", config, area=lambda grid: glacier_area(grid, far, 100.0))
    assert not (tmp_path / "far_mean.tif").exists()


def test_extent_crops_the_output_grid(tmp_path):
    image = write_image(tmp_path / "img.tif", 100, 120)
    model = pointwise_model(tmp_path / "m.onnx", *MEMBERS[0], META)
    bounds = (X0 + 300, Y0 - 1500, X0 + 2400, Y0 - 600)  # columns 10-80, rows 20-50
    summary = predict(tmp_path, model, "ext", PredictConfig(tile_size=32, overlap=8, device="cpu"),
                      area=lambda grid: extent_area(grid, bounds, "EPSG:32645"))
    mean, transform = read(tmp_path / "ext_mean.tif")
    assert mean.shape == (30, 70) and transform == from_origin(X0 + 300, Y0 - 600, PIXEL, PIXEL)
    np.testing.assert_allclose(mean, pointwise_reference(image, *MEMBERS[0], META)[20:50, 10:80], atol=1e-5)
    assert summary.grid.width == 70
    with pytest.raises(InputError, match="EXTENT: the extent does not overlap"):
        predict(tmp_path, model, "off", PredictConfig(tile_size=32, overlap=8, device="cpu"),
                area=lambda grid: extent_area(grid, (0, 0, 10, 10), "EPSG:32645"))


def test_held_out_members_only_predict_the_glaciers_they_never_saw(tmp_path):
    image = write_image(tmp_path / "img.tif", 230, 210)
    folder = ensemble_folder(tmp_path / "model", MEMBERS, META, test_glaciers=[["A"], ["B"], ["A"]])
    chosen = glaciers(GLACIER_A, GLACIER_B)
    predict(tmp_path, folder, "held", PredictConfig(tile_size=32, overlap=8, device="cpu", held_out_only=True),
            area=lambda grid: glacier_area(grid, chosen, 0.0))
    mean, _ = read(tmp_path / "held_mean.tif")
    std, _ = read(tmp_path / "held_std.tif")
    members = np.stack([pointwise_reference(image, w, b, META) for w, b in MEMBERS])
    a = (slice(21, 49), slice(21, 49))  # pixel centres well inside glacier A (rows/cols 20-50)
    b = (slice(171, 199), slice(151, 179))
    np.testing.assert_allclose(mean[a], members[[0, 2]].mean(axis=0)[a], atol=1e-5)
    np.testing.assert_allclose(std[a], members[[0, 2]].std(axis=0)[a], atol=1e-5)
    np.testing.assert_allclose(mean[b], members[1][b], atol=1e-5)
    assert np.all(std[b] == 0)


def test_glaciers_without_a_pixel_centre_even_buffered_are_skipped_with_a_warning(tmp_path):
    from rasterio.crs import CRS

    from glacier_dl_plugin.core.geo.raster_stack import Grid
    from glacier_dl_plugin.core.progress import Monitor

    grid = Grid(CRS.from_epsg(32645), from_origin(X0, Y0, PIXEL, PIXEL), 210, 230)
    corner = X0 + 60 * PIXEL, Y0 - 60 * PIXEL  # a pixel corner: the farthest point from every centre
    tiny = box(corner[0] - 3, corner[1] - 3, corner[0] + 3, corner[1] + 3)
    warnings = []
    area = glacier_area(grid, glaciers(GLACIER_A, tiny, ids=("A", "TINY")), 0.0, Monitor(warn=warnings.append))
    assert set(area.glaciers) == {"A"} and "were skipped: TINY." in warnings[0]
    assert set(glacier_area(grid, glaciers(GLACIER_A, tiny, ids=("A", "TINY")), 30.0).glaciers) == {"A", "TINY"}
    with pytest.raises(InputError, match=r"^GLACIERS: every glacier on the raster \(1: TINY\) .* even with the 0 m "
                                         r"BUFFER.* Give a BUFFER of a few pixels"):
        glacier_area(grid, glaciers(tiny, ids=("TINY",)), 0.0)
