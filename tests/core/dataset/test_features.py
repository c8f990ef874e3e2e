"""Slope and aspect of the derived features: exact on an analytic plane up to the raster edges and beside
nodata (one-sided differences there, as ``gdaldem -compute_edges`` computes edges), and the same values from
any window, edge windows included, as from the whole raster."""
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.windows import Window

from glacier_dl_plugin.core.config import DatasetConfig
from glacier_dl_plugin.core.dataset.features import DerivedStack, plan_features
from glacier_dl_plugin.core.geo.ground import metres_per_pixel
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, open_stack

NODATA = -9999.0
PIXEL = (30.0, 20.0)  # metres east, metres north: not square, so each axis must use its own spacing
SHAPE = (17, 23)  # rows, columns: no multiple of the tile size below
TERRAIN = DatasetConfig(features=("slope", "aspect"), dem_band="dem:1")


def plane() -> np.ndarray:
    """Elevation (m) at the pixel centres of a plane rising 0.3 m per metre east and falling 0.4 m per metre
    north: slope atan(0.5) = 26.565°, downslope towards (east, north) = (-0.6, 0.8), azimuth 323.13°."""
    rows, cols = np.mgrid[0:SHAPE[0], 0:SHAPE[1]]
    east, north = (cols + 0.5) * PIXEL[0], -(rows + 0.5) * PIXEL[1]
    return 2000 + 0.3 * east - 0.4 * north


def write_dem(path, dem: np.ndarray) -> RasterInput:
    with rasterio.open(path, "w", driver="GTiff", width=dem.shape[1], height=dem.shape[0], count=1,
                       dtype="float32", crs=CRS.from_epsg(32645), transform=from_origin(480000, 3100000, *PIXEL),
                       nodata=NODATA) as dst:
        dst.write(dem.astype(np.float32), 1)
    return RasterInput(str(path), "dem")


def read(source: RasterInput, window: Window | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Slope, aspect sin, aspect cos ``[3, rows, cols]`` and where they are valid (default: the whole raster)."""
    with open_stack([source]) as stack:
        derived = DerivedStack(stack, plan_features(TERRAIN, stack.band_names), metres_per_pixel(stack.grid))
        data, valid = derived.read(window or Window(0, 0, stack.grid.width, stack.grid.height))
    return data[1:], valid


def test_a_plane_has_its_slope_and_aspect_up_to_the_raster_edges(tmp_path):
    (slope, sin_aspect, cos_aspect), valid = read(write_dem(tmp_path / "plane.tif", plane()))
    assert valid.all()  # the outermost ring too
    np.testing.assert_allclose(slope, np.degrees(np.arctan(0.5)), atol=1e-4)
    np.testing.assert_allclose(sin_aspect, -0.6, atol=1e-5)
    np.testing.assert_allclose(cos_aspect, 0.8, atol=1e-5)
    assert np.degrees(np.arctan2(sin_aspect[0, 0], cos_aspect[0, 0])) % 360 == pytest.approx(323.13, abs=0.01)


def test_only_nodata_pixels_are_nodata_and_their_neighbours_keep_the_plane(tmp_path):
    dem = plane()
    dem[6:9, 8:12] = NODATA  # a hole inside
    dem[4:7, 0] = NODATA  # a gap on the left edge
    dem[12, 15] = dem[14, 15] = NODATA  # (13, 15) has no neighbour above or below: no north-south gradient
    (slope, sin_aspect, cos_aspect), valid = read(write_dem(tmp_path / "holes.tif", dem))
    np.testing.assert_array_equal(valid, dem != NODATA)
    plane_part = valid.copy()
    plane_part[13, 15] = False
    np.testing.assert_allclose(slope[plane_part], np.degrees(np.arctan(0.5)), atol=1e-4)
    np.testing.assert_allclose(sin_aspect[plane_part], -0.6, atol=1e-5)
    np.testing.assert_allclose(cos_aspect[plane_part], 0.8, atol=1e-5)
    # between two nodata pixels only the east-west difference is known: 0.3 m/m, downslope due west
    assert slope[13, 15] == pytest.approx(np.degrees(np.arctan(0.3)), abs=1e-4)
    assert (sin_aspect[13, 15], cos_aspect[13, 15]) == pytest.approx((-1, 0), abs=1e-6)


@pytest.mark.parametrize("tile, start", [(8, 0), (8, -3), (5, -1)])
def test_windows_give_the_whole_raster_values_exactly_at_the_edges_and_beside_nodata(tmp_path, tile, start):
    """Tiles as predict reads them (DerivedStack with a one-pixel halo), also reaching beyond the raster."""
    rng = np.random.default_rng(7)
    dem = plane() + rng.normal(0, 25, SHAPE)  # rough terrain: every pixel's gradient differs
    dem[5:9, 6:10] = NODATA  # across tile boundaries
    dem[0, 3:6] = dem[10:13, -1] = NODATA  # on the outer ring
    source = write_dem(tmp_path / "rough.tif", dem)
    whole, whole_valid = read(source)
    for row in range(start, SHAPE[0], tile):
        for col in range(start, SHAPE[1], tile):
            data, valid = read(source, Window(col, row, tile, tile))
            inside = (slice(max(-row, 0), min(SHAPE[0] - row, tile)), slice(max(-col, 0), min(SHAPE[1] - col, tile)))
            here = (slice(max(row, 0), row + tile), slice(max(col, 0), col + tile))
            np.testing.assert_array_equal(valid[inside], whole_valid[here])
            np.testing.assert_array_equal(data[(slice(None), *inside)], whole[(slice(None), *here)])
            beyond = np.ones(valid.shape, bool)
            beyond[inside] = False
            assert not valid[beyond].any()
    np.testing.assert_array_equal(whole_valid, dem != NODATA)  # the outer ring has values where the DEM has
