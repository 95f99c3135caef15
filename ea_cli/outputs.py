"""Commands that write outputs: `ea review` (the main job), `ea diagram`, `ea layout`, `ea report`, `ea roadmap`."""

from __future__ import annotations

import contextlib

import click

from ea_cli import governance
from ea_cli.common import (
    AS_OF_OPTION,
    FORMAT_OPTION,
    KEEP_FROM_OPTION,
    MODEL_ARGUMENT,
    BarProgress,
    as_of_baseline,
    echo_json,
    file_progress,
    in_language,
    lang_option,
    load_model,
    names_in,
    reported,
    resolve_model_path,
    step_progress,
)
from ea_model.naming import counted, display_name


@click.command()
@MODEL_ARGUMENT
@click.option(
    "--out",
    "out_dir",
    default="review",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the review pack to.",
)
@click.option(
    "--pdf",
    "pdf",
    metavar="OUT.pdf",
    type=click.Path(dir_okay=False),
    help="Also print the review pack to one PDF (A4): executive summary, a page per service, gap, roadmap.",
)
@lang_option(
    "Names in Thai and English, Thai first (both), or in one language only (th, en). The page's own words stay "
    "bilingual."
)
@FORMAT_OPTION
@AS_OF_OPTION
def review(model: str | None, out_dir: str, pdf: str | None, lang: str, fmt: str, as_of) -> None:
    """The main job: the governance review pack for a model (the bundled BMA model by default).

    Validates the model, checks every citizen service against the seven Digital Government Act
    outcomes (for the baseline and the target plateau when the model has a migration plan),
    compares baseline and target, traces services to strategies, draws the review diagrams and
    writes the governance report. Prints a short summary; the files land in --out.

    --pdf OUT.pdf prints the pack with headless Chromium to one PDF, a page per section: the executive
    summary, each citizen service with its diagrams, the gap matrix, the roadmap (Thai fonts embedded).
    """
    from catalog import load_dga_catalog, strategy_kinds
    from ea_model.review import format_review_summary
    from exporters.report.pack import format_governance_note, write_review_pack

    if pdf is not None:
        from exporters.chromium import chromium_path

        with reported():
            chromium_path()  # before the review: a missing Chromium says how to install it, and nothing is written
    m, lang = in_language(load_model(model), lang)
    registers = governance.report_registers(m, resolve_model_path(model), as_of)  # governance/ beside the model
    printing = BarProgress("PDF")
    with reported(out_dir), contextlib.closing(printing):
        dga = load_dga_catalog()
        summary = write_review_pack(
            m,
            out_dir,
            catalog=dga,
            strategy_kinds=strategy_kinds(),
            lang=lang,
            progress=step_progress,
            today=as_of,
            governance=registers,
            pdf=pdf,
            pdf_progress=printing,
        )
    if fmt == "json":
        echo_json(summary.as_json())
    else:
        click.echo(format_review_summary(summary, out_dir, lang, catalog=dga))
        if pdf is not None:
            click.echo(f"review pack PDF: {summary.files['pdf']}")
        if registers is not None:
            click.echo(format_governance_note(registers, out_dir))


