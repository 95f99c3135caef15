"""Heatmaps and relationship matrices over a model, as Sparx EA and BiZZdesign show them.

- `services_outcomes`: each citizen service's verdict per Digital Government Act outcome (the goal
  verdicts `ea check` prints, as of the same plateau).
- `departments_outcomes`: per department, how many of its services have each verdict per outcome. Who
  the department is comes from the caller (`departments`: service id -> its departments), because the
  organisation's unit kinds are catalog data; a service with no department counts under "no department"
  so the counts add up to the services.
- `applications_services`: which application elements serve each citizen service: a `Serving` to the
  service or its processes (`serving`), or the ApplicationComponent behind such a channel or BMA
  application (`component`): the reach through which the DGA checks say a platform serves a service.

    >>> m = services_outcomes(model, catalog=catalog)  # doctest: +SKIP
    >>> m.cell(service_id, "O6")  # doctest: +SKIP
    'fail'
    >>> csv_text = matrix_csv(m, "th")  # doctest: +SKIP

Every matrix is a `Matrix`: rows, columns and cells; `matrix_csv`, `matrix_json` and `matrix_text` write it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.evaluation import GOAL_VERDICTS, ComplianceResult, check_model
from ea_model.compliance.index import APP_TYPES, ModelIndex, plateau_exclusions
from ea_model.model import Model
from ea_model.naming import BOTH, display_name
from ea_model.objects import LangString, text_in

__all__ = [
    "KINDS",
    "NO_DEPARTMENT",
    "Axis",
    "Matrix",
    "applications_services",
    "cell_symbol",
    "departments_outcomes",
    "matrix_csv",
    "matrix_json",
    "matrix_text",
    "services_outcomes",
    "verdict_matrix",
]

KINDS = ("services-outcomes", "departments-outcomes", "applications-services")
NO_DEPARTMENT = "-"
VERDICT_SYMBOL = {"pass": "✔", "warn": "!", "fail": "✘", "unknown": "?", "n/a": "–"}
LINK_SYMBOL = {"serving": "●", "component": "○"}
# The application element types a matrix row can be (events and interactions are not "applications").
_ROW_TYPES = ("ApplicationComponent", "ApplicationService", "ApplicationInterface")


@dataclass(frozen=True)
class Axis:
    """One row or column: its id, its name and (for elements) its ArchiMate type."""

    id: str
    name: LangString
    type: str = ""


@dataclass
class Matrix:
    """Rows × columns; a cell is a verdict or link kind (str), a verdict count ({verdict: n}) or absent."""

    kind: str
    rows: list[Axis]
    columns: list[Axis]
    cells: dict[tuple[str, str], str | dict[str, int]] = field(default_factory=dict)
    plateau: str | None = None

    def cell(self, row: str, column: str) -> str | dict[str, int] | None:
        return self.cells.get((row, column))


def services_outcomes(
    model: Model,
    *,
    catalog: DgaCatalog,
    plateau: str | None = None,
    today: dt.date | None = None,
) -> Matrix:
    """Citizen services × DGA outcomes: the goal verdict of each (fail, warn, unknown, pass, n/a)."""
    return verdict_matrix(check_model(model, catalog=catalog, plateau=plateau, today=today), catalog)


def verdict_matrix(result: ComplianceResult, catalog: DgaCatalog) -> Matrix:
    """`services_outcomes` from a check already run."""
    names = {o.id: {"th": o.name_th, "en": o.name_en} for o in catalog.outcomes}
    out = Matrix(
        "services-outcomes",
        rows=[Axis(s.id, s.name, s.type) for s in result.services],
        columns=[Axis(g, names.get(g, {"en": g})) for g in result.goals],
        plateau=result.plateau,
    )
    for s in result.services:
        for g in result.goals:
            out.cells[(s.id, g)] = result.goal_verdict(s.id, g)
    return out


def departments_outcomes(services: Matrix, departments: Mapping[str, Iterable[Axis]]) -> Matrix:
    """Departments × outcomes from a `services_outcomes` matrix: {verdict: number of services} per cell.

    `departments` maps a service id to the departments that own it (a service owned by two departments
    counts in both); services it leaves out count under `NO_DEPARTMENT`.
    """
    rows: dict[str, Axis] = {}
    members: dict[str, list[str]] = {}
    for service in services.rows:
        units = list(departments.get(service.id, ())) or [
            Axis(NO_DEPARTMENT, {"th": "ไม่ระบุหน่วยงาน", "en": "No department"})
        ]
        for unit in units:
            rows.setdefault(unit.id, unit)
            members.setdefault(unit.id, []).append(service.id)
    out = Matrix(
        "departments-outcomes", rows=list(rows.values()), columns=list(services.columns), plateau=services.plateau
    )
    for unit_id, service_ids in members.items():
        for column in services.columns:
            counts = dict.fromkeys(GOAL_VERDICTS, 0)
            for sid in service_ids:
                counts[str(services.cells[(sid, column.id)])] += 1
            out.cells[(unit_id, column.id)] = counts
    return out


def applications_services(model: Model, *, catalog: DgaCatalog, plateau: str | None = None) -> Matrix:
    """Application elements × citizen services: `serving` (a Serving to the service or one of its
    processes) or `component` (the ApplicationComponent behind such an element)."""
    excluded = plateau_exclusions(model, plateau) if plateau else frozenset()
    index = ModelIndex(model, catalog, excluded=excluded)
    services = index.citizen_services()
    out = Matrix(
        "applications-services", rows=[], columns=[Axis(s.id, s.name, s.type) for s in services], plateau=plateau
    )
    seen: dict[str, Axis] = {}
    for service in services:
        ctx = index.context(service.id)
        anchors = [service.id, *ctx.processes]
        direct = {src for a in anchors for _, src in index.into(a, ("Serving",)) if index.type_of(src) in APP_TYPES}
        for el_id in sorted(ctx.reach):
            el = index.element(el_id)
            if el is None or el.type not in _ROW_TYPES:
                continue
            seen.setdefault(el_id, Axis(el_id, el.name, el.type))
            out.cells[(el_id, service.id)] = "serving" if el_id in direct else "component"
    order = {t: n for n, t in enumerate(_ROW_TYPES)}
    out.rows = sorted(seen.values(), key=lambda a: (order[a.type], text_in(a.name, "en") or a.id))
    return out


# ---- writing -------------------------------------------------------------------------------------


def _name(axis: Axis, lang: str) -> str:
    """The row's or column's name in `lang` (else the other language, else the id); "both": side by side."""
    if lang == BOTH:
        return display_name(axis.name) or axis.id
    return text_in(axis.name, lang) or text_in(axis.name, "en" if lang == "th" else "th") or axis.id


def _flat(matrix: Matrix) -> tuple[list[str], list[list[str]]]:
    """Column headings and one list of cell texts per row (a count cell becomes one column per verdict)."""
    counted = matrix.kind == "departments-outcomes"
    heads = (
        [f"{c.id}:{v}" for c in matrix.columns for v in GOAL_VERDICTS] if counted else [c.id for c in matrix.columns]
    )
    body = []
    for row in matrix.rows:
        values: list[str] = []
        for c in matrix.columns:
            cell = matrix.cell(row.id, c.id)
            if counted:
                values += [str((cell or {}).get(v, 0)) for v in GOAL_VERDICTS]  # type: ignore[union-attr]
            else:
                values.append("" if cell is None else str(cell))
        body.append(values)
    return heads, body


def matrix_csv(matrix: Matrix, lang: str = "en") -> str:
    """The matrix as CSV text beginning with a byte-order mark, so that Excel reads the Thai names."""
    heads, body = _flat(matrix)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["id", "name", "type", *heads] if matrix.rows and matrix.rows[0].type else ["id", "name", *heads])
    for row, values in zip(matrix.rows, body, strict=True):
        lead = [row.id, _name(row, lang), row.type] if row.type else [row.id, _name(row, lang)]
        writer.writerow([*lead, *values])
    return "\ufeff" + buf.getvalue()


def matrix_json(matrix: Matrix, lang: str | None = None) -> dict:
    """The matrix as JSON-ready data: rows and columns with names in both languages, cells per row."""

    def axis(a: Axis) -> dict:
        out = {"id": a.id, "name_th": text_in(a.name, "th"), "name_en": text_in(a.name, "en")}
        if a.type:
            out["type"] = a.type
        if lang:
            out["name"] = _name(a, lang)
        return out

    return {
        "kind": matrix.kind,
        "plateau": matrix.plateau,
        "columns": [axis(c) for c in matrix.columns],
        "rows": [
            {
                **axis(r),
                "cells": {c.id: matrix.cell(r.id, c.id) for c in matrix.columns if matrix.cell(r.id, c.id) is not None},
            }
            for r in matrix.rows
        ],
    }


def cell_symbol(cell: str | dict[str, int] | None) -> str:
    """A cell as a short text that reads without colour: a verdict or link symbol, or the non-zero counts."""
    if cell is None:
        return ""
    if isinstance(cell, dict):
        return " ".join(f"{VERDICT_SYMBOL[v]}{n}" for v, n in cell.items() if n)
    return VERDICT_SYMBOL.get(cell) or LINK_SYMBOL.get(cell) or cell


def matrix_text(matrix: Matrix, lang: str = "en") -> str:
    """A plain-text table: one line per row, the cells as symbols, then the legend."""
    names = [_name(r, lang) for r in matrix.rows]
    width = min(max((len(n) for n in names), default=4), 96 if lang == BOTH else 48)  # both: two names a row
    if not matrix.rows:
        return "(nothing to show: the model has no citizen services, docs/modeling-conventions.md §1)\n"
    heads = [c.id if matrix.kind != "applications-services" else str(n + 1) for n, c in enumerate(matrix.columns)]
    cells = [[cell_symbol(matrix.cell(r.id, c.id)) for c in matrix.columns] for r in matrix.rows]
    col_w = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(heads)]
    lines = ["  ".join([" " * width, *(h.ljust(w) for h, w in zip(heads, col_w, strict=True))]).rstrip()]
    for name, row in zip(names, cells, strict=True):
        lines.append(
            "  ".join([name[:width].ljust(width), *(v.ljust(w) for v, w in zip(row, col_w, strict=True))]).rstrip()
        )
    if matrix.kind == "applications-services":
        lines += ["", *(f"{n + 1}. {_name(c, lang)}" for n, c in enumerate(matrix.columns))]
        lines.append("● serving (Serving to the service or its process)   ○ component behind a serving element")
    else:
        lines.append("")
        lines.append("   ".join(f"{s} {v}" for v, s in VERDICT_SYMBOL.items()))
    return "\n".join(lines) + "\n"
