"""Dataset -> train -> predict on a geographic grid: a dataset of hef_srtm.tif (EPSG:4326) with 60 m pixels on
the ground (different degree steps in x and y), a model that records that grid, and predictions on the DEM
and on a UTM warp of it, both warped onto the model's grid in seconds."""
import time
from dataclasses import replace

import fiona
import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS
from shapely.geometry import shape

from geographic_fixtures import utm_warp
from glacier_dl_plugin.core.config import DatasetConfig, ModelMetadata, PredictConfig, TrainConfig
from glacier_dl_plugin.core.dataset.build import create_dataset
from glacier_dl_plugin.core.geo.glaciers import GlacierRecord, load_glaciers
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, read_grid
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster


def test_grid_metadata_records_the_datasets_crs_pixel_size_with_its_unit_and_origin(tiny_dataset):
    from training.data import load_dataset
    from training.member import grid_metadata

    info = load_dataset(tiny_dataset)  # UTM 45N, 30 m; its dataset.json predates pixel_size_m and transform
    assert grid_metadata(info) == {"pixel_size": 30.0, "pixel_height": 30.0, "crs": info.crs, "pixel_unit": "metre",
                                   "pixel_size_m": (30.0, 30.0), "origin": ()}
    geographic = replace(info, crs=CRS.from_epsg(4326).to_wkt(), pixel_size=(0.000785892, 0.000539729),
                         pixel_size_m=(60.0, 60.0), origin=(10.6048232, 46.913809))
    recorded = ModelMetadata(bands=("a",), classes=("background", "glacier"), chip_size=32, mean=(0.0,), std=(1.0,),
                             **grid_metadata(geographic))
    assert (recorded.pixel_unit, recorded.pixel_sizes, recorded.ground_pixel_size, recorded.origin) == \
        ("degree", (0.000785892, 0.000539729), (60.0, 60.0), (10.6048232, 46.913809))
    assert grid_metadata(replace(info, crs="", pixel_size=(1.0, 1.0))) == {"pixel_size": 1.0}  # photographs


TINY = TrainConfig(members=1, epochs=1, batch_size=8, encoder="resnet18", encoder_depth=3, device="cpu",
                   loader_workers=0)


def outline_glaciers(path, grid_crs):
    with fiona.open(path) as src:
        records = [GlacierRecord(f["properties"]["RGIId"], shape(f["geometry"]).wkb) for f in src]
        return load_glaciers(records, src.crs_wkt, grid_crs)


@pytest.mark.slow
def test_a_model_trained_on_hef_srtm_records_its_grid_and_predicts_on_it_and_on_a_utm_warp(hintereisferner,
                                                                                           tmp_path):
    from training.fit import fit_ensemble

    dem = str(hintereisferner["dem"])
    source = read_grid(dem)
    config = DatasetConfig(chip_size=32, stride=16, buffer_m=300, n_folds=1, target_resolution_m=60)
    summary = create_dataset([RasterInput(dem, "dem")], outline_glaciers(hintereisferner["outline"], source.crs),
                             config, str(tmp_path / "dataset"))
    grid = summary.grid
    assert summary.chips > 8 and grid.crs == source.crs and grid.pixel_size[0] > grid.pixel_size[1]
    model = fit_ensemble(tmp_path / "dataset", tmp_path / "model", TINY)

    metadata: ModelMetadata = load_ensemble(str(model), "cpu").metadata
    assert CRS.from_wkt(metadata.crs) == CRS.from_epsg(4326) and metadata.pixel_unit == "degree"
    assert metadata.pixel_sizes == pytest.approx(grid.pixel_size, rel=1e-12)  # about 0.00079° x 0.00054°
    assert metadata.ground_pixel_size == pytest.approx((60.0, 60.0), rel=1e-3)
    assert metadata.origin == pytest.approx((grid.transform.c, grid.transform.f))

    predict = PredictConfig(tile_size=32, overlap=8, device="cpu")
    for name, raster in (("dem", dem), ("utm", utm_warp(dem, tmp_path / "utm.tif"))):
        started = time.perf_counter()
        result = predict_raster([RasterInput(raster, "dem")], str(model), predict, str(tmp_path / f"{name}_mean.tif"),
                                str(tmp_path / f"{name}_std.tif"))
        assert time.perf_counter() - started < 30
        with rasterio.open(result.mean) as src:
            mean = src.read(1, masked=True)
            assert src.crs == CRS.from_epsg(4326) and result.grid.transform == src.transform
            assert (src.transform.a, -src.transform.e) == pytest.approx(metadata.pixel_sizes, rel=1e-12)
            assert mean.count() > 0.8 * mean.size and np.all((mean >= 0) & (mean <= 1))
        columns, rows = ~grid.transform * (src.transform.c, src.transform.f)  # the training grid's pixel edges
        assert (columns, rows) == pytest.approx((round(columns), round(rows)), abs=1e-6)
        assert 0.9 < mean.size / (grid.width * grid.height) < 1.3  # the DEM's footprint, not 10^7 px wide


@pytest.mark.slow
def test_a_model_trained_on_hef_srtm_own_grid_predicts_on_that_grid(hintereisferner, tmp_path):
    """The issue's case: dataset, training and prediction on the DEM's own EPSG:4326 grid (no resolution given)."""
    from training.fit import fit_ensemble

    dem = str(hintereisferner["dem"])
    source = read_grid(dem)
    config = DatasetConfig(chip_size=32, stride=16, buffer_m=300, n_folds=1)
    summary = create_dataset([RasterInput(dem, "dem")], outline_glaciers(hintereisferner["outline"], source.crs),
                             config, str(tmp_path / "dataset"))
    assert summary.grid.transform == source.transform and summary.grid.crs == source.crs
    model = fit_ensemble(tmp_path / "dataset", tmp_path / "model", TINY)
    started = time.perf_counter()
    result = predict_raster([RasterInput(dem, "dem")], str(model), PredictConfig(tile_size=32, overlap=8, device="cpu"),
                            str(tmp_path / "mean.tif"), str(tmp_path / "std.tif"))
    assert time.perf_counter() - started < 30
    with rasterio.open(result.mean) as src:
        assert (src.crs, src.transform, src.width, src.height) == (source.crs, source.transform, source.width,
                                                                   source.height)
        assert src.read(1, masked=True).count() > 0.8 * source.width * source.height
