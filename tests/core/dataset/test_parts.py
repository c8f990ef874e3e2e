"""The pure parts of dataset creation: chip placement maths, the chip plan (windows, owners, straddles),
fold statistics, the strip cache."""
import hashlib

import fiona
import numpy as np
import pytest
from affine import Affine
from rasterio.crs import CRS
from rasterio.windows import Window
from shapely.geometry import MultiPolygon, Point, Polygon, box, shape

from glacier_dl_plugin.core.dataset.chips import glacier_windows, grid_windows, margin_windows, to_pixels
from glacier_dl_plugin.core.config import DatasetConfig
from glacier_dl_plugin.core.dataset.build import dataset_grid
from glacier_dl_plugin.core.dataset.folds import spatial_folds
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import Grid, RasterInput
from glacier_dl_plugin.core.dataset.sampling import plan_chips
from glacier_dl_plugin.core.dataset.statistics import BandStatistics
from glacier_dl_plugin.core.geo.window_cache import WindowCache


def test_grid_windows_cover_the_raster_edges_and_respect_a_mask():
    windows = grid_windows((100, 70), 32, 32)
    assert sorted({r for r, _ in windows}) == [0, 32, 64, 68] and sorted({c for _, c in windows}) == [0, 32, 38]
    assert grid_windows((100, 70), 32, 32, box(0, 0, 10, 10)) == [(0, 0)]


def test_glacier_windows_touch_the_buffered_glacier_and_centre_a_chip_on_it():
    glacier = Point(200, 150).buffer(5)
    origins = glacier_windows(glacier, (400, 400), 64, 64, buffer_px=(20, 20))
    area = glacier.buffer(20)
    for r, c in origins:
        assert area.intersects(box(c, r, c + 64, r + 64))
    assert (150 - 32, 200 - 32) in origins  # the centre chip, off the stride grid
    assert any(not glacier.intersects(box(c, r, c + 64, r + 64)) for r, c in origins)  # reached by the buffer


def test_margin_chips_put_every_stretch_of_margin_in_the_middle_of_a_chip():
    glacier = box(50, 50, 350, 250)
    planned = glacier_windows(glacier, (400, 400), 64, 64, buffer_px=(0, 0))
    planned |= margin_windows(glacier, (400, 400), 64, 64, planned)
    for distance in np.arange(0, glacier.exterior.length, 64):
        point = glacier.exterior.interpolate(distance)
        assert any(r + 16 <= point.y < r + 48 and c + 16 <= point.x < c + 48 for r, c in planned)


# Plans of the Everest sample by the former planner (whole-outline intersections, margins checked against every
# chip): chips, straddling chips, owning glaciers, and the SHA-256 (first 16 hex digits) of the plan as
# "row,col,glacier,fold,straddles" joined by ";".
EVEREST_PLANS = [
    (DatasetConfig(), 281, 196, 17, "6b7c4b33b71deddf"),
    (DatasetConfig(chip_size=64, stride=32, n_folds=3, buffer_m=600), 697, 160, 47, "1d43b0b659c61f96"),
    (DatasetConfig(chip_size=32, stride=16, n_folds=4, sampling="grid"), 1960, 259, 71, "1eac4ae78d235fd6"),
]


@pytest.fixture(scope="module")
def everest_glaciers(everest):
    with fiona.open(everest["outlines"]) as src:
        records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in src]
        return load_glaciers(records, src.crs_wkt, "EPSG:32645").by_glacier()


@pytest.mark.parametrize("config, chips, straddling, owners, digest", EVEREST_PLANS)
def test_everest_plan_is_the_former_planners(everest, everest_glaciers, config, chips, straddling, owners, digest):
    grid = dataset_grid([RasterInput(str(everest["rgb"]), "RGB")], config)
    plan = plan_chips(everest_glaciers, spatial_folds(everest_glaciers, config.n_folds), grid, config)
    text = ";".join(f"{int(c.window.row_off)},{int(c.window.col_off)},{c.glacier_id},{c.fold},{int(c.straddles)}"
                    for c in plan)
    assert (len(plan), sum(c.straddles for c in plan), len({c.glacier_id for c in plan})) == (chips, straddling, owners)
    assert hashlib.sha256(text.encode()).hexdigest()[:16] == digest


