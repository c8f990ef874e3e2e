"""The model's grid: a model trained on hef_srtm.tif (EPSG:4326, 3 arc seconds) predicts on it as it is and on
a UTM warp of it onto its own grid, in seconds; older models without a CRS keep the inputs' CRS."""
import time

import numpy as np
import pytest
import rasterio
from rasterio.crs import CRS

from geographic_fixtures import utm_warp
from glacier_dl_plugin.core.config import ModelMetadata, PredictConfig
from glacier_dl_plugin.core.errors import InputError
from glacier_dl_plugin.core.geo.ground import metres_per_pixel
from glacier_dl_plugin.core.geo.raster_stack import RasterInput, read_grid
from glacier_dl_plugin.core.predict.ensemble import load_ensemble
from glacier_dl_plugin.core.predict.geotiff_run import predict_raster
from glacier_dl_plugin.core.predict.model_grid import model_grid
from onnx_fixtures import pointwise_model, pointwise_reference

WEIGHTS, BIAS = (1.5,), -0.5  # glacier where the DEM is high: p = sigmoid(1.5 (z - 3000) / 400 - 0.5)
CONFIG = PredictConfig(tile_size=32, overlap=8, device="cpu")


def grid_metadata(dem: str, **grid) -> ModelMetadata:
    """The metadata training writes for a model trained on ``dem``'s grid (or on ``grid`` when given)."""
    source = read_grid(dem)
    recorded = dict(crs=source.crs.to_wkt(), pixel_unit="degree", pixel_size=source.pixel_size[0],
                    pixel_height=source.pixel_size[1], pixel_size_m=metres_per_pixel(source),
                    origin=(source.transform.c, source.transform.f))
    return ModelMetadata(bands=("dem:1",), classes=("background", "glacier"), chip_size=32, mean=(3000.0,),
                         std=(400.0,), **{**recorded, **grid})


def run(tmp_path, model, raster: str, name: str):
    started = time.perf_counter()
    summary = predict_raster([RasterInput(raster, "dem")], str(model), CONFIG, str(tmp_path / f"{name}_mean.tif"),
                             str(tmp_path / f"{name}_std.tif"))
    with rasterio.open(summary.mean) as src:
        return summary, src.read(1, masked=True), src.crs, src.transform, time.perf_counter() - started


def overlap(shape: tuple[int, int], other: tuple[int, int], rows: int, cols: int) -> tuple[tuple, tuple]:
    """Slices of two aligned grids over their common pixels, pixel (0, 0) of the first being (rows, cols) of the
    second."""
    r0, c0 = max(0, -rows), max(0, -cols)
    r1, c1 = min(shape[0], other[0] - rows), min(shape[1], other[1] - cols)
    return (slice(r0, r1), slice(c0, c1)), (slice(r0 + rows, r1 + rows), slice(c0 + cols, c1 + cols))


@pytest.fixture()
def geographic_model(hintereisferner, tmp_path):
    metadata = grid_metadata(str(hintereisferner["dem"]))
    return pointwise_model(tmp_path / "geographic.onnx", WEIGHTS, BIAS, metadata), metadata


def test_a_geographic_model_predicts_on_its_own_raster_without_warping(hintereisferner, geographic_model, tmp_path):
    model, _ = geographic_model
    dem = str(hintereisferner["dem"])
    assert model_grid([RasterInput(dem)], load_ensemble(str(model), "cpu"), print) is None
    _, mean, crs, transform, seconds = run(tmp_path, model, dem, "same")
    with rasterio.open(dem) as src:
        assert (crs, transform, mean.shape) == (src.crs, src.transform, src.shape)
        expected = pointwise_reference(src.read().astype(np.float32), WEIGHTS, BIAS, grid_metadata(dem))
    np.testing.assert_allclose(mean.filled(np.nan), expected, atol=1e-5)
    assert seconds < 20


