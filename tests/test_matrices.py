"""Heatmaps and matrices (`ea matrix`, the report's Matrices page): cells are the `ea check` verdicts,
department counts add up, and applications × services follows the drawn Serving relationships."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from compliance_builder import ServiceModel

from catalog import bundled_model_path, load_dga_catalog
from cli import main
from ea_model.compliance import check_model
from ea_model.matrices import (
    NO_DEPARTMENT,
    Axis,
    applications_services,
    departments_outcomes,
    matrix_csv,
    matrix_json,
    services_outcomes,
)
from exporters import read_model

CATALOG = load_dga_catalog()


@pytest.fixture(scope="module")
def bma():
    return read_model(bundled_model_path())


def small() -> tuple[ServiceModel, dict[str, str]]:
    b = ServiceModel()
    permit = b.service("Permit")
    licence = b.service("Licence")
    b.owner(permit, "BMA")
    proc = b.process(permit)
    oss = b.application("BMA OSS")
    web = b.channel(permit, "web", component=oss)
    backend = b.application("Back office")
    b.relate("Serving", backend, proc)
    b.counter(licence)
    return b, {"permit": permit, "licence": licence, "oss": oss, "web": web, "backend": backend, "proc": proc}


def test_services_outcomes_cells_are_the_check_verdicts(bma):
    result = check_model(bma, catalog=CATALOG, plateau="id-plateau-baseline")
    matrix = services_outcomes(bma, catalog=CATALOG, plateau="id-plateau-baseline")
    assert [r.id for r in matrix.rows] == [s.id for s in result.services]
    assert [c.id for c in matrix.columns] == result.goals
    for s in result.services:
        for g in result.goals:
            assert matrix.cell(s.id, g) == result.goal_verdict(s.id, g)


def test_cli_json_matches_ea_check_json(bma):
    runner = CliRunner()
    check = runner.invoke(main, ["check", "--format", "json", "--fail-on", "never"])
    out = runner.invoke(main, ["matrix", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    checked = json.loads(check.stdout)
    verdicts = {(s["id"], g): v for s in checked["services"] for g, v in s["goals"].items()}
    cells = {(r["id"], g): v for r in data["rows"] for g, v in r["cells"].items()}
    assert cells == verdicts


def test_department_counts_add_up(bma):
    services = services_outcomes(bma, catalog=CATALOG, plateau="id-plateau-baseline")
    result = CliRunner().invoke(main, ["matrix", "--kind", "departments-outcomes", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["rows"]) > 3
    for row in data["rows"]:
        sums = {sum(counts.values()) for counts in row["cells"].values()}
        assert len(sums) == 1  # every outcome counts the department's services once
    # without shared ownership, the departments' services are all the services, each once
    owners = {s.id: [Axis(f"d{n % 3}", {"en": f"Dept {n % 3}"})] for n, s in enumerate(services.rows) if n % 4}
    matrix = departments_outcomes(services, owners)
    for g in (c.id for c in services.columns):
        total = sum(sum(matrix.cell(r.id, g).values()) for r in matrix.rows)
        assert total == len(services.rows)
    assert NO_DEPARTMENT in [r.id for r in matrix.rows]


def test_department_cell_counts_verdicts_on_a_small_model():
    b, ids = small()
    services = services_outcomes(b.model, catalog=CATALOG)
    owners = {ids["permit"]: [Axis("bma", {"en": "BMA"})], ids["licence"]: [Axis("bma", {"en": "BMA"})]}
    matrix = departments_outcomes(services, owners)
    for c in services.columns:
        expected = {services.cell(ids["permit"], c.id), services.cell(ids["licence"], c.id)}
        counted = {v for v, n in matrix.cell("bma", c.id).items() if n}
        assert counted == expected


def test_applications_services_follows_the_drawn_serving_relationships():
    b, ids = small()
    matrix = applications_services(b.model, catalog=CATALOG)
    assert {c.id for c in matrix.columns} == {ids["permit"], ids["licence"]}
    assert matrix.cell(ids["web"], ids["permit"]) == "serving"  # channel Serving → service
    assert matrix.cell(ids["backend"], ids["permit"]) == "serving"  # Serving → its process
    assert matrix.cell(ids["oss"], ids["permit"]) == "component"  # the component behind the channel
    assert not [r for r in matrix.rows if matrix.cell(r.id, ids["licence"])]  # counter only
    assert {r.id for r in matrix.rows} == {ids["web"], ids["backend"], ids["oss"]}


def test_csv_has_a_bom_and_thai_names(bma):
    result = CliRunner().invoke(main, ["matrix", "--format", "csv", "--lang", "th"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "name", "type"] and rows[0][3:] == ["O1", "O2", "O3", "O4", "O5", "O6", "O7"]
    assert any("ใบอนุญาต" in r[1] for r in rows[1:])


def test_csv_to_a_file_and_every_kind(tmp_path):
    runner = CliRunner()
    for kind in ("services-outcomes", "departments-outcomes", "applications-services"):
        out = tmp_path / f"{kind}.csv"
        result = runner.invoke(main, ["matrix", "--kind", kind, "--format", "csv", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        text = runner.invoke(main, ["matrix", "--kind", kind])
        assert text.exit_code == 0 and text.stdout.strip()


def test_json_and_csv_agree_on_a_small_model():
    b, ids = small()
    matrix = applications_services(b.model, catalog=CATALOG)
    data = matrix_json(matrix)
    rows = list(csv.reader(io.StringIO(matrix_csv(matrix).lstrip("\ufeff"))))
    assert len(rows) == len(data["rows"]) + 1
