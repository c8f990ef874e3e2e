"""What a dataset shows people: chip footprints for QGIS, the display stretch and the preview sheet."""
import fiona
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import shape

from glacier_dl_plugin.core.config import IGNORE_INDEX
from glacier_dl_plugin.core.dataset.preview import display_rgb, write_footprints, write_preview


def row(chip_id, x):
    return {"id": chip_id, "glacier_id": "G1", "fold": 1, "straddles": 0, "xmin": x, "ymin": 0.0, "xmax": x + 640.0,
            "ymax": 640.0, "glacier_fraction": 0.25, "nodata_fraction": 0.0, "class": "ignored"}


def test_footprints_are_the_chip_boxes_with_their_fractions(tmp_path):
    write_footprints(tmp_path / "f.gpkg", [row("c0", 0.0), row("c1", 640.0)], "EPSG:32645")
    with fiona.open(tmp_path / "f.gpkg", layer="footprints") as layer:
        features = list(layer)
        assert set(layer.schema["properties"]) == {"id", "glacier_id", "fold", "straddles", "glacier_fraction",
                                                   "nodata_fraction"}
    assert shape(features[1]["geometry"]).bounds == (640, 0, 1280, 640)
    assert features[0]["properties"]["glacier_fraction"] == 0.25


def test_display_stretch_maps_the_2nd_to_98th_percentiles_to_0_1_and_blanks_invalid_pixels():
    image = np.stack([np.arange(100, dtype=np.float32).reshape(10, 10)] * 3)
    valid = np.ones((10, 10), bool)
    valid[0, 0] = False
    rgb = display_rgb(image, valid)
    assert rgb.shape == (10, 10, 3) and rgb.min() == 0 and rgb.max() == 1
    low, high = np.percentile(image[0][valid], [2, 98])
    assert (rgb[0, 0] == 0).all() and rgb[5, 5, 0] == pytest.approx((55 - low) / (high - low))


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # a PNG, on purpose
def test_the_preview_sheet_has_one_tile_per_chip_enlarged_to_128_px(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "masks").mkdir()
    profile = dict(driver="GTiff", width=32, height=32, crs="EPSG:32645", transform=from_origin(0, 640, 20, 20))
    mask = np.zeros((32, 32), np.uint8)
    mask[8:24, 8:24], mask[:2] = 1, IGNORE_INDEX
    for chip in ("c0", "c1", "c2"):
        with rasterio.open(tmp_path / "images" / f"{chip}.tif", "w", count=3, dtype="float32", **profile) as dst:
            dst.write(np.random.default_rng(0).uniform(0, 1, (3, 32, 32)).astype(np.float32))
        with rasterio.open(tmp_path / "masks" / f"{chip}_mask.tif", "w", count=1, dtype="uint8", **profile) as dst:
            dst.write(mask, 1)
    write_preview(tmp_path, [{"id": c} for c in ("c0", "c1", "c2")], columns=2)
    with rasterio.open(tmp_path / "preview.png") as png:
        sheet = png.read()
    assert sheet.shape == (3, 2 * 128 + 4, 2 * 128 + 4)
    assert (sheet[:, 128 + 4:, 128 + 4:] == 255).all()  # the fourth place of the 2 × 2 sheet stays white
    assert tuple(sheet[:, 8 * 4, 16 * 4]) == (0, 255, 255)  # the glacier's top border (row 8) is cyan
