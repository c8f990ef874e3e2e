"""Fixtures of the evaluation tests: the evaluation scene and its classed reference (evaluation_fixtures)."""
import pytest

from evaluation_fixtures import EvaluationScene, classed_reference, evaluation_scene


@pytest.fixture(scope="session")
def scored_scene(tmp_path_factory) -> EvaluationScene:
    """9 rectangular glaciers on a 30 m UTM grid, their class raster and a prediction moved 3 px east."""
    return evaluation_scene(tmp_path_factory.mktemp("evaluation"))


@pytest.fixture(scope="session")
def classed(scored_scene):
    """(clean-ice/debris reference GlacierSet, class map path, mean raster path) of :func:`scored_scene`."""
    return classed_reference(scored_scene)
