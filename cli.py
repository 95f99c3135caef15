"""The `ea` command line. Commands are thin: parse options, call the library, print."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import ea_model
from ea_model.errors import EaError
from ea_model.naming import counted

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


# ---- ea review: the main job ---------------------------------------------------------------------


def _review_progress(description: str, number: int, total: int) -> None:
    if sys.stderr.isatty():
        click.echo(f"[{number}/{total}] {description}...", err=True)


@main.command()
@MODEL_ARGUMENT
@click.option(
    "--out",
    "out_dir",
    default="review",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the review pack to.",
)
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True, help="Language shown first.")
@FORMAT_OPTION
def review(model: str | None, out_dir: str, lang: str, fmt: str) -> None:
    """The main job: the governance review pack for a model (the bundled BMA model by default).

    Validates the model, checks every citizen service against the seven Digital Government Act
    outcomes (for the baseline and the target plateau when the model has a migration plan),
    compares baseline and target, traces services to strategies, draws the review diagrams and
    writes the governance report. Prints a short summary; the files land in --out.
    """
    from exporters.review_pack import format_review_summary, write_review_pack

    m = load_model(model)
    try:
        summary = write_review_pack(m, out_dir, lang=lang, progress=_review_progress)
    except EaError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        echo_json(summary.as_json())
    else:
        click.echo(format_review_summary(summary, out_dir, lang))


def _as_of_plateau(m, plateau: str | None, whole_model: bool, lang: str):
    """The model as of `plateau` (default: the baseline of a model with a migration plan), saying so on stderr."""
    from ea_model.plateaus import default_plateau, find_plateau, plateau_model

    if whole_model:
        return m
    if plateau is None:
        plateau = default_plateau(m)
        if plateau is None:
            return m
        click.echo(
            f"ea: note: as of the baseline plateau {ea_model.text_in(m.element(plateau).name, lang)}; "
            "--plateau names another, --whole-model ignores plateaus",
            err=True,
        )
    return plateau_model(m, find_plateau(m, plateau).id)


# ---- ea diagram / ea layout (Graphviz) ----------------------------------------------------------


def _progress(done: int, total: int, path) -> None:
    if sys.stderr.isatty():
        click.echo(f"\r[{done}/{total}] {path.name}\033[K", err=True, nl=done == total)


@main.command()
@MODEL_ARGUMENT
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write the diagrams to."
)
@click.option("--service", "services", multiple=True, metavar="ID", help="Only this service (repeatable).")
@click.option("--view", "views", multiple=True, metavar="ID", help="Render this ArchiMate view (repeatable).")
@click.option("--all-views", is_flag=True, help="Render every view of the model.")
@click.option("--relayout", is_flag=True, help="Lay views out anew instead of using their own coordinates.")
@click.option("--landscape", is_flag=True, help="The application landscape by department (with a selection).")
@click.option("--strategy-map", is_flag=True, help="The strategy map (with a selection).")
@click.option("--format", "image_format", type=click.Choice(["svg", "png", "pdf"]), default="svg", show_default=True)
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True, help="Language shown first.")
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True, help="Graphviz processes at a time.")
@click.option(
    "--plateau",
    metavar="ID",
    help="Draw the architecture as of this Plateau (id or name). Default: the baseline, when the model has one.",
)
@click.option("--whole-model", is_flag=True, help="Draw every concept, ignoring plateaus.")
def diagram(
    model: str | None,
    out_dir: str,
    services: tuple[str, ...],
    views: tuple[str, ...],
    all_views: bool,
    relayout: bool,
    landscape: bool,
    strategy_map: bool,
    image_format: str,
    lang: str,
    jobs: int,
    plateau: str | None,
    whole_model: bool,
) -> None:
    """Governance review diagrams in ArchiMate notation, drawn with Graphviz.

    With no selection: one diagram per citizen service (everything that serves it, layer by layer,
    with its DGA outcome verdicts O1-O7), the application landscape by department, and the strategy
    map. Thai and English labels side by side. Prints each file written.
    """
    import time

    from exporters.diagrams import render_all, review_diagrams

    m = load_model(model)
    started = time.monotonic()
    try:
        m = _as_of_plateau(m, plateau, whole_model, lang)
        view_ids = [v.id for v in m.views] if all_views else list(views)
        everything = not (services or view_ids or landscape or strategy_map)
        todo = review_diagrams(
            m,
            lang=lang,
            service_ids=None if everything else services,
            view_ids=view_ids,
            relayout=relayout,
            landscape=everything or landscape,
            strategy=everything or strategy_map,
        )
        written = render_all(todo, out_dir, fmt=image_format, jobs=jobs, progress=_progress)
    except EaError as exc:
        raise UserError(str(exc)) from None
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} diagrams in {out_dir} ({time.monotonic() - started:.1f} s)", err=True)


@main.command()
@click.argument("model", type=click.Path(dir_okay=True))
@click.argument("out", type=click.Path(dir_okay=True))
@click.option("--view", "views", multiple=True, metavar="ID", help="Lay out only this view (repeatable).")
@click.option("--generate", is_flag=True, help="Add a laid-out review view per citizen service (or per --service).")
@click.option("--service", "services", multiple=True, metavar="ID", help="With --generate: only this service.")
@click.option("--flat", is_flag=True, help="Do not stack elements in ArchiMate's layer order.")
@FORMAT_OPTION
def layout(
    model: str, out: str, views: tuple[str, ...], generate: bool, services: tuple[str, ...], flat: bool, fmt: str
) -> None:
    """Lay out views automatically with Graphviz and write the model with the new coordinates.

    Every view (or each --view) gets new node bounds (nested nodes inside their parents) and
    connection bendpoints, so it opens laid out in Archi. --generate adds a layered view per
    citizen service instead (existing views untouched unless named with --view). OUT's format
    follows its extension (.xml exchange, .archimate, CSV folder).
    """
    from exporters import write_model
    from exporters._diagram_service_view import generate_service_views
    from exporters.diagrams import citizen_service_ids
    from exporters.layout import layout_views

    m = load_model(model)
    try:
        laid_out = []
        if views or not generate:
            laid_out += layout_views(m, list(views) or None, layered=not flat)
        if generate:
            wanted = list(services) or citizen_service_ids(m)
            if not wanted:
                click.echo(
                    "note: the model has no citizen services (a BusinessService serving a role with "
                    "party=citizen|business) to generate views for",
                    err=True,
                )
            laid_out += generate_service_views(m, wanted)
        lost = write_model(m, out)
    except EaError as exc:
        raise UserError(str(exc)) from None
    summary = [
        {
            "view": v.id,
            "name": ea_model.text_in(v.name, "th"),
            "nodes": sum(1 for _ in v.iter_nodes()),
            "connections": len(v.connections),
        }
        for v in laid_out
    ]
    if fmt == "json":
        echo_json({"out": out, "views": summary, "not_written": lost})
        return
    for item in summary:
        click.echo(f"{item['view']}: {item['nodes']} nodes, {item['connections']} connections  {item['name']}")
    for note in lost:
        click.echo(f"note: {note}", err=True)
    click.echo(f"laid out {counted(len(summary), 'view')} -> {out}", err=True)


# ---- ea validate -------------------------------------------------------------------------------

FAIL_ON_LEVELS = {"error": 2, "warning": 1, "advice": 0, "never": 3}  # findings at or above this rank fail


@main.command()
@MODEL_ARGUMENT
@click.option("--xsd", "against_xsd", is_flag=True, help="Validate the FILE against the exchange-format XSDs instead.")
@FORMAT_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON_LEVELS)),
    default="error",
    show_default=True,
    help="Exit 1 when there is a finding of this severity or worse.",
)
@click.option("--strict", is_flag=True, help="Treat what the reader had to work around (bad values...) as errors.")
def validate(model: str | None, against_xsd: bool, fmt: str, fail_on: str, strict: bool) -> None:
    """Check a model: the ArchiMate 3.2 rules and model hygiene (what Archi's validator checks).

    Reports relationships the metamodel does not allow, junction misuse, references that point
    nowhere, duplicate ids and view connections that do not match their relationship (errors);
    missing names, unused or duplicate elements, empty views, viewpoint violations and visual
    nesting with no relationship behind it (warnings). Exit 1 when a finding reaches --fail-on.

    With --xsd, checks the exchange file against the Open Group XSDs (bundled, offline) and lists
    each schema error as FILE:LINE:COLUMN: MESSAGE.
    """
    from ea_model.findings import SEVERITY_RANK

    if against_xsd:
        _validate_xsd(resolve_model_path(model), fmt)
        return
    from ea_model.validation import validate_model

    findings = validate_model(load_model(model, strict=strict, recover=True))
    summary = {level: sum(1 for f in findings if f.severity == level) for level in ("error", "warning", "advice")}
    if fmt == "json":
        echo_json({"findings": [{**f.as_json(), "line": f.line} for f in findings], "summary": summary})
    else:
        for f in findings:
            where = f" (line {f.line})" if f.line else ""
            click.echo(f'{f.severity.upper()} {f.rule} {f.id or "-"} "{f.name}": {f.message}{where}')
        plural = {"error": "errors", "warning": "warnings", "advice": "advice"}
        click.echo(", ".join(f"{n} {level if n == 1 else plural[level]}" for level, n in summary.items()))
    threshold = FAIL_ON_LEVELS[fail_on]
    if any(SEVERITY_RANK[f.severity] >= threshold for f in findings):
        sys.exit(EXIT_FINDINGS)


def _validate_xsd(path: Path, fmt: str) -> None:
    from exporters.xsd import validate_xsd

    if path.suffix.lower() != ".xml" or path.is_dir():
        raise UserError(f"{path}: --xsd checks ArchiMate exchange files (.xml); convert the model first")
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    size_mb = path.stat().st_size / 1e6
    if size_mb > 20 and sys.stderr.isatty():  # libxml2 gives no progress; at least say what is happening
        click.echo(f"ea: checking {path} ({size_mb:,.0f} MB) against the XSDs (about 30 s per 100 MB)...", err=True)
    try:
        problems = validate_xsd(path)
    except EaError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        echo_json({"valid": not problems, "errors": [p.as_json() for p in problems]})
    else:
        for p in problems:
            click.echo(f"{path}:{p.line}:{p.column}: {p.message}")
        click.echo(f"{path}: valid" if not problems else f"{path}: {len(problems)} schema errors")
    if problems:
        sys.exit(EXIT_FINDINGS)


# ---- ea check (Digital Government Act compliance) -----------------------------------------------


@main.command()
@MODEL_ARGUMENT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang", type=click.Choice(["en", "th"]), default="en", show_default=True, help="Language of names and messages."
)
@click.option("--goal", "goals", multiple=True, metavar="O1..O7", help="Check only this outcome (repeatable).")
@click.option(
    "--fail-on",
    type=click.Choice(["fail", "warn", "unknown", "never"]),
    default="fail",
    show_default=True,
    help="Exit 1 when a finding is at or above this verdict (fail > warn > unknown).",
)
@click.option(
    "--plateau",
    metavar="ID",
    help="Check the model as of this Plateau (id or name). Default: the baseline, when the model has a migration plan.",
)
@click.option("--whole-model", is_flag=True, help="Check every concept, ignoring plateaus.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Date review-age criteria compare with (default: today).")
@click.option("-v", "--verbose", is_flag=True, help="Text output: also list passes and the evidence ids.")
def check(
    model: str | None,
    fmt: str,
    lang: str,
    goals: tuple[str, ...],
    fail_on: str,
    plateau: str | None,
    whole_model: bool,
    as_of: str | None,
    verbose: bool,
) -> None:
    """Check every citizen service against the seven outcomes of the Digital Government Act B.E. 2562.

    O1 better services, O2 one-stop service, O3 no copies of official documents, O4 open data,
    O5 Digital ID, O6 e-Payment, O7 lower fees on digital channels. The criteria are data
    (catalog/dga/criteria.yaml); the modelling they read is docs/modeling-conventions.md. Each finding
    is pass, fail, warn, info or unknown (the model does not say), with its evidence ids and remedy.
    Exit 1 when a finding reaches --fail-on, so the check can gate a pipeline.
    """
    import datetime as dt

    from ea_model.compliance import check_model
    from ea_model.compliance_format import format_csv, format_table

    try:
        today = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise UserError(f"--as-of {as_of!r}: expected a date YYYY-MM-DD") from None
    from ea_model.plateaus import default_plateau

    m = load_model(model)
    if plateau is None and not whole_model:
        plateau = default_plateau(m)
        if plateau is not None:
            name = ea_model.text_in(m.element(plateau).name, lang)
            click.echo(
                f"ea: note: checked as of the baseline plateau {name} ({plateau}); "
                "--plateau names another, --whole-model ignores plateaus",
                err=True,
            )
    try:
        result = check_model(m, goals=[g.upper() for g in goals] or None, plateau=plateau, today=today)
    except EaError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        echo_json(result.to_json(lang))
    elif fmt == "csv":
        click.echo(format_csv(result, lang), nl=False)
    else:
        click.echo(format_table(result, lang, verbose=verbose))
    if result.gates(fail_on):
        sys.exit(EXIT_FINDINGS)


# ---- ea convert --------------------------------------------------------------------------------


@main.command()
@click.argument("source", metavar="IN", type=click.Path(dir_okay=True))
@click.argument("target", metavar="OUT", type=click.Path(dir_okay=True))
@click.option("--strict", is_flag=True, help="Stop at anything the reader would have to work around.")
@click.option(
    "--excel-safe",
    is_flag=True,
    help="CSV output: prefix cells that start with = + - @ with ' (formula injection) and add a BOM, for Excel.",
)
@FORMAT_OPTION
def convert(source: str, target: str, strict: bool, excel_safe: bool, fmt: str) -> None:
    """Convert a model between formats, chosen by each file's extension.

    IN and OUT are an ArchiMate exchange file (.xml), an Archi model (.archimate) or an Archi CSV
    folder. .xml to .xml rewrites the file in a normal form: valid against the Open Group schema,
    the model's order, two-space indent, the same bytes for the same model. OUT is written
    atomically, so a failed conversion leaves an existing OUT as it was. Prints what the reader
    worked around (warnings) and what OUT's format cannot carry.
    """
    from exporters import write_model

    m = load_model(source, strict=strict)
    try:
        not_carried = write_model(m, target, excel_safe=excel_safe)
    except EaError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{target}: {exc.strerror or exc}") from None
    counts = m.counts()
    if fmt == "json":
        echo_json(
            {
                "in": source,
                "out": target,
                "elements": counts["elements"],
                "relationships": counts["relationships"],
                "views": counts["views"],
                "read": [{**f.as_json(), "line": f.line} for f in m.load_findings],
                "not_carried": not_carried,
            }
        )
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


# ---- ea gap / ea impact / ea trace (analyses over the graph) -------------------------------------

NAMES_OPTION = click.option(
    "--lang",
    type=click.Choice(["both", "th", "en"]),
    default="both",
    show_default=True,
    help="Names in Thai and English side by side, or in one language.",
)


def _stage(message: str) -> None:
    """Progress for long work, on stderr and only when a person is watching."""
    if sys.stderr.isatty():
        click.echo(f"… {message}", err=True)


def _load_for_analysis(model: str | None):
    """`load_model`, then move the loaded model out of the garbage collector's way: it lives until
    the command ends, and full collections over its millions of objects would dominate an analysis."""
    import gc

    m = load_model(model)
    gc.freeze()
    return m


@main.command()
@click.argument("models", nargs=-1, metavar="[MODEL | BASELINE TARGET]", type=click.Path(dir_okay=True))
@click.option("--baseline", metavar="PLATEAU", help="The baseline plateau of MODEL (id or name, Thai or English).")
@click.option("--target", metavar="PLATEAU", help="The target plateau of MODEL (id or name).")
@click.option("--emit", type=click.Path(dir_okay=False), help="Also write the model with Gap elements to this file.")
@click.option("--show-kept", is_flag=True, help="Text output: list the kept elements too, not only their number.")
@click.option("--compliance/--no-compliance", default=True, show_default=True, help="Include the DGA compliance delta.")
@click.option("--fail-on-dangling", is_flag=True, help="Exit 1 when an eliminated element is still needed.")
@FORMAT_OPTION
@NAMES_OPTION
def gap(
    models: tuple[str, ...],
    baseline: str | None,
    target: str | None,
    emit: str | None,
    show_kept: bool,
    compliance: bool,
    fail_on_dangling: bool,
    fmt: str,
    lang: str,
) -> None:
    """Gap analysis (the TOGAF gap matrix) between a baseline and a target architecture.

    Either two plateaus of one model (ea gap MODEL --baseline NAME --target NAME; MODEL defaults to
    the bundled BMA model) or two files (ea gap BASELINE.xml TARGET.xml; elements matched by id,
    then by type and name). Per layer: kept, changed (name, properties, relationships), new and
    eliminated elements, and the eliminated elements that something kept still depends on. Then the
    compliance delta: per Digital Government Act outcome, the services whose gaps the target closes,
    keeps or opens. --emit writes the model back with ArchiMate Gap elements associated with both
    plateaus and the elements concerned, to open in Archi.
    """
    from ea_model.gap import gap_between_models, gap_between_plateaus
    from ea_model.gap_report import render_gap_text

    names = None if lang == "both" else lang
    if len(models) > 2:
        raise UserError("give one MODEL (with --baseline and --target) or two files: BASELINE TARGET")
    if emit and any(Path(emit).resolve() == Path(m).resolve() for m in models):
        raise UserError(f"--emit {emit} would overwrite an input model; give another file")
    try:
        if len(models) == 2:
            if baseline or target:
                raise UserError(
                    "--baseline/--target name plateaus of one MODEL; of two files, the first is the baseline"
                )
            _stage("reading the two models")
            before, after = _load_for_analysis(models[0]), _load_for_analysis(models[1])
            _stage("comparing")
            report = gap_between_models(before, after, Path(models[0]).name, Path(models[1]).name)
        else:
            m = _load_for_analysis(models[0] if models else None)
            if not (baseline and target):
                from ea_model.plateaus import baseline_and_target, plateaus

                plan = baseline_and_target(m)
                if plan is None:
                    known = ", ".join(f"{p.id} ({ea_model.text_in(p.name)})" for p in plateaus(m)) or "none"
                    raise UserError(f"name the plateaus to compare with --baseline and --target (plateaus: {known})")
                baseline, target = baseline or plan[0], target or plan[1]
            _stage("comparing the plateaus")
            report = gap_between_plateaus(m, baseline, target)
        if compliance:
            from ea_model.compliance_delta import attach_compliance_delta

            _stage("running the DGA check on both sides")
            attach_compliance_delta(report, names)
    except EaError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        echo_json(report.as_json(names))
    else:
        click.echo(render_gap_text(report, names, show_kept=show_kept), nl=False)
    if emit:
        _emit_gaps(report, emit)
    if fail_on_dangling and any(not d.resolved for d in report.dangling()):
        sys.exit(EXIT_FINDINGS)


def _emit_gaps(report, out: str) -> None:
    from ea_model.gap_emit import emit_gaps
    from exporters import write_model

    try:
        gaps = emit_gaps(report)
        not_carried = write_model(report.target.model, out)
    except EaError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {out}: {len(gaps)} Gap elements", err=True)
    for note in not_carried:
        click.echo(f"not carried: {note}", err=True)


@main.command()
@click.argument("args", nargs=-1, required=True, metavar="[MODEL] ELEMENT")
@click.option("--depth", type=click.IntRange(min=0), help="Follow dependencies at most this many steps.")
@FORMAT_OPTION
@NAMES_OPTION
def impact(args: tuple[str, ...], depth: int | None, fmt: str, lang: str) -> None:
    """Everything that depends on ELEMENT, transitively (what a change to it touches).

    ELEMENT is an id or a name (Thai or English); an ambiguous name lists the candidates. Dependency
    follows serving, realization, assignment, access, flow, triggering, composition and aggregation,
    each in the direction ArchiMate gives it (see ea_model/impact.py). Affected citizen services come
    first, each with the path that ties it to ELEMENT; then every dependent, grouped by layer.
    MODEL defaults to the bundled BMA model.
    """
    from ea_model.impact import impact as impact_of
    from ea_model.impact import render_impact_text

    if len(args) > 2:
        raise UserError("give [MODEL] ELEMENT (quote a name that has spaces)")
    model_path, key = (args[0], args[1]) if len(args) == 2 else (None, args[0])
    m = _load_for_analysis(model_path)
    names = None if lang == "both" else lang
    try:
        result = impact_of(m, key, depth=depth)
    except EaError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        echo_json(result.as_json(m, names))
    else:
        click.echo(render_impact_text(result, m, names), nl=False)


@main.command()
@MODEL_ARGUMENT
@click.option("--all-services", is_flag=True, help="Trace every BusinessService, not only the citizen-facing ones.")
@click.option("--strict", is_flag=True, help="Exit 1 when a service has no strategic link.")
@FORMAT_OPTION
@NAMES_OPTION
def trace(model: str | None, all_services: bool, strict: bool, fmt: str, lang: str) -> None:
    """Trace each service to the BMA strategies ("9 ด้าน 9 ดี") and the National Strategy pillars.

    Lists, per service, the strategy Goals it realizes (directly or through outcomes and courses of
    action) and the pillars they influence; then the services with no strategic link, the
    strategies no service is behind, and the BMA strategies tied to no pillar (convention 10).
    """
    from ea_model.traceability import render_trace_text
    from ea_model.traceability import trace as trace_model

    m = _load_for_analysis(model)
    names = None if lang == "both" else lang
    try:
        result = trace_model(m, all_services=all_services)
    except EaError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        echo_json(result.as_json(m, names))
    else:
        click.echo(render_trace_text(result, m, names), nl=False)
    if strict and result.unlinked_services:
        sys.exit(EXIT_FINDINGS)


# ---- ea report (the governance report, a static site) --------------------------------------------


@main.command()
@MODEL_ARGUMENT
@click.option(
    "--out", "out_dir", required=True, type=click.Path(), help="Folder to write the site to (created when missing)."
)
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True, help="Language shown first.")
@click.option("--baseline", metavar="PLATEAU", help="Plateau shown as today (id or name; default: from the plan).")
@click.option("--target", metavar="PLATEAU", help="Plateau shown as planned (id or name; default: from the plan).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Graphviz processes at a time [CPU count].")
@FORMAT_OPTION
def report(
    model: str | None, out_dir: str, lang: str, baseline: str | None, target: str | None, jobs: int | None, fmt: str
) -> None:
    """The governance report: a static site for the EA Governance board, opened from a file, offline.

    An overview with the Digital Government Act scorecard (today and, with a baseline and a target
    plateau, as planned) and the worst gaps first; the citizen services, searchable and filterable by
    department, district office, outcome and verdict; a page per service with its diagram, verdicts,
    evidence, remedies and strategic links; the gap matrix and compliance delta; the application
    landscape; the strategy map; an index of every element; a print version. Thai and English side
    by side. Prints the path of index.html.
    """
    from exporters.report import write_report

    m = load_model(model)
    try:
        index = write_report(m, out_dir, lang=lang, progress=_progress, baseline=baseline, target=target, jobs=jobs)
    except EaError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{out_dir}: {exc.strerror or exc}") from None
    if fmt == "json":
        echo_json({"index": str(index), "out": out_dir})
    else:
        click.echo(str(index))


import cli_diff  # noqa: E402

cli_diff.register(main)


if __name__ == "__main__":
    sys.exit(main())
