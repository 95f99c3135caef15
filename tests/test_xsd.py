"""XSD validation of exchange files against the bundled Open Group schemas, offline."""

from __future__ import annotations

import hashlib

import pytest
from conftest import XSD_SHA256, example_files

from ea_model.errors import EaError
from exporters.exchange.schema import XSD_DIR as BUNDLED_XSD_DIR
from exporters.exchange.schema import archimate_schema, validate_xsd

BENDPOINT = "archi_bendpoint.test.xml"


def example(name: str) -> bytes:
    return next(p for p in example_files() if p.name == name).read_bytes()


def line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


def test_bundled_schemas_are_the_upstream_ones():
    upstream = dict(reversed(line.split()) for line in XSD_SHA256.read_text().splitlines())
    assert sorted(upstream) == sorted(p.name for p in BUNDLED_XSD_DIR.glob("*.xsd"))
    for name, digest in upstream.items():
        assert hashlib.sha256((BUNDLED_XSD_DIR / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_file_is_valid(path):
    assert validate_xsd(path) == []


def test_examples_exist():
    assert len(example_files()) == 4


def test_dublin_core_metadata_validates():
    data = example("archi_archisurance_with-dc-metadata.xml")
    assert b"<dc:" in data or b"dc:title" in data
    assert validate_xsd(data) == []


def test_negative_coordinate_is_reported_on_its_line():
    data = example(BENDPOINT)
    broken = data.replace(b'x="0" y="138"', b'x="-20" y="138"', 1)
    problems = validate_xsd(broken)
    assert len(problems) == 1
    [p] = problems
    assert p.line == line_of(broken, b'x="-20"')
    assert "-20" in p.message  # the offending value is quoted (the rest of the wording is libxml2's)
    assert "{http://www.opengroup.org" not in p.message  # the ArchiMate namespace is left out of messages


def test_unknown_element_type_is_reported_on_its_line():
    data = example(BENDPOINT)
    broken = data.replace(b'xsi:type="BusinessFunction"', b'xsi:type="BusinessWidget"', 1)
    problems = validate_xsd(broken)
    assert problems, "an unknown xsi:type must be invalid"
    first = problems[0]
    assert first.line == line_of(broken, b"BusinessWidget") and "BusinessWidget" in first.message
    # The element no longer counts, so what refers to it is reported as well, further down.
    assert all(p.line >= first.line for p in problems)


def test_dangling_reference_is_a_schema_error_too():
    data = example(BENDPOINT)
    broken = data.replace(b'target="id-019dd58c-3116-731f-a761-905e3234486b"/>', b'target="id-nowhere"/>', 1)
    assert broken != data
    problems = validate_xsd(broken)
    assert [p.line for p in problems] == [line_of(broken, b'target="id-nowhere"')]
    assert "id-nowhere" in problems[0].message


def test_problems_come_in_line_order():
    data = example(BENDPOINT)
    broken = data.replace(b'x="0" y="138"', b'x="-1" y="138"', 1).replace(
        b'xsi:type="BusinessFunction"', b'xsi:type="Nope"', 1
    )
    lines = [p.line for p in validate_xsd(broken)]
    assert lines == sorted(lines)
    assert {line_of(broken, b'xsi:type="Nope"'), line_of(broken, b'x="-1"')} <= set(lines)


def test_not_well_formed_and_missing_files_raise_one_line_errors(tmp_path):
    with pytest.raises(EaError, match="not well-formed"):
        validate_xsd(b"<model><elements></model>")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<model>\n<elements>\n</model>\n")
    with pytest.raises(EaError) as exc:
        validate_xsd(bad)
    assert str(exc.value).startswith(f"{bad}:") and "not well-formed" in str(exc.value)
    with pytest.raises(EaError, match="^line 1: DTDs and entities are not allowed in an ArchiMate exchange file"):
        validate_xsd(b'<!DOCTYPE model [<!ENTITY x "y">]><model/>')


def test_schema_is_built_once():
    assert archimate_schema() is archimate_schema()
