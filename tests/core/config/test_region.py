"""RegionConfig: scenes from files, a folder or a VRT (in priority order), checks naming the parameter."""
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from glacier_dl_plugin.core.config.predict import InferenceConfig
from glacier_dl_plugin.core.config.region import RegionConfig, resolve_scenes
from glacier_dl_plugin.core.errors import InputError


def raster(path, x0=480000.0):
    with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:32645",
                       transform=from_origin(x0, 3110000, 30, 30)) as dst:
        dst.write(np.ones((1, 8, 8), "uint8"))
    return str(path)


def test_scenes_from_a_folder_are_sorted_and_a_vrt_lists_its_top_source_first(tmp_path):
    folder = tmp_path / "scenes"
    folder.mkdir()
    b, a = raster(folder / "b.tif", 480240.0), raster(folder / "a.tif")
    (folder / "notes.txt").write_text("not a raster")
    assert resolve_scenes(folder=str(folder)) == (a, b)
    from osgeo import gdal

    gdal.BuildVRT(str(tmp_path / "x.vrt"), [a, b]).FlushCache()  # b drawn last: on top
    assert [p.rsplit("/", 1)[-1] for p in resolve_scenes(vrt=str(tmp_path / "x.vrt"))] == ["b.tif", "a.tif"]
    assert resolve_scenes([b], str(folder)) == (b, a)  # given twice: once, first


@pytest.mark.parametrize("kwargs,match", [
    ({}, "SCENES: no scene raster"),
    ({"folder": "/nonexistent"}, "SCENES_FOLDER: '/nonexistent' is not a folder"),
    ({"vrt": "/nonexistent.vrt"}, "VRT: cannot read"),
])
def test_resolve_scenes_errors_name_the_parameter(kwargs, match):
    with pytest.raises(InputError, match=match):
        resolve_scenes(**kwargs)


def test_config_checks_scenes_model_output_and_cluster(tmp_path):
    scene = raster(tmp_path / "a.tif")
    config = RegionConfig(scenes=(scene,), model="m", out=str(tmp_path / "out"), tile_size=64, overlap=16)
    assert config.inference() == InferenceConfig(tile_size=64, overlap=16)
    assert config.cluster == "local" and config.workers == 2 and config.retries == 2 and not config.cog
    with pytest.raises(InputError, match="SCENES: 1 scene file"):
        RegionConfig(scenes=(str(tmp_path / "missing.tif"),), model="m", out="o")
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(InputError, match="SCENES: two scenes have the same file name"):
        RegionConfig(scenes=(scene, raster(other / "a.tif")), model="m", out="o")
    with pytest.raises(InputError, match="MODEL"):
        RegionConfig(scenes=(scene,), out="o")
    with pytest.raises(InputError, match="CLUSTER"):
        RegionConfig(scenes=(scene,), model="m", out="o", cluster="tcp://bad address")
    with pytest.raises(InputError, match="WORKERS"):
        RegionConfig(scenes=(scene,), model="m", out="o", workers=0)
    assert RegionConfig(scenes=(scene,), model="m", out="o", cluster="none").cluster == "none"
