"""Waivers in `ea check` and `ea validate`: waived findings do not gate, expiry on the boundary day, the
expired and stale waivers reported, --as-of."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from catalog import bundled_model_path
from cli import main
from ea_model.governance.registers import Waiver
from ea_model.governance.waivers import review_waivers


def waiver(wid="W1", criterion="O5-C1", elements=("svc",), granted="2025-01-01", expires="2025-06-30", rule=None):
    selects = {"rule": rule} if rule else {"criterion": criterion}
    selects["elements"] = list(elements) if elements != "all" else "all"
    return Waiver.model_validate(
        {
            "id": wid,
            "selects": selects,
            "justification": {"th": "ไทย", "en": "English"},
            "approved_by": "board",
            "decision": "ADR-1",
            "granted": granted,
            "expires": expires,
        }
    )


@pytest.mark.parametrize(
    ("day", "waived", "rules"),
    [
        (dt.date(2025, 6, 29), {0: "W1"}, []),
        (dt.date(2025, 6, 30), {0: "W1"}, []),  # the expiry day itself is covered
        (dt.date(2025, 7, 1), {}, ["waiver-expired"]),  # the day after: gates again, the waiver reported
        (dt.date(2024, 12, 31), {}, ["waiver-not-in-force"]),
    ],
)
def test_expiry_on_the_boundary_day(day, waived, rules):
    review = review_waivers([("O5-C1", "svc")], [waiver()], day)
    assert review.waived == waived
    assert [f.rule for f in review.findings] == rules


def test_a_waiver_that_selects_nothing_is_stale_and_all_selects_every_element():
    review = review_waivers([("O5-C1", "svc"), None], [waiver(elements=("other",))], dt.date(2025, 3, 1))
    assert review.waived == {} and [f.rule for f in review.findings] == ["waiver-stale"]
    review = review_waivers(
        [("O5-C1", "a"), ("O5-C1", "b"), ("O6-C1", "a")], [waiver(elements="all")], dt.date(2025, 3, 1)
    )
    assert review.waived == {0: "W1", 1: "W1"} and review.findings == []
    assert review.as_json(0)["days_left"] == (dt.date(2025, 6, 30) - dt.date(2025, 3, 1)).days


def test_a_finding_two_waivers_cover_goes_to_the_one_that_lasts_longer():
    review = review_waivers([("O5-C1", "svc")], [waiver("W1"), waiver("W2", expires="2026-01-01")], dt.date(2025, 3, 1))
    assert review.waived == {0: "W2"}


# ---- through the CLI, on the bundled model -------------------------------------------------------

WAIVERS = """\
waivers:
  - id: W-O5
    selects: {{criterion: O5-C1, elements: [{services}]}}
    justification: {{th: รอ ThaID, en: waiting for ThaID}}
    approved_by: EA board
    decision: ADR-0002
    granted: 2025-01-01
    expires: 2025-12-31
