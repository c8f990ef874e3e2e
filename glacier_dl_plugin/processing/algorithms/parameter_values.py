"""What users type, checked and read the same way in every Glacier DL algorithm.

``qgis_process`` and QGIS's own checks answer a bad value with ``Incorrect parameter value for X``; these
rules answer with the parameter, the value found and the values allowed (:mod:`core.config.checks`):

- numbers against the range of their configuration field (recorded on the definition by
  :func:`record_limits`), else the definition's own minimum and maximum;
- choices by name or by the 0-based position ``qgis_process help`` lists (``FEATURES=0,1``);
- ``DEVICE`` also as ``cuda:N``, which no list can hold (N is any GPU index).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from qgis.core import (
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProperty,
)

from ...core.config.checks import Limits, choice_values, is_device, number_value

__all__ = ["record_limits", "limits_of", "typed_value", "choice_of", "checked_values"]

_LIMITS = "glacierdl_limits"  # definition metadata key: the configuration field's range
_UNBOUNDED = 1e300  # QGIS's "no minimum/maximum" is ±DBL_MAX


def record_limits(definition: QgsProcessingParameterNumber, limits: Limits | None) -> None:
    """Keep the configuration field's range on ``definition`` (its spin box keeps the inclusive bounds)."""
    if limits is not None:
        rule = {"open_min": limits.open_min, "open_max": limits.open_max}
        rule.update({k: float(v) for k, v in (("minimum", limits.minimum), ("maximum", limits.maximum))
                     if v is not None})
        definition.setMetadata({**definition.metadata(), _LIMITS: rule})


def limits_of(definition: QgsProcessingParameterNumber) -> Limits | None:
    """The configuration field's range, else the definition's minimum and maximum; None: any number."""
    rule = definition.metadata().get(_LIMITS)
    if rule:
        return Limits(rule.get("minimum"), rule.get("maximum"), bool(rule["open_min"]), bool(rule["open_max"]))
    low, high = definition.minimum(), definition.maximum()
    low, high = (None if low <= -_UNBOUNDED else low), (None if high >= _UNBOUNDED else high)
    return None if low is None and high is None else Limits(low, high)


def typed_value(parameters: Mapping, name: str):
    """The value typed for ``name``; None when absent, empty, or an expression (QGIS evaluates those)."""
    value = parameters.get(name)
    if value is None or isinstance(value, QgsProperty) or (isinstance(value, str) and not value.strip()):
        return None
    return value


def choice_of(definition: QgsProcessingParameterEnum, value) -> str | tuple[str, ...]:
    """The option name(s) of a typed enum ``value`` (names or positions; DEVICE also ``cuda:N``).

    Raises:
        InputError: (the parameter) a value that names no option.
    """
    device = definition.name() == "DEVICE"
    return choice_values(definition.name(), value, definition.options(), definition.allowMultiple(),
                         is_device if device else None, "cuda:N" if device else "")


def checked_values(definitions: Iterable[QgsProcessingParameterDefinition], parameters: Mapping) -> dict:
    """``parameters`` with every number and choice checked, and the choices given by position or as
    ``cuda:N`` replaced by a name QGIS's own checks accept.

    Raises:
        InputError: the first number outside its range (or not a number) or unknown choice.
    """
    values = dict(parameters)
    for definition in definitions:
        name, value = definition.name(), typed_value(parameters, definition.name())
        if value is None:
            continue
        if isinstance(definition, QgsProcessingParameterNumber):
            integer = definition.dataType() == QgsProcessingParameterNumber.Integer
            number_value(name, value, integer, limits_of(definition))
        elif isinstance(definition, QgsProcessingParameterEnum) and definition.usesStaticStrings():
            names = choice_of(definition, value)
            if isinstance(names, str):
                values[name] = "cuda" if names.startswith("cuda:") else names
            else:
                values[name] = list(names)
    return values
