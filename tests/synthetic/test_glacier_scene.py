"""The synthetic scene: one grid for all files, outlines that agree with the truth, plausible spectra."""
from __future__ import annotations

import math
from pathlib import Path

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import shape
from shapely.ops import unary_union

from glacier_dl_plugin.core.errors import InputError
from synthetic.glacier_scene import BANDS, ScenePaths, SceneSpec, generate_scene, main

UTM = SceneSpec(width=320, height=288, seed=5)
GEOGRAPHIC = SceneSpec(width=288, height=256, crs="EPSG:4326", resolution=0.0003, origin=(86.85, 28.05), seed=2)
CLEAN, DEBRIS, SNOW, ROCK, VEGETATION, WATER, CLOUD, NODATA = 1, 2, 3, 4, 5, 6, 7, 255


def read(paths: ScenePaths) -> dict:
    with rasterio.open(paths.image) as src:
        image = src.read().astype(np.float64)
    with rasterio.open(paths.dem) as src:
        dem = src.read(1)
    with rasterio.open(paths.truth) as src:
        truth = src.read(1)
    with fiona.open(paths.glaciers, layer="glaciers") as src:
        features = [(f["properties"]["glacier_id"], f["properties"]["surface"], f["properties"]["area_km2"],
                     shape(f["geometry"])) for f in src]
    return {"image": image, "dem": dem, "truth": truth, "features": features}


@pytest.fixture(scope="module", params=[UTM, GEOGRAPHIC], ids=["utm", "geographic"])
def made(request, tmp_path_factory) -> tuple[SceneSpec, ScenePaths, dict]:
    paths = generate_scene(tmp_path_factory.mktemp("scene"), request.param)
    return request.param, paths, read(paths)


@pytest.fixture(scope="module")
def default_scene(tmp_path_factory) -> dict:
    return read(generate_scene(tmp_path_factory.mktemp("default")))


def ndsi(image: np.ndarray, mask: np.ndarray) -> float:
    green, swir = image[BANDS.index("green")][mask], image[BANDS.index("swir")][mask]
    return float(np.mean((green - swir) / (green + swir)))


def test_every_file_is_on_the_spec_grid(made):
    spec, paths, _ = made
    transform = from_origin(*spec.origin, spec.resolution, spec.resolution)
    expected = {paths.image: ("uint16", 5, 0), paths.dem: ("float32", 1, -9999), paths.truth: ("uint8", 1, 255)}
    for path, (dtype, count, nodata) in expected.items():
        with rasterio.open(path) as src:
            assert src.crs == rasterio.crs.CRS.from_user_input(spec.crs), path.name
            assert src.transform.almost_equals(transform), path.name
            assert (src.width, src.height, src.count) == (spec.width, spec.height, count), path.name
            assert src.dtypes[0] == dtype and src.nodata == nodata, path.name
            assert src.profile["tiled"] and src.profile["compress"] == "deflate", path.name
    with rasterio.open(paths.image) as src:
        assert src.descriptions == ("blue", "green", "red", "nir", "swir")
    with fiona.open(paths.glaciers, layer="glaciers") as src:
        assert rasterio.crs.CRS.from_wkt(src.crs_wkt) == rasterio.crs.CRS.from_user_input(spec.crs)
        assert src.schema["properties"] == {"glacier_id": "str", "surface": "str", "area_km2": "float"}
    assert sorted(p.name for p in paths.image.parent.iterdir()) == ["dem.tif", "glaciers.gpkg", "scene.tif",
                                                                    "truth.tif"]  # no temporary files left


def test_outlines_cover_exactly_the_glacier_pixels_of_the_truth(made):
    spec, _, scene = made
    pixel_area = spec.resolution**2
    for surface, cls in (("clean_ice", CLEAN), ("debris", DEBRIS)):
        polygons = sum(geometry.area for _, s, _, geometry in scene["features"] if s == surface)
        pixels = np.count_nonzero(scene["truth"] == cls) * pixel_area
        assert polygons == pytest.approx(pixels, rel=0.005), surface
    assert {s for _, s, _, _ in scene["features"]} == {"clean_ice", "debris"}


def test_area_km2_attribute_is_the_ground_area(made):
    spec, _, scene = made
    if spec.crs == "EPSG:4326":
        # Pixel area on the ground: metres per degree at the scene's latitude (WGS84, within 0.1 %).
        latitude = math.radians(spec.origin[1] - spec.height * spec.resolution / 2)
        metres_x = 111_412.8 * math.cos(latitude) - 93.5 * math.cos(3 * latitude)
        metres_y = 111_132.9 - 559.8 * math.cos(2 * latitude)
        pixel_km2 = spec.resolution**2 * metres_x * metres_y / 1e6
    else:
        pixel_km2 = spec.resolution**2 / 1e6
    for glacier_id, _, area_km2, geometry in scene["features"]:
        assert area_km2 == pytest.approx(geometry.area / spec.resolution**2 * pixel_km2, rel=0.005), glacier_id
        assert area_km2 > 0


