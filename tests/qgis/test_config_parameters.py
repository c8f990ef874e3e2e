"""The Processing parameters of every algorithm take their choices, defaults and ranges from the configuration
dataclass the algorithm builds (core.config), so the toolbox, the panel and the training CLI cannot drift."""
from __future__ import annotations

import dataclasses

import pytest

from glacier_dl_plugin.core.config import (
    AreaChangeConfig,
    DatasetConfig,
    EvaluateConfig,
    OutlineConfig,
    TerminusConfig,
    TrainConfig,
    TrainingRun,
)
from glacier_dl_plugin.core.config import choices as lists
from glacier_dl_plugin.core.config.fields import choices, default, limits, parameter

CONFIGS = {"createdataset": [DatasetConfig], "trainensemble": [TrainConfig, TrainingRun], "polygonize": [OutlineConfig],
           "areachange": [AreaChangeConfig], "evaluate": [EvaluateConfig], "terminus": [TerminusConfig]}


def _definitions(algorithm_id: str) -> dict:
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById(f"glacierdl:{algorithm_id}")
    return {d.name(): d for d in algorithm.parameterDefinitions()}


def _fields(algorithm_id: str):
    definitions = _definitions(algorithm_id)
    for cls in CONFIGS[algorithm_id]:
        for field in dataclasses.fields(cls):
            definition = definitions.get(parameter(cls, field.name))
            if definition is not None:
                yield cls, field.name, definition


@pytest.mark.parametrize("algorithm_id", sorted(CONFIGS))
def test_enum_parameters_offer_exactly_the_dataclass_choices_by_name(qgis_app, algorithm_id):
    from qgis.core import QgsProcessingParameterEnum

    enums = [(cls, name, d) for cls, name, d in _fields(algorithm_id) if isinstance(d, QgsProcessingParameterEnum)]
    assert enums or algorithm_id in ("areachange", "polygonize", "terminus")
    for cls, name, definition in enums:
        expected = lists.DEVICES if name == "device" else choices(cls, name)
        assert tuple(definition.options()) == expected and definition.usesStaticStrings(), name
        value = default(cls, name)
        assert definition.defaultValue() == (list(value) if isinstance(value, tuple) else value), name


@pytest.mark.parametrize("algorithm_id", sorted(CONFIGS))
def test_number_and_flag_parameters_default_to_the_dataclass_and_keep_its_range(qgis_app, algorithm_id):
    from qgis.core import QgsProcessingParameterBoolean, QgsProcessingParameterNumber

    checked = 0
    for cls, name, definition in _fields(algorithm_id):
        if isinstance(definition, (QgsProcessingParameterNumber, QgsProcessingParameterBoolean)):
            assert definition.defaultValue() == default(cls, name), name
            checked += 1
        rule = limits(cls, name)
        if isinstance(definition, QgsProcessingParameterNumber) and rule is not None and rule.minimum is not None:
            assert definition.minimum() >= rule.minimum, name
    assert checked >= 1 or algorithm_id == "areachange"  # its settings are field names and dates


def test_predict_and_calibrate_offer_the_shared_choice_lists(qgis_app):
    predict, calibrate = _definitions("predict"), _definitions("calibrate")
    for name, expected in (("BLENDING", lists.BLENDINGS), ("CLASS_MAP", lists.CLASS_MAPS),
                           ("PRECISION", lists.PRECISIONS), ("OVERLAP_UNIT", lists.OVERLAP_UNITS)):
        assert tuple(predict[name].options()) == expected, name
    assert tuple(predict["DEVICE"].options()) == tuple(calibrate["DEVICE"].options()) == lists.DEVICES
