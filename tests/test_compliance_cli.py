"""`ea check` through click's CliRunner, on model files written to disk."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_compliance_criteria import compliant, counter_only, with_state_doc

from catalog import bundled_model_path
from cli import main
from exporters import write_model


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def saved(tmp_path: Path, builder, name: str = "model.xml") -> str:
    path = tmp_path / name
    write_model(builder.model, path)
    return str(path)


@pytest.fixture
def failing_model(tmp_path: Path) -> str:
    """A service whose citizens bring a paper copy of an unlinked state document (O3 fails)."""
    return saved(tmp_path, with_state_doc("DOL", digital=False, copy=True))


@pytest.fixture
def warning_model(tmp_path: Path) -> str:
    """A counter-only service excluded only for few users: warnings, no failures."""
    return saved(tmp_path, counter_only("few-users"))


def test_table_groups_findings_by_service_with_a_scorecard(runner: CliRunner, failing_model: str) -> None:
    result = runner.invoke(main, ["check", failing_model, "--as-of", "2025-09-01"])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "■ บริการ Permit / Permit" in out
    assert "O3 No copies of official documents" in out and "FAIL" in out
    assert "O3-C1  Documents issued by other state agencies are obtained digitally" in out
    assert "remedy: Link the issuing agency's data through GDX" in out
    assert "Scorecard: services per outcome" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("O3 No copies") and x.rstrip()[-1].isdigit())
    assert line.split()[-5:] == ["1", "0", "0", "0", "0"]  # fail warn unknown pass n/a


def test_table_in_thai(runner: CliRunner, failing_model: str) -> None:
    result = runner.invoke(main, ["check", failing_model, "--lang", "th", "--goal", "O3"])
    assert "ประชาชนไม่ต้องใช้สำเนาเอกสารราชการ" in result.output
    assert "ไม่ผ่าน" in result.output and "แนวทางแก้ไข" in result.output
    assert "O1" not in result.output


def test_json_shape(runner: CliRunner, failing_model: str) -> None:
    result = runner.invoke(main, ["check", failing_model, "--format", "json"])
    data = json.loads(result.stdout)
    assert set(data) >= {"findings", "summary"}
    finding = next(f for f in data["findings"] if f["criterion"] == "O3-C1")
    assert {"service", "service_name", "goal", "criterion", "severity", "message", "evidence", "remediation"} <= set(
        finding
    )
    assert finding["severity"] == finding["verdict"] == "fail" and finding["goal"] == "O3"
    assert data["summary"]["goals"]["O3"]["services"] == {"fail": 1, "warn": 0, "unknown": 0, "pass": 0, "n/a": 0}
    assert data["summary"]["by_verdict"]["fail"] >= 1


def test_csv(runner: CliRunner, failing_model: str) -> None:
    result = runner.invoke(main, ["check", failing_model, "--format", "csv", "--lang", "th"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in rows if r["criterion"] == "O3-C1")
    assert row["verdict"] == "fail" and row["goal"] == "O3"
    assert row["service_name_th"] == "บริการ Permit"
    assert "สำเนา" in row["message"]
    assert len(row["evidence"].split()) >= 2


def test_goal_limits_the_run(runner: CliRunner, failing_model: str) -> None:
    result = runner.invoke(main, ["check", failing_model, "--goal", "o6", "--goal", "O7", "--format", "json"])
    assert {f["goal"] for f in json.loads(result.stdout)["findings"]} <= {"O6", "O7"}
    result = runner.invoke(main, ["check", failing_model, "--goal", "O8"])
    assert result.exit_code == 2 and "unknown outcome 'O8'" in result.output


@pytest.mark.parametrize(
    "fixture,fail_on,code",
    [
        ("failing_model", "fail", 1),
        ("failing_model", "never", 0),
        ("warning_model", "fail", 0),
        ("warning_model", "warn", 1),
    ],
)
def test_fail_on_sets_the_exit_code(runner: CliRunner, request, fixture: str, fail_on: str, code: int) -> None:
    path = request.getfixturevalue(fixture)
    result = runner.invoke(main, ["check", path, "--goal", "O1", "--goal", "O3", "--fail-on", fail_on])
    assert result.exit_code == code, result.output


def test_a_compliant_model_exits_zero_even_on_warn(runner: CliRunner, tmp_path: Path) -> None:
    path = saved(tmp_path, compliant()[0])
    result = runner.invoke(main, ["check", path, "--fail-on", "warn", "--as-of", "2025-09-01"])
    assert result.exit_code == 0, result.output


def test_bad_input_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "missing.xml")])
    assert result.exit_code == 2 and result.output.startswith("ea: error:") and "Traceback" not in result.output
    result = runner.invoke(main, ["check", saved(tmp_path, compliant()[0]), "--as-of", "yesterday"])
    assert result.exit_code == 2 and "--as-of" in result.output
    result = runner.invoke(main, ["check", saved(tmp_path, compliant()[0]), "--plateau", "Target"])
    assert result.exit_code == 2 and "no plateau 'Target'" in result.output


def test_help(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--lang", "--goal", "--fail-on", "--plateau"):
        assert option in result.output


@pytest.mark.skipif(not bundled_model_path().exists(), reason="the bundled BMA model is not built yet")
def test_the_bundled_bma_model(runner: CliRunner) -> None:
    """The reference model: every outcome is evaluated for its services, and the target plateau fixes
    the no-copies outcome the baseline fails."""
    result = runner.invoke(main, ["check", "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["services"] >= 20 and not data["summary"]["catalog_problems"]
    goals = data["summary"]["goals"]
    assert set(goals) == {f"O{n}" for n in range(1, 8)}
    for goal in goals.values():
        assert sum(goal["services"].values()) == data["summary"]["services"]
    runs = {}
    for plateau in ("id-plateau-baseline", "id-plateau-target"):
        out = runner.invoke(main, ["check", "--format", "json", "--goal", "O3", "--plateau", plateau])
        runs[plateau] = json.loads(out.stdout)["summary"]["goals"]["O3"]["services"]
    assert runs["id-plateau-target"]["fail"] < runs["id-plateau-baseline"]["fail"]
    assert runs["id-plateau-target"]["pass"] > runs["id-plateau-baseline"]["pass"]
    assert "as of the baseline plateau" in result.stderr  # a model with a migration plan is checked as it is today
    assert data["summary"]["plateau"] == "id-plateau-baseline"
    whole = json.loads(runner.invoke(main, ["check", "--format", "json", "--whole-model", "--goal", "O3"]).stdout)
    assert whole["summary"]["plateau"] is None
