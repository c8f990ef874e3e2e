"""The region mosaic: the first part wins where parts overlap, nodata lets the next show through; the table
sums probability x geodesic pixel area over each glacier and names the scenes."""
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import box

from glacier_dl_plugin.core.config import NODATA_FLOAT
from glacier_dl_plugin.core.predict.region_mosaic import build_mosaic, glacier_rows


def part(path, x0, value, nodata_cols=0):
    data = np.full((1, 10, 10), value, np.float32)
    if nodata_cols:
        data[:, :, -nodata_cols:] = NODATA_FLOAT
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="float32", nodata=NODATA_FLOAT,
                       crs="EPSG:32632", transform=from_origin(x0, 5_200_000, 30, 30)) as dst:
        dst.write(data)
    return str(path)


@pytest.fixture
def mosaic(tmp_path):
    means = [part(tmp_path / "a_mean.tif", 600_000, 0.8, nodata_cols=2), part(tmp_path / "b_mean.tif", 600_150, 0.2)]
    stds = [part(tmp_path / "a_std.tif", 600_000, 0.1, nodata_cols=2), part(tmp_path / "b_std.tif", 600_150, 0.05)]
    return build_mosaic(means, stds, tmp_path, cog=True), means


def test_first_part_wins_and_its_nodata_lets_the_next_show(mosaic):
    result, _ = mosaic
    with rasterio.open(result.mean) as src:
        values = src.read(1)
        assert (src.width, src.height) == (15, 10) and src.nodata == NODATA_FLOAT
    assert np.all(values[:, :8] == np.float32(0.8))  # a alone (0-4) and a over b (5-7)
    assert np.all(values[:, 8:] == np.float32(0.2))  # a's nodata columns 8-9, then b alone
    with rasterio.open(result.std) as src:
        assert np.all(src.read(1)[:, :8] == np.float32(0.1))
    with rasterio.open(result.mean_cog) as src:
        assert np.array_equal(src.read(1), values) and src.profile["tiled"]


def test_table_area_is_probability_times_ground_area(mosaic):
    result, means = mosaic
    # 4 x 3 pixels of a (0.8) and 2 x 3 of b (0.2, under a's nodata), 900 m² each (UTM, ~0.1 % geodesic)
    glacier = box(600_000 + 4 * 30, 5_200_000 - 3 * 30, 600_000 + 10 * 30, 5_200_000)
    far = box(700_000, 5_100_000, 700_030, 5_100_030)
    parts = [("a", means[0]), ("b", means[1])]
    rows = {r["glacier_id"]: r for r in glacier_rows({"G1": glacier, "G2": far}, result, parts)}
    row = rows["G1"]
    assert row["pixels"] == 18 and row["coverage"] == 1.0
    assert row["area_km2"] == pytest.approx((12 * 0.8 + 6 * 0.2) * 900e-6, rel=2e-3)
    assert row["sigma_km2"] == pytest.approx((12 * 0.1 + 6 * 0.05) * 900e-6, rel=2e-3)
    assert row["scenes"] == "a;b" and row["predicted_from"] == "a;b"
    assert rows["G2"]["pixels"] == 0 and rows["G2"]["scenes"] == ""
