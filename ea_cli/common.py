"""What every command shares: one-line user errors, which model a command reads, progress on stderr,
and the options defined once."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

import ea_model
from ea_model.errors import EaError
from ea_model.naming import BOTH, LANGUAGES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UserError(click.ClickException):
    """A one-line error for the user, exit code 2, no traceback."""

    exit_code = EXIT_USAGE

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"ea: error: {self.format_message()}", err=True)


@contextmanager
def reported(path: str | Path | None = None) -> Iterator[None]:
    """The library's errors as one-line user errors; with `path`, file-system errors too, naming it."""
    try:
        yield
    except EaError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        if path is None:
            raise
        raise UserError(f"{path}: {exc.strerror or exc}") from None


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
    """Read the model a command names (or the bundled one), turning input problems into one-line errors;
    a file large enough to take seconds shows a progress bar on a terminal."""
    from exporters import read_model

    path = resolve_model_path(model)
    with reported(path), reading_progress(path) as progress:
        return read_model(path, strict=strict, recover=recover, progress=progress)


LARGE_FILE = 16 << 20  # bytes: about two seconds of reading, the point where a bar is worth showing


@contextmanager
def reading_progress(path: Path) -> Iterator[BarProgress | None]:
    """A bar in bytes for reading `path` when a person is watching and the file is large, else None."""
    try:
        large = path.is_file() and path.stat().st_size >= LARGE_FILE
    except OSError:
        large = False
    if not (large and sys.stderr.isatty()):
        yield None
        return
    bar = BarProgress(f"reading {path.name}", unit="bytes")
    try:
        yield lambda done, total: bar(done, total, "")
    finally:
        bar.close()


def load_for_analysis(model: str | None):
    """`load_model`, then move the loaded model out of the garbage collector's way: it lives until
    the command ends, and full collections over its millions of objects would dominate an analysis."""
    import gc

    m = load_model(model)
    gc.freeze()
    return m


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def stage(message: str) -> None:
    """Progress for long work, on stderr and only when a person is watching."""
    if sys.stderr.isatty():
        click.echo(f"… {message}", err=True)


def file_progress(done: int, total: int, path) -> None:
    if sys.stderr.isatty():
        click.echo(f"\r[{done}/{total}] {path.name}\033[K", err=True, nl=done == total)


class BarProgress:
    """A rich progress bar on stderr, shown only when a person is watching: call it with (done, total, what);
    it appears on the first call and goes when done reaches total (or on `close`)."""

    def __init__(self, title: str, *, unit: str = "items") -> None:
        self.title = title
        self.unit = unit  # "items" (n/total) or "bytes" (MB read/size, with the time left)
        self._bar = None
        self._task = None

    def __call__(self, done: int, total: int, what: str) -> None:
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            amount = DownloadColumn() if self.unit == "bytes" else MofNCompleteColumn()
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                amount,
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.title, total=total)
        description = f"{self.title}: {what}" if what else self.title
        self._bar.update(self._task, completed=done, total=total, description=description)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def step_progress(description: str, number: int, total: int) -> None:
    if sys.stderr.isatty():
        click.echo(f"[{number}/{total}] {description}...", err=True)


def as_of_baseline(m, plateau: str | None, whole_model: bool, lang: str, said: str) -> str | None:
    """The plateau a command works as of: the one named, else the baseline of a migration plan (saying so
    on stderr, `said` being how the note begins), else none."""
    from ea_model.plateaus import default_plateau

    if plateau is not None or whole_model:
        return plateau
    plateau = default_plateau(m)
    if plateau is not None:
        name = ea_model.text_in(m.element(plateau).name, lang)
        note = said.format(name=name, id=plateau)
        click.echo(f"{note}; --plateau names another, --whole-model ignores plateaus", err=True)
    return plateau


def names_in(lang: str) -> str | None:
    """The language a `display_name` call takes: None (Thai and English side by side) for "both"."""
    return None if lang == BOTH else lang


def in_language(m, lang: str, first: str = "th"):
    """The model a command shows and the language its library call puts first. "both" leaves the model as
    it is (names in both languages, `first` first: the command's rendering before --lang had "both");
    "th" or "en" shows a copy whose names and documentation keep that language only."""
    from ea_model.naming import in_one_language

    if lang == BOTH:
        return m, first
    return in_one_language(m, lang), lang


FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
TABLE_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
MODEL_ARGUMENT = click.argument("model", required=False, type=click.Path(dir_okay=True))


def lang_option(help: str = "Names in Thai and English side by side (both), or in one language."):
    """`--lang both|th|en`, default both: the one language option of every command that shows or writes
    names; `help` says what it changes in that command (README, "Languages")."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default=BOTH, show_default=True, help=help)


LANG_OPTION = lang_option()
FAIL_ON_LEVELS = {"error": 2, "warning": 1, "advice": 0, "never": 3}  # findings at or above this rank fail


def _as_of(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--as-of {value!r}: expected a date YYYY-MM-DD") from None


AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    callback=_as_of,
    help="Evaluate as of this day: review-age criteria and every other date compare with it (default: today).",
)

# ---- the governance registers (issue 16; ea_cli/governance.py) ------------------------------------

CI_FORMATS = ("sarif", "junit")  # findings for merge requests: SARIF 2.1.0, JUnit XML
CHECK_FORMATS = ("text", "json", "csv", *CI_FORMATS)
VALIDATE_FORMATS = ("text", "json", *CI_FORMATS)
WAIVERS_OPTION = click.option(
    "--waivers",
    "waivers_path",
    type=click.Path(dir_okay=False),
    help="Waiver register (default: governance/waivers.yaml next to the model, when there is one).",
)
NO_REGISTERS_OPTION = click.option(
    "--no-registers", is_flag=True, help="Ignore the governance registers next to the model (waivers, lifecycle)."
)
RULES_OPTION = click.option(
    "--rules",
    "rule_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Also run the office's rules in this file (repeatable; docs/criteria.md).",
)
HORIZON_OPTION = click.option(
    "--horizon",
    default="0m",
    show_default=True,
    metavar="N[m|y|d]",
    help="Also report services on products whose support ends within this time (e.g. 12m).",
)

KEEP_FROM_OPTION = click.option(
    "--keep-from",
    "keep_from",
    metavar="OLD",
    help="Keep the positions of a previous run (OLD model file): kept nodes stay, only new nodes are placed.",
)
