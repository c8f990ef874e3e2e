"""Configuration fields that carry their rules, and what the adapters read from them.

A field is declared once with :func:`setting` (default, allowed range or choices, parameter name); the
dataclass validates it in ``__post_init__`` with :func:`check_fields`, and the Processing algorithms, the
panel's dialog and the training command line take the default (:func:`default`), the range
(:func:`limits`), the choices (:func:`choices`), the help text (:func:`help_texts`) and the conversion from
text or JSON (:func:`from_mapping`) from the same declaration.
"""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from ..errors import InputError
from .checks import Limits, check_choice, check_choices, check_range

__all__ = ["setting", "default", "limits", "choices", "parameter", "check_fields", "field_type", "convert",
           "from_mapping", "to_mapping", "help_texts"]

Config = TypeVar("Config")
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def setting(default: Any, *, limits: Limits | None = None, choices: tuple[str, ...] = (), parameter: str = "",
            flags: tuple[str, ...] = ()) -> Any:
    """A dataclass field with its rules.

    Args:
        limits: the numbers allowed (None: any).
        choices: the values allowed (each element, for a tuple field).
        parameter: the name users see (Processing, error messages); default: the field name in upper case.
        flags: command-line aliases besides ``--<field-name>``.
    """
    metadata = {"limits": limits, "choices": choices, "parameter": parameter, "flags": flags}
    return dataclasses.field(default=default, metadata=metadata)


def _field(cls: type, name: str) -> dataclasses.Field:
    try:
        return {f.name: f for f in dataclasses.fields(cls)}[name]
    except KeyError:
        raise KeyError(f"{cls.__name__} has no field '{name}'") from None


def default(cls: type, name: str) -> Any:
    """The default value of field ``name`` of the configuration class ``cls``."""
    item = _field(cls, name)
    if item.default is not dataclasses.MISSING:
        return item.default
    if item.default_factory is not dataclasses.MISSING:
        return item.default_factory()
    raise KeyError(f"{cls.__name__}.{name} has no default")


def limits(cls: type, name: str) -> Limits | None:
    return _field(cls, name).metadata.get("limits")


def choices(cls: type, name: str) -> tuple[str, ...]:
    return _field(cls, name).metadata.get("choices", ())


def parameter(cls: type, name: str) -> str:
    """The name users see for field ``name``: its declared parameter, else the field name in upper case."""
    return _field(cls, name).metadata.get("parameter") or name.upper()


def check_fields(config: Any) -> None:
    """Check every field of ``config`` declared with limits or choices (None values are not checked).

    Raises:
        InputError: the first field outside its rules, named by its parameter.
    """
    for item in dataclasses.fields(config):
        value, rules = getattr(config, item.name), item.metadata
        name = rules.get("parameter") or item.name.upper()
        if value is None or not rules:
            continue
        if rules.get("limits") is not None:
            check_range(name, value, rules["limits"])
        if rules.get("choices"):
            (check_choices if isinstance(value, tuple) else check_choice)(name, value, rules["choices"])


def field_type(cls: type, name: str) -> Any:
    """The resolved annotation of field ``name`` (``int``, ``float | None``, ``tuple[float, ...]``, …)."""
    return typing.get_type_hints(cls)[name]


def _optional(kind: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else None
    return None


def _scalar(kind: Any, value: Any, name: str) -> Any:
    if typing.get_origin(kind) is Literal:
        kind = str
    text = value.strip() if isinstance(value, str) else None
    if kind is bool:
        if isinstance(value, bool) or (text is not None and text.lower() in _TRUE + _FALSE):
            return value if isinstance(value, bool) else text.lower() in _TRUE
        raise InputError(name, f"'{value}' is not true or false.", "Give true or false.")
    if kind in (int, float):
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ValueError
            number = kind(text if text is not None else value)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise InputError(name, f"'{value}' is not {what}.", f"Give {what}, e.g. 2.") from None
        if kind is int and isinstance(value, float) and value != number:
            raise InputError(name, f"'{value}' is not a whole number.", "Give a whole number, e.g. 2.")
        return number
    if not isinstance(value, str):
        raise InputError(name, f"'{value}' is not a text.", "Give a text value (in quotes in JSON).")
    return value


def convert(kind: Any, value: Any, name: str) -> Any:
    """``value`` (JSON value or command-line text) as a value of type ``kind``; tuples may be written as
    comma-separated text, optional values as empty text.

    Raises:
        InputError: (``name``) a value of the wrong type.
    """
    inner = _optional(kind)
    if inner is not None:
        return None if value is None or value == "" else convert(inner, value, name)
    if typing.get_origin(kind) is tuple:
        element = typing.get_args(kind)[0]
        parts = [p for p in value.split(",") if p.strip()] if isinstance(value, str) else value
        if not isinstance(parts, (list, tuple)):
            raise InputError(name, f"'{value}' is not a list.", "Give comma-separated values, e.g. 1,3.")
        return tuple(_scalar(element, part, name) for part in parts)
    return _scalar(kind, value, name)


def from_mapping(cls: type[Config], values: Mapping[str, Any], source: str = "CONFIG") -> Config:
    """A validated ``cls`` from field values (JSON or command-line text); missing fields take their default.

    Raises:
        InputError: (``source``) unknown keys; (the field's parameter) a value of the wrong type or outside
            its rules.
    """
    known = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise InputError(source, f"unknown setting(s) {', '.join(unknown)}.", f"Use only: {', '.join(known)}.")
    hints = typing.get_type_hints(cls)
    return cls(**{key: convert(hints[key], value, parameter(cls, key)) for key, value in values.items()})


def to_mapping(config: Any) -> dict[str, Any]:
    """Field values as JSON-ready values (tuples as lists)."""
    return {f.name: (list(value) if isinstance(value := getattr(config, f.name), tuple) else value)
            for f in dataclasses.fields(config)}


def help_texts(cls: type) -> dict[str, str]:
    """Field name -> its description in the ``Attributes:`` section of the docstring of ``cls`` or of a base
    class (Google style; a line ``a, b: text`` describes both)."""
    texts: dict[str, str] = {}
    for base in reversed(cls.__mro__):
        texts.update(_attributes(base.__doc__ or "") if dataclasses.is_dataclass(base) else {})
    return texts


def _attributes(doc: str) -> dict[str, str]:
    lines = doc.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Attributes:"), len(lines))
    texts: dict[str, str] = {}
    names: list[str] = []
    for line in lines[start + 1:]:
        match = re.match(r"^\s{8}([a-z_0-9, ]+):\s*(.*)$", line)
        if match:
            names = [n.strip() for n in match.group(1).split(",")]
            texts.update({n: match.group(2) for n in names})
        elif line.startswith(" " * 12) and names:
            texts.update({n: texts[n] + " " + line.strip() for n in names})
        elif line.strip():
            break
    return {name: text.replace("``", "") for name, text in texts.items()}
