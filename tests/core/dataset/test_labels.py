"""Class masks of chip windows: pixel centres decide, the extra layer is burnt on top, fractions of valid pixels."""
import numpy as np
import pytest
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window
from shapely.geometry import box

from glacier_dl_plugin.core.dataset.labels import Labeller, class_fractions
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers, load_polygons
from glacier_dl_plugin.core.geo.raster_stack import Grid

UTM = "EPSG:32645"
GRID = Grid(CRS.from_string(UTM), from_origin(500000, 3100000, 10, 10), 20, 20)


def glaciers():
    # "a" covers pixel columns 2-5 of rows 2-5; "b" ends mid-pixel: centres decide (columns 12-14)
    return load_glaciers([GlacierRecord("a", box(500020, 3099940, 500060, 3099980).wkb),
                          GlacierRecord("b", box(500120, 3099940, 500154, 3099980).wkb)], UTM, UTM)


def test_glaciers_are_burnt_where_pixel_centres_fall_inside():
    labeller = Labeller(glaciers())
    mask = labeller.mask(Window(0, 0, 20, 20), GRID)
    assert labeller.class_names == ("background", "glacier") and mask.dtype == np.uint8
    assert mask[2:6, 2:6].all() and mask[2:6, 12:15].all() and mask.sum() == 16 + 12
    assert not labeller.mask(Window(0, 10, 10, 10), GRID).any()  # no polygon under the window


def test_an_extra_layer_is_burnt_on_top_as_its_own_class():
    debris = load_polygons([box(500020, 3099940, 500060, 3099960).wkb], UTM, UTM, "EXTRA")  # rows 4-5 of "a"
    labeller = Labeller(glaciers(), debris, "debris")
    mask = labeller.mask(Window(2, 2, 4, 4), GRID)
    assert labeller.class_names == ("background", "glacier", "debris")
    assert mask.tolist() == [[1] * 4, [1] * 4, [2] * 4, [2] * 4]
    same = Labeller(glaciers(), debris, "glacier")  # an existing class name shares its index
    assert same.class_names == ("background", "glacier") and same.mask(Window(2, 2, 4, 4), GRID).max() == 1


def test_class_fractions_count_valid_pixels_only():
    mask = np.array([[0, 1], [2, 1]], np.uint8)
    valid = np.array([[True, True], [False, True]])
    assert class_fractions(mask, valid, 3) == pytest.approx([1 / 3, 2 / 3, 0])
    assert class_fractions(mask, np.zeros_like(valid), 3).tolist() == [0, 0, 0]
