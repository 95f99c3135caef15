"""`validate_xsd` on a file above STREAM_ABOVE streams it: the whole-file verdict in a fraction of the
memory, identity problems on their lines, and libxml2's full report when there is a structural error."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, example_files

from cli import main
from ea_model.errors import EaError
from exporters.exchange import schema
from exporters.exchange.schema import validate_xsd
from scripts.generate_model import main as generate

BENDPOINT = "archi_bendpoint.test.xml"


@pytest.fixture
def streamed(monkeypatch):
    """Every file counts as large."""
    monkeypatch.setattr(schema, "STREAM_ABOVE", 0)


def example(name: str) -> bytes:
    return next(p for p in example_files() if p.name == name).read_bytes()


def line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_file_is_valid_streamed(streamed, path) -> None:
    assert validate_xsd(path) == []


BREAKS = {
    "dangling target": (b'target="id-019dd58c-3116-731f-a761-905e3234486b"/>', b'target="id-nowhere"/>'),
    "negative x": (b'x="0" y="138"', b'x="-20" y="138"'),
    "unknown type": (b'xsi:type="BusinessFunction"', b'xsi:type="BusinessWidget"'),
}


@pytest.mark.parametrize("old,new", BREAKS.values(), ids=BREAKS.keys())
def test_streamed_verdict_is_the_whole_files(streamed, tmp_path, old, new) -> None:
    path = tmp_path / "broken.xml"
    broken = example(BENDPOINT).replace(old, new, 1)
    assert broken != example(BENDPOINT)
    path.write_bytes(broken)
    problems = validate_xsd(path)
    whole = validate_xsd(broken)  # bytes are always validated whole
    assert problems and whole
    assert problems[0].line == whole[0].line == line_of(broken, new)


def test_a_dangling_reference_is_on_its_line(streamed, tmp_path) -> None:
    old, new = BREAKS["dangling target"]
    broken = example(BENDPOINT).replace(old, new, 1)
    path = tmp_path / "dangling.xml"
    path.write_bytes(broken)
    problems = validate_xsd(path)
    assert {p.line for p in problems} == {line_of(broken, new)}
    assert all("id-nowhere" in p.message for p in problems)


def test_a_duplicate_identifier_is_on_the_line_of_the_second(streamed, tmp_path) -> None:
    data = example(BENDPOINT)
    first = data.index(b'<element identifier="') + len(b'<element identifier="')
    ident = data[first : data.index(b'"', first)]
    second = data.index(b'<element identifier="', first)
    other = data[second + len(b'<element identifier="') : data.index(b'"', second + len(b'<element identifier="'))]
    broken = data[:second] + data[second:].replace(b'identifier="' + other + b'"', b'identifier="' + ident + b'"', 1)
    path = tmp_path / "dup.xml"
    path.write_bytes(broken)
    problems = validate_xsd(path)
    assert problems and problems[0].line == broken[:second].count(b"\n") + 1
    assert ident.decode() in problems[0].message


def test_not_well_formed_is_a_one_line_error_with_the_line(streamed, tmp_path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(example(BENDPOINT).replace(b"</elements>", b"</elementz>", 1))
    with pytest.raises(EaError) as error:
        validate_xsd(bad)
    assert str(error.value).startswith(f"{bad}:") and "not well-formed" in str(error.value)


def test_ea_validate_xsd_streamed_exits_1_with_file_and_line(streamed, tmp_path) -> None:
    old, new = BREAKS["dangling target"]
    broken = example(BENDPOINT).replace(old, new, 1)
    path = tmp_path / "dangling.xml"
    path.write_bytes(broken)
    result = CliRunner().invoke(main, ["validate", "--xsd", str(path), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False and report["errors"][0]["line"] == line_of(broken, new)


# The peak resident memory of this process (VmHWM: getrusage's ru_maxrss starts at the parent's).
MEASURE = """
import sys
from pathlib import Path
from exporters.exchange import schema
from exporters.exchange.identity import structural_schema
def peak():
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM"))
    return int(line.split()[1])
schema.archimate_schema(), structural_schema()  # both schemas built before the baseline
before = peak()
if sys.argv[1] == "stream":
    schema.STREAM_ABOVE = 0
assert schema.validate_xsd(sys.argv[2]) == []
print(peak() - before)
"""


def test_streaming_takes_a_fraction_of_the_memory(tmp_path) -> None:
    path = tmp_path / "synthetic.xml"
    assert generate(["10000", str(path), "--seed", "2"]) == 0

    def growth(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, mode, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return int(done.stdout.strip())

    whole, streaming = growth("whole"), growth("stream")
    assert streaming * 2.5 < whole, (streaming, whole)
