"""Typed errors: an input error names its parameter and keeps the problem and the fix apart."""
import pytest

from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError, InputError, MissingDependencyError


def test_an_input_error_reads_parameter_problem_fix_and_keeps_each_part():
    error = InputError("OVERLAP", "64 is not below the tile size 64.", "Use at most 63.")
    assert str(error) == "OVERLAP: 64 is not below the tile size 64. Use at most 63."
    assert (error.parameter, error.problem, error.fix) == ("OVERLAP", "64 is not below the tile size 64.",
                                                          "Use at most 63.")


@pytest.mark.parametrize("error", [InputError("A", "b", "c"), CancelledError("Cancelled"),
                                   MissingDependencyError("needs onnxruntime")])
def test_every_error_raised_on_purpose_is_a_glacier_dl_error(error):
    assert isinstance(error, GlacierDLError) and not isinstance(GlacierDLError(), InputError)