def lobed(x, y, radius, vertices, phase):
    """A smooth outline of ``vertices`` points around (x, y) (metres), its radius bent by +-35 %."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    radii = radius * (1 + 0.25 * np.sin(3 * angles + phase) + 0.1 * np.sin(7 * angles + 2 * phase))
    return np.column_stack([x + radii * np.cos(angles), y + radii * np.sin(angles)])


def large_glaciers():
    """Nine glaciers of 300 to 2,700 vertices, up to about 210 px across on a 30 m grid, one with a hole, one in two
    parts, none overlapping another; and that grid (900 x 700 px, UTM 45N)."""
    grid = Grid(CRS.from_epsg(32645), Affine(30, 0, 400_000, 0, -30, 3_121_000), 900, 700)
    glaciers = {}
    for k in range(9):
        x, y = 400_000 + 30 * (150 + 300 * (k % 3)), 3_121_000 - 30 * (120 + 230 * (k // 3))
        shell = lobed(x, y, 30 * (45 + 4 * k), 300 + 300 * k, k)
        if k == 4:
            glaciers[f"G{k}"] = Polygon(shell, [lobed(x, y, 30 * 20, 50, 1)[::-1]])
        elif k == 7:
            glaciers[f"G{k}"] = MultiPolygon([Polygon(lobed(x - 30 * 50, y, 30 * 35, 900, k)),
                                              Polygon(lobed(x + 30 * 50, y, 30 * 35, 900, k))])
        else:
            glaciers[f"G{k}"] = Polygon(shell)
    return glaciers, grid


def test_windows_belong_to_the_glacier_covering_most_of_them_as_whole_outlines_say():
    glaciers, grid = large_glaciers()
    assert not any(glaciers[a].intersects(glaciers[b]) for a in glaciers for b in glaciers if a < b)
    config = DatasetConfig(chip_size=128, stride=48, n_folds=3, buffer_m=900)
    folds = spatial_folds(glaciers, 3)
    plan = plan_chips(glaciers, folds, grid, config)
    pixels = {g: to_pixels(outline, grid) for g, outline in glaciers.items()}
    shape_, chip = (grid.height, grid.width), config.chip_size
    expected = set().union(*(glacier_windows(p, shape_, chip, 48, (30, 30)) for p in pixels.values()))
    for outline in pixels.values():  # margins checked against every planned chip
        expected |= margin_windows(outline, shape_, chip, chip, expected)
    assert sorted((int(c.window.row_off), int(c.window.col_off)) for c in plan) == sorted(expected)
    alone = contested = 0
    for c in plan:
        footprint = box(c.window.col_off, c.window.row_off, c.window.col_off + chip, c.window.row_off + chip)
        areas = {g: p.intersection(footprint).area for g, p in pixels.items()}
        covering = [g for g, a in areas.items() if a > 0]
        owner = max(covering, key=areas.get) if covering else min(pixels, key=lambda g: pixels[g].distance(footprint))
        alone, contested = alone + (not covering), contested + (len(covering) > 1)
        assert (c.glacier_id, c.fold, c.straddles) == (owner, folds[owner], any(folds[g] != folds[owner]
                                                                                for g in covering))
    # every branch is exercised: windows on no glacier (nearest), on several, across folds
    assert len(plan) > 200 and alone > 10 and contested > 5 and sum(c.straddles for c in plan) > 5


def test_statistics_are_exact_for_small_folds_and_exclude_the_held_out_fold():
    rng = np.random.default_rng(0)
    chips = [rng.normal(k, 1 + k, (2, 16, 16)).astype(np.float32) for k in range(3)]
    valid = np.ones((16, 16), bool)
    valid[:4] = False
    statistics = BandStatistics(2, sample_size=10_000)
    for fold, chip in enumerate(chips):
        statistics.add(fold, chip, valid)
    stats = statistics.per_fold(3)
    training = np.concatenate([chips[0][:, valid], chips[2][:, valid]], axis=1)
    np.testing.assert_allclose(stats["1"]["mean"], training.mean(axis=1), rtol=1e-6)
    np.testing.assert_allclose(stats["1"]["std"], training.std(axis=1), rtol=1e-6)
    np.testing.assert_allclose(stats["1"]["p01"], np.percentile(training, 1, axis=1), rtol=1e-6)
    np.testing.assert_allclose(stats["1"]["p99"], np.percentile(training, 99, axis=1), rtol=1e-6)


def test_percentiles_of_a_large_fold_come_from_a_bounded_uniform_sample():
    rng = np.random.default_rng(1)
    statistics = BandStatistics(1, sample_size=4096)
    values = []
    for _ in range(200):
        chip = rng.exponential(10, (1, 32, 32)).astype(np.float32)
        values.append(chip.ravel())
        statistics.add(0, chip, np.ones((32, 32), bool))
    assert max(len(s.keys) for s in statistics._samples.values()) <= 3 * 4096
    stats = statistics.per_fold(1)["all"]
    everything = np.concatenate(values)
    assert stats["p99"][0] == pytest.approx(np.percentile(everything, 99), rel=0.05)
    assert stats["p01"][0] == pytest.approx(np.percentile(everything, 1), abs=0.05)


def test_strip_cache_returns_what_direct_reads_return():
    field = np.arange(3 * 50 * 300, dtype=np.float32).reshape(3, 50, 300)
    reads = []

    def read(window):
        reads.append(window)
        r, c = int(window.row_off), int(window.col_off)
        return field[:, r:r + int(window.height), c:c + int(window.width)], field[0, r:r + int(window.height),
                                                                                 c:c + int(window.width)] > 10

    cache = WindowCache(read, 300, max_width=128)
    for c in (0, 20, 60, 100, 140):
        data, valid = cache.read(Window(c, 5, 32, 32))
        np.testing.assert_array_equal(data, field[:, 5:37, c:c + 32])
        np.testing.assert_array_equal(valid, field[0, 5:37, c:c + 32] > 10)
    assert len(reads) == 2  # columns 0-127, then 100-227
