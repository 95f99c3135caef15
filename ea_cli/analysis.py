"""The analyses: `ea check` (Digital Government Act), `ea gap`, `ea impact`, `ea trace`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from click.core import ParameterSource

import ea_model
from ea_cli import governance
from ea_cli.common import (
    AS_OF_OPTION,
    CHECK_FORMATS,
    EXIT_FINDINGS,
    FORMAT_OPTION,
    HORIZON_OPTION,
    LANG_OPTION,
    MODEL_ARGUMENT,
    NO_REGISTERS_OPTION,
    RULES_OPTION,
    TABLE_FORMAT_OPTION,
    WAIVERS_OPTION,
    UserError,
    as_of_baseline,
    echo_json,
    in_language,
    lang_option,
    load_for_analysis,
    load_model,
    names_in,
    reported,
    resolve_model_path,
    stage,
)


@click.command()
@MODEL_ARGUMENT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="Output format (sarif, junit: for CI).",
)
@lang_option(
    "Names of services and units in Thai and English with messages in English (both), or names and messages in "
    "one language."
)
@click.option("--goal", "goals", multiple=True, metavar="O1..O7", help="Check only this outcome (repeatable).")
@click.option(
    "--fail-on",
    type=click.Choice(["fail", "warn", "unknown", "never"]),
    default="fail",
    show_default=True,
    help="Exit 1 when a finding is at or above this verdict (fail > warn > unknown). Given explicitly, a "
    "model with no citizen service to check exits 1 too.",
)
@click.option(
    "--plateau",
    metavar="ID",
    help="Check the model as of this Plateau (id or name). Default: the baseline, when the model has a migration plan.",
)
@click.option("--whole-model", is_flag=True, help="Check every concept, ignoring plateaus.")
@AS_OF_OPTION
@click.option("-v", "--verbose", is_flag=True, help="Text output: also list passes and the evidence ids.")
@click.option("--by-unit", is_flag=True, help="Text output: the scorecard per accountable unit instead of per service.")
@click.option("--summary", is_flag=True, help="Text output: only the scorecard (services per outcome and verdict).")
@WAIVERS_OPTION
@RULES_OPTION
@HORIZON_OPTION
@NO_REGISTERS_OPTION
def check(model: str | None, fmt: str, lang: str, goals: tuple[str, ...], fail_on: str, **o) -> None:
    """Check every citizen service against the seven outcomes of the Digital Government Act B.E. 2562.

    O1 better services, O2 one-stop service, O3 no copies of official documents, O4 open data,
    O5 Digital ID, O6 e-Payment, O7 lower fees on digital channels. The criteria are data
    (catalog/dga/criteria.yaml); the modelling they read is docs/modeling-conventions.md. Each finding
    is pass, fail, warn, info or unknown (the model does not say), with its evidence ids and remedy.
    Exit 1 when a finding reaches --fail-on, so the check can gate a pipeline; a finding a waiver in
    governance/waivers.yaml covers does not gate until the waiver expires (docs/governance.md).
    """
    from ea_model.compliance import check_model, format_scorecard, format_table, format_unit_scorecards

    today = o["as_of"]
    m, lang = in_language(load_model(model), lang, first="en")  # both: the messages in English, as before
    said = "ea: note: checked as of the baseline plateau {name} ({id})"
    plateau = as_of_baseline(m, o["plateau"], o["whole_model"], lang, said)
    catalog = governance.check_catalog(o["rule_files"])  # the DGA catalog, plus the office's --rules
    with reported():
        wanted = [g.upper() for g in goals] or None
        result = check_model(m, goals=wanted, catalog=catalog, plateau=plateau, today=today)

    def text() -> str:
        if o["by_unit"]:
            return format_unit_scorecards(result, lang)
        if o["summary"]:
            return "\n".join(format_scorecard(result, lang))
        return format_table(result, lang, verbose=o["verbose"])

    # waivers, lifecycle findings and the output formats: ea_cli/governance.py
    gating = governance.finish_check(
        m,
        resolve_model_path(model),
        result,
        fmt=fmt,
        lang=lang,
        fail_on=fail_on,
        as_of=today,
        text=text,
        governance_text=not o["summary"],
        waivers_path=o["waivers_path"],
        horizon=o["horizon"],
        no_registers=o["no_registers"],
    )
    if not result.services:
        click.echo(
            "ea: note: the model has no citizen services to check (a BusinessService serving a BusinessRole "
            "with party=citizen or business: docs/modeling-conventions.md §1)",
            err=True,
        )
        explicit = click.get_current_context().get_parameter_source("fail_on") != ParameterSource.DEFAULT
        if explicit and fail_on != "never":
            sys.exit(EXIT_FINDINGS)
    if gating:
        sys.exit(EXIT_FINDINGS)


@click.command()
@click.argument("models", nargs=-1, metavar="[MODEL | BASELINE TARGET]", type=click.Path(dir_okay=True))
@click.option("--baseline", metavar="PLATEAU", help="The baseline plateau of MODEL (id or name, Thai or English).")
@click.option("--target", metavar="PLATEAU", help="The target plateau of MODEL (id or name).")
@click.option("--emit", type=click.Path(dir_okay=False), help="Also write the model with Gap elements to this file.")
@click.option("--show-kept", is_flag=True, help="Text output: list the kept elements too, not only their number.")
@click.option("--compliance/--no-compliance", default=True, show_default=True, help="Include the DGA compliance delta.")
@click.option("--fail-on-dangling", is_flag=True, help="Exit 1 when an eliminated element is still needed.")
@FORMAT_OPTION
@LANG_OPTION
def gap(models: tuple[str, ...], baseline: str | None, target: str | None, emit: str | None, **o) -> None:
    """Gap analysis (the TOGAF gap matrix) between a baseline and a target architecture.

    Either two plateaus of one model (ea gap MODEL --baseline NAME --target NAME; MODEL defaults to
    the bundled BMA model) or two files (ea gap BASELINE.xml TARGET.xml; elements matched by id,
    then by type and name). Per layer: kept, changed (name, properties, relationships), new and
    eliminated elements, and the eliminated elements that something kept still depends on. Then the
    compliance delta: per Digital Government Act outcome, the services whose gaps the target closes,
    keeps or opens. --emit writes the model back with ArchiMate Gap elements associated with both
    plateaus and the elements concerned, to open in Archi.
    """
    from ea_model.gap import render_gap_text

    names = names_in(o["lang"])
    if len(models) > 2:
        raise UserError("give one MODEL (with --baseline and --target) or two files: BASELINE TARGET")
    if emit and any(Path(emit).resolve() == Path(m).resolve() for m in models):
        raise UserError(f"--emit {emit} would overwrite an input model; give another file")
    with reported():
        report = _gap_report(models, baseline, target)
        if o["compliance"]:
            from catalog import load_dga_catalog
            from ea_model.gap import attach_compliance_delta

            stage("running the DGA check on both sides")
            attach_compliance_delta(report, names, catalog=load_dga_catalog())
    if o["fmt"] == "json":
        echo_json(report.as_json(names))
    else:
        click.echo(render_gap_text(report, names, show_kept=o["show_kept"]), nl=False)
    if emit:
        _emit_gaps(report, emit)
    if o["fail_on_dangling"] and any(not d.resolved for d in report.dangling()):
        sys.exit(EXIT_FINDINGS)


def _gap_report(models: tuple[str, ...], baseline: str | None, target: str | None):
    """The gap report `ea gap` shows: between two files, or two plateaus of one model (default: its plan's)."""
    from ea_model.gap import gap_between_models, gap_between_plateaus
    from ea_model.plateaus import baseline_and_target, plateaus

    if len(models) == 2:
        if baseline or target:
            raise UserError("--baseline/--target name plateaus of one MODEL; of two files, the first is the baseline")
        stage("reading the two models")
        before, after = load_for_analysis(models[0]), load_for_analysis(models[1])
        stage("comparing")
        return gap_between_models(before, after, Path(models[0]).name, Path(models[1]).name)
    m = load_for_analysis(models[0] if models else None)
    if not (baseline and target):
        plan = baseline_and_target(m)
        if plan is None:
            known = ", ".join(f"{p.id} ({ea_model.text_in(p.name)})" for p in plateaus(m)) or "none"
            raise UserError(f"name the plateaus to compare with --baseline and --target (plateaus: {known})")
        baseline, target = baseline or plan[0], target or plan[1]
    stage("comparing the plateaus")
    return gap_between_plateaus(m, baseline, target)


def _emit_gaps(report, out: str) -> None:
    from ea_model.gap import emit_gaps
    from exporters import write_model

    with reported(out):
        gaps = emit_gaps(report)
        not_carried = write_model(report.target.model, out)
    click.echo(f"wrote {out}: {len(gaps)} Gap elements", err=True)
    for note in not_carried:
        click.echo(f"not carried: {note}", err=True)


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="[MODEL] ELEMENT")
@click.option("--depth", type=click.IntRange(min=0), help="Follow dependencies at most this many steps.")
@FORMAT_OPTION
@LANG_OPTION
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
    m = load_for_analysis(model_path)
    with reported():
        result = impact_of(m, key, depth=depth)
    records = governance.impact_decisions(resolve_model_path(model_path), result.element.id)  # decision records
    if fmt == "json":
        echo_json({**result.as_json(m, names_in(lang)), "decisions": [r.model_dump(mode="json") for r in records]})
    else:
        click.echo(render_impact_text(result, m, names_in(lang)), nl=False)
        for r in records:
            click.echo(f"decision {r.id} ({r.date}, {r.status}): {r.title}  [{r.file}]")


