"""Builders of the messy data real users bring, made by code from ``../shared/data`` (never committed).

Each builder writes into a folder it is given and returns the paths it wrote. The classes of data are those
seen on real inventories and DEMs: shapefiles without ``.prj``, glaciers smaller than a pixel, glaciers partly
off the raster, all-nodata rasters, multi-layer GeoPackages whose first layer is not polygons, int16 DEMs
without nodata, and geographic grids at high latitude.
"""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import fiona
import numpy as np
import rasterio
from fiona.transform import transform_geom
from rasterio.features import rasterize
from rasterio.transform import from_origin
from rasterio.windows import Window
from shapely.affinity import affine_transform, scale
from shapely.geometry import MultiPolygon, Point, box, mapping, shape

__all__ = ["shapefile_without_prj", "subpixel_glaciers", "subpixel_among", "cropped_raster", "all_nodata_raster",
           "points_first_geopackage", "int16_dem_without_nodata", "high_latitude_scene", "probability_rasters",
           "shrunk_outlines"]


def shapefile_without_prj(shapefile: Path, folder: Path) -> Path:
    """A copy of ``shapefile`` with every sidecar but ``.prj``: GDAL then reports no CRS."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in shapefile.parent.glob(shapefile.stem + ".*"):
        if part.suffix.lower() != ".prj":
            shutil.copyfile(part, folder / part.name)
    return folder / shapefile.name


def _write_polygons(path: Path, crs: str, polygons: dict[str, object], layer: str = "glaciers") -> Path:
    schema = {"geometry": "Polygon", "properties": {"RGIId": "str"}}
    with fiona.open(path, "w", driver="GPKG", crs=crs, schema=schema, layer=layer) as sink:
        for glacier_id, polygon in polygons.items():
            sink.write({"geometry": mapping(polygon), "properties": {"RGIId": glacier_id}})
    return path


def subpixel_glaciers(raster: Path, folder: Path, count: int = 3) -> Path:
    """A GeoPackage of ``count`` square glaciers a fifth of a pixel wide, each between four pixel centres
    of ``raster`` (so no pixel centre falls inside: rasterising without all-touched burns nothing)."""
    folder.mkdir(parents=True, exist_ok=True)
    with rasterio.open(raster) as src:
        t, crs = src.transform, src.crs.to_wkt()
        rows, cols = src.height, src.width
    size = abs(t.a) / 5
    polygons = {}
    for i in range(count):
        row, col = rows // 2 + 7 * i, cols // 2 + 7 * i
        x, y = t * (col + 1, row + 1)  # a pixel corner: the farthest point from every pixel centre
        polygons[f"TINY-{i:03d}"] = box(x - size / 2, y - size / 2, x + size / 2, y + size / 2)
    return _write_polygons(folder / "subpixel.gpkg", crs, polygons)


def cropped_raster(raster: Path, folder: Path, keep_fraction: float = 0.5) -> Path:
    """The western ``keep_fraction`` of ``raster`` (all bands, same pixels): glaciers straddling the cut
    are partly off the result."""
    folder.mkdir(parents=True, exist_ok=True)
    with rasterio.open(raster) as src:
        window = Window(0, 0, max(1, int(src.width * keep_fraction)), src.height)
        profile = {**src.profile, "width": int(window.width), "height": int(window.height),
                   "transform": src.window_transform(window)}
        profile.pop("blockxsize", None), profile.pop("blockysize", None), profile.pop("tiled", None)
        data = src.read(window=window)
    out = folder / f"{raster.stem}_west.tif"
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(data)
    return out


def all_nodata_raster(raster: Path, folder: Path) -> Path:
    """A copy of ``raster`` whose every pixel is its nodata value (0 when it declares none)."""
    folder.mkdir(parents=True, exist_ok=True)
    with rasterio.open(raster) as src:
        profile = {**src.profile}
        nodata = src.nodata if src.nodata is not None else 0
        profile["nodata"] = nodata
        shape = (src.count, src.height, src.width)
    out = folder / f"{raster.stem}_nodata.tif"
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(np.full(shape, nodata, dtype=profile["dtype"]))
    return out


def points_first_geopackage(outlines: Path, folder: Path) -> Path:
    """A two-layer GeoPackage: ``stakes`` (points, first) then ``glaciers`` (the polygons of ``outlines``)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "two_layers.gpkg"
    with fiona.open(outlines) as source:
        crs, features = source.crs_wkt, list(source)
    first = features[0]["geometry"]["coordinates"][0][0]
    schema = {"geometry": "Point", "properties": {"name": "str"}}
    with fiona.open(out, "w", driver="GPKG", crs_wkt=crs, schema=schema, layer="stakes") as sink:
        sink.write({"geometry": mapping(Point(first[:2])), "properties": {"name": "stake 1"}})
    with fiona.open(outlines) as source:
        schema = source.schema
    with fiona.open(out, "w", driver="GPKG", crs_wkt=crs, schema=schema, layer="glaciers") as sink:
        sink.writerecords(features)
    return out


