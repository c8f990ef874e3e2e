"""The chip plan: every window with the glacier and fold owning it and whether it straddles folds, as the
former whole-outline planner had it; grid sampling within a mask; progress and cancel."""
import hashlib

import fiona
import numpy as np
import pytest
from affine import Affine
from rasterio.crs import CRS
from shapely.geometry import MultiPolygon, Polygon, box, shape

from glacier_dl_plugin.core.config import DatasetConfig
from glacier_dl_plugin.core.dataset.build import dataset_grid
from glacier_dl_plugin.core.dataset.chips import glacier_windows, grid_windows, margin_windows, to_pixels
from glacier_dl_plugin.core.dataset.folds import spatial_folds
from glacier_dl_plugin.core.dataset.sampling import plan_chips
from glacier_dl_plugin.core.errors import CancelledError
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, PolygonSet, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import Grid, RasterInput
from glacier_dl_plugin.core.progress import Monitor

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


SMALL_GRID = Grid(CRS.from_epsg(32645), Affine(30, 0, 400_000, 0, -30, 3_121_000), 200, 150)


def pixel_box(col0, row0, col1, row1):
    """A box given in pixels of ``SMALL_GRID``, in its CRS."""
    return box(400_000 + 30 * col0, 3_121_000 - 30 * row1, 400_000 + 30 * col1, 3_121_000 - 30 * row0)


def test_grid_sampling_within_a_mask_keeps_the_windows_meeting_it_and_owners_are_the_nearest():
    glaciers = {"west": pixel_box(20, 20, 50, 60), "east": pixel_box(150, 30, 180, 70)}
    folds = {"west": 0, "east": 1}
    mask = PolygonSet((pixel_box(0, 0, 100, 150),), SMALL_GRID.crs.to_wkt())  # the western half
    config = DatasetConfig(chip_size=32, stride=32, n_folds=2, sampling="grid")
    plan = plan_chips(glaciers, folds, SMALL_GRID, config, mask=mask)
    origins = [(int(c.window.row_off), int(c.window.col_off)) for c in plan]
    assert origins == grid_windows((150, 200), 32, 32, box(0, 0, 100, 150))  # row-major, columns up to 96
    assert max(c for _, c in origins) == 96 and all(c.window.width == c.window.height == 32 for c in plan)
    pixels = {g: to_pixels(outline, SMALL_GRID) for g, outline in glaciers.items()}
    for chip in plan:  # on no glacier: the nearest one, in pixels
        footprint = box(chip.window.col_off, chip.window.row_off, chip.window.col_off + 32, chip.window.row_off + 32)
        nearest = min(pixels, key=lambda g: pixels[g].distance(footprint))
        assert (chip.glacier_id, chip.fold, chip.straddles) == (nearest, folds[nearest], False)
    assert {c.glacier_id for c in plan if c.window.col_off < 96} == {"west"}
    assert {c.glacier_id for c in plan if c.window.col_off == 96} == {"east"}  # 22 px from east, 46 from west
    whole = plan_chips(glaciers, folds, SMALL_GRID, config)
    assert len(whole) == len(grid_windows((150, 200), 32, 32))
    far_east = [c for c in whole if c.window.col_off >= 160]
    assert far_east and all((c.glacier_id, c.fold) == ("east", 1) for c in far_east)


def test_a_window_over_glaciers_of_two_folds_straddles_and_goes_to_the_larger_share():
    glaciers = {"big": pixel_box(10, 10, 40, 40), "small": pixel_box(40, 10, 46, 40)}
    config = DatasetConfig(chip_size=32, stride=32, n_folds=2, sampling="grid")
    plan = {(int(c.window.row_off), int(c.window.col_off)): c for c in
            plan_chips(glaciers, {"big": 1, "small": 0}, SMALL_GRID, config)}
    shared = plan[(0, 32)]  # columns 32-63: 8 px of "big", 6 px of "small"
    assert (shared.glacier_id, shared.fold, shared.straddles) == ("big", 1, True)
    same_fold = {(int(c.window.row_off), int(c.window.col_off)): c for c in
                 plan_chips(glaciers, {"big": 1, "small": 1}, SMALL_GRID, config)}
    assert not same_fold[(0, 32)].straddles


def test_progress_rises_within_its_share_and_cancel_stops_planning():
    glaciers = {"a": pixel_box(20, 20, 50, 60), "b": pixel_box(120, 40, 160, 90)}
    progress = []
    plan_chips(glaciers, {"a": 0, "b": 1}, SMALL_GRID, DatasetConfig(chip_size=32, stride=16, n_folds=2),
               monitor=Monitor(progress=progress.append), percent=(10.0, 40.0))
    assert progress == sorted(progress) and progress[0] == 10.0 and progress[-1] == 40.0
    with pytest.raises(CancelledError):
        plan_chips(glaciers, {"a": 0, "b": 1}, SMALL_GRID, DatasetConfig(chip_size=32, stride=16, n_folds=2),
                   monitor=Monitor(is_cancelled=lambda: True))
