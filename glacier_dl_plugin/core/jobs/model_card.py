"""The model card of a model folder: a STAC item with the Machine Learning Model extension (MLM v1.6), and the
Deepness copies of the members (``docs/formats.md``), both (re)written from the folder by :func:`write_model_card`.

Training calls it when the ensemble is complete, Calibrate after storing its threshold, so the item's
``glacierdl:threshold`` and the copies' ``seg_thresh`` always equal ``ensemble.json``'s ``calibration.threshold``
(0.5 before calibration). Predict accepts the item's path as MODEL (:func:`item_member_entries`).
"""
from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rasterio.crs import CRS
from rasterio.warp import transform_bounds

from ..atomic import atomic_path
from ..config import ModelMetadata
from ..errors import InputError, MissingDependencyError
from .deepness_copy import deepness_keys, write_fixed_copy

__all__ = ["CARD_NAME", "DEEPNESS_DIR", "MLM_SCHEMA", "CLASSIFICATION_SCHEMA", "ONNX_MEDIA_TYPE", "DEFAULT_THRESHOLD",
           "model_threshold", "member_metadata", "stac_item", "write_model_card", "item_member_entries"]

CARD_NAME = "stac_item.json"
DEEPNESS_DIR = "deepness"
MLM_SCHEMA = "https://stac-extensions.github.io/mlm/v1.6.0/schema.json"
CLASSIFICATION_SCHEMA = "https://stac-extensions.github.io/classification/v2.0.0/schema.json"
ONNX_MEDIA_TYPE = "application/octet-stream; framework=onnx; profile=onnx"
DEFAULT_THRESHOLD = 0.5
_DIMS = ["batch", "bands", "height", "width"]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def model_threshold(manifest: dict) -> float:
    """The glacier probability threshold: the calibration's, else :data:`DEFAULT_THRESHOLD`."""
    return float((manifest.get("calibration") or {}).get("threshold", DEFAULT_THRESHOLD))


def member_metadata(path: Path) -> ModelMetadata:
    """The ``glacierdl`` metadata embedded in ONNX file ``path`` (read with onnxruntime)."""
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    raw = session.get_modelmeta().custom_metadata_map.get("glacierdl")
    if raw is None:
        raise InputError("MODEL", f"'{path.name}' carries no Glacier DL metadata.", "Train the ensemble again.")
    return ModelMetadata.from_json(raw)


def _input(name: str, metadata: ModelMetadata) -> dict[str, Any]:
    scaling = [{"type": "z-score", "mean": m, "stddev": s} for m, s in zip(metadata.mean, metadata.std)]
    return {"name": name, "bands": list(metadata.bands), "value_scaling": scaling, "resize_type": None,
            "input": {"shape": [-1, len(metadata.bands), -1, -1], "dim_order": _DIMS, "data_type": "float32"},
            "description": f"Input of {name}: z-score per band, then nodata pixels set to 0; height and width "
                           f"any multiple of {metadata.output_stride or 32} px (trained on "
                           f"{metadata.chip_size} px chips)."}


def _output(metadata: ModelMetadata) -> dict[str, Any]:
    if metadata.task == "regression":
        return {"name": "values", "tasks": ["regression"], "description": f"{metadata.target} per pixel",
                "result": {"shape": [-1, 1, -1, -1], "dim_order": ["batch", "channel", "height", "width"],
                           "data_type": "float32"}}
    classes = [{"value": i, "name": name} for i, name in enumerate(metadata.classes)]
    return {"name": "probabilities", "tasks": ["semantic-segmentation"], "classification:classes": classes,
            "description": "softmax probability per class (band i = class i)",
            "result": {"shape": [-1, len(metadata.classes), -1, -1], "dim_order": ["batch", "class", "height", "width"],
                       "data_type": "float32"}}


