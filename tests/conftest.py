"""Shared test fixtures: paths to the real sample data, a synthetic scene, tiny ONNX models."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
EVEREST = SHARED_DATA / "everest_landsat"
HINTEREISFERNER = SHARED_DATA / "hintereisferner"

# GDAL would otherwise write .aux.xml statistics files next to the shared sample data
os.environ["GDAL_PAM_ENABLED"] = "NO"
# Training runs record jobs (core.jobs.registry); tests keep them out of the user's ~/.local/share/glacier_dl/jobs
os.environ.setdefault("GLACIER_DL_JOBS_DIR", tempfile.mkdtemp(prefix="glacier_dl_test_jobs_"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def everest(tmp_path_factory) -> dict[str, Path]:
    """The real Everest Landsat sample (RGB + NIR in UTM 45N, RGI outlines in EPSG:4326).

    The outlines are a temporary copy: QGIS opens GeoPackages in update mode, and the shared sample data
    must stay untouched.
    """
    paths = {"rgb": EVEREST / "LE71400412000304SGS00_RGB.tif", "nir": EVEREST / "LE71400412000304SGS00_B4.tif",
             "outlines": EVEREST / "15_rgi60_glacier_outlines.gpkg"}
    missing = [str(p) for p in paths.values() if not p.exists()]
    assert not missing, f"sample data missing (expected ../shared/data beside the checkout): {missing}"
    copy = tmp_path_factory.mktemp("everest") / paths["outlines"].name
    shutil.copyfile(paths["outlines"], copy)
    return {**paths, "outlines": copy}


@pytest.fixture(scope="session")
def scene(tmp_path_factory):
    """A small seeded synthetic glacier scene (see synthetic.glacier_scene)."""
    from synthetic.glacier_scene import SceneSpec, generate_scene

    return generate_scene(tmp_path_factory.mktemp("scene"), SceneSpec(width=256, height=224, seed=3))


@pytest.fixture(scope="session")
def hintereisferner() -> dict[str, Path]:
    """The real Hintereisferner sample: SRTM DEM (EPSG:4326), RGI outline (EPSG:4326), ice thickness (UTM 32N)."""
    paths = {"dem": HINTEREISFERNER / "hef_srtm.tif", "outline": HINTEREISFERNER / "Hintereisferner_RGI6.shp",
             "thickness": HINTEREISFERNER / "RGI60-11.00897_thickness.tif"}
    missing = [str(p) for p in paths.values() if not p.exists()]
    assert not missing, f"sample data missing (expected ../shared/data beside the checkout): {missing}"
    return paths
