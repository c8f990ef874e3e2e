"""ModelMetadata: the grid a model was trained on (CRS, pixel size with its unit) survives the ONNX JSON round
trip, and metadata written before those keys existed still loads as metres."""
import json

import pytest
from rasterio.crs import CRS

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.core.errors import InputError

BASE = dict(bands=("dem:1",), classes=("background", "glacier"), chip_size=32, mean=(3000.0,), std=(400.0,))
GEOGRAPHIC = ModelMetadata(**BASE, pixel_size=0.00083333, pixel_height=0.00083333, crs=CRS.from_epsg(4326).to_wkt(),
                           pixel_unit="degree", pixel_size_m=(63.62, 92.64), origin=(10.60497758, 46.91334568))


def test_the_grid_survives_the_json_round_trip():
    restored = ModelMetadata.from_json(GEOGRAPHIC.to_json())
    assert restored == GEOGRAPHIC
    assert CRS.from_wkt(restored.crs) == CRS.from_epsg(4326) and restored.pixel_unit == "degree"
    assert restored.pixel_sizes == (0.00083333, 0.00083333) and restored.ground_pixel_size == (63.62, 92.64)
    assert json.loads(GEOGRAPHIC.to_json())["origin"] == [10.60497758, 46.91334568]


def test_metadata_without_the_grid_keys_loads_as_metres_on_the_inputs_crs():
    """What models written before the CRS was recorded carry (and newer files may add unknown keys)."""
    old = {"bands": ["img:1", "img:2"], "classes": ["background", "glacier"], "chip_size": 128, "pixel_size": 30.0,
           "mean": [1.0, 2.0], "std": [3.0, 4.0], "task": "segmentation", "fold": 1, "seed": 2,
           "architecture": "Unet", "encoder": "resnet18", "test_glaciers": ["G1"], "target": "", "future_key": 1}
    metadata = ModelMetadata.from_json(json.dumps(old))
    assert (metadata.crs, metadata.pixel_unit, metadata.origin) == ("", "metre", ())
    assert metadata.pixel_sizes == (30.0, 30.0) and metadata.ground_pixel_size == (30.0, 30.0)
    assert metadata.test_glaciers == ("G1",) and metadata.fold == 1


def test_a_pixel_size_in_degrees_needs_its_crs_and_its_metres():
    with pytest.raises(InputError, match="MODEL: metadata gives the pixel size in degree without its CRS"):
        ModelMetadata(**BASE, pixel_size=0.00083333, pixel_unit="degree")
    with pytest.raises(InputError, match="MODEL: metadata pixel_size_m and origin must be"):
        ModelMetadata(**BASE, pixel_size=30.0, origin=(1.0,))
