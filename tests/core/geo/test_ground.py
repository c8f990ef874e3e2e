"""Metres on the ground along both axes at any latitude, and one buffered zone for all five algorithms."""
import math

import numpy as np
import pytest
from pyproj import CRS as ProjCRS
from pyproj import Geod, Transformer
from rasterio.crs import CRS
from rasterio.features import rasterize
from rasterio.transform import Affine, from_origin
from rasterio.windows import Window
from scipy import ndimage
from shapely import vectorized
from shapely.geometry import LineString, Polygon, box
from shapely.ops import transform

from glacier_dl_plugin.core.assess.scoring_zones import glacier_zones, zone_masks
from glacier_dl_plugin.core.assess.territories import Territories, glacier_window
from glacier_dl_plugin.core.dataset.chips import search_area, to_pixels
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.ground import (
    GroundScale,
    buffer_on_ground,
    ground_scale,
    grow,
    metres_per_pixel,
    pixel_scale_at,
    unit_name,
)
from glacier_dl_plugin.core.geo.raster_stack import Grid
from glacier_dl_plugin.core.predict.regions import glacier_area

GEOD = Geod(ellps="WGS84")
WGS84 = CRS.from_epsg(4326)
BUFFER = 300.0


def radii_of_curvature(latitude: float) -> tuple[float, float]:
    """Metres per degree of longitude and of latitude on WGS 84: N cos φ and M, in closed form."""
    a, e2, phi = 6378137.0, 0.00669437999014, math.radians(latitude)
    w = 1 - e2 * math.sin(phi) ** 2
    return math.radians(1) * a / math.sqrt(w) * math.cos(phi), math.radians(1) * a * (1 - e2) / w ** 1.5


@pytest.mark.parametrize("latitude", [46.0, 60.0, 78.0])
def test_a_length_in_metres_is_a_number_of_degrees_per_axis(latitude):
    east, north = radii_of_curvature(latitude)
    assert ground_scale(WGS84, 10.0, latitude).units(100) == pytest.approx((100 / east, 100 / north), rel=1e-6)
    assert ground_scale(CRS.from_epsg(32632), 650000, 5180000).units(100) == (100, 100)
    feet = ground_scale(CRS.from_epsg(2229), 6.4e6, 1.8e6).units(0.3048006096012192)
    assert feet == pytest.approx((1.0, 1.0))


@pytest.mark.parametrize("latitude", [46.0, 78.0])
def test_a_ground_buffer_reaches_as_far_east_west_as_north_south(latitude):
    glacier = box(10.0, latitude, 10.02, latitude + 0.01)
    west, south, east, north = buffer_on_ground(glacier, BUFFER, WGS84).bounds
    mid = latitude + 0.005
    for reached in (GEOD.inv(10.02, mid, east, mid)[2], GEOD.inv(10.0, mid, west, mid)[2],
                    GEOD.inv(10.01, latitude + 0.01, 10.01, north)[2], GEOD.inv(10.01, latitude, 10.01, south)[2]):
        assert reached == pytest.approx(BUFFER, rel=2e-3)


def test_growing_by_equal_radii_is_a_plain_buffer_and_by_zero_changes_nothing():
    square = box(0, 0, 10, 10)
    assert grow(square, (2.0, 2.0)).equals(square.buffer(2.0))
    assert grow(square, (0.0, 0.0)) is square
    ellipse = grow(square, (4.0, 1.0))
    assert ellipse.bounds == pytest.approx((-4, -1, 14, 11))
    assert GroundScale(30.0, 30.0).buffer(square, 0) is square


def test_simplifying_on_the_ground_uses_the_tolerance_along_each_axis():
    """At 78° N a 40 m wiggle east-west is 0.00172° but only 0.00036° of latitude north-south."""
    east, north = radii_of_curvature(78.0)
    scale = ground_scale(WGS84, 10.0, 78.0)
    east_wiggle = LineString([(10.0, 78.0), (10.0 + 40 / east, 78.005), (10.0, 78.01)])
    north_wiggle = LineString([(10.0, 78.0), (10.02, 78.0 + 40 / north), (10.04, 78.0)])
    for wiggle in (east_wiggle, north_wiggle):
        assert len(scale.simplify(wiggle, 50).coords) == 2  # the 40 m wiggle is below 50 m on the ground
        assert len(scale.simplify(wiggle, 30).coords) == 3


def test_metres_per_pixel_of_a_geographic_grid_and_unit_names():
    grid = Grid(WGS84, from_origin(10.0, 78.5, 0.001, 0.0003), 100, 100)  # centre at 78.485° N
    east, north = radii_of_curvature(78.485)
    assert metres_per_pixel(grid) == pytest.approx((0.001 * east, 0.0003 * north), rel=1e-5)
    assert [unit_name(CRS.from_epsg(c)) for c in (4326, 32632, 2229)] == ["degree", "metre", "US survey foot"]


@pytest.mark.parametrize("latitude", [46.0, 60.0, 78.0])
def test_create_datasets_buffer_is_as_many_metres_east_west_as_north_south(latitude):
    """On SRTM's 3 arc-second grid: at 60° N the old ``buffer / min(metres per pixel)`` gave 300 m east-west
    but 599 m north-south."""
    grid = Grid(WGS84, from_origin(10.0, latitude + 0.1, 1 / 1200, 1 / 1200), 240, 240)
    glacier = to_pixels(box(10.04, latitude + 0.04, 10.06, latitude + 0.06), grid)  # pixel edges: simplified as is
    radii = pixel_scale_at(box(10.04, latitude + 0.04, 10.06, latitude + 0.06), WGS84, grid.transform).units(BUFFER)
    left, top, right, bottom = glacier.bounds
    xmin, ymin, xmax, ymax = search_area(glacier, radii).bounds
    east, north = radii_of_curvature(latitude + 0.05)
    for pixels, metres_per_degree in ((xmax - right, east), (left - xmin, east), (ymax - bottom, north),
                                      (top - ymin, north)):
        assert pixels / 1200 * metres_per_degree == pytest.approx(BUFFER, rel=0.01)


