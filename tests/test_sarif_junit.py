"""`--format sarif` and `--format junit`, validated against the formats' own schemas: the OASIS SARIF 2.1.0
JSON schema and the JUnit XSD that Surefire, Jenkins and pytest's own tests use (tests/data/schemas/,
sources in tests/data/SOURCES.md). Findings must point at the file and line where their element is defined,
whatever the model's format."""

from __future__ import annotations

import csv
import json
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree

from catalog import bundled_model_path
from cli import main
from tests.conftest import ARCHIMATE, DATA

SCHEMAS = DATA / "schemas"


def sarif(*args):
    out = CliRunner().invoke(main, [*args, "--format", "sarif"])
    return out, json.loads(out.stdout)


@cache
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def assert_sarif_2_1_0(log: dict) -> None:
    """Valid against the SARIF 2.1.0 schema, plus what the schema cannot say: rule indexes match their ids
    and every artifact URI is a URI (RFC 3986: ASCII only, no spaces or backslashes)."""
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in sarif_validator().iter_errors(log)]
    assert not errors, errors[:5]
    for run in log["runs"]:
        rule_ids = [r["id"] for r in run["tool"]["driver"].get("rules", [])]
        assert len(rule_ids) == len(set(rule_ids))
        for result in run["results"]:
            assert rule_ids[result["ruleIndex"]] == result["ruleId"]
            for location in result.get("locations", []):
                uri = location.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
                assert uri.isascii() and " " not in uri and "\\" not in uri, uri


def located(result) -> tuple[Path, int | None, str | None]:
    """(file, line, element id) of a SARIF result, the URI resolved as a code-scanning tool does."""
    location = result["locations"][0]
    physical = location["physicalLocation"]
    uri = physical["artifactLocation"]["uri"]
    path = Path(unquote(urlsplit(uri).path)) if uri.startswith("file:") else Path.cwd() / unquote(uri)
    line = physical.get("region", {}).get("startLine")
    element = location.get("logicalLocations", [{}])[0].get("name")
    return path, line, element


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


@cache
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


def assert_junit(root) -> None:
    """Valid against the JUnit XSD; the counts add up; a case has at most one of failure / skipped."""
    schema = junit_schema()
    assert schema.validate(root), [e.message for e in schema.error_log][:5]
    total = {"tests": 0, "failures": 0}
    for suite in root:
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for key, value in counts.items():
            assert int(suite.get(key)) == value
        for key in total:
            total[key] += counts[key]
        for case in cases:
            assert case.get("classname")
            assert not (case.find("failure") is not None and case.find("skipped") is not None)
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


def test_validate_sarif_locates_archi_native_findings_at_the_element_line():
    from exporters.archi.common import xml_id

    model = ARCHIMATE / "archi-native" / "Archisurance.archimate"
    out, log = sarif("validate", str(model), "--fail-on", "never")
    assert out.exit_code == 0
    assert_sarif_2_1_0(log)
    lines = model.read_text(encoding="utf-8").splitlines()
    results = [r for r in log["runs"][0]["results"] if r["locations"][0].get("logicalLocations")]
    assert len(results) > 10
    for result in results:
        path, line, element = located(result)
        assert path == model.resolve() and line, result
        native = lines[line - 1].split(' id="', 1)[1].split('"', 1)[0]
        assert xml_id(native) == element


def test_validate_sarif_locates_csv_findings_at_the_line_their_row_starts(tmp_path):
    folder = tmp_path / "csv"
    assert CliRunner().invoke(main, ["convert", str(bundled_model_path()), f"{folder}/"]).exit_code == 0
    with open(folder / "elements.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("\r\n")  # Archi's CSV ends without a line break
        rows = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        rows.writerow(["n-doc", "BusinessActor", "ผู้ยื่นคำขอ", "a note\nover\nthree lines", ""])
        rows.writerow(["n-twin", "BusinessActor", "ผู้ยื่นคำขอ", "", ""])  # same type and name: duplicate
        rows.writerow(["n-blank", "BusinessRole", "", "", ""])  # no name
    with open(folder / "relations.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("\r\n")
        rows = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        rows.writerow(["n-bad", "CompositionRelationship", "", "", "n-doc", "n-blank", ""])  # not allowed
    out, log = sarif("validate", str(folder), "--fail-on", "never", "--no-registers")
    assert_sarif_2_1_0(log)
    results = [r for r in log["runs"][0]["results"] if r["locations"][0].get("logicalLocations")]
    assert {located(r)[2] for r in results} >= {"n-twin", "n-blank", "n-bad"}
    for result in results:
        path, line, element = located(result)
        assert path.name in {"elements.csv", "relations.csv"} and line, result
        text = path.read_text(encoding="utf-8-sig").splitlines()
        assert text[line - 1].startswith(f'"{element}",'), (element, line)


def test_sarif_uris_are_percent_encoded_for_thai_folders_with_spaces(tmp_path, monkeypatch):
    folder = tmp_path / "แบบจำลอง กทม"
    folder.mkdir()
    model = folder / "สถาปัตยกรรม.xml"
    shutil.copy(bundled_model_path(), model)
    monkeypatch.chdir(tmp_path)
    _, log = sarif("check", str(model), "--fail-on", "never", "--no-registers")
    assert_sarif_2_1_0(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert len(uris) == 1 and not uris.pop().startswith("file:")
    path, line, element = located(log["runs"][0]["results"][0])
    assert path == model and f'identifier="{element}"' in model.read_text(encoding="utf-8").splitlines()[line - 1]


def broken_copy(tmp_path) -> tuple[Path, int]:
    """The bundled model with an attribute the XSD does not allow on one element: (file, that line)."""
    lines = bundled_model_path().read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, text in enumerate(lines) if "<element " in text)
    lines[n] = lines[n].replace("<element ", '<element bogus="1" ', 1)
    path = tmp_path / "broken.xml"
    path.write_text("".join(lines), encoding="utf-8")
    return path, n + 1


def test_validate_xsd_in_sarif_and_junit(tmp_path):
    path, line = broken_copy(tmp_path)
    out, log = sarif("validate", "--xsd", str(path))
    assert out.exit_code == 1
    assert_sarif_2_1_0(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "xsd" and located(result)[:2] == (path, line)
    out, root = junit("validate", "--xsd", str(path))
    assert out.exit_code == 1
    assert_junit(root)
    assert int(root.get("failures")) == 1 and root.find(".//failure").get("type") == "xsd"
    out, log = sarif("validate", "--xsd", str(bundled_model_path()))
    assert out.exit_code == 0 and log["runs"][0]["results"] == []
