"""Every configuration class validates each value once, naming the parameter and what it allows; choice
lists, defaults and help come from the field declarations (core.config.fields)."""
from __future__ import annotations

import dataclasses
import typing

import pytest

from glacier_dl_plugin.core.config import (
    AreaChangeConfig,
    CalibrationConfig,
    DatasetConfig,
    EvaluateConfig,
    OutlineConfig,
    PredictConfig,
    TerminusConfig,
    TrainConfig,
)
from glacier_dl_plugin.core.config.checks import PROBABILITY
from glacier_dl_plugin.core.config.fields import (
    choices,
    default,
    field_type,
    from_mapping,
    help_texts,
    limits,
    parameter,
    to_mapping,
)
from glacier_dl_plugin.core.errors import InputError

CLASSES = [AreaChangeConfig, CalibrationConfig, DatasetConfig, EvaluateConfig, OutlineConfig, PredictConfig,
           TerminusConfig, TrainConfig]


def _declared(rule: str) -> list[tuple[type, str]]:
    return [(cls, f.name) for cls in CLASSES for f in dataclasses.fields(cls) if f.metadata.get(rule)]


def _outside(cls: type, name: str):
    """A value just outside the field's range, of the field's type."""
    rule = limits(cls, name)
    if rule.minimum is not None:
        value = rule.minimum if rule.open_min else rule.minimum - 1
    else:
        value = rule.maximum if rule.open_max else rule.maximum + 1
    return int(value) if field_type(cls, name) is int else float(value)


@pytest.mark.parametrize("cls", CLASSES)
def test_defaults_are_valid_and_every_field_is_documented(cls):
    assert cls() == cls(**{f.name: default(cls, f.name) for f in dataclasses.fields(cls)})
    assert set(help_texts(cls)) >= {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls,name", _declared("limits"), ids=lambda v: getattr(v, "__name__", v))
def test_a_value_outside_its_range_names_the_parameter_and_the_range(cls, name):
    with pytest.raises(InputError) as error:
        cls(**{name: _outside(cls, name)})
    assert error.value.parameter == parameter(cls, name)
    assert limits(cls, name).describe() in error.value.problem and error.value.fix.startswith("Give ")


@pytest.mark.parametrize("cls,name", _declared("choices"), ids=lambda v: getattr(v, "__name__", v))
def test_an_unknown_choice_names_the_parameter_and_lists_the_choices(cls, name):
    bad = ("nonsense",) if isinstance(default(cls, name), tuple) else "nonsense"
    with pytest.raises(InputError) as error:
        cls(**{name: bad})
    assert error.value.parameter == parameter(cls, name) and "nonsense" in error.value.problem
    assert all(choice in error.value.fix for choice in choices(cls, name))


@pytest.mark.parametrize("cls,name", _declared("choices"), ids=lambda v: getattr(v, "__name__", v))
def test_choice_lists_are_the_literal_types_of_their_fields(cls, name):
    kind = field_type(cls, name)
    literal = typing.get_args(kind)[0] if typing.get_origin(kind) is tuple else kind
    assert typing.get_args(literal) == choices(cls, name)


@pytest.mark.parametrize("cls", [CalibrationConfig, EvaluateConfig, OutlineConfig, PredictConfig])
def test_threshold_is_one_rule_an_open_probability(cls):
    assert limits(cls, "threshold") == PROBABILITY
    assert cls(threshold=None).threshold is None and cls(threshold=0.5).threshold == 0.5
    for value in (0.0, 1.0, 1.5):
        with pytest.raises(InputError, match=r"^THRESHOLD: must lie in \(0, 1\), got .* strictly between 0 and 1"):
            cls(threshold=value)


def test_cross_field_rules_name_their_parameter():
    with pytest.raises(InputError) as shared:
        TerminusConfig(ice_classes=(2, 3), ocean_classes=(3,))
    with pytest.raises(InputError) as weights:
        TrainConfig(class_weights=(0.0, 0.0))
    with pytest.raises(InputError) as device:
        TrainConfig(device="gpu")
    with pytest.raises(InputError) as date:
        AreaChangeConfig(date_1="30.10.2020")
    assert [e.value.parameter for e in (shared, weights, device, date)] == ["OCEAN_CLASSES", "CLASS_WEIGHTS", "DEVICE",
                                                                           "DATE_1"]
    assert TrainConfig(device="cuda:1").device == "cuda:1"


def test_values_from_json_or_text_are_converted_once_and_round_trip():
    config = TrainConfig(members=5, learning_rate=3e-4, class_weights=(0.5, 2.0), encoder_weights="/w.pth",
                         find_lr=True, mixed_precision=False, criterion="val_iou")
    assert from_mapping(TrainConfig, to_mapping(config)) == config
    text = {"members": "5", "learning_rate": "3e-4", "class_weights": "0.5, 2", "encoder_weights": "/w.pth",
            "find_lr": "true", "mixed_precision": "no", "criterion": "val_iou"}
    assert from_mapping(TrainConfig, text) == config
    assert from_mapping(TerminusConfig, {"ice_classes": "2,4"}).ice_classes == (2, 4)
    assert from_mapping(TrainConfig, {"encoder_weights": ""}).encoder_weights is None


@pytest.mark.parametrize("values,name,problem", [
    ({"epochs": "two"}, "EPOCHS", "'two' is not a whole number."),
    ({"epochs": 2.5}, "EPOCHS", "'2.5' is not a whole number."),
    ({"find_lr": "maybe"}, "FIND_LR", "'maybe' is not true or false."),
    ({"class_weights": "1;3"}, "CLASS_WEIGHTS", "'1;3' is not a number."),
    ({"architecture": 3}, "ARCHITECTURE", "'3' is not a text."),
    ({"epoch": 3}, "CONFIG", "unknown setting(s) epoch."),
])
def test_values_of_the_wrong_type_name_their_parameter(values, name, problem):
    with pytest.raises(InputError) as error:
        from_mapping(TrainConfig, values)
    assert (error.value.parameter, error.value.problem) == (name, problem) and error.value.fix