# --- one zone through the five algorithms' own functions ---------------------------------------------------------

GRIDS = {  # crs, glacier centre (lon, lat), pixel size in CRS units
    "46N": (WGS84, (10.76, 46.80), (1 / 1200, 1 / 1200)),  # SRTM's 3 arc seconds: 64 m x 93 m
    "78N": (WGS84, (15.50, 78.20), (0.0005, 0.0005)),  # 11 m x 56 m
    "UTM": (CRS.from_epsg(32632), (10.76, 46.80), (30.0, 30.0)),
}


def glacier_and_grid(name: str) -> tuple[Polygon, Grid]:
    """An irregular 2 km glacier (a bent tongue) around the centre, in the grid CRS, on a grid 1.5 km beyond it."""
    crs, (lon, lat), size = GRIDS[name]
    local = ProjCRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    to_grid = Transformer.from_crs(local, ProjCRS.from_wkt(crs.to_wkt()), always_xy=True).transform
    tongue = Polygon([(-1000, 600), (200, 800), (900, 200), (1000, -900), (500, -1000), (300, 0), (-900, 100)])
    glacier = transform(to_grid, tongue)
    xmin, ymin, xmax, ymax = buffer_on_ground(glacier, 1500, crs).bounds
    width, height = math.ceil((xmax - xmin) / size[0]), math.ceil((ymax - ymin) / size[1])
    return glacier, Grid(crs, from_origin(xmin, ymax, *size), width, height)


def true_zone(glacier: Polygon, grid: Grid) -> np.ndarray:
    """Pixel centres within 300 m of the glacier, measured on an azimuthal equidistant plane at its centre."""
    to_lonlat = Transformer.from_crs(ProjCRS.from_wkt(grid.crs.to_wkt()), "EPSG:4326", always_xy=True).transform
    centre = transform(to_lonlat, glacier.centroid)
    local = ProjCRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
    to_local = Transformer.from_crs(ProjCRS.from_wkt(grid.crs.to_wkt()), local, always_xy=True).transform
    rows, cols = np.mgrid[:grid.height, :grid.width]
    xs, ys = grid.transform * (cols + 0.5, rows + 0.5)
    local_xs, local_ys = to_local(xs, ys)
    return vectorized.contains(transform(to_local, glacier).buffer(BUFFER, 64), local_xs, local_ys)


def dataset_zone(glacier: Polygon, grid: Grid) -> np.ndarray:
    """Create dataset: the pixel-coordinate search area, grown by the glacier's per-axis pixel buffer."""
    radii = pixel_scale_at(glacier, grid.crs, grid.transform).units(BUFFER)
    area = search_area(to_pixels(glacier, grid), radii)
    return rasterize([(area, 1)], (grid.height, grid.width), transform=Affine.identity(), dtype=np.uint8) > 0


def predict_zone(glacier: Polygon, grid: Grid) -> np.ndarray:
    """Predict: the buffered glacier area's mask over the whole grid."""
    glaciers = load_glaciers([GlacierRecord("G", glacier.wkb)], grid.crs, grid.crs)
    area = glacier_area(grid, glaciers, BUFFER)  # cropped to the buffer's window: placed on the whole grid
    return _placed(area.mask(Window(0, 0, area.grid.width, area.grid.height)), area.window, grid)


def scoring_zone(glacier: Polygon, grid: Grid) -> np.ndarray:
    """Evaluate and Calibrate: the glacier's scoring zone, placed on the whole grid."""
    [zone] = glacier_zones({"G": glacier}, grid.crs, BUFFER, grid)
    return _placed(zone_masks(zone, grid)[0], zone.window, grid)


def territory_zone(glacier: Polygon, grid: Grid) -> np.ndarray:
    """Polygonize: the glacier's territory, placed on the whole grid."""
    place = glacier_window(glacier, grid.crs, grid.transform, grid.width, grid.height, BUFFER)
    mask = Territories({"G": glacier}, grid.transform, BUFFER).mask(1, place)
    return _placed(mask, place.window, grid)


def _placed(mask: np.ndarray, window: Window, grid: Grid) -> np.ndarray:
    whole = np.zeros((grid.height, grid.width), bool)
    whole[int(window.row_off):int(window.row_off + window.height),
          int(window.col_off):int(window.col_off + window.width)] = mask
    return whole


def within_one_pixel(a: np.ndarray, b: np.ndarray) -> bool:
    """Every pixel of either mask lies at most one pixel (8-neighbourhood) from the other mask."""
    grow_ = np.ones((3, 3), bool)
    return bool(np.all(~a | ndimage.binary_dilation(b, grow_)) and np.all(~b | ndimage.binary_dilation(a, grow_)))


@pytest.mark.parametrize("name", list(GRIDS))
def test_the_five_algorithms_buffer_the_same_zone_within_a_pixel(name):
    glacier, grid = glacier_and_grid(name)
    truth = true_zone(glacier, grid)
    zones = {"create dataset": dataset_zone(glacier, grid), "predict": predict_zone(glacier, grid),
             "evaluate/calibrate": scoring_zone(glacier, grid), "polygonize": territory_zone(glacier, grid)}
    for algorithm, zone in zones.items():
        assert within_one_pixel(zone, truth), algorithm
        assert abs(int(zone.sum()) - int(truth.sum())) < 0.04 * truth.sum(), algorithm
