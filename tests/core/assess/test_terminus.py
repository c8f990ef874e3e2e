"""Calving fronts from a class raster: the synthetic fjord's known front recovered within a pixel."""
import fiona
import numpy as np
import pytest
import rasterio
from shapely.geometry import LineString, shape

from glacier_dl_plugin.core.assess.terminus import TerminusConfig, chaikin, extract_terminus, front_segments
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.progress import Monitor
from synthetic.fjord_scene import ICE, OCEAN, ROCK, FjordSpec, generate_fjord


@pytest.fixture(scope="module")
def fjord(tmp_path_factory):
    paths = generate_fjord(tmp_path_factory.mktemp("fjord"), FjordSpec(seed=4))
    with fiona.open(paths.front) as src:
        truth = shape(next(iter(src))["geometry"])
    return paths, truth


def sampled(line, step):
    return [line.interpolate(d) for d in np.arange(0, line.length + step / 2, step)]


def test_fjord_generator_is_seeded_and_has_all_three_classes(fjord, tmp_path):
    paths, truth = fjord
    again = generate_fjord(tmp_path, FjordSpec(seed=4))
    with rasterio.open(paths.classes) as a, rasterio.open(again.classes) as b:
        assert np.array_equal(a.read(1), b.read(1))
        assert set(np.unique(a.read(1))) == {ROCK, ICE, OCEAN} and a.crs.to_epsg() == 32624
    assert 0.5 * 96 * 30 < truth.length < 96 * 30 * 1.5  # wall to wall, a little wavy


@pytest.mark.parametrize("smoothing", [0, 2])
def test_known_front_is_recovered_within_a_pixel(fjord, tmp_path, smoothing):
    paths, truth = fjord
    with fiona.open(paths.front) as src:
        references = [shape(f["geometry"]).wkb for f in src]
        crs = src.crs_wkt
    progress = []
    summary = extract_terminus(paths.classes, TerminusConfig(ice_classes=(ICE,), ocean_classes=(OCEAN,),
                                                             min_length_m=500, smoothing=smoothing),
                               tmp_path / "front.gpkg", references, crs, Monitor(progress=progress.append))
    assert len(summary.lines) == 1 and summary.dropped == 6  # the six icebergs' outlines are dropped
    front = summary.lines[0].geometry
    assert max(truth.distance(p) for p in sampled(front, 5)) <= 30  # every point within one pixel
    assert max(front.distance(p) for p in sampled(truth, 5)) <= 30
    assert summary.mean_distance_m < 15 and summary.lines[0].mean_distance_m < 15  # half a pixel on average
    assert summary.lines[0].length_m == pytest.approx(front.length)  # UTM: metres
    with fiona.open(summary.path) as src:
        features = list(src)
        assert src.crs_wkt and len(features) == 1
    assert features[0]["properties"]["mean_distance_m"] == pytest.approx(summary.lines[0].mean_distance_m)
    assert progress[-1] == 100


def test_smoothing_cuts_corners_but_keeps_the_ends():
    staircase = LineString([(0, 0), (1, 0), (1, 1), (2, 1), (2, 2)])
    smooth = chaikin(staircase, 2)
    assert smooth.coords[0] == (0, 0) and smooth.coords[-1] == (2, 2)
    assert len(smooth.coords) > len(staircase.coords) and smooth.length < staircase.length


def test_segments_lie_on_pixel_edges_and_strips_join():
    classes = np.array([[ICE, ICE, ROCK], [OCEAN, ICE, ROCK], [OCEAN, OCEAN, ROCK]])
    whole = sorted(front_segments(classes, [ICE], [OCEAN]))
    strips = sorted(front_segments(classes[:2], [ICE], [OCEAN], 0, classes[2:]) +
                    front_segments(classes[2:], [ICE], [OCEAN], 2))
    assert whole == strips == [((0, 1), (1, 1)), ((1, 1), (1, 2)), ((1, 2), (2, 2))]


def test_a_raster_read_in_strips_gives_the_same_front(fjord, tmp_path, monkeypatch):
    from glacier_dl_plugin.core.assess import terminus

    paths, _ = fjord
    whole = extract_terminus(paths.classes, TerminusConfig(), tmp_path / "whole.gpkg")
    monkeypatch.setattr(terminus, "_STRIP_ROWS", 7)
    strips = extract_terminus(paths.classes, TerminusConfig(), tmp_path / "strips.gpkg")
    assert strips.lines[0].geometry.equals(whole.lines[0].geometry) and strips.dropped == whole.dropped


def test_bad_inputs_name_the_parameter_and_write_nothing(fjord, tmp_path):
    paths, _ = fjord
    target = tmp_path / "front.gpkg"
    with pytest.raises(InputError, match=r"^INPUT: no ice pixel \(classes \[7\]\)"):
        extract_terminus(paths.classes, TerminusConfig(ice_classes=(7,)), target)
    with pytest.raises(InputError, match="^MIN_LENGTH: all 7 ice-ocean lines are shorter than 1e"):
        extract_terminus(paths.classes, TerminusConfig(min_length_m=1e6), target)
    with pytest.raises(InputError, match="^OCEAN_CLASSES"):
        TerminusConfig(ice_classes=(2, 3), ocean_classes=(3,))
    assert list(tmp_path.iterdir()) == []


def test_a_geographic_grid_measures_in_metres(tmp_path):
    """0.0005° pixels at 68° N: about 21 m east-west and 56 m north-south; lengths and distances in metres."""
    from pyproj import Geod

    paths = generate_fjord(tmp_path / "fjord", FjordSpec(crs="EPSG:4326", resolution=0.0005, origin=(-30.0, 68.0)))
    with fiona.open(paths.front) as src:
        references, crs = [shape(f["geometry"]).wkb for f in src], src.crs_wkt
    summary = extract_terminus(paths.classes, TerminusConfig(min_length_m=400), tmp_path / "f.gpkg", references, crs)
    front = summary.lines[0]
    assert summary.dropped == 6 and summary.mean_distance_m < 56 / 2
    assert front.length_m == pytest.approx(Geod(ellps="WGS84").geometry_length(front.geometry), rel=1e-3)