def test_glaciers_are_distinct_and_do_not_overlap(made):
    spec, _, scene = made
    keys = [(glacier_id, surface) for glacier_id, surface, _, _ in scene["features"]]
    assert len(keys) == len(set(keys)), "one feature per glacier and surface"
    assert all(geometry.is_valid and geometry.geom_type == "MultiPolygon" for *_, geometry in scene["features"])
    glaciers: dict[str, list] = {}
    for glacier_id, _, _, geometry in scene["features"]:
        glaciers.setdefault(glacier_id, []).append(geometry)
    assert sorted(glaciers) == [f"G{i:03d}" for i in range(1, spec.n_glaciers + 1)]
    outlines = {g: unary_union(parts) for g, parts in glaciers.items()}
    names = sorted(outlines)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not outlines[a].intersects(outlines[b]), (a, b)
    # Wholly inside the valid area: left of the nodata strip along the right-hand edge.
    valid_xmax = spec.origin[0] + (spec.width - spec.nodata_margin) * spec.resolution
    assert all(outline.bounds[2] < valid_xmax for outline in outlines.values())


def test_spectra_separate_ice_from_debris_and_cloud(made):
    _, _, scene = made
    image, truth = scene["image"], scene["truth"]
    assert ndsi(image, truth == CLEAN) > 0.6
    assert ndsi(image, truth == SNOW) > 0.6  # snowfields outside the outlines look like ice
    assert ndsi(image, truth == DEBRIS) < 0.3
    assert ndsi(image, truth == CLOUD) < 0.3
    nir, red, swir = (image[BANDS.index(b)] for b in ("nir", "red", "swir"))
    vegetation = truth == VEGETATION
    assert np.mean((nir - red)[vegetation] / (nir + red)[vegetation]) > 0.5
    assert nir[truth == WATER].mean() < 0.3 * nir[truth == ROCK].mean()
    assert image[:, truth == CLOUD].mean() > 3 * image[:, truth == ROCK].mean()
    assert swir[truth == DEBRIS].mean() < swir[truth == ROCK].mean()  # debris: a darker rock


def test_nodata_strip_along_the_right_edge(made):
    spec, _, scene = made
    m = spec.nodata_margin
    assert np.all(scene["image"][:, :, -m:] == 0)
    assert np.all(scene["dem"][:, -m:] == -9999)
    assert np.all(scene["truth"][:, -m:] == NODATA)
    # ...and nowhere else, so a reader's nodata mask is exactly the strip.
    assert np.all(scene["image"][:, :, :-m] > 0)
    assert np.all((scene["dem"][:, :-m] > 2000) & (scene["dem"][:, :-m] < 9000))
    assert set(np.unique(scene["truth"][:, :-m])) <= set(range(8))


def test_default_scene_has_every_class_and_its_mountains(default_scene):
    truth, dem = default_scene["truth"], default_scene["dem"]
    assert set(np.unique(truth)) == {CLEAN, DEBRIS, SNOW, ROCK, VEGETATION, WATER, CLOUD, NODATA}
    valid = dem[dem != -9999]
    assert valid.min() > 2000 and valid.max() > 5500
    assert np.median(dem[truth == SNOW]) > np.median(dem[truth == CLEAN]) > np.median(dem[truth == VEGETATION])
    glacier_ids = {glacier_id for glacier_id, _, _, _ in default_scene["features"]}
    assert len(glacier_ids) == 6


def test_same_seed_same_bytes_other_seed_other_scene(tmp_path):
    spec = SceneSpec(width=160, height=128, seed=11, n_glaciers=3)
    first, again = generate_scene(tmp_path / "a", spec), generate_scene(tmp_path / "b", spec)
    for name in ("image", "dem", "truth"):
        assert getattr(first, name).read_bytes() == getattr(again, name).read_bytes(), name
    a, b = read(first), read(again)
    assert [f[:3] for f in a["features"]] == [f[:3] for f in b["features"]]
    assert all(fa[3].equals(fb[3]) for fa, fb in zip(a["features"], b["features"], strict=True))
    other = read(generate_scene(tmp_path / "c", SceneSpec(width=160, height=128, seed=12, n_glaciers=3)))
    assert not np.array_equal(a["image"], other["image"])
    assert np.mean(a["truth"] != other["truth"]) > 0.2


def test_the_shared_test_scene_places_every_glacier(tmp_path):
    # tests/conftest.py's `scene` fixture asks for this spec; it must still hold six glaciers.
    scene = read(generate_scene(tmp_path, SceneSpec(width=256, height=224, seed=3)))
    assert len({glacier_id for glacier_id, _, _, _ in scene["features"]}) == 6


def test_command_line_prints_the_written_paths(tmp_path, capsys):
    main(["--out", str(tmp_path), "--width", "96", "--height", "80", "--seed", "4", "--glaciers", "2",
          "--crs", "EPSG:3857", "--resolution", "20", "--origin", "9650000", "3250000"])
    printed = dict(line.split(maxsplit=1) for line in capsys.readouterr().out.splitlines())
    assert set(printed) == {"image", "dem", "glaciers", "truth"}
    assert all(Path(path).is_file() for path in printed.values())
    with rasterio.open(printed["image"]) as src:
        assert (src.width, src.height, src.crs.to_epsg(), src.res) == (96, 80, 3857, (20.0, 20.0))


@pytest.mark.parametrize("change, parameter", [
    ({"width": 32}, "width/height"),
    ({"nodata_margin": 200}, "nodata_margin"),
    ({"crs": "EPSG:4326", "resolution": 30.0}, "origin"),  # metres given for a geographic grid
])
def test_impossible_specs_are_refused_with_the_parameter_named(tmp_path, change, parameter):
    with pytest.raises(InputError) as raised:
        generate_scene(tmp_path, SceneSpec(**change))
    assert raised.value.parameter == parameter
    assert not any(tmp_path.iterdir())
