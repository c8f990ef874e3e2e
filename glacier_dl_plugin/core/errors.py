"""Typed errors shared by the plugin, the training process and the tests.

Every error raised for bad user input names the parameter at fault and says how to fix it, so the
Processing adapters can turn it into a ``QgsProcessingException`` without rewording it.
"""
from __future__ import annotations

__all__ = ["GlacierDLError", "InputError", "CancelledError", "MissingDependencyError"]


class GlacierDLError(Exception):
    """Base class of every error Glacier DL raises on purpose."""


class InputError(GlacierDLError):
    """A parameter value that cannot be used.

    Args:
        parameter: the parameter's name as users see it in ``qgis_process`` (e.g. ``"GLACIERS"``).
        problem: what is wrong with the value.
        fix: what the user should do instead.
    """

    def __init__(self, parameter: str, problem: str, fix: str) -> None:
        self.parameter = parameter
        self.problem = problem
        self.fix = fix
        super().__init__(f"{parameter}: {problem} {fix}")


class CancelledError(GlacierDLError):
    """The user cancelled; whatever was being written has been removed."""


class MissingDependencyError(GlacierDLError):
    """A Python package the feature needs is not importable; the message says how to install it."""
