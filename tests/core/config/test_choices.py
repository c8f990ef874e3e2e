"""The choice lists: each tuple is exactly its Literal's values, and the devices a list offers."""
import typing

import pytest

from glacier_dl_plugin.core.config import choices as lists
from glacier_dl_plugin.core.config.checks import is_device


@pytest.mark.parametrize("literal, values", [
    (lists.Blending, lists.BLENDINGS), (lists.ClassMap, lists.CLASS_MAPS), (lists.Precision, lists.PRECISIONS),
    (lists.Sampling, lists.SAMPLINGS), (lists.Split, lists.SPLITS), (lists.Straddle, lists.STRADDLES),
    (lists.Feature, lists.FEATURES), (lists.Loss, lists.LOSSES), (lists.Criterion, lists.CRITERIA),
    (lists.PredictionKind, lists.PREDICTION_KINDS), (lists.Task, lists.TASKS), (lists.Schedule, lists.SCHEDULES),
])
def test_every_tuple_lists_its_literal_in_order(literal, values):
    assert typing.get_args(literal) == values and len(set(values)) == len(values)


def test_the_listed_devices_are_devices_and_typed_gpus_too():
    assert lists.DEVICES == ("auto", "cpu", "cuda") and all(is_device(d) for d in lists.DEVICES)
    assert is_device("cuda:3") and not is_device("cuda:") and not is_device("1")


def test_every_choice_tuple_has_a_label_for_each_value():
    tuples = [getattr(lists, name) for name in lists.__all__ if name.isupper() and name not in ("LABELS", "LABEL_CONTEXT")]
    assert len(tuples) == 14
    for values in tuples:
        assert set(lists.labels_of(values)) == set(values), values
