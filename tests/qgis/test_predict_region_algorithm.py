"""glacierdl:predictregion in a real headless QGIS and through qgis_process: the mosaic equals the core's
in-process region run at every pixel; bad input is a clear error."""
import json

import numpy as np
import pytest
from qgis.core import QgsProcessingException

from glacier_dl_plugin.core.config.region import RegionConfig
from glacier_dl_plugin.core.predict.region import run_region
from glacier_dl_plugin.qgis_process import QgisProcess
from region_fixtures import dask_cluster, read, region_model, region_scenes

INFERENCE = {"TILE_SIZE": 32, "OVERLAP": 8, "DEVICE": "cpu"}


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region_qgis")
    scenes, inventory = region_scenes(folder / "scenes", n=4)
    model = region_model(folder / "model")
    reference = run_region(RegionConfig(scenes=tuple(scenes), model=str(model), out=str(folder / "reference"),
                                        glaciers=str(inventory), tile_size=32, overlap=8, device="cpu"))
    return folder, scenes, inventory, model, reference


def test_processing_run_equals_the_core_run(qgis_app, region, tmp_path):
    import processing

    folder, scenes, inventory, model, reference = region
    result = processing.run("glacierdl:predictregion", {
        "SCENES": scenes[:2], "SCENES_FOLDER": str(folder / "scenes"), "MODEL": str(model),
        "GLACIERS": str(inventory), "CLUSTER": "none", "OUTPUT": str(tmp_path / "out"), **INFERENCE})
    # SCENES first, then the folder's: scene_0 and scene_1 given twice count once, in their first place
    assert result["SCENES"] == 4 and result["SKIPPED"] == 0
    assert np.array_equal(read(result["MOSAIC_MEAN"]), read(reference.mosaic.mean))
    assert np.array_equal(read(result["MOSAIC_STD"]), read(reference.mosaic.std))
    with open(result["TABLE"]) as ours, open(reference.table) as theirs:
        assert ours.read() == theirs.read()


def test_a_bad_cluster_is_a_clear_error(qgis_app, region, tmp_path):
    import processing

    folder, scenes, _, model, _ = region
    with pytest.raises(QgsProcessingException, match="CLUSTER"):
        processing.run("glacierdl:predictregion", {"SCENES": scenes, "MODEL": str(model), "CLUSTER": "tcp://a b",
                                                   "OUTPUT": str(tmp_path / "out"), **INFERENCE})


@pytest.mark.slow
def test_qgis_process_on_a_real_scheduler_equals_the_core_run(region, tmp_path):
    """qgis_process as the client of a `dask scheduler` + 2 `dask worker` processes started (and stopped) here."""
    folder, scenes, inventory, model, reference = region
    qgis = QgisProcess(tmp_path / "profile")
    with dask_cluster(tmp_path, workers=2) as address:
        results = qgis.results("predictregion", {"SCENES_FOLDER": str(folder / "scenes"), "MODEL": str(model),
                                                 "GLACIERS": str(inventory), "CLUSTER": address,
                                                 "OUTPUT": str(tmp_path / "out"), **INFERENCE})
    assert results["SCENES"] == 4, json.dumps(results)
    assert np.array_equal(read(results["MOSAIC_MEAN"]), read(reference.mosaic.mean))
    assert np.array_equal(read(results["MOSAIC_STD"]), read(reference.mosaic.std))


@pytest.mark.slow
def test_qgis_process_with_a_local_cluster_equals_the_core_run(region, tmp_path):
    """CLUSTER=local inside qgis_process: the worker processes run the environment's Python, not QGIS."""
    folder, scenes, inventory, model, reference = region
    qgis = QgisProcess(tmp_path / "profile")
    results = qgis.results("predictregion", {"SCENES_FOLDER": str(folder / "scenes"), "MODEL": str(model),
                                             "GLACIERS": str(inventory), "CLUSTER": "local", "WORKERS": 2,
                                             "OUTPUT": str(tmp_path / "out"), **INFERENCE})
    assert results["SCENES"] == 4, json.dumps(results)
    assert np.array_equal(read(results["MOSAIC_MEAN"]), read(reference.mosaic.mean))