@click.command()
@MODEL_ARGUMENT
@click.option("--all-services", is_flag=True, help="Trace every BusinessService, not only the citizen-facing ones.")
@click.option("--strict", is_flag=True, help="Exit 1 when a service has no strategic link.")
@FORMAT_OPTION
@LANG_OPTION
def trace(model: str | None, all_services: bool, strict: bool, fmt: str, lang: str) -> None:
    """Trace each service to the BMA strategies ("9 ด้าน 9 ดี") and the National Strategy pillars.

    Lists, per service, the strategy Goals it realizes (directly or through outcomes and courses of
    action) and the pillars they influence; then the services with no strategic link, the
    strategies no service is behind, and the BMA strategies tied to no pillar (convention 10).
    """
    from catalog import load_dga_catalog, strategy_kinds
    from ea_model.traceability import render_trace_text
    from ea_model.traceability import trace as trace_model

    m = load_for_analysis(model)
    with reported():
        result = trace_model(m, all_services, catalog=load_dga_catalog(), strategy_kinds=strategy_kinds())
    if fmt == "json":
        echo_json(result.as_json(m, names_in(lang)))
    else:
        click.echo(render_trace_text(result, m, names_in(lang)), nl=False)
    if strict and result.unlinked_services:
        sys.exit(EXIT_FINDINGS)