@click.command()
@MODEL_ARGUMENT
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write the diagrams to."
)
@click.option("--service", "services", multiple=True, metavar="ID", help="Only this service (repeatable).")
@click.option("--view", "views", multiple=True, metavar="ID", help="Render this ArchiMate view (repeatable).")
@click.option("--all-views", is_flag=True, help="Render every view of the model.")
@click.option("--relayout", is_flag=True, help="Lay views out anew instead of using their own coordinates.")
@KEEP_FROM_OPTION
@click.option("--landscape", is_flag=True, help="The application landscape by department (with a selection).")
@click.option("--strategy-map", is_flag=True, help="The strategy map (with a selection).")
@click.option(
    "--legend", is_flag=True, help="The notation key: every ArchiMate element type as drawn (notation.<format>)."
)
@click.option("--format", "image_format", type=click.Choice(["svg", "png", "pdf"]), default="svg", show_default=True)
@lang_option("Element names in Thai and English, Thai first (both), or in one language only (th, en).")
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True, help="Graphviz processes at a time.")
@click.option(
    "--plateau",
    metavar="ID",
    help="Draw the architecture as of this Plateau (id or name). Default: the baseline, when the model has one.",
)
@click.option("--whole-model", is_flag=True, help="Draw every concept, ignoring plateaus.")
def diagram(model: str | None, out_dir: str, **o) -> None:
    """Governance review diagrams in ArchiMate notation, drawn with Graphviz.

    With no selection: one diagram per citizen service (everything that serves it, layer by layer,
    with its DGA outcome verdicts O1-O7), the application landscape by department, and the strategy
    map. Thai and English labels side by side. Prints each file written. --legend draws the key to the
    notation (every element type's box, colour and icon) as notation.<format>. --keep-from OLD lays the
    views out anew (as --relayout) keeping the positions OLD's views had, so a view under review
    does not reshuffle between meetings.
    """
    import time

    from exporters.diagrams import Diagram, notation_key, render_all, review_diagrams

    m, o["lang"] = in_language(load_model(model), o["lang"])
    old = load_model(o["keep_from"]) if o["keep_from"] else None
    started = time.monotonic()
    with reported(out_dir):
        m = _as_of_plateau(m, o["plateau"], o["whole_model"], o["lang"])
        view_ids = [v.id for v in m.views] if o["all_views"] else list(o["views"])
        everything = not (o["services"] or view_ids or o["landscape"] or o["strategy_map"] or o["legend"])
        todo = review_diagrams(
            m,
            lang=o["lang"],
            service_ids=None if everything else o["services"],
            view_ids=view_ids,
            relayout=o["relayout"] or old is not None,
            keep_from=old,
            landscape=everything or o["landscape"],
            strategy=everything or o["strategy_map"],
        )
        if o["legend"]:
            todo.append(Diagram("notation", lambda: notation_key(lang=o["lang"])))
        written = render_all(todo, out_dir, fmt=o["image_format"], jobs=o["jobs"], progress=file_progress)
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} diagrams in {out_dir} ({time.monotonic() - started:.1f} s)", err=True)


def _as_of_plateau(m, plateau: str | None, whole_model: bool, lang: str):
    """The model as of `plateau` (default: the baseline of a model with a migration plan), saying so on stderr."""
    from ea_model.plateaus import find_plateau, plateau_model

    plateau = as_of_baseline(m, plateau, whole_model, lang, "ea: note: as of the baseline plateau {name}")
    return m if plateau is None or whole_model else plateau_model(m, find_plateau(m, plateau).id)


