"""Several rasters read as one band stack on one grid: band names, validity, warping, edges and refusals."""
import contextlib

import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window

from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.raster_stack import (
    Grid,
    RasterInput,
    open_on_grid,
    open_stack,
    read_grid,
    with_categorical,
)

UTM = "EPSG:32645"
ORIGIN = (480000, 3110000)  # top-left corner of every test raster (metres, UTM 45N)


def write(path, data, pixel=30.0, origin=ORIGIN, crs=UTM, nodata=None, descriptions=()):
    """A GeoTIFF of ``data`` ``[bands, rows, cols]``; returns its path as a string."""
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                   dtype=data.dtype.name, transform=from_origin(*origin, pixel, pixel), nodata=nodata)
    if crs:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        for index, text in enumerate(descriptions, start=1):
            dst.set_band_description(index, text)
    return str(path)


def ramp(bands, rows, cols, dtype=np.float32):
    """Band b, row r, column c holds 1000 b + 10 r + c / 10 (distinct everywhere)."""
    b, r, c = np.mgrid[0:bands, 0:rows, 0:cols]
    return (1000 * b + 10 * r + c / 10).astype(dtype)


def test_raster_input_names_its_bands_after_the_file_and_refuses_unknown_resampling():
    assert RasterInput("/data/LE07_B4.tif").label == "LE07_B4" and RasterInput("/x.tif", "nir").label == "nir"
    with pytest.raises(KeyError, match="unknown resampling 'lanczos'; valid: bilinear, nearest"):
        RasterInput("/x.tif", resampling="lanczos")


def test_grid_bounds_and_windows_are_in_crs_units():
    grid = Grid(CRS.from_epsg(32645), from_origin(*ORIGIN, 30, 20), 100, 50)
    assert grid.pixel_size == (30, 20) and grid.bounds == (480000, 3109000, 483000, 3110000)
    window = Window(10, 5, 4, 3)
    assert grid.window_bounds(window) == (480300, 3109840, 480420, 3109900)
    assert grid.window_transform(window) == from_origin(480300, 3109900, 30, 20)


def test_bands_of_every_input_are_stacked_and_named(tmp_path):
    rgb = write(tmp_path / "rgb.tif", ramp(3, 40, 50), descriptions=("red", "green", "blue"))
    nir = write(tmp_path / "b4.tif", ramp(1, 40, 50) + 7)
    with open_stack([RasterInput(rgb, "scene"), RasterInput(nir)]) as stack:
        assert stack.band_names == ["scene:red", "scene:green", "scene:blue", "b4:1"] and stack.count == 4
        assert stack.grid == read_grid(rgb)
        data, valid = stack.read(Window(5, 10, 20, 15))
    assert data.dtype == np.float32 and data.shape == (4, 15, 20) and valid.all()
    np.testing.assert_array_equal(data[:3], ramp(3, 40, 50)[:, 10:25, 5:25])
    np.testing.assert_array_equal(data[3], ramp(1, 40, 50)[0, 10:25, 5:25] + 7)


def test_a_pixel_is_invalid_where_any_band_is_nodata_or_not_finite(tmp_path):
    first = ramp(2, 20, 20)
    first[0, 3, 4] = -1  # nodata in one band only
    first[1, 5, 6] = np.nan  # NaN is never valid
    second = np.full((1, 20, 20), 5, np.int16)
    second[0, 10:12, 0:3] = -32768
    with open_stack([RasterInput(write(tmp_path / "a.tif", first, nodata=-1)),
                     RasterInput(write(tmp_path / "b.tif", second, nodata=-32768))]) as stack:
        data, valid = stack.read(Window(0, 0, 20, 20))
    expected = np.ones((20, 20), bool)
    expected[3, 4] = expected[5, 6] = False
    expected[10:12, 0:3] = False
    np.testing.assert_array_equal(valid, expected)
    assert data[2].dtype == np.float32 and (data[2][valid] == 5).all()


@pytest.mark.parametrize("window", [Window(-5, -3, 16, 16), Window(40, 30, 16, 16), Window(-10, 0, 70, 40)])
def test_windows_reaching_past_the_raster_are_padded_with_invalid_zeros(tmp_path, window):
    image = ramp(2, 40, 50)
    with open_stack([RasterInput(write(tmp_path / "a.tif", image))]) as stack:
        data, valid = stack.read(window)
    assert data.shape == (2, int(window.height), int(window.width))
    padded = np.zeros((2, 40 + 60, 50 + 60), np.float32)  # the raster with 30 invalid pixels on every side
    inside = np.zeros((40 + 60, 50 + 60), bool)
    padded[:, 30:70, 30:80], inside[30:70, 30:80] = image, True
    rows = slice(int(window.row_off) + 30, int(window.row_off + window.height) + 30)
    cols = slice(int(window.col_off) + 30, int(window.col_off + window.width) + 30)
    np.testing.assert_array_equal(valid, inside[rows, cols])
    np.testing.assert_array_equal(data, padded[:, rows, cols])