def _assets(members: list[tuple[str, str]], deepness: bool) -> dict[str, Any]:
    assets: dict[str, Any] = {"manifest": {"href": "ensemble.json", "type": "application/json", "roles": ["metadata"],
                                           "title": "Glacier DL ensemble manifest"}}
    for name, href in members:
        assets[name] = {"href": href, "type": ONNX_MEDIA_TYPE, "roles": ["mlm:model", "mlm:weights", "data"],
                        "title": f"ONNX member {name}", "mlm:artifact_type": "torch.onnx.export"}
        if deepness:
            assets[f"{name}_deepness"] = {
                "href": f"{DEEPNESS_DIR}/{Path(href).name}", "type": ONNX_MEDIA_TYPE, "roles": ["data"],
                "title": f"{name} for the Deepness plugin (fixed tile size)"}
    return assets


def stac_item(name: str, manifest: dict, metadata: list[ModelMetadata], extent: dict[str, Any],
              deepness: bool) -> dict[str, Any]:
    """The STAC item (a dict) of a model folder ``name`` from its manifest and its members' metadata.

    ``extent``: ``bbox`` (EPSG:4326 degrees or None) and ``datetime`` (ISO 8601, UTC) of the training data.
    """
    first = metadata[0]
    members = [(m["name"], m["onnx"]) for m in manifest["members"]]
    bbox = extent.get("bbox")
    geometry = None if bbox is None else {"type": "Polygon", "coordinates": [[
        [bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[2], bbox[3]], [bbox[0], bbox[3]], [bbox[0], bbox[1]]]]}
    config = manifest.get("train_config") or {}
    calibration = manifest.get("calibration") or {}
    properties = {
        "datetime": extent["datetime"], "description": f"Glacier DL ensemble of {len(members)} member(s) "
        f"({first.task}); extent and date are those of its training dataset.",
        "mlm:name": name, "mlm:architecture": f"{first.architecture} ({first.encoder} encoder)",
        "mlm:tasks": ["regression"] if first.task == "regression" else ["semantic-segmentation"],
        "mlm:framework": "ONNX", "mlm:accelerator": "amd64", "mlm:accelerator_constrained": False,
        "mlm:accelerator_summary": "CPU through onnxruntime, or CUDA with onnxruntime-gpu",
        "mlm:pretrained": bool(config.get("encoder_weights")),
        "mlm:input": [_input(n, m) for (n, _), m in zip(members, metadata)], "mlm:output": [_output(first)],
        "glacierdl:threshold": model_threshold(manifest), "glacierdl:calibrated": bool(calibration),
        "glacierdl:chip_size": first.chip_size, "glacierdl:pixel_size_m": list(first.ground_pixel_size),
        "created": _now(),
    }
    item = {"type": "Feature", "stac_version": "1.1.0", "stac_extensions": [MLM_SCHEMA], "id": name,
            "geometry": geometry, "properties": properties, "links": [], "assets": _assets(members, deepness)}
    if first.task != "regression":
        item["stac_extensions"].append(CLASSIFICATION_SCHEMA)
    if bbox is not None:
        item["bbox"] = bbox
    return item


