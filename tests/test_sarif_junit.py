"""`--format sarif` and `--format junit`. No copy of the SARIF 2.1.0 JSON schema or of a JUnit XSD is on
this machine or in a package the project may install, so the tests check the structure the SARIF 2.1.0
specification (OASIS, sections 3.13-3.27) requires and the JUnit shape GitLab and Jenkins read."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from lxml import etree

from catalog import bundled_model_path
from cli import main

LEVELS = {"none", "note", "warning", "error"}


def sarif(*args):
    out = CliRunner().invoke(main, [*args, "--format", "sarif"])
    return out, json.loads(out.stdout)


def assert_sarif_2_1_0(log: dict) -> None:
    """The properties SARIF 2.1.0 makes required, and the types and values it allows for those we write."""
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        rule_ids = [r["id"] for r in driver.get("rules", [])]
        assert len(rule_ids) == len(set(rule_ids))
        for rule in driver.get("rules", []):
            assert isinstance(rule["shortDescription"]["text"], str)
        for result in run["results"]:
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]
            assert result["level"] in LEVELS
            assert rule_ids[result["ruleIndex"]] == result["ruleId"]
            for location in result.get("locations", []):
                physical = location.get("physicalLocation")
                if physical:
                    uri = physical["artifactLocation"]["uri"]
                    assert "\\" not in uri and not re.match(r"^[A-Za-z]:", uri)
                    region = physical.get("region")
                    if region:
                        assert isinstance(region["startLine"], int) and region["startLine"] >= 1
                for logical in location.get("logicalLocations", []):
                    assert isinstance(logical["name"], str)
            for suppression in result.get("suppressions", []):
                assert suppression["kind"] in {"inSource", "external"}
                assert suppression["status"] in {"accepted", "underReview", "rejected"}


def test_check_sarif_locates_each_finding_at_its_element_line():
    out, log = sarif("check", "--fail-on", "never", "--no-registers")
    assert out.exit_code == 0
    assert_sarif_2_1_0(log)
    lines = bundled_model_path().read_text(encoding="utf-8").splitlines()
    results = log["runs"][0]["results"]
    assert results
    for result in results[:50]:
        physical = result["locations"][0]["physicalLocation"]
        element = result["locations"][0]["logicalLocations"][0]["name"]
        assert physical["artifactLocation"]["uri"].endswith("catalog/model/bma.xml")
        assert f'identifier="{element}"' in lines[physical["region"]["startLine"] - 1]


def test_check_sarif_suppresses_waived_findings_with_the_justification():
    _, log = sarif("check", "--fail-on", "never", "--as-of", "2026-12-03")
    assert_sarif_2_1_0(log)
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert suppressed
    assert all(r["suppressions"][0]["justification"].startswith("W-") for r in suppressed)
    expired = [r for r in log["runs"][0]["results"] if r["ruleId"] == "waiver-expired"]
    assert expired and expired[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "governance/waivers.yaml"
    )


def test_validate_sarif_is_sarif_and_keeps_the_exit_code():
    out, log = sarif("validate", "--fail-on", "warning")
    assert_sarif_2_1_0(log)
    assert out.exit_code == 1
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"unused-relationship"}


def junit(*args):
    out = CliRunner().invoke(main, [*args, "--format", "junit"])
    return out, etree.fromstring(out.stdout.encode("utf-8"))


def assert_junit(root) -> None:
    """testsuites > testsuite > testcase; counts add up; a case has at most one of failure / skipped."""
    assert root.tag == "testsuites"
    total = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for key, value in counts.items():
            assert int(suite.get(key)) == value
            total[key] += value
        for case in cases:
            assert case.get("name") and case.get("classname")
            assert {child.tag for child in case} <= {"failure", "skipped", "system-out"}
            assert not (case.find("failure") is not None and case.find("skipped") is not None)
            failure = case.find("failure")
            if failure is not None:
                assert failure.get("message") is not None and failure.get("type")
    for key, value in total.items():
        assert int(root.get(key)) == value


def test_check_junit_has_a_case_per_service_and_outcome():
    out, root = junit("check", "--no-registers")
    assert out.exit_code == 1
    assert_junit(root)
    services = json.loads(CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never"]).stdout)
    n = services["summary"]["services"]
    outcomes = root.findall("testsuite")
    assert [s.get("name") for s in outcomes] == [f"O{i}" for i in range(1, 8)]
    assert all(int(s.get("tests")) == n for s in outcomes)
    assert int(root.get("failures")) > 0


def test_check_junit_skips_cases_whose_gating_findings_are_waived():
    _, root = junit("check", "--as-of", "2026-12-03", "--goal", "O5")
    assert_junit(root)
    skipped = root.findall(".//skipped")
    assert skipped and all(s.get("message").startswith("waived by W-") for s in skipped)


def test_validate_junit_has_a_case_per_rule():
    from ea_model.validation import RULES

    out, root = junit("validate", "--fail-on", "warning", "--no-registers")
    assert_junit(root)
    validation = root.find("testsuite[@name='validation']")
    assert {c.get("name") for c in validation.findall("testcase")} >= set(RULES)
    assert validation.find("testcase[@name='unused-relationship']/failure") is not None
    assert out.exit_code == 1


@pytest.mark.parametrize("command", ["check", "validate"])
def test_help_lists_the_ci_formats(command):
    out = CliRunner().invoke(main, [command, "--help"])
    assert "sarif" in out.stdout and "junit" in out.stdout
