"""The synthetic fjord: ice up-fjord of the known front, ocean beyond, rock walls, icebergs off the front."""
import fiona
import numpy as np
import pytest
import rasterio
from shapely.geometry import Point, shape

from glacier_dl_plugin.core.errors import InputError
from synthetic.fjord_scene import ICE, OCEAN, ROCK, FjordSpec, generate_fjord, main


@pytest.fixture(scope="module")
def fjord(tmp_path_factory):
    paths = generate_fjord(tmp_path_factory.mktemp("fjord"), FjordSpec(seed=1, icebergs=0))
    with rasterio.open(paths.classes) as src:
        classes, transform = src.read(1), src.transform
    with fiona.open(paths.front, layer="front") as layer:
        front = shape(next(iter(layer))["geometry"])
    return classes, transform, front


def test_ice_lies_up_fjord_of_the_true_front_and_ocean_beyond_it(fjord):
    classes, transform, front = fjord
    for value, side in ((ICE, 1), (OCEAN, -1)):
        rows, cols = np.nonzero(classes == value)
        for r, c in list(zip(rows, cols, strict=True))[::37]:
            x, y = transform * (c + 0.5, r + 0.5)
            nearest = front.interpolate(front.project(Point(x, y)))
            assert np.sign(y - nearest.y) == side or front.distance(Point(x, y)) < 30  # north of the front: ice
    assert (classes[:, 0] == ROCK).all() and (classes[:, -1] == ROCK).all()  # the fjord walls


def test_icebergs_float_at_least_5_px_off_the_front(tmp_path, fjord):
    classes, transform, front = fjord
    paths = generate_fjord(tmp_path, FjordSpec(seed=1, icebergs=6))
    with rasterio.open(paths.classes) as src:
        bergs = (src.read(1) == ICE) & (classes == OCEAN)
    assert 6 <= bergs.sum() <= 6 * 4
    for r, c in zip(*np.nonzero(bergs), strict=True):
        assert front.distance(Point(transform * (c + 0.5, r + 0.5))) > 4 * 30


def test_a_tiny_grid_is_refused_and_the_command_line_prints_the_paths(tmp_path, capsys):
    with pytest.raises(InputError, match="width/height: 20x40 is too small"):
        generate_fjord(tmp_path, FjordSpec(width=20, height=40))
    main(["--out", str(tmp_path / "cli"), "--seed", "2"])
    printed = capsys.readouterr().out.split()
    assert printed == ["classes", str(tmp_path / "cli" / "classes.tif"), "front", str(tmp_path / "cli" / "front.gpkg")]