def test_a_geographic_model_warps_utm_inputs_onto_its_grid(hintereisferner, geographic_model, tmp_path):
    model, metadata = geographic_model
    dem, utm = str(hintereisferner["dem"]), utm_warp(str(hintereisferner["dem"]), tmp_path / "utm.tif")
    logged = []
    grid = model_grid([RasterInput(utm)], load_ensemble(str(model), "cpu"), logged.append)
    assert "on WGS 84 / UTM zone 32N; the model's grid is WGS 84 with 0.00083333° × 0.00083333° pixels (63.62 m" \
        in logged[0]
    summary, mean, crs, transform, seconds = run(tmp_path, model, utm, "utm")
    assert crs == CRS.from_epsg(4326) and summary.grid == grid and mean.shape == (grid.height, grid.width)
    assert (transform.a, -transform.e) == pytest.approx(metadata.pixel_sizes, rel=1e-12)
    columns, rows = ~read_grid(dem).transform * (transform.c, transform.f)  # pixel edges of the training grid
    assert columns == pytest.approx(round(columns), abs=1e-6) and rows == pytest.approx(round(rows), abs=1e-6)
    assert 0.9 < (mean.shape[0] * mean.shape[1]) / (284 * 384) < 1.2  # the same footprint, not 10^7 px wide
    assert mean.count() > 0.8 * mean.size and 0 < float(mean.min()) < float(mean.max()) < 1
    same = run(tmp_path, model, dem, "same")[1]  # where both cover the DEM, the warp changes little
    here, there = overlap(mean.shape, same.shape, int(round(rows)), int(round(columns)))
    both = ~np.ma.getmaskarray(mean[here]) & ~np.ma.getmaskarray(same[there])
    difference = np.abs(mean[here].filled(0) - same[there].filled(0))[both]
    assert both.sum() > 0.7 * same.size and np.median(difference) < 0.02
    assert seconds < 20


def test_a_projected_model_warps_the_geographic_dem_onto_its_utm_grid(hintereisferner, tmp_path):
    metadata = grid_metadata(str(hintereisferner["dem"]), crs=CRS.from_epsg(32632).to_wkt(), pixel_unit="metre",
                             pixel_size=30.0, pixel_height=30.0, pixel_size_m=(30.0, 30.0), origin=(0.0, 0.0))
    model = pointwise_model(tmp_path / "utm.onnx", WEIGHTS, BIAS, metadata)
    _, mean, crs, transform, _ = run(tmp_path, model, str(hintereisferner["dem"]), "projected")
    assert crs == CRS.from_epsg(32632) and (transform.a, transform.e) == (30.0, -30.0)
    assert transform.c % 30 == 0 and transform.f % 30 == 0 and mean.count() > 0.8 * mean.size


def test_an_older_model_without_crs_keeps_the_inputs_crs_and_reads_its_pixel_size_as_metres(hintereisferner,
                                                                                             tmp_path):
    utm = utm_warp(str(hintereisferner["dem"]), tmp_path / "utm.tif")
    legacy = ModelMetadata(bands=("dem:1",), classes=("background", "glacier"), chip_size=32, pixel_size=60.0,
                           mean=(3000.0,), std=(400.0,))
    model = pointwise_model(tmp_path / "legacy.onnx", WEIGHTS, BIAS, legacy)
    _, mean, crs, transform, _ = run(tmp_path, model, utm, "legacy")
    assert crs == CRS.from_epsg(32632) and (transform.a, transform.e) == pytest.approx((60.0, -60.0))


def test_an_older_geographic_model_is_refused_instead_of_building_a_huge_grid(hintereisferner, tmp_path):
    """Before the CRS was recorded, a model trained on hef_srtm.tif said pixel_size 0.000833 (degrees, read as
    metres): predict then sat for ever on a 3.8e7 px wide grid."""
    stale = ModelMetadata(bands=("dem:1",), classes=("background", "glacier"), chip_size=32,
                          pixel_size=1 / 1200, mean=(3000.0,), std=(400.0,))
    model = pointwise_model(tmp_path / "stale.onnx", WEIGHTS, BIAS, stale)
    started = time.perf_counter()
    with pytest.raises(InputError, match="MODEL: .* times as many") as error:
        run(tmp_path, model, str(hintereisferner["dem"]), "stale")
    assert "train it again" in error.value.fix and time.perf_counter() - started < 5