@click.command()
@click.argument("model", type=click.Path(dir_okay=True))
@click.argument("out", type=click.Path(dir_okay=True))
@click.option("--view", "views", multiple=True, metavar="ID", help="Lay out this view (repeatable), drawn or not.")
@click.option("--all", "all_views", is_flag=True, help="Lay out every view, hand-drawn ones too.")
@click.option("--generate", is_flag=True, help="Add a laid-out review view per citizen service (or per --service).")
@click.option("--service", "services", multiple=True, metavar="ID", help="With --generate: only this service.")
@click.option("--flat", is_flag=True, help="Do not stack elements in ArchiMate's layer order.")
@KEEP_FROM_OPTION
@FORMAT_OPTION
@lang_option(
    "The view names listed, and what OUT keeps of a name when it is .archimate or CSV (as ea convert --lang); "
    "an .xml OUT keeps every language."
)
def layout(
    model: str,
    out: str,
    views: tuple[str, ...],
    all_views: bool,
    generate: bool,
    services: tuple[str, ...],
    flat: bool,
    keep_from: str | None,
    fmt: str,
    lang: str,
) -> None:
    """Lay out views automatically with Graphviz and write the model with the new coordinates.

    Every view that has no layout of its own (all its nodes at one position, as tools that export
    no diagram write it), each --view, or with --all every view, gets new node bounds (nested nodes
    inside their parents) and connection bendpoints, so it opens laid out in Archi; hand-drawn views
    are left as drawn. --generate adds a layered view per
    citizen service instead (existing views untouched unless named with --view). OUT's format
    follows its extension (.xml exchange, .archimate, CSV folder).

    --keep-from OLD (the output of a previous run) keeps its positions: in each view OLD also has,
    nodes of elements OLD's view shows keep their bounds and connections between them their
    bendpoints; new nodes go below the kept ones (or below the kept children of their kept parent),
    so adding or removing an element moves nothing else. Without --view/--all it lays out the
    views OLD has and the views with no layout of their own.
    """
    from exporters import write_model
    from exporters.diagrams import citizen_service_ids, generate_service_views, layout_views, needs_layout

    m = load_model(model)
    old = load_model(keep_from) if keep_from else None
    with reported(out):
        laid_out = []
        if views or all_views:
            laid_out += layout_views(m, None if all_views else list(views), layered=not flat, keep_from=old)
        elif not generate:
            previous = {v.id for v in old.views} if old is not None else set()
            undrawn = [v.id for v in m.views if needs_layout(v) or v.id in previous]
            if undrawn:
                laid_out += layout_views(m, undrawn, layered=not flat, keep_from=old)
            else:
                click.echo("note: every view is drawn already; --all lays them out anew, --view ID one", err=True)
        if generate:
            wanted = list(services) or citizen_service_ids(m)
            if not wanted:
                click.echo(
                    "note: the model has no citizen services (a BusinessService serving a role with "
                    "party=citizen|business) to generate views for",
                    err=True,
                )
            laid_out += generate_service_views(m, wanted, keep_from=old)
        lost = write_model(m, out, lang=lang)
    summary = [
        {
            "view": v.id,
            "name": display_name(v.name, names_in(lang)),
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


@click.command()
@MODEL_ARGUMENT
@click.option(
    "--out", "out_dir", required=True, type=click.Path(), help="Folder to write the site to (created when missing)."
)
@lang_option(
    "Names in Thai and English, Thai first (both), or in one language only (th, en). The page's own words stay "
    "bilingual."
)
@click.option("--baseline", metavar="PLATEAU", help="Plateau shown as today (id or name; default: from the plan).")
@click.option("--target", metavar="PLATEAU", help="Plateau shown as planned (id or name; default: from the plan).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Graphviz processes at a time [CPU count].")
@FORMAT_OPTION
@AS_OF_OPTION
def report(
    model: str | None,
    out_dir: str,
    lang: str,
    baseline: str | None,
    target: str | None,
    jobs: int | None,
    fmt: str,
    as_of,
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

    m, lang = in_language(load_model(model), lang)
    registers = governance.report_registers(m, resolve_model_path(model), as_of)  # governance/ beside the model
    with reported(out_dir):
        index = write_report(
            m,
            out_dir,
            lang=lang,
            progress=file_progress,
            baseline=baseline,
            target=target,
            jobs=jobs,
            today=as_of,
            governance=registers,
        )
    if fmt == "json":
        echo_json({"index": str(index), "out": out_dir})
    else:
        click.echo(str(index))


@click.command()
@MODEL_ARGUMENT
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Draw the timeline to this file (.svg, .png or .pdf); without it, list the roadmap.",
)
@lang_option(
    "Names in Thai and English (both: side by side in the text and JSON, Thai first on the timeline), or in one "
    "language only."
)
@FORMAT_OPTION
@AS_OF_OPTION
def roadmap(model: str | None, out: str | None, lang: str, fmt: str, as_of) -> None:
    """The migration roadmap: plateaus and work packages on a timeline, with the citizen services each
    work package moves and the DGA gaps the target closes for them.

    A work package's place on the timeline is its `start` and `end` properties (YYYY-MM-DD,
    docs/modeling-conventions.md §11); one without them is listed as such, never placed by guess.
    """
    from catalog import load_dga_catalog
    from ea_model.roadmap import render_roadmap_text
    from ea_model.roadmap import roadmap as build_roadmap

    m, first = in_language(load_model(model), lang)
    with reported():
        plan = build_roadmap(m, catalog=load_dga_catalog(), today=as_of)
    if out:
        from exporters.diagrams.roadmap import write_roadmap

        with reported(out):
            write_roadmap(plan, out, first)
        click.echo(f"wrote {out}: {counted(len(plan.work_packages), 'work package')}", err=True)
    elif fmt == "json":
        echo_json(plan.as_json(lang))
    else:
        click.echo(render_roadmap_text(plan, lang), nl=False)
    for wp in plan.undated:
        click.echo(f"ea: note: work package {wp.id} is not on the timeline: {'; '.join(wp.problems)}", err=True)
