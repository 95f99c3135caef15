"""The office's own rules: rule files compiled and run by the DGA evaluator (same verdicts, evidence and
remedy texts); one-line errors at the file and line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from catalog.dga import load_dga_catalog
from catalog.office_rules import RULES_DIR, load_rule_file, with_office_rules
from cli import main
from ea_model.errors import EaError


def test_the_shipped_rule_files_compile():
    catalog = load_dga_catalog()
    files = [load_rule_file(p, catalog) for p in sorted(RULES_DIR.glob("*.yaml"))]
    assert len(files) == 2
    merged = with_office_rules(catalog, files)
    assert {"EA-CX", "EA-OWN"} <= {o.id for o in merged.outcomes}
    assert len(merged.criteria) == len(catalog.criteria) + 2


def test_check_rules_runs_them_like_criteria():
    rules = [str(p) for p in sorted(RULES_DIR.glob("*.yaml"))]
    args = ["check", "--format", "json", "--fail-on", "never", "--no-registers", "--goal", "EA-OWN", "--goal", "EA-CX"]
    out = CliRunner().invoke(main, [*args, *(x for r in rules for x in ("--rules", r))])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    by_rule = {f["criterion"]: f for f in data["findings"]}
    assert set(by_rule) == {"EA-CX-R1", "EA-OWN-R1"}
    complaints = by_rule["EA-CX-R1"]
    assert complaints["verdict"] == "pass" and complaints["evidence"] and "Traffy" in complaints["message"]
    owners = [f for f in data["findings"] if f["criterion"] == "EA-OWN-R1" and f["verdict"] == "warn"]
    assert owners and "owner" in owners[0]["message"] and owners[0]["remediation"].startswith("Record the owning")
    assert set(data["summary"]["goals"]) == {"EA-OWN", "EA-CX"}


def test_the_rules_gate_like_criteria():
    rule = str(RULES_DIR / "application-ownership.yaml")
    out = CliRunner().invoke(
        main, ["check", "--rules", rule, "--goal", "EA-OWN", "--fail-on", "warn", "--no-registers"]
    )
    assert out.exit_code == 1


RULE = """\
group: {id: T, name_th: ทดสอบ, name_en: Test}
rules:
  - id: T-R1
    severity: warn
    legal_basis: [office]
    title: {th: ก, en: a}
    checks: {th: ก, en: a}
    remedy: {th: ก, en: a}
    test:
      %s
"""


@pytest.mark.parametrize(
    ("test", "line", "words"),
    [
        ("no_such_predicate: {}", 9, "unknown predicate 'no_such_predicate'"),
        ("served_by_platform: {platform: nowhere}", 9, "unknown platform id 'nowhere'"),
        ("each: {in: servers, test: {property_present: x}}", 9, "unknown collection 'servers'"),
    ],
)
def test_a_bad_rule_is_one_line_at_its_line(tmp_path, test, line, words):
    path = tmp_path / "rules.yaml"
    path.write_text(RULE % test, encoding="utf-8")
    with pytest.raises(EaError) as caught:
        load_rule_file(path, load_dga_catalog())
    assert str(caught.value).startswith(f"{path}:{line}: ") and words in str(caught.value)


def test_a_rule_may_not_name_an_outcome_or_reuse_a_criterion_id(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(RULE.replace("severity: warn", "outcome: O1\n    severity: warn") % "has_channel: {}", "utf-8")
    with pytest.raises(EaError, match=r":4: a rule takes its group"):
        load_rule_file(path)
    path.write_text((RULE % "has_channel: {}").replace("T-R1", "O1-C1"), encoding="utf-8")
    with pytest.raises(EaError, match="already a criterion id"):
        with_office_rules(load_dga_catalog(), [load_rule_file(path)])
    out = CliRunner().invoke(main, ["check", "--rules", str(tmp_path / "missing.yaml")])
    assert out.exit_code == 2 and "no such file" in out.stderr