@click.command()
@MODEL_ARGUMENT
@click.option("--since", metavar="DATE", help="Only the commits since this date (anything git log --since takes).")
@click.option("--rev", metavar="A..B", help="Only the commits in this revision range (as git log takes it).")
@click.option("--goal", "goals", multiple=True, metavar="O1..O7", help="Only this outcome (repeatable).")
@FORMAT_OPTION
@AS_OF_OPTION
def trend(model: str | None, since: str | None, rev: str | None, goals: tuple[str, ...], fmt: str, as_of) -> None:
    """The Digital Government Act scorecard per revision of MODEL, from its git history.

    Every commit that touched the file (renames followed), oldest first, or those --since a date or
    in a --rev range. Each revision is checked as of its baseline plateau when it has a migration
    plan, else whole; per outcome, the services that fail, warn, are unknown and pass. MODEL defaults
    to the bundled BMA model; it must be a committed file in a git work tree.
    """
    from catalog import load_dga_catalog
    from ea_model.trend import check_revisions, format_trend_table
    from exporters.history import model_history

    path = resolve_model_path(model)
    with reported(path):
        wanted = [g.upper() for g in goals] or None
        stage(f"reading the history of {path}")
        result = check_revisions(
            model_history(path, since=since, rev=rev), catalog=load_dga_catalog(), goals=wanted, today=as_of
        )
    if fmt == "json":
        echo_json(result.to_json())
    else:
        click.echo(format_trend_table(result), nl=False)


@click.command()
@MODEL_ARGUMENT
@click.option(
    "--kind",
    type=click.Choice(["services-outcomes", "departments-outcomes", "applications-services"]),
    default="services-outcomes",
    show_default=True,
    help="Which matrix: service verdicts per DGA outcome, services per verdict per department and outcome, "
    "or the application elements that serve each citizen service.",
)
@TABLE_FORMAT_OPTION
@lang_option("Names of rows and columns in Thai and English side by side (both), or in one language.")
@click.option(
    "--plateau",
    metavar="ID",
    help="As of this Plateau (id or name). Default: the baseline, when the model has a migration plan.",
)
@click.option("--whole-model", is_flag=True, help="Every concept, ignoring plateaus.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@AS_OF_OPTION
def matrix(model: str | None, kind: str, fmt: str, lang: str, **o) -> None:
    """Heatmaps and relationship matrices: services × outcomes, departments × outcomes, applications × services.

    The verdicts are those of `ea check` as of the same plateau; departments are the units that own the
    services (convention 2); an application serves a service through a Serving to it or to its process
    (●), or is the component behind such an element (○). CSV is UTF-8 with a byte-order mark, so that
    Excel reads the Thai names.
    """
    from catalog import load_dga_catalog
    from ea_model.matrices import (
        applications_services,
        departments_outcomes,
        matrix_csv,
        matrix_json,
        matrix_text,
        services_outcomes,
    )
    from exporters.atomic import atomic_write_text
    from exporters.report.org import service_departments

    m = load_model(model)
    plateau = as_of_baseline(
        m, o["plateau"], o["whole_model"], names_in(lang) or "en", "ea: note: as of the baseline plateau {name} ({id})"
    )
    catalog = load_dga_catalog()
    with reported():
        if kind == "applications-services":
            result = applications_services(m, catalog=catalog, plateau=plateau)
        else:
            result = services_outcomes(m, catalog=catalog, plateau=plateau, today=o["as_of"])
            if kind == "departments-outcomes":
                result = departments_outcomes(result, service_departments(m, catalog, [r.id for r in result.rows]))
    if fmt == "csv":
        text = matrix_csv(result, lang)
    elif fmt == "json":
        text = json.dumps(matrix_json(result, lang), ensure_ascii=False, indent=2) + "\n"
    else:
        text = matrix_text(result, lang)
    if o["out"]:
        with reported(o["out"]):
            atomic_write_text(Path(o["out"]), text)
        click.echo(f"wrote {o['out']}: {len(result.rows)} rows × {len(result.columns)} columns", err=True)
    else:
        click.echo(text, nl=False)
