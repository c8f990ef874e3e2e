"""Predict over an extent or only buffered glaciers: outputs cropped to the area, tiles counted, nodata
outside, values inside equal to a whole-raster run's."""
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window
from shapely.geometry import Point, Polygon, box
from shapely.ops import unary_union

from glacier_dl_plugin.core.config import NODATA_FLOAT, PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import Grid, RasterInput
from glacier_dl_plugin.core.predict.blocks import plan_blocks
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.regions import AreaOfInterest, extent_area, glacier_area, plan_area
from glacier_dl_plugin.core.predict.tiling import tile_starts
from onnx_fixtures import (
    MEMBERS,
    META,
    ensemble_folder,
    neighbour_model,
    pointwise_model,
    pointwise_reference,
    write_image,
)

X0, Y0, PIXEL = 480000, 3110000, 30
GLACIER_A = Polygon([(X0 + 600, Y0 - 600), (X0 + 1500, Y0 - 600), (X0 + 1500, Y0 - 1500), (X0 + 600, Y0 - 1500)])
GLACIER_B = box(X0 + 4500, Y0 - 6000, X0 + 5400, Y0 - 5100)
GLACIER_C = box(X0 + 235 * PIXEL, Y0 - 140 * PIXEL, X0 + 290 * PIXEL, Y0 - 100 * PIXEL)  # across 256 px blocks


def glaciers(*polygons, ids=("A", "B")):
    records = [GlacierRecord(i, p.wkb) for i, p in zip(ids, polygons, strict=False)]  # the first len(polygons) ids
    return load_glaciers(records, "EPSG:32645", "EPSG:32645")


def predict(tmp_path, model, name, config, area=None, **kwargs):
    return predict_raster([RasterInput(str(tmp_path / "img.tif"), "img")], str(model), config,
                          str(tmp_path / f"{name}_mean.tif"), str(tmp_path / f"{name}_std.tif"), area=area, **kwargs)


def read(path):
    with rasterio.open(path) as src:
        return src.read(1), src.transform


def grid(height, width):
    return Grid(CRS.from_epsg(32645), from_origin(X0, Y0, PIXEL, PIXEL), width, height)


def tight_window(shapes, height, width):
    """The rows and columns whose pixel strips overlap the shapes (by brute force): the crop expected."""
    union = unary_union(shapes)
    rows = [r for r in range(height) if box(X0, Y0 - (r + 1) * PIXEL, X0 + width * PIXEL, Y0 - r * PIXEL)
            .intersection(union).area > 0]
    cols = [c for c in range(width) if box(X0 + c * PIXEL, Y0 - height * PIXEL, X0 + (c + 1) * PIXEL, Y0)
            .intersection(union).area > 0]
    return Window(cols[0], rows[0], cols[-1] + 1 - cols[0], rows[-1] + 1 - rows[0])


def inside_mask(shapes, transform, shape):
    rows, cols = np.indices(shape)
    xs, ys = rasterio.transform.xy(transform, rows.ravel(), cols.ravel())
    return np.array([any(b.contains(Point(x, y)) for b in shapes) for x, y in zip(xs, ys, strict=True)]).reshape(shape)


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
    crop = tight_window(buffers, 230, 210)  # rows and columns 17-203 and 17-183
    assert mean.shape == (crop.height, crop.width) == (186, 166)
    assert transform == from_origin(X0 + crop.col_off * PIXEL, Y0 - crop.row_off * PIXEL, PIXEL, PIXEL)
    inside = inside_mask(buffers, transform, mean.shape)
    reference = pointwise_reference(image, *MEMBERS[0], META)[crop.toslices()]
    np.testing.assert_allclose(mean[inside], reference[inside], atol=1e-5)
    assert np.array_equal(mean[inside], read(tmp_path / "whole_mean.tif")[0][crop.toslices()][inside])
    assert np.all(mean[~inside] == NODATA_FLOAT) and inside.sum() > 1000


def test_one_selected_glacier_is_cropped_to_its_buffer_with_every_value_of_a_whole_run(tmp_path):
    """A glacier far from the origin, across a block boundary, with a model that sees its left neighbour (so
    values depend on where tiles start): the crop holds exactly the whole run's values, mean and std (tiles
    at the same places, summed at each pixel in the same order)."""
    write_image(tmp_path / "img.tif", 300, 320)
    folder = ensemble_folder(tmp_path / "model", MEMBERS[:2], META, model=neighbour_model)
    config = PredictConfig(tile_size=32, overlap=8, device="cpu", block_size=256)
    whole = predict(tmp_path, folder, "whole", config)
    area = glacier_area(grid(300, 320), glaciers(GLACIER_C, ids=("C",)), 120.0)
    selected = predict(tmp_path, folder, "sel", config, area=lambda g: glacier_area(g, glaciers(GLACIER_C, ids=("C",)),
                                                                                     120.0))
    crop = tight_window(area.glaciers.values(), 300, 320)
    assert area.window == crop and (crop.col_off, crop.row_off, crop.width, crop.height) == (231, 96, 63, 48)
    assert selected.grid == area.grid and selected.tiles < whole.tiles / 4
    for name in ("mean", "std"):
        values, transform = read(tmp_path / f"sel_{name}.tif")
        assert values.shape == (48, 63)
        assert transform == read(tmp_path / f"whole_{name}.tif")[1] * rasterio.Affine.translation(231, 96)
        inside = inside_mask(area.glaciers.values(), transform, values.shape)
        assert np.array_equal(inside, area.mask(Window(0, 0, 63, 48))) and inside.sum() > 2000
        assert np.array_equal(values[inside], read(tmp_path / f"whole_{name}.tif")[0][crop.toslices()][inside])
        assert np.all(values[~inside] == NODATA_FLOAT)


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
    mean, transform = read(tmp_path / "held_mean.tif")
    std, _ = read(tmp_path / "held_std.tif")
    assert transform == from_origin(X0 + 20 * PIXEL, Y0 - 20 * PIXEL, PIXEL, PIXEL) and mean.shape == (180, 160)
    members = np.stack([pointwise_reference(image, w, b, META)[20:200, 20:180] for w, b in MEMBERS])
    a = (slice(1, 29), slice(1, 29))  # pixel centres well inside glacier A (rows/cols 20-50 of the input)
    b = (slice(151, 179), slice(131, 159))
    np.testing.assert_allclose(mean[a], members[[0, 2]].mean(axis=0)[a], atol=1e-5)
    np.testing.assert_allclose(std[a], members[[0, 2]].std(axis=0)[a], atol=1e-5)
    np.testing.assert_allclose(mean[b], members[1][b], atol=1e-5)
    assert np.all(std[b] == 0)


