"""`ea validate`: exit codes, text and JSON output, --fail-on, --xsd, on the real reference files."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import ARCHIMATE, example_files

from cli import main

ARCHISURANCE_NATIVE = ARCHIMATE / "archi-native" / "Archisurance.archimate"
BENDPOINT = "archi_bendpoint.test.xml"
LINE = re.compile(r'^(ERROR|WARNING|ADVICE) [a-z-]+ \S+ ".*": .+$')


def run(*args: str):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def example(name: str):
    return next(p for p in example_files() if p.name == name)


def broken_copy(tmp_path, name: str, old: bytes, new: bytes):
    data = example(name).read_bytes()
    assert old in data, f"{old!r} not in {name}"
    path = tmp_path / name
    path.write_bytes(data.replace(old, new, 1))
    return path, data.replace(old, new, 1)[: data.index(old)].count(b"\n") + 1


# ---- the model rules -------------------------------------------------------------------------


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_example_files_have_no_metamodel_errors(path):
    result = run(path, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["summary"]["error"] == 0
    assert not [f for f in report["findings"] if f["severity"] == "error"]


def test_json_shape():
    result = run(example(BENDPOINT), "--format", "json", "--fail-on", "never")
    report = json.loads(result.output)
    assert set(report) == {"findings", "summary"}
    assert set(report["summary"]) == {"error", "warning", "advice"}
    for finding in report["findings"]:
        assert {"severity", "rule", "id", "name", "message"} <= set(finding)
    assert sum(report["summary"].values()) == len(report["findings"])


def test_text_output_one_line_per_finding_and_a_count():
    result = run(ARCHISURANCE_NATIVE)
    lines = result.output.strip().splitlines()
    assert all(LINE.match(line) for line in lines[:-1]), [line for line in lines[:-1] if not LINE.match(line)][:3]
    assert re.fullmatch(r"0 errors, \d+ warnings, \d+ advice", lines[-1])
    assert any(line.startswith('WARNING duplicate-element id-1540 "phone"') for line in lines)
    assert result.exit_code == 0  # warnings only; the default --fail-on is error


def test_fail_on_threshold():
    assert run(ARCHISURANCE_NATIVE, "--fail-on", "warning").exit_code == 1
    assert run(ARCHISURANCE_NATIVE, "--fail-on", "advice").exit_code == 1
    assert run(ARCHISURANCE_NATIVE, "--fail-on", "never").exit_code == 0


def test_relationship_the_metamodel_forbids(tmp_path):
    # The Realization from the business function to the business service becomes a Specialization,
    # which only joins two concepts of the same type.
    path, line = broken_copy(
        tmp_path,
        BENDPOINT,
        b'xsi:type="Realization" source="id-019dd58c-fbb9-7f75-8731-7c7b4db67709"',
        b'xsi:type="Specialization" source="id-019dd58c-fbb9-7f75-8731-7c7b4db67709"',
    )
    result = run(path, "--format", "json")
    assert result.exit_code == 1
    [error] = [f for f in json.loads(result.output)["findings"] if f["severity"] == "error"]
    assert error["rule"] == "relationship-not-allowed"
    assert error["id"] == "id-019dd58d-4fcc-7e5e-a15c-617f4bf97c31"
    assert "Specialization is not allowed from 'Business Function' (BusinessFunction)" in error["message"]


def test_dangling_reference_is_recovered_and_reported_with_its_line(tmp_path):
    path, line = broken_copy(
        tmp_path,
        BENDPOINT,
        b'target="id-019dd58c-3116-731f-a761-905e3234486b"/>',
        b'target="id-nowhere"/>',
    )
    result = run(path, "--format", "json")
    assert result.exit_code == 1, result.output
    errors = [f for f in json.loads(result.output)["findings"] if f["severity"] == "error"]
    assert any(f["rule"] == "dangling-reference" and f["line"] == line and "id-nowhere" in f["message"] for f in errors)
    text = run(path).output
    assert f"(line {line})" in text


def test_strict_turns_what_the_reader_worked_around_into_errors(tmp_path):
    path, line = broken_copy(tmp_path, BENDPOINT, b'<name xml:lang="en">Business Function</name>', b"")
    lenient = run(path)
    assert lenient.exit_code == 0
    assert 'WARNING missing-name id-019dd58c-fbb9-7f75-8731-7c7b4db67709 "": ' in lenient.output
    assert lenient.output.count("missing-name") == 1  # the reader's finding (with its line), not repeated
    strict = run(path, "--strict")
    assert strict.exit_code == 1
    element_line = line - 1  # the <element> tag, one line above the <name> that was removed
    assert strict.output.startswith("ERROR missing-name") and f"(line {element_line})" in strict.output


def test_unreadable_input_exits_2(tmp_path):
    garbage = tmp_path / "garbage.xml"
    garbage.write_text("<model><elements>", encoding="utf-8")
    result = run(garbage)
    assert result.exit_code == 2
    assert result.output.startswith("ea: error: ") and len(result.output.strip().splitlines()) == 1
    assert run(tmp_path / "missing.xml").exit_code == 2


# ---- --xsd -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_xsd_examples_are_valid(path):
    result = run("--xsd", path)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{path}: valid"


def test_xsd_errors_with_file_line_and_column(tmp_path):
    path, line = broken_copy(tmp_path, BENDPOINT, b'x="0" y="138"', b'x="-3" y="138"')
    result = run("--xsd", path)
    assert result.exit_code == 1
    first, last = result.output.strip().splitlines()
    assert first.startswith(f"{path}:{line}:0: ") and "-3" in first
    assert last == f"{path}: 1 schema errors"


def test_xsd_json(tmp_path):
    path, line = broken_copy(tmp_path, BENDPOINT, b'xsi:type="BusinessFunction"', b'xsi:type="BusinessWidget"')
    result = run("--xsd", path, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert report["errors"][0]["line"] == line and "BusinessWidget" in report["errors"][0]["message"]
    assert all(set(e) == {"line", "column", "message"} for e in report["errors"])
    ok = json.loads(run("--xsd", example(BENDPOINT), "--format", "json").output)
    assert ok == {"valid": True, "errors": []}


def test_xsd_refuses_other_formats_and_bad_files(tmp_path):
    result = run("--xsd", ARCHISURANCE_NATIVE)
    assert result.exit_code == 2 and "exchange files (.xml)" in result.output
    assert run("--xsd", tmp_path / "missing.xml").exit_code == 2
    bad = tmp_path / "bad.xml"
    bad.write_text("<model>\n<elements>\n</model>\n", encoding="utf-8")
    result = run("--xsd", bad)
    assert result.exit_code == 2 and f"{bad}:3:" in result.output and "not well-formed" in result.output