def test_a_window_wholly_outside_is_all_invalid(tmp_path):
    with open_stack([RasterInput(write(tmp_path / "a.tif", ramp(1, 10, 10)))]) as stack:
        data, valid = stack.read(Window(20, 20, 8, 8))
    assert not valid.any() and (data == 0).all()


def test_a_coarser_raster_is_warped_onto_the_first_rasters_grid(tmp_path):
    fine = write(tmp_path / "fine.tif", ramp(1, 40, 40), pixel=15.0)
    codes = np.arange(400, dtype=np.uint8).reshape(1, 20, 20) % 7  # class codes on a 30 m grid
    coarse = write(tmp_path / "classes.tif", codes, pixel=30.0, nodata=255)
    dem = write(tmp_path / "dem.tif", (np.arange(400, dtype=np.int16).reshape(1, 20, 20) * 3), pixel=30.0,
                nodata=-9999)
    with open_stack([RasterInput(fine), RasterInput(coarse, resampling="nearest"), RasterInput(dem)]) as stack:
        assert (stack.grid.width, stack.grid.height, stack.grid.pixel_size) == (40, 40, (15.0, 15.0))
        data, valid = stack.read(Window(0, 0, 40, 40))
    assert valid[:-1, :-1].all()  # the last row and column of a bilinear warp may miss their neighbours
    np.testing.assert_array_equal(data[1], np.kron(codes[0], np.ones((2, 2))))  # nearest: codes kept, doubled
    interior = data[2][1:-1, 1:-1]
    assert not np.allclose(interior, np.round(interior))  # bilinear: an int16 DEM is not rounded back
    assert data[2].min() >= 0 and data[2].max() <= 399 * 3


def test_pixels_a_nodata_free_raster_does_not_cover_are_invalid(tmp_path):
    """Without a nodata value the warp adds an alpha band: the grid's pixels beyond the raster are invalid."""
    first = write(tmp_path / "big.tif", ramp(1, 40, 40))
    small = write(tmp_path / "small.tif", np.full((1, 10, 10), 3, np.float32), origin=(480300, 3109700))
    with open_stack([RasterInput(first), RasterInput(small, resampling="nearest")]) as stack:
        data, valid = stack.read(Window(0, 0, 40, 40))
    expected = np.zeros((40, 40), bool)
    expected[10:20, 10:20] = True
    np.testing.assert_array_equal(valid, expected)
    assert (data[1][valid] == 3).all()


def test_an_explicit_grid_is_the_stacks_and_open_on_grid_reads_the_raster_itself_when_already_on_it(tmp_path):
    path = write(tmp_path / "a.tif", ramp(1, 20, 20))
    grid = read_grid(path)
    with contextlib.ExitStack() as stack:
        reader, names = open_on_grid(RasterInput(path, "a"), grid, stack)
        assert names == ["a:1"] and reader.dataset.name.endswith("a.tif")  # not a warped VRT
    coarse = Grid(grid.crs, from_origin(480150, 3109850, 60, 60), 5, 5)  # 5 x 5 pixels of 2 x 2, inside
    with open_stack([RasterInput(path, resampling="average")], coarse) as stack:
        data, valid = stack.read(Window(0, 0, 5, 5))
    assert stack.grid == coarse and valid.all()
    blocks = ramp(1, 20, 20)[0, 5:15, 5:15].reshape(5, 2, 5, 2).mean(axis=(1, 3))
    np.testing.assert_allclose(data[0], blocks, rtol=1e-5)


def test_no_input_a_raster_without_crs_and_one_elsewhere_are_refused(tmp_path):
    with pytest.raises(InputError, match="^INPUTS: no raster was given"):
        with open_stack([]):
            pass
    bare = write(tmp_path / "bare.tif", ramp(1, 10, 10), crs=None)
    with pytest.raises(InputError, match="^MODEL_INPUTS: raster '.*bare.tif' has no coordinate reference system"):
        read_grid(bare, "MODEL_INPUTS")
    here = write(tmp_path / "here.tif", ramp(1, 10, 10))
    with pytest.raises(InputError, match="^INPUTS: raster 'bare' has no coordinate reference system"):
        with open_stack([RasterInput(here), RasterInput(bare)]):
            pass
    far = write(tmp_path / "far.tif", ramp(1, 10, 10), origin=(600000, 3110000))
    with pytest.raises(InputError, match="^INPUTS: raster 'far' does not overlap 'here'"):
        with open_stack([RasterInput(here), RasterInput(far)]):
            pass


def test_categorical_layers_are_resampled_by_nearest_neighbour(tmp_path):
    inputs = [RasterInput("/a/dem.tif"), RasterInput("/a/landcover.tif", "cover"), RasterInput("/a/rgi.tif")]
    chosen = with_categorical(inputs, " cover , 3 ")
    assert [i.resampling for i in chosen] == ["bilinear", "nearest", "nearest"]
    assert [i.label for i in chosen] == ["dem", "cover", "rgi"]
    assert with_categorical(inputs, "") == inputs
    for entry in ("landcover", "0", "4"):
        with pytest.raises(InputError, match=f"^CATEGORICAL: '{entry}' is not one of the input layers "
                                             r"\(dem, cover, rgi\)"):
            with_categorical(inputs, entry)