def test_glaciers_without_a_pixel_centre_even_buffered_are_skipped_with_a_warning(tmp_path):
    from glacier_dl_plugin.core.progress import Monitor

    grid_ = grid(230, 210)
    corner = X0 + 60 * PIXEL, Y0 - 60 * PIXEL  # a pixel corner: the farthest point from every centre
    tiny = box(corner[0] - 3, corner[1] - 3, corner[0] + 3, corner[1] + 3)
    warnings = []
    area = glacier_area(grid_, glaciers(GLACIER_A, tiny, ids=("A", "TINY")), 0.0, Monitor(warn=warnings.append))
    assert set(area.glaciers) == {"A"} and "were skipped: TINY." in warnings[0]
    assert set(glacier_area(grid_, glaciers(GLACIER_A, tiny, ids=("A", "TINY")), 30.0).glaciers) == {"A", "TINY"}
    with pytest.raises(InputError, match=r"^GLACIERS: every glacier on the raster \(1: TINY\) .* even with the 0 m "
                                         r"BUFFER.* Give a BUFFER of a few pixels"):
        glacier_area(grid_, glaciers(tiny, ids=("TINY",)), 0.0)


def test_a_cropped_area_plans_the_whole_grids_tiles_moved_onto_its_window_in_the_whole_runs_order():
    whole_grid = grid(300, 320)
    area = glacier_area(whole_grid, glaciers(GLACIER_C, ids=("C",)), 120.0)
    uncropped = AreaOfInterest(Window(0, 0, 320, 300), whole_grid, area.glaciers)
    blocks, outside = plan_area(area, whole_grid, 32, 8, 256)
    reference, _ = plan_area(uncropped, whole_grid, 32, 8, 256)
    assert [b.window for b in blocks] == [Window(0, 0, 63, 48)]  # the crop, one block
    row0, col0 = int(area.window.row_off), int(area.window.col_off)
    moved = [(r + row0, c + col0) for b in blocks for r, c in b.tiles]
    # the whole run's order: its blocks (edges at 256) row-major, then each block's tiles row by row; tiles
    # whose edge only touches the buffers' bounds (the crop's edge) hold no pixel of the crop: left out
    assert moved == [t for b in reference for t in b.tiles if _overlap(Window(t[1], t[0], 32, 32), area.window)]
    assert min(moved) < (row0, col0) and sorted({c for _, c in moved}) == [216, 240, 264, 288]
    assert moved != sorted(moved)  # not row by row: column 264 is the next block's
    assert outside + len(moved) == len(tile_starts(300, 32, 8)) * len(tile_starts(320, 32, 8))


def test_blocks_of_a_window_take_the_tiles_in_whole_run_order_and_are_final_when_handed_on():
    """A window of a whole raster over several of its own blocks: every tile once, in the whole run's order,
    and no tile reaches a block handed on before it."""
    whole_grid = grid(300, 600)
    whole = AreaOfInterest(Window(0, 0, 600, 300), whole_grid)
    window = Window(100, 30, 400, 260)
    blocks, _ = plan_area(whole, whole_grid, 32, 8, 256, window)
    reference, _ = plan_area(whole, whole_grid, 32, 8, 256)
    assert reference == plan_blocks(300, 600, 32, 8, 256)  # the whole raster: the blocks' own tiles
    tiles = [t for b in blocks for t in b.tiles]
    assert tiles == [t for b in reference for t in b.tiles
                     if t[0] < 290 and t[0] + 32 > 30 and t[1] < 500 and t[1] + 32 > 100]
    assert [b.window for b in blocks][:2] == [Window(100, 30, 256, 256), Window(356, 30, 144, 256)]
    done = []
    for b in blocks:
        for r, c in b.tiles:
            assert not any(_overlap(Window(c, r, 32, 32), w) for w in done)
        done.append(b.window)


def _overlap(a, b):
    return a.col_off < b.col_off + b.width and b.col_off < a.col_off + a.width and \
        a.row_off < b.row_off + b.height and b.row_off < a.row_off + a.height
