"""The report's Matrices page: the three matrices of `ea_model.matrices` as sortable, filterable tables,
each cell coloured and marked with a symbol, and each matrix beside it as a CSV file to download."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ea_model.compliance.evaluation import GOAL_VERDICTS
from ea_model.matrices import (
    Axis,
    Matrix,
    applications_services,
    cell_symbol,
    departments_outcomes,
    matrix_csv,
    verdict_matrix,
)
from exporters.atomic import atomic_write_text
from exporters.report.data import ReportData

# the worse a department's cell, the higher it sorts: fails count most
_WEIGHT = {"fail": 10000, "warn": 100, "unknown": 1, "pass": 0, "n/a": 0}


@dataclass
class MatrixTable:
    key: str  # the matrix kind
    csv: str  # the CSV file beside the page
    matrix: Matrix
    columns: list[Axis]
    rows: list[dict[str, Any]]


def matrix_tables(data: ReportData) -> list[MatrixTable]:
    """The three matrices as of today (the baseline plateau when there is one)."""
    today = data.today
    verdicts = verdict_matrix(today.result, data.catalog)
    owners = {s.id: [Axis(d.id, d.name, "BusinessActor") for d in s.departments] for s in data.services}
    plateau = today.plateau.id if today.plateau is not None else None
    matrices = [
        verdicts,
        departments_outcomes(verdicts, owners),
        applications_services(data.model, catalog=data.catalog, plateau=plateau),
    ]
    return [_table(m) for m in matrices]


def write_matrix_csv(table: MatrixTable, out: Path, lang: str) -> Path:
    path = out / table.csv
    atomic_write_text(path, matrix_csv(table.matrix, lang))
    return path


def _table(matrix: Matrix) -> MatrixTable:
    rows = []
    for row in matrix.rows:
        cells = []
        for column in matrix.columns:
            value = matrix.cell(row.id, column.id)
            cells.append(_cell(value))
        rows.append({"axis": row, "cells": cells})
    return MatrixTable(matrix.kind, f"matrix-{matrix.kind}.csv", matrix, matrix.columns, rows)


def _cell(value: str | dict[str, int] | None) -> dict[str, Any]:
    if value is None:
        return {"css": "", "symbol": "", "sort": "", "title": ""}
    if isinstance(value, dict):
        worst = next((v for v in GOAL_VERDICTS if value.get(v)), "n/a")
        score = sum(_WEIGHT[v] * n for v, n in value.items())
        title = ", ".join(f"{v} {n}" for v, n in value.items() if n)
        return {"css": f"v-{worst.replace('/', '')}", "symbol": cell_symbol(value), "sort": str(score), "title": title}
    if value in _WEIGHT:
        return {
            "css": f"v-{value.replace('/', '')}",
            "symbol": cell_symbol(value),
            "sort": str(_WEIGHT[value]),
            "title": value,
        }
    return {
        "css": f"link-{value}",
        "symbol": cell_symbol(value),
        "sort": "2" if value == "serving" else "1",
        "title": value,
    }
