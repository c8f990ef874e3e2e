"""Command lines generated from configuration dataclasses: options, aliases, typed usage errors, exit codes."""
from dataclasses import dataclass

import pytest

from glacier_dl_plugin.core.config.checks import NON_NEGATIVE
from glacier_dl_plugin.core.config.command_line import (
    EXIT_BAD_INPUT,
    EXIT_CANCELLED,
    TypedErrorParser,
    add_config_options,
    run_command,
)
from glacier_dl_plugin.core.config.fields import from_mapping, setting
from glacier_dl_plugin.core.errors import CancelledError, InputError


@dataclass(frozen=True)
class Settings:
    """Test settings.

    Attributes:
        tile_size: tile side in pixels.
        blending: how tiles are blended.
        tta: flip tiles.
        internal: never an option.
    """

    tile_size: int = setting(0, limits=NON_NEGATIVE, flags=("--tile",))
    blending: str = setting("hann", choices=("hann", "mean"))
    tta: bool = False
    internal: str = ""


def parser():
    parser = TypedErrorParser(prog="python -m tool")
    add_config_options(parser, Settings, skip=("internal",))
    return parser


def test_options_aliases_flags_and_unset_options_left_to_the_defaults():
    arguments = vars(parser().parse_args(["--tile", "64", "--tta"]))
    assert arguments == {"tile_size": "64", "tta": True}  # text, converted by the dataclass
    assert from_mapping(Settings, arguments, source="ARGUMENTS") == Settings(tile_size=64, tta=True)
    assert vars(parser().parse_args(["--no-tta", "--blending", "mean"])) == {"tta": False, "blending": "mean"}
    text = " ".join(parser().format_help().split())
    assert "{hann,mean}" in text and "tile side in pixels (at least 0; default 0)" in text and "--internal" not in text


def test_usage_errors_are_typed_and_name_the_command():
    with pytest.raises(InputError, match=r"unrecognized arguments: --internal x\. Run 'python -m tool --help'") as error:
        parser().parse_args(["--internal", "x"])
    assert error.value.parameter == "ARGUMENTS"


def test_run_command_prints_the_summary_and_maps_errors_to_exit_statuses(capsys):
    def progressing(monitor):
        monitor.progress(50)
        return "2 things done"

    assert run_command(progressing) == 0
    out, err = capsys.readouterr()
    assert out == "2 things done\n" and "50.0 %" in err
    assert run_command(lambda monitor: (_ for _ in ()).throw(InputError("TILE_SIZE", "too big.", "Smaller."))) \
        == EXIT_BAD_INPUT
    assert "Error: TILE_SIZE: too big. Smaller." in capsys.readouterr().err
    assert run_command(lambda monitor: (_ for _ in ()).throw(CancelledError("stopped"))) == EXIT_CANCELLED
    assert "Cancelled: stopped" in capsys.readouterr().err
