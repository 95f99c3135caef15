"""Commands that compare and merge model versions: `ea diff`, `ea merge`, `ea git install`, and the
hidden `ea git-diff` git runs as its external diff driver. The library is `ea_model.diff`; these only
read, write and talk to git.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ea_cli.common import EXIT_FINDINGS, EXIT_OK, BarProgress, UserError, echo_json, load_model, reported
from ea_model.errors import EaError

ATTRIBUTES_BEGIN = "# >>> ea: ArchiMate models diffed and merged by ea (ea git install) >>>"
ATTRIBUTES_END = "# <<< ea <<<"
EXCHANGE_NS = b"http://www.opengroup.org/xsd/archimate/3.0/"


def _dga_delta(old, new) -> dict:
    """The compliance delta between two models, with the bundled DGA catalog (ea diff's verdict risks)."""
    from catalog import load_dga_catalog
    from ea_model.gap.delta import compliance_delta

    return compliance_delta(old, new, catalog=load_dga_catalog())


@contextmanager
def _named(paths: list[str], like: str | None) -> Iterator[list[str]]:
    """`paths` as files whose names end like `like` (git hands drivers extensionless temporary files)."""
    if not like:
        yield paths
        return
    suffix = Path(like).suffix
    with tempfile.TemporaryDirectory(prefix="ea-") as tmp:
        out = []
        for n, path in enumerate(paths):
            link = Path(tmp) / f"v{n}{suffix}"
            os.symlink(os.path.abspath(path), link)
            out.append(str(link))
        yield out


def _read(path: str):
    if path == os.devnull:  # git's side of an added or deleted file
        from ea_model.model import Model

        return Model()
    return load_model(path)


def _diff(old: str, new: str, compliance: bool, old_label: str, new_label: str):
    from ea_model.diff import diff_models

    a, b = _read(old), _read(new)
    with reported(), _steps("comparing", a) as progress:
        return diff_models(
            a,
            b,
            old_label=old_label,
            new_label=new_label,
            dga_delta=_dga_delta if compliance else None,
            progress=progress,
        )


LARGE_MODEL = 10_000  # elements: about where comparing or merging takes seconds, and a bar is worth it


@contextmanager
def _steps(title: str, model) -> Iterator[BarProgress | None]:
    """A bar of the library's steps on a terminal, for a model large enough to take seconds."""
    if len(model) < LARGE_MODEL:
        yield None
        return
    bar = BarProgress(title)
    try:
        yield bar
    finally:
        bar.close()


def _render(result, fmt: str) -> None:
    from ea_model.diff import render_markdown, render_text

    if fmt == "json":
        echo_json(result.as_json())
    elif fmt == "markdown":
        click.echo(render_markdown(result), nl=False)
    else:
        click.echo(render_text(result), nl=False)


COMPLIANCE_OPTION = click.option(
    "--compliance/--no-compliance",
    default=True,
    show_default=True,
    help="Flag citizen services whose Digital Government Act verdicts change.",
)


@click.command()
@click.argument("old", type=click.Path(dir_okay=True))
@click.argument("new", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@COMPLIANCE_OPTION
def diff(old: str, new: str, fmt: str, compliance: bool) -> None:
    """What changed from OLD to NEW, concept by concept and field by field.

    OLD and NEW are any two models (.xml, .archimate, CSV folder; also across formats), matched by id,
    then by type and name for elements whose id changed. A summary per layer first, then the risks a
    reviewer must see, then each change. Exit code as `git diff --exit-code`: 0 no differences,
    1 differences, 2 bad input.
    """
    result = _diff(old, new, compliance, old, new)
    _render(result, fmt)
    sys.exit(EXIT_OK if result.empty else EXIT_FINDINGS)


@click.command("git-diff", hidden=True)
@click.argument("args", nargs=-1)
def git_diff(args: tuple[str, ...]) -> None:
    """git's external diff driver: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE (exits 0)."""
    if len(args) < 7:
        raise UserError("git-diff is run by git with 7 arguments (see `ea git install`)")
    path, old, new = args[0], args[1], args[4]
    click.echo(f"ea diff a/{path} b/{path}")
    try:
        with _named([old, new], path) as (a, b):
            result = _diff(a, b, True, f"a/{path}", f"b/{path}")
    except click.ClickException as exc:  # git gives up on a failing driver: say why and carry on
        click.echo(f"ea: cannot compare {path}: {exc.format_message()}")
        return
    _render(result, "text")


def _write_checked(model, out: str, like: str | None) -> None:
    """Write `model` to `out` in the format `like` (or `out`) names, only once it reads back (and,
    for .xml, validates against the schema); raises EaError otherwise, leaving `out` as it was.

    An exchange file is checked in memory: the document's bytes go through the reader and the schema,
    then to `out` atomically. The other formats are written beside `out` and read back from there."""
    from exporters import read_model, write_model
    from exporters.atomic import atomic_write_bytes

    suffix = Path(like or out).suffix.lower()
    if suffix == ".xml":
        from exporters.exchange import generate_exchange, parse_exchange

        data = generate_exchange(model)
        problems = _read_back_and_check(data, out, parse_exchange)
        if problems:
            raise EaError(f"the merged model is not schema-valid: {problems[0]}")
        atomic_write_bytes(out, data)
        return
    csv = suffix != ".archimate"
    with tempfile.TemporaryDirectory(prefix=".ea-merge-", dir=Path(out).resolve().parent) as tmp:
        trial = Path(tmp) / ("model/" if csv else f"model{suffix}")
        write_model(model, str(trial) + ("/" if csv else ""))
        read_model(trial)
        if csv:
            write_model(model, out)
        else:
            atomic_write_bytes(out, trial.read_bytes())


BACKGROUND_CHECK_ABOVE = 32 << 20  # bytes of merged document: larger, and the schema check runs beside the read-back


def _read_back_and_check(data: bytes, out: str, parse_exchange) -> list[str]:
    """Read the document back as ea reads any file (EaError if it would refuse it) and return the XSDs'
    verdict on it (exporters/exchange/identity.py, one streaming pass). A large document's check runs
    in a second process on a copy beside `out`, at the same time as the read-back."""
    from exporters.exchange.identity import BackgroundCheck, check_document

    if len(data) < BACKGROUND_CHECK_ABOVE:
        parse_exchange(data, label=out)
        return check_document(data)
    with tempfile.TemporaryDirectory(prefix=".ea-merge-", dir=Path(out).resolve().parent) as tmp:
        trial = Path(tmp) / "merged.xml"
        trial.write_bytes(data)
        check = BackgroundCheck(trial)
        try:
            parse_exchange(data, label=out)
        except BaseException:
            check.cancel()
            raise
        return check.result()


@click.command()
@click.argument("base", type=click.Path(dir_okay=True))
@click.argument("ours", type=click.Path(dir_okay=True))
@click.argument("theirs", type=click.Path(dir_okay=True))
@click.option("--out", required=True, type=click.Path(dir_okay=True), help="Where to write the merged model.")
@click.option(
    "--prefer",
    type=click.Choice(["ours", "theirs"]),
    default="ours",
    show_default=True,
    help="The side a conflicted field takes.",
)
@click.option(
    "--conflicts", "conflicts_file", type=click.Path(dir_okay=False), help="Also write the conflicts as JSON."
)
@click.option("--path", "like", metavar="NAME", help="Read and write as NAME's format (git's %P: its files have none).")
def merge(
    base: str, ours: str, theirs: str, out: str, prefer: str, conflicts_file: str | None, like: str | None
) -> None:
    """Three-way merge of THEIRS' changes since BASE into OURS, written to --out.

    By concept and by field: a change on one side is taken, the same change on both is taken once;
    names per language, properties per key, view nodes per node and relationships merge on their
    own. A conflict (a field changed differently, a concept modified on one side and deleted on
    the other, a reference to a concept the other side deleted, a result that breaks a relationship
    rule or repeats an id) is one line on stderr and in --conflicts; the field takes --prefer's
    side. OUT is always a valid model, written atomically. Exit code 1 on any conflict, 0 when clean
    (what git expects of a merge driver), 2 on bad input.
    """
    from ea_model.diff import Conflict, merge_models

    with _named([base, ours, theirs], like) as (b_path, o_path, t_path):
        with reported():
            sides = [load_model(b_path), load_model(o_path), load_model(t_path)]
            with _steps("merging", sides[0]) as progress:
                result = merge_models(*sides, prefer=prefer, progress=progress)
            del sides
        conflicts = list(result.conflicts)  # the three sides are gone: the check below has their room
        try:
            _write_checked(result.model, out, like)
        except OSError as exc:  # a folder that cannot be written: the user's one-line error
            raise UserError(f"{out}: {exc.strerror or exc}") from None
        except EaError as exc:  # never write what ea would refuse to read: keep ours (read again), say so
            del result
            o = load_model(o_path)
            conflicts.append(Conflict("model", o.info.id, "", "(the merged model)", None, None, str(exc), "ours"))
            try:
                _write_checked(o, out, like)
            except EaError as again:
                raise UserError(f"cannot write {out}: {again}") from None
    where = f"{like}: " if like else ""
    for c in conflicts:
        click.echo(f"ea merge: {where}{c.line()}", err=True)
    if conflicts_file:
        from exporters.atomic import atomic_write_text

        with reported(conflicts_file):
            atomic_write_text(
                conflicts_file, json.dumps([c.as_json() for c in conflicts], ensure_ascii=False, indent=2)
            )
    sys.exit(EXIT_FINDINGS if conflicts else EXIT_OK)


# ---- ea git install / --uninstall -------------------------------------------------------------------


def _git(*args: str, cwd: Path | None = None, check: bool = True) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UserError("git is not installed") from None
    if check and done.returncode != 0:
        raise UserError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def ea_command() -> list[str]:
    """How git should run this ea: the absolute path of the running `ea`, else this Python with -m cli."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "ea" and argv0.exists():
        return [str(argv0.resolve())]
    return [sys.executable, "-m", "cli"]


def is_exchange_file(path: Path) -> bool:
    """Whether `path` starts like an ArchiMate exchange model (its root in the Open Group namespace)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b"<model" in head and EXCHANGE_NS in head


def default_patterns(root: Path) -> list[str]:
    files = _git("ls-files", "--cached", "--others", "--exclude-standard", "*.xml", cwd=root).splitlines()
    return ["*.archimate"] + sorted("/" + f for f in files if is_exchange_file(root / f))


def _attributes_without_block(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    out, inside = [], False
    for line in lines:
        if line == ATTRIBUTES_BEGIN:
            inside = True
        elif line == ATTRIBUTES_END:
            inside = False
        elif not inside:
            out.append(line)
    return out


@click.group("git")
def git_group() -> None:
    """Make git diff and merge ArchiMate models with ea."""


@git_group.command("install")
@click.argument("patterns", nargs=-1)
@click.option("--uninstall", is_flag=True, help="Remove what `ea git install` added.")
def git_install(patterns: tuple[str, ...], uninstall: bool) -> None:
    """Register ea as git's diff and merge driver for the model files of this repository.

    Adds `PATTERN diff=ea merge=ea` lines to .gitattributes (one marked block, rewritten each time)
    and diff.ea / merge.ea to the repository's git config, so `git diff`, `git log -p --ext-diff`
    and `git merge` use ea. PATTERNs default to `*.archimate` plus each .xml file in the repository
    that is an ArchiMate exchange model (not every .xml: most are not models). Idempotent.
    """
    from exporters.atomic import atomic_write_text

    root = Path(_git("rev-parse", "--show-toplevel").strip())
    attributes = root / ".gitattributes"
    kept = _attributes_without_block(attributes)
    if uninstall:
        for section in ("diff.ea", "merge.ea"):
            _git("config", "--local", "--remove-section", section, cwd=root, check=False)
        while kept and not kept[-1].strip():
            kept.pop()
        if attributes.exists():
            atomic_write_text(attributes, "\n".join(kept) + "\n" if kept else "")
        click.echo(f"ea is no longer git's diff and merge driver in {root}")
        return
    chosen = list(dict.fromkeys(patterns or default_patterns(root)))
    block = [ATTRIBUTES_BEGIN, *(f"{p} diff=ea merge=ea" for p in chosen), ATTRIBUTES_END]
    while kept and not kept[-1].strip():
        kept.pop()
    atomic_write_text(attributes, "\n".join([*kept, *([""] if kept else []), *block]) + "\n")
    ea = shlex.join(ea_command())
    _git("config", "--local", "diff.ea.command", f"{ea} git-diff", cwd=root)
    _git("config", "--local", "merge.ea.name", "ea: three-way merge of ArchiMate models", cwd=root)
    _git("config", "--local", "merge.ea.driver", f"{ea} merge %O %A %B --out %A --path %P", cwd=root)
    click.echo(f"ea is git's diff and merge driver in {root} for: {', '.join(chosen)}")
    if not shutil.which("git"):
        click.echo("note: git is not on PATH", err=True)
