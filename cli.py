"""The `ea` command line. Commands are thin: parse options, call the library, print."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import ea_model
from ea_model.errors import EaError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UserError(click.ClickException):
    """A one-line error for the user, exit code 2, no traceback."""

    exit_code = EXIT_USAGE

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"ea: error: {self.format_message()}", err=True)


def resolve_model_path(model: str | None) -> Path:
    """The one place that decides which model a command works on: the given path, else the bundled BMA model."""
    if model:
        return Path(model)
    from catalog import bundled_model_path

    path = bundled_model_path()
    if not path.exists():
        raise UserError(f"no MODEL given and the bundled BMA model is missing ({path})")
    return path


def load_model(model: str | None, *, strict: bool = False, recover: bool = False):
    """Read the model a command names (or the bundled one), turning input problems into one-line errors."""
    from exporters import read_model

    path = resolve_model_path(model)
    try:
        return read_model(path, strict=strict, recover=recover)
    except EaError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror or exc}") from None


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
MODEL_ARGUMENT = click.argument("model", required=False, type=click.Path(dir_okay=True))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(ea_model.__version__, prog_name="ea")
def main() -> None:
    """ea: enterprise-architecture models for the Bangkok Metropolitan Administration.

    MODEL is an ArchiMate exchange file (.xml), an Archi model (.archimate) or an Archi CSV
    folder; when left out, commands use the bundled BMA reference model.
    """


@main.command()
@MODEL_ARGUMENT
@FORMAT_OPTION
def info(model: str | None, fmt: str) -> None:
    """Counts of a model's elements, relationships and views, by layer and by type."""
    m = load_model(model)
    counts = m.counts()
    if fmt == "json":
        echo_json(counts)
        return
    click.echo(f"{ea_model.text_in(m.info.name, 'en') or '(unnamed model)'}")
    click.echo(f"  elements: {counts['elements']}  relationships: {counts['relationships']}  views: {counts['views']}")
    click.echo("  by layer:")
    for layer, n in counts["by_layer"].items():
        click.echo(f"    {layer:<28}{n:>8}")
    click.echo("  by type:")
    for type_name, n in counts["by_type"].items():
        click.echo(f"    {type_name:<28}{n:>8}")


# ---- commands added by later modules go below this line (keep each one thin) ----


if __name__ == "__main__":
    sys.exit(main())
