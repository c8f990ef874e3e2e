"""The PNG quick-look: image (bands chosen by their names), mean probability and spread, decimated when large."""
import numpy as np
import pytest
import rasterio
from matplotlib import colormaps
from matplotlib.image import imread
from rasterio.transform import from_origin

from glacier_dl_plugin.core.predict.quicklook import _MAX_SIDE, _read_decimated, write_quicklook

NODATA = -9999.0


def write(path, data, descriptions=(), nodata=None):
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                       dtype=data.dtype.name, crs="EPSG:32645", transform=from_origin(480000, 3110000, 30, 30),
                       nodata=nodata) as dst:
        dst.write(data)
        for index, text in enumerate(descriptions, start=1):
            dst.set_band_description(index, text)
    return path


def share(png, colour, tolerance=6):
    """Fraction of the PNG's pixels within ``tolerance`` (0-255 per channel) of ``colour`` (RGB 0-1)."""
    rgb = png[..., :3] * 255
    return float((np.abs(rgb - np.asarray(colour[:3]) * 255).max(axis=-1) <= tolerance).mean())


@pytest.fixture()
def prediction(tmp_path):
    """A 120 x 160 px scene: red rises west to east (green and blue flat), mean 0 west and 1 east, std 0."""
    red = np.tile(np.linspace(0, 250, 160, dtype=np.float32), (120, 1))
    flat = np.full((120, 160), 40, np.float32)
    image = write(tmp_path / "image.tif", np.stack([flat, flat, red]), ("blue", "green", "red"))
    mean = np.zeros((1, 120, 160), np.float32)
    mean[:, :, 80:] = 1
    std = np.zeros((1, 120, 160), np.float32)
    std[:, :, :40] = NODATA  # masked: the axes' white shows there
    return (image, write(tmp_path / "mean.tif", mean, nodata=NODATA),
            write(tmp_path / "std.tif", std, nodata=NODATA))


def test_three_panels_show_the_named_bands_the_probability_and_the_spread(prediction, tmp_path):
    image, mean, std = prediction
    path = write_quicklook(image, mean, std, tmp_path / "quicklook.png")
    assert path == tmp_path / "quicklook.png"
    png = imread(path)
    assert png.shape[:2] == (486, 1350)  # 15 x 5.4 inches at 90 dpi
    rgb = png[..., :3] * 255
    pure_red = (rgb[..., 0] > 200) & (rgb[..., 1] < 10) & (rgb[..., 2] < 10)
    pure_blue = (rgb[..., 2] > 200) & (rgb[..., 0] < 10) & (rgb[..., 1] < 10)
    assert pure_red.mean() > 0.01 and pure_blue.mean() == 0  # the band named red is shown red
    low, high = share(png, colormaps["Blues_r"](0.0)), share(png, colormaps["Blues_r"](1.0))
    assert low > 0.03 and high > 0.03 and low == pytest.approx(high, rel=0.2)  # mean: half 0, half 1
    spread = share(png, colormaps["magma"](0.0))
    assert spread > 0.03 and spread == pytest.approx(low * 3 / 2, rel=0.2)  # std 0 on three quarters


def test_a_single_band_image_is_shown_grey(tmp_path, prediction):
    _, mean, std = prediction
    grey = write(tmp_path / "dem.tif", np.tile(np.linspace(0, 1, 160, dtype=np.float32), (120, 1))[None])
    png = imread(write_quicklook(grey, mean, std, tmp_path / "grey.png"))
    rgb = png[..., :3] * 255
    grey_ramp = (np.ptp(rgb, axis=-1) < 3) & (rgb[..., 0] > 60) & (rgb[..., 0] < 200)
    assert grey_ramp.mean() > 0.01


def test_large_rasters_are_read_decimated_to_the_panel_size(tmp_path):
    data = np.ones((1, 300, 2500), np.uint8)
    data[0, :, :10] = 0
    values, valid = _read_decimated(write(tmp_path / "wide.tif", data, nodata=0))
    assert values.shape == (1, 120, _MAX_SIDE) and values.dtype == np.float32  # 2.5 x fewer on both axes
    assert not valid[:, :4].any() and valid[:, 4:].all()
    small, _ = _read_decimated(write(tmp_path / "small.tif", np.ones((1, 30, 40), np.uint8)))
    assert small.shape == (1, 30, 40)  # never enlarged