def _dataset_extent(manifest: dict) -> dict[str, Any] | None:
    """bbox (EPSG:4326) of the training chips (``manifest.csv``) and the dataset's date, or None when gone."""
    dataset = Path(manifest.get("dataset") or "")
    chips, description = dataset / "manifest.csv", dataset / "dataset.json"
    if not (manifest.get("crs") and chips.is_file() and description.is_file()):
        return None
    with open(chips, newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "xmin" not in rows[0]:
        return None
    left, bottom = (min(float(r[k]) for r in rows) for k in ("xmin", "ymin"))
    right, top = (max(float(r[k]) for r in rows) for k in ("xmax", "ymax"))
    bbox = transform_bounds(CRS.from_wkt(manifest["crs"]), CRS.from_epsg(4326), left, bottom, right, top)
    if not all(math.isfinite(v) for v in bbox):
        return None
    when = datetime.fromtimestamp(description.stat().st_mtime, UTC)
    return {"bbox": [round(v, 7) for v in bbox], "datetime": when.strftime("%Y-%m-%dT%H:%M:%SZ")}


def _extent(folder: Path, manifest: dict) -> dict[str, Any]:
    """The dataset's extent, else the one the previous card recorded, else no geometry and today's date."""
    found = _dataset_extent(manifest)
    if found:
        return found
    previous = folder / CARD_NAME
    if previous.is_file():
        item = json.loads(previous.read_text())
        return {"bbox": item.get("bbox"), "datetime": item["properties"]["datetime"]}
    return {"bbox": None, "datetime": _now()}


def _write_deepness_copies(folder: Path, manifest: dict, metadata: list[ModelMetadata],
                           log: Callable[[str], None]) -> None:
    threshold = model_threshold(manifest)
    for entry, meta in zip(manifest["members"], metadata):
        difference = write_fixed_copy(folder / entry["onnx"], folder / DEEPNESS_DIR / Path(entry["onnx"]).name,
                                      meta.chip_size, len(meta.bands), deepness_keys(threshold, meta.chip_size))
        log(f"Deepness copy of {entry['name']}: {meta.chip_size} px tiles, seg_thresh {threshold:g} "
            f"(largest difference to the member {difference:.1e}).")


def write_model_card(folder: str | Path, log: Callable[[str], None] = print) -> Path:
    """(Re)write ``deepness/<member>.onnx`` (segmentation members, tile = chip size, ``seg_thresh`` = the
    model's threshold) and :data:`CARD_NAME` in model ``folder`` from its ``ensemble.json`` and members.
    Without the onnx package the copies are left as they are (logged) and the item is still written.

    Returns:
        The item's path.

    Raises:
        GlacierDLError: a copy does not reproduce its member.
    """
    folder = Path(folder)
    manifest = json.loads((folder / "ensemble.json").read_text())
    metadata = [member_metadata(folder / m["onnx"]) for m in manifest["members"]]
    if metadata[0].task != "regression":
        try:
            _write_deepness_copies(folder, manifest, metadata, log)
        except MissingDependencyError as error:
            log(f"The Deepness copies were not (re)written: {error}")
    copies = [folder / DEEPNESS_DIR / Path(m["onnx"]).name for m in manifest["members"]]
    deepness = metadata[0].task != "regression" and all(c.is_file() for c in copies)
    item = stac_item(folder.name.lstrip(".").removesuffix(".training"), manifest, metadata,
                     _extent(folder, manifest), deepness)
    with atomic_path(folder / CARD_NAME) as temporary:
        temporary.write_text(json.dumps(item, indent=1))
    return folder / CARD_NAME


def item_member_entries(path: Path) -> tuple[list[dict], dict]:
    """``(member entries with absolute 'path', manifest)`` of a STAC item: its ``mlm:model`` ONNX assets
    (hrefs relative to the item), with the entries of the ``ensemble.json`` beside it (``{}`` if none).

    Raises:
        InputError: (MODEL) unreadable JSON, or an item without ONNX model assets.
    """
    try:
        item = json.loads(path.read_text())
        assets = item.get("assets") or {}
    except (OSError, ValueError, AttributeError) as error:
        raise InputError("MODEL", f"'{path}' is not a readable STAC item ({error}).",
                         "Choose the model folder, its ensemble.json, or its stac_item.json.") from error
    hrefs = [(key, a["href"]) for key, a in assets.items() if isinstance(a, dict) and "mlm:model" in a.get("roles", ())
             and str(a.get("href", "")).lower().endswith(".onnx")]
    if not hrefs:
        raise InputError("MODEL", f"the STAC item '{path.name}' has no ONNX model assets (role mlm:model, "
                         "href ending .onnx).", "Choose a stac_item.json written by Train Ensemble, or the model folder.")
    manifest_path = path.parent / "ensemble.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    known = {m.get("name"): m for m in manifest.get("members", [])}
    entries = []
    for key, href in hrefs:
        file = Path(href) if Path(href).is_absolute() else path.parent / href
        entries.append({**known.get(file.stem, {}), "name": file.stem if file.stem in known else key, "path": file})
    return entries, manifest
