"""Commands over a model file: `ea info`, `ea validate`, `ea convert`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ea_cli import governance
from ea_cli.common import (
    AS_OF_OPTION,
    EXIT_FINDINGS,
    FAIL_ON_LEVELS,
    FORMAT_OPTION,
    MODEL_ARGUMENT,
    NO_REGISTERS_OPTION,
    VALIDATE_FORMATS,
    WAIVERS_OPTION,
    UserError,
    echo_json,
    lang_option,
    load_model,
    names_in,
    reading_progress,
    reported,
    resolve_model_path,
)
from ea_model.naming import counted, display_name


@click.command()
@MODEL_ARGUMENT
@FORMAT_OPTION
@lang_option("The model's name in Thai and English side by side (both), or in one language.")
def info(model: str | None, fmt: str, lang: str) -> None:
    """Counts of a model's elements, relationships and views, by layer and by type.

    An exchange file (.xml) is counted as it is read, without building the model, so this is quick and
    small on a file of any size."""
    from exporters import count_model

    path = resolve_model_path(model)
    with reported(path), reading_progress(path) as progress:
        model_info, counts = count_model(path, progress=progress)
    if fmt == "json":
        echo_json(counts)
        return
    click.echo(f"{display_name(model_info.name, names_in(lang)) or '(unnamed model)'}")
    click.echo(f"  elements: {counts['elements']}  relationships: {counts['relationships']}  views: {counts['views']}")
    for heading, rows in (("by layer", counts["by_layer"]), ("by type", counts["by_type"])):
        click.echo(f"  {heading}:")
        for key, n in rows.items():
            click.echo(f"    {key:<28}{n:>8}")


@click.command()
@MODEL_ARGUMENT
@click.option("--xsd", "against_xsd", is_flag=True, help="Validate the FILE against the exchange-format XSDs instead.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(VALIDATE_FORMATS),
    default="text",
    show_default=True,
    help="Output format (sarif, junit: for CI).",
)
@WAIVERS_OPTION
@AS_OF_OPTION
@NO_REGISTERS_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON_LEVELS)),
    default="error",
    show_default=True,
    help="Exit 1 when there is a finding of this severity or worse.",
)
@click.option("--strict", is_flag=True, help="Treat what the reader had to work around (bad values...) as errors.")
def validate(model: str | None, against_xsd: bool, fmt: str, fail_on: str, strict: bool, **registers) -> None:
    """Check a model: the ArchiMate 3.2 rules and model hygiene (what Archi's validator checks).

    Reports relationships the metamodel does not allow, junction misuse, references that point
    nowhere, duplicate ids and view connections that do not match their relationship (errors);
    missing names, unused or duplicate elements, empty views, viewpoint violations and visual
    nesting with no relationship behind it (warnings). Exit 1 when a finding reaches --fail-on.
    The governance registers next to the model are checked too, and waived findings do not gate
    (docs/governance.md).

    With --xsd, checks the exchange file against the Open Group XSDs (bundled, offline) and lists
    each schema error as FILE:LINE:COLUMN: MESSAGE.
    """
    if against_xsd:
        _validate_xsd(resolve_model_path(model), fmt)
        return
    from ea_model.validation import validate_model

    m = load_model(model, strict=strict, recover=True)
    findings = validate_model(m)
    # waivers, register checks, output (text, json, sarif, junit) and gating: ea_cli/governance.py
    if governance.finish_validate(m, resolve_model_path(model), findings, fmt=fmt, fail_on=fail_on, **registers):
        sys.exit(EXIT_FINDINGS)


def _validate_xsd(path: Path, fmt: str) -> None:
    from exporters.exchange import validate_xsd

    if path.suffix.lower() != ".xml" or path.is_dir():
        raise UserError(f"{path}: --xsd checks ArchiMate exchange files (.xml); convert the model first")
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    size_mb = path.stat().st_size / 1e6
    if size_mb > 64 and sys.stderr.isatty():  # libxml2 gives no progress; at least say what is happening
        click.echo(f"ea: checking {path} ({size_mb:,.0f} MB) against the XSDs as it streams...", err=True)
    with reported():
        problems = validate_xsd(path)
    if fmt == "json":
        echo_json({"valid": not problems, "errors": [p.as_json() for p in problems]})
    elif fmt in ("sarif", "junit"):
        click.echo(governance.xsd_ci_output(fmt, path, problems), nl=False)
    else:
        for p in problems:
            click.echo(f"{path}:{p.line}:{p.column}: {p.message}")
        click.echo(f"{path}: valid" if not problems else f"{path}: {len(problems)} schema errors")
    if problems:
        sys.exit(EXIT_FINDINGS)


@click.command()
@click.argument("source", metavar="IN", type=click.Path(dir_okay=True))
@click.argument("target", metavar="OUT", type=click.Path(dir_okay=True))
@click.option("--strict", is_flag=True, help="Stop at anything the reader would have to work around.")
@click.option(
    "--excel-safe",
    is_flag=True,
    help="CSV output: prefix cells that start with = + - @ with ' (formula injection) and add a BOM, for Excel.",
)
@lang_option(
    '.archimate and CSV keep one text per name: Thai and English joined (both: names "ไทย / English", '
    "documentation a blank line apart) or one language's. The exchange format (.xml) keeps every language."
)
@FORMAT_OPTION
def convert(source: str, target: str, strict: bool, excel_safe: bool, lang: str, fmt: str) -> None:
    """Convert a model between formats, chosen by each file's extension.

    IN and OUT are an ArchiMate exchange file (.xml), an Archi model (.archimate) or an Archi CSV
    folder. .xml to .xml rewrites the file in a normal form: valid against the Open Group schema,
    the model's order, two-space indent, the same bytes for the same model. OUT is written
    atomically, so a failed conversion leaves an existing OUT as it was. Prints what the reader
    worked around (warnings) and what OUT's format cannot carry.
    """
    from exporters import write_model

    m = load_model(source, strict=strict)
    with reported(target):
        not_carried = write_model(m, target, excel_safe=excel_safe, lang=lang)
    counts = m.counts()
    if fmt == "json":
        read = [{**f.as_json(), "line": f.line} for f in m.load_findings]
        shown = {k: counts[k] for k in ("elements", "relationships", "views")}
        echo_json({"in": source, "out": target, **shown, "read": read, "not_carried": not_carried})
        return
    for f in m.load_findings:  # what the reader worked around (warning) or could not keep (advice)
        where = f"{source}:{f.line}" if f.line else source
        click.echo(f"{'note' if f.severity == 'advice' else f.severity}: {where}: {f.message}", err=True)
    click.echo(
        f"{source} -> {target}: {counted(counts['elements'], 'element')}, "
        f"{counted(counts['relationships'], 'relationship')}, {counted(counts['views'], 'view')}"
    )
    for note in not_carried:
        click.echo(f"note: {note}")