"""


def o5_failures() -> list[str]:
    out = CliRunner().invoke(
        main, ["check", "--format", "json", "--goal", "O5", "--fail-on", "never", "--no-registers"]
    )
    return sorted({f["service"] for f in json.loads(out.stdout)["findings"] if f["verdict"] == "fail"})


@pytest.fixture(scope="module")
def o5_waivers(tmp_path_factory):
    services = o5_failures()
    assert services, "the bundled baseline fails O5-C1 for some services"
    path = tmp_path_factory.mktemp("gov") / "waivers.yaml"
    path.write_text(WAIVERS.format(services=", ".join(services)), encoding="utf-8")
    return path


def run_check(*args):
    return CliRunner().invoke(main, ["check", "--goal", "O5", "--no-registers", *args])


def test_check_does_not_gate_on_waived_findings_until_the_day_after_expiry(o5_waivers):
    assert run_check().exit_code == 1
    assert run_check("--waivers", str(o5_waivers), "--as-of", "2025-12-31").exit_code == 0
    after = run_check("--waivers", str(o5_waivers), "--as-of", "2026-01-01")
    assert after.exit_code == 1
    assert "waiver-expired W-O5" in after.stdout


def test_check_json_marks_waived_findings_with_the_waiver(o5_waivers):
    out = run_check("--waivers", str(o5_waivers), "--as-of", "2025-12-01", "--format", "json")
    data = json.loads(out.stdout)
    waived = [f for f in data["findings"] if f["waiver"]]
    assert waived and all(f["waiver"]["id"] == "W-O5" and f["waiver"]["days_left"] == 30 for f in waived)
    assert data["governance"]["waived"] == len(waived)


def test_check_text_shows_justification_and_days_left(o5_waivers):
    out = run_check("--waivers", str(o5_waivers), "--as-of", "2025-12-01")
    assert "WAIVED O5-C1" in out.stdout and "waiting for ThaID" in out.stdout and "30 days left" in out.stdout


def test_a_waiver_naming_an_unknown_criterion_is_a_usage_error(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(WAIVERS.format(services="id-svc-cctv").replace("O5-C1", "O9-C9"), encoding="utf-8")
    out = run_check("--waivers", str(path))
    assert out.exit_code == 2
    assert out.stderr.strip().splitlines()[-1] == f"ea: error: {path}:3: waiver W-O5: unknown criterion 'O9-C9'"


def test_validate_waives_rules_and_reports_stale_waivers(tmp_path):
    unused = CliRunner().invoke(main, ["validate", "--format", "json", "--no-registers"])
    first = next(f for f in json.loads(unused.stdout)["findings"] if f["rule"] == "unused-relationship")
    path = tmp_path / "w.yaml"
    path.write_text(
        """waivers:
  - id: W-V1
    selects: {rule: unused-relationship, elements: all}
    justification: {th: ยังไม่วาด, en: not drawn yet}
    approved_by: EA board
    decision: ADR-1
    granted: 2025-01-01
    expires: 2025-12-31
  - id: W-V2
    selects: {rule: empty-view, elements: all}
    justification: {th: ไม่มี, en: none}
    approved_by: EA board
    decision: ADR-1
    granted: 2025-01-01
    expires: 2025-12-31
""",
        encoding="utf-8",
    )
    out = CliRunner().invoke(
        main, ["validate", "--waivers", str(path), "--as-of", "2025-06-01", "--format", "json", "--fail-on", "warning"]
    )
    data = json.loads(out.stdout)
    row = next(f for f in data["findings"] if f["id"] == first["id"])
    assert row["waiver"]["id"] == "W-V1"
    assert [g["register_id"] for g in data["governance"]["findings"] if g["rule"] == "waiver-stale"] == ["W-V2"]
    assert out.exit_code == 1  # the stale waiver is a warning


def test_the_bundled_register_is_found_next_to_the_model():
    out = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", "--as-of", "2026-12-03"])
    gov = json.loads(out.stdout)["governance"]
    assert gov["waivers_file"].endswith("governance/waivers.yaml")
    assert gov["waived"] > 0
    assert any(g["rule"] == "waiver-expired" for g in gov["findings"])
    assert bundled_model_path().exists()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_check_csv_names_the_waiver_of_each_waived_finding(o5_waivers):
    rows = csv_rows(run_check("--waivers", str(o5_waivers), "--as-of", "2025-12-01", "--format", "csv").stdout)
    waived = {(r["service"], r["criterion"]) for r in rows if r["waiver"] == "W-O5"}
    assert waived == {(s, "O5-C1") for s in o5_failures()}
    assert all(r["waiver"] == "" for r in rows if (r["service"], r["criterion"]) not in waived)
    after = csv_rows(run_check("--waivers", str(o5_waivers), "--as-of", "2026-01-01", "--format", "csv").stdout)
    assert [r for r in after if r["waiver"]] == []  # expired: nothing is waived any more


def test_review_pack_csv_carries_the_waivers_the_report_shows(tmp_path):
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--as-of", "2026-12-03"])
    assert result.exit_code in (0, 1), result.output
    check = json.loads(
        CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", "--as-of", "2026-12-03"]).stdout
    )
    expected = {(f["service"], f["criterion"], f["waiver"]["id"]) for f in check["findings"] if f["waiver"]}
    assert expected
    baseline = out / "compliance-baseline.csv"
    rows = csv_rows(baseline.read_text(encoding="utf-8"))
    assert {(r["service"], r["criterion"], r["waiver"]) for r in rows if r["waiver"]} == expected