def int16_dem_without_nodata(dem: Path, folder: Path, void: int = -32768) -> Path:
    """``dem`` as int16 with no declared nodata and a block of ``void`` values (SRTM-style voids)."""
    folder.mkdir(parents=True, exist_ok=True)
    with rasterio.open(dem) as src:
        data = src.read(1)
        profile = {**src.profile, "dtype": "int16", "nodata": None}
    values = np.round(data).astype(np.int16)
    values[: values.shape[0] // 8, : values.shape[1] // 8] = void
    out = folder / f"{dem.stem}_int16.tif"
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(values, 1)
    return out


def high_latitude_scene(folder: Path, latitude: float = 78.0, size: int = 200, seed: int = 0) -> dict[str, Path]:
    """A 3-band EPSG:4326 image at ``latitude`` (0.5″ of latitude, about 15 m, by as many
    metres of longitude)
    with two elliptical bright glaciers, and their outlines; the outline of the eastern one runs past the raster's eastern edge (partly off the raster)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    dy = 0.5 / 3600
    dx = dy / math.cos(math.radians(latitude))  # square on the ground: degrees of longitude shrink polewards
    west, north = 15.0, latitude + size * dy / 2
    transform = from_origin(west, north, dx, dy)
    rows, cols = np.mgrid[0:size, 0:size]
    ice = np.zeros((size, size), bool)
    outlines = {}
    for i, (r, c, a, b) in enumerate(((100, 60, 40, 25), (90, 185, 30, 30))):
        inside = ((rows - r) / a) ** 2 + ((cols - c) / b) ** 2 <= 1
        ice |= inside
        ellipse = scale(Point(c + 0.5, r + 0.5).buffer(1.0, 64), b, a)  # in pixel (col, row) units
        t = transform
        outlines[f"HL-{i:03d}"] = affine_transform(ellipse, [t.a, t.b, t.d, t.e, t.c, t.f]).intersection(
            box(west, north - size * dy, west + size * dx + 1.0, north))
    image = rng.normal(60, 8, (3, size, size)).astype(np.float32) + ice * 120
    path = folder / "high_latitude.tif"
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=3, dtype="float32",
                       crs="EPSG:4326", transform=transform, nodata=-9999.0) as dst:
        dst.write(image)
    return {"image": path, "outlines": _write_polygons(folder / "high_latitude.gpkg", "EPSG:4326", outlines)}


def subpixel_among(outlines: Path, raster: Path, folder: Path, keep: int = 10, count: int = 3) -> Path:
    """The ``count`` glaciers of :func:`subpixel_glaciers` (ids ``TINY-…``) among the first ``keep`` glaciers of
    ``outlines`` (reprojected into the raster's CRS), in one GeoPackage."""
    tiny = subpixel_glaciers(raster, folder / "tiny", count)
    with fiona.open(tiny) as source:
        crs, polygons = source.crs_wkt, {f["properties"]["RGIId"]: shape(f["geometry"]) for f in source}
    with fiona.open(outlines) as source:
        real = {f["properties"]["RGIId"]: shape(transform_geom(source.crs_wkt, crs, f["geometry"]))
                for f in list(source)[:keep]}
    return _write_polygons(folder / "subpixel_among.gpkg", crs, {**real, **polygons})


def probability_rasters(outlines: Path, raster: Path, folder: Path, inside: float = 0.9, outside: float = 0.1,
                        std: float = 0.05) -> dict[str, Path]:
    """Predict-like ``mean`` and ``std`` rasters on ``raster``'s grid: mean ``inside`` within the ``outlines``
    (pixel centres) and ``outside`` elsewhere, a constant ``std``; tagged calibrated with threshold 0.5, k = 1."""
    folder.mkdir(parents=True, exist_ok=True)
    with rasterio.open(raster) as src:
        grid = {"crs": src.crs, "transform": src.transform, "width": src.width, "height": src.height}
    with fiona.open(outlines) as source:
        shapes = [transform_geom(source.crs_wkt, grid["crs"].to_wkt(), f["geometry"]) for f in source]
    ice = rasterize([(g, 1) for g in shapes], out_shape=(grid["height"], grid["width"]), transform=grid["transform"])
    profile = dict(driver="GTiff", count=1, dtype="float32", nodata=-9999.0, **grid)
    paths = {"mean": folder / "mean.tif", "std": folder / "std.tif"}
    for name, values in (("mean", np.where(ice > 0, inside, outside)), ("std", np.full(ice.shape, std))):
        with rasterio.open(paths[name], "w", **profile) as dst:
            dst.write(values.astype(np.float32), 1)
            dst.set_band_description(1, "glacier probability")
            if name == "mean":
                dst.update_tags(GLACIERDL_CALIBRATED="1", GLACIERDL_THRESHOLD="0.5", GLACIERDL_K="1.0",
                                GLACIERDL_CLASSES='["background", "glacier"]')
    return paths


def shrunk_outlines(outlines: Path, folder: Path, shrink: float) -> Path:
    """A copy of ``outlines`` (every field kept) whose polygons are shrunk by ``shrink`` CRS units (a later,
    smaller inventory of the same glaciers)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{outlines.stem}_shrunk.gpkg"
    with fiona.open(outlines) as source:
        meta = {"crs_wkt": source.crs_wkt, "schema": {**source.schema, "geometry": "MultiPolygon"}}
        features = [{"geometry": mapping(_multi(shape(f["geometry"]).buffer(-shrink))),
                     "properties": dict(f["properties"])} for f in source]
    with fiona.open(out, "w", driver="GPKG", **meta) as sink:
        sink.writerecords(features)
    return out


def _multi(geometry) -> MultiPolygon:
    return geometry if geometry.geom_type == "MultiPolygon" else MultiPolygon([geometry])
