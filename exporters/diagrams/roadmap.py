"""The roadmap as a timeline (Gantt-like): a row per work package, its bar from `start` to `end`, the
baseline plateau at the left and the target at the right, the citizen services it moves and the gaps
closed for them under its name. Graphviz draws it with pinned positions (`neato`, `pos="x,y!"`), so
the same picture comes out as SVG, PNG or PDF. Work packages without dates sit in a last row, marked.

    >>> from ea_model.roadmap import roadmap
    >>> write_roadmap(roadmap(model, catalog=catalog), "roadmap.svg")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import graphviz

from ea_model.roadmap import Roadmap, WorkPackageEntry
from ea_model.text_wrap import wrap_label
from exporters.diagrams.labels import bilingual, esc
from exporters.diagrams.notation import FONT, FONT_SIZE, SMALL_FONT_SIZE, fill_of
from exporters.diagrams.rendering import render

__all__ = ["roadmap_graph", "write_roadmap"]

INCH_PER_YEAR = 2.6
ROW = 1.0  # inches between rows
LABEL_X = -3.1  # the centre of the name column, left of the timeline
BAR_HEIGHT = 0.42
_BE = 543  # Buddhist Era = Common Era + 543


def write_roadmap(plan: Roadmap, path: str | os.PathLike, lang: str = "th") -> Path:
    """Draw the roadmap to `path` (.svg, .png or .pdf)."""
    return render(roadmap_graph(plan, lang), path)


def roadmap_graph(plan: Roadmap, lang: str = "th") -> graphviz.Digraph:
    g = graphviz.Digraph("roadmap", engine="neato")
    g.attr(fontname=FONT, fontsize=str(FONT_SIZE), splines="false", outputorder="edgesfirst")
    g.attr("node", fontname=FONT, fontsize=str(FONT_SIZE), margin="0.05,0.02")
    span = plan.span or (dt.date.today(), dt.date.today())
    first, last = span[0].year, span[1].year
    width = (last - first + 1) * INCH_PER_YEAR

    def x_of(day: dt.date) -> float:
        start = dt.date(first, 1, 1)
        return (day - start).days / 365.25 * INCH_PER_YEAR

    dated = [w for w in plan.work_packages if w.dated]
    undated = [w for w in plan.work_packages if not w.dated]
    rows = len(dated) + (1 if undated else 0)
    top = 0.8
    bottom = -(rows * ROW) - 0.2
    # the years along the top and their gridlines
    for n, year in enumerate(range(first, last + 2)):
        x = n * INCH_PER_YEAR
        g.node(f"tick{year}", "", shape="point", width="0.01", pos=f"{x},{top - 0.25}!", color="#999999")
        g.node(f"foot{year}", "", shape="point", width="0.01", pos=f"{x},{bottom}!", color="#999999")
        g.edge(f"tick{year}", f"foot{year}", color="#cccccc", dir="none", style="dashed")
        if year <= last:
            label = f"<<B>{year}</B><BR/>พ.ศ. {year + _BE}>"
            g.node(f"year{year}", label, shape="plaintext", pos=f"{x + INCH_PER_YEAR / 2},{top}!")
    # the plateaus: baseline at the left, target at the right
    names = dict(plan.plateaus)
    for key, x in ((plan.baseline, -0.55), (plan.target, width + 0.55)):
        if key and key in names:
            primary, secondary = bilingual(names[key], lang)
            label = f"<<B>{esc(primary)}</B>{'<BR/>' + esc(secondary) if secondary else ''}>"
            g.node(
                key,
                label,
                shape="box",
                style="filled",
                fillcolor=fill_of("Plateau"),
                pos=f"{x},{(top + bottom) / 2}!",
                width="0.9",
                height=str(max(top - bottom - 0.4, 0.6)),
                fixedsize="true",
                tooltip=f"Plateau {key}",
            )
    for row, wp in enumerate(dated):
        y = -(row + 0.5) * ROW
        _name_cell(g, wp, y, lang)
        x0, x1 = x_of(wp.start), x_of(wp.end)  # type: ignore[arg-type]
        bar = f"<<FONT POINT-SIZE='{SMALL_FONT_SIZE}'>{wp.start} – {wp.end}</FONT>>"
        g.node(
            f"bar-{wp.id}",
            bar.replace("'", '"'),
            shape="box",
            style="filled,rounded",
            fillcolor=fill_of("WorkPackage"),
            pos=f"{(x0 + x1) / 2},{y}!",
            width=str(max(x1 - x0, 0.3)),
            height=str(BAR_HEIGHT),
            fixedsize="true",
            tooltip=_tooltip(wp, lang),
        )
    if undated:
        y = -(len(dated) + 0.5) * ROW
        lines = [f"{esc(bilingual(w.name, lang)[0])} ({esc('; '.join(w.problems))})" for w in undated]
        label = "<<B>ไม่ระบุวันเริ่มหรือวันสิ้นสุด / no start or end date</B><BR/>" + "<BR/>".join(lines) + ">"
        g.node("undated", label, shape="box", style="dashed", color="#b3261e", pos=f"{width / 2},{y}!")
    if not plan.work_packages:
        g.node("empty", "ไม่มีชุดงาน / no work packages", shape="plaintext", pos="0,0!")
    return g


def _name_cell(g: graphviz.Digraph, wp: WorkPackageEntry, y: float, lang: str) -> None:
    primary, secondary = bilingual(wp.name, lang)
    lines = [f"<B>{esc(line)}</B>" for line in wrap_label(primary, 44)]
    lines += [esc(line) for line in wrap_label(secondary or "", 52) if line]
    closed = sum(len(s.closed) for s in wp.services)
    small = f"{len(wp.services)} บริการ · ปิดช่องว่าง {closed} เกณฑ์ / {len(wp.services)} services · {closed} gaps closed"
    lines.append(f'<FONT POINT-SIZE="{SMALL_FONT_SIZE}">{esc(small)}</FONT>')
    g.node(f"name-{wp.id}", "<" + "<BR/>".join(lines) + ">", shape="plaintext", pos=f"{LABEL_X},{y}!")


def _tooltip(wp: WorkPackageEntry, lang: str) -> str:
    services = [f"{bilingual(s.name, lang)[0]}: {', '.join(s.closed) or '-'}" for s in wp.services]
    return "\n".join([bilingual(wp.name, lang)[0], *services])
