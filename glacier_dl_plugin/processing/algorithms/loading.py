"""Outputs QGIS loads when a run ends: styled, and (Predict) gathered in a layer group in a fixed order.

The group is inserted below the project's top vector layers (glacier outlines stay visible above the
rasters); inside it the layers keep :data:`GROUP_ORDER` (class map, mean, standard deviation) whatever
order QGIS loads them in, and the standard deviation starts unchecked (its style is semi-transparent), so
it never hides the mean.
"""
from __future__ import annotations

from qgis.core import (
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsMapLayerType,
    QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
)
from qgis.PyQt import sip

from ...styles import style_path

__all__ = ["GROUP_ORDER", "style_on_load", "load_styled_on_completion", "group_index"]

GROUP_ORDER = ("classes", "probability", "std")  # styles, top to bottom inside a group
UNCHECKED = ("std",)  # styles whose layers start hidden in their group
_RANK = "glacier_dl/rank"  # layer tree custom property: the layer's place in GROUP_ORDER
_RUN = "glacier_dl/run"  # ... and a group's run (its processing context)
_KEEP_ALIVE: list = []  # post-processors must outlive the algorithm run (QGIS holds no Python reference)


class _StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Applies a QML style to a layer QGIS loads at the end of a run and, if given, moves it into a group."""

    def __init__(self, style: str, group: str = "") -> None:
        super().__init__()
        self.style, self.group = style, group

    def postProcessLayer(self, layer, context, feedback) -> None:  # noqa: N802 (QGIS's name)
        if layer is None:
            return
        layer.loadNamedStyle(str(style_path(self.style)))
        layer.triggerRepaint()
        if self.group:
            _move_into_group(layer, self.group, self.style, context)


def group_index(root: QgsLayerTreeGroup, loaded=None) -> int:
    """Where a new group goes among ``root``'s children: just below the vector layers at the top (outlines
    drawn over the rasters); at the top when the first child is no vector layer. ``loaded`` (the node of the
    layer that was just loaded, on top, and is about to move into the group) is passed over."""
    index = 0
    for child in root.children():
        if loaded is not None and child is loaded:
            index += 1
            continue
        layer = child.layer() if isinstance(child, QgsLayerTreeLayer) else None
        if layer is None or layer.type() != QgsMapLayerType.VectorLayer:
            break
        index += 1
    return index


def _move_into_group(layer, group_name: str, style: str, context: QgsProcessingContext) -> None:
    root = (context.project() or QgsProject.instance()).layerTreeRoot()
    node = root.findLayer(layer.id())
    if node is None:
        return
    run = str(sip.unwrapinstance(context))  # the run's context (its C++ address): the outputs of one run share
    # its group, even beside an equally named group of an earlier run in the same second
    group = next((g for g in root.findGroups() if g.name() == group_name and g.customProperty(_RUN) == run), None)
    if group is None:
        group = root.insertGroup(group_index(root, node), group_name)
        group.setCustomProperty(_RUN, run)
    rank = GROUP_ORDER.index(style) if style in GROUP_ORDER else len(GROUP_ORDER)
    position = sum(1 for child in group.children() if int(child.customProperty(_RANK, len(GROUP_ORDER))) <= rank)
    clone = node.clone()
    clone.setCustomProperty(_RANK, rank)
    clone.setItemVisibilityChecked(style not in UNCHECKED)
    group.insertChildNode(position, clone)
    node.parent().removeChildNode(node)


def style_on_load(context: QgsProcessingContext, path: str, style_name: str, group: str = "") -> None:
    """When QGIS loads ``path`` at the end of the run, apply the named QML style (and put it in ``group``)."""
    if context.willLoadLayerOnCompletion(path):
        loader = _StyleLoader(style_name, group)
        _KEEP_ALIVE.append(loader)
        context.layerToLoadOnCompletionDetails(path).setPostProcessor(loader)


def load_styled_on_completion(context: QgsProcessingContext, uri: str, name: str, style_name: str) -> None:
    """Have QGIS add ``uri`` (an output that is not a declared destination) to the project, styled, when the
    run ends."""
    details = QgsProcessingContext.LayerDetails(name, context.project(), name)
    loader = _StyleLoader(style_name)
    _KEEP_ALIVE.append(loader)
    details.setPostProcessor(loader)
    context.addLayerToLoadOnCompletion(uri, details)
