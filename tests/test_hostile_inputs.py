"""Hostile files end in a one-line error, within seconds and in bounded memory, through the real CLI
(a separate process with a hard address-space limit, so a blow-up fails the test instead of the machine)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

ARCHIMATE = 'xmlns="http://www.opengroup.org/xsd/archimate/3.0/"'
MEMORY_LIMIT = 1200 << 20  # address space, not resident memory: the interpreter and libraries need ~300 MB
TIME_LIMIT = 30  # seconds; each case takes one or two on a quiet machine
# ea's own refusal, the same on every lxml/libxml2 version (exporters/xmlsafe.py)
DTD_REFUSED = "DTDs and entities are not allowed in an ArchiMate exchange file"


def run_cli(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT * 2,
        preexec_fn=limit_memory,
    )
    return result, time.monotonic() - started


def assert_one_line_error(path: Path, tmp_path: Path, expected: str, line: int | None = None) -> str:
    """Exit 2, one line naming the file (and line), nothing written, within the time and memory limits."""
    out = tmp_path / "out.xml"
    result, seconds = run_cli("convert", str(path), str(out))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    where = f"ea: error: {path}:{line}: " if line else f"ea: error: {path}"
    assert lines[0].startswith(where) and expected in lines[0], lines[0]
    assert seconds < TIME_LIMIT
    assert not out.exists()
    return lines[0]


def billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE model [\n' + "\n".join(entities) + "\n]>\n"
        f'<model {ARCHIMATE} identifier="m"><name>&lol9;</name></model>\n'
    )


def test_entity_expansion_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(billion_laughs())
    assert_one_line_error(path, tmp_path, DTD_REFUSED + " (found <!DOCTYPE ...>)", line=2)


def test_parameter_entity_bomb(tmp_path: Path) -> None:
    levels = ['<!ENTITY % a0 "aaaaaaaaaa">'] + [
        f'<!ENTITY % a{i} "{("%a" + str(i - 1) + ";") * 10}">' for i in range(1, 8)
    ]
    path = tmp_path / "pe.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE model [{"".join(levels)}]>\n<model {ARCHIMATE}/>\n')
    assert_one_line_error(path, tmp_path, DTD_REFUSED, line=2)


def test_external_dtd_reference_is_refused_after_comments(tmp_path: Path) -> None:
    path = tmp_path / "external.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!-- exported -->\n<!-- <!DOCTYPE in a comment is fine> -->\n'
        f'<!DOCTYPE model SYSTEM "http://example.invalid/model.dtd">\n<model {ARCHIMATE} identifier="m"/>\n'
    )
    assert_one_line_error(path, tmp_path, DTD_REFUSED, line=4)


def test_utf16_file_with_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf16.xml"
    path.write_bytes(
        f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE model [<!ENTITY a "b">]>\n<model {ARCHIMATE}/>'.encode(
            "utf-16"
        )
    )
    assert_one_line_error(path, tmp_path, DTD_REFUSED, line=2)


def test_archi_model_file_with_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.archimate"
    path.write_text(billion_laughs().replace("<model ", "<archimate:model xmlns:archimate='x' ", 1))
    assert_one_line_error(path, tmp_path, "DTDs and entities are not allowed in an Archi model file", line=2)


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE model [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        f'<model {ARCHIMATE} identifier="m"><name>&xxe;</name></model>\n'
    )
    assert_one_line_error(path, tmp_path, DTD_REFUSED, line=2)
    result, _ = run_cli("info", str(path))
    assert "TOP-SECRET" not in result.stdout + result.stderr


def test_undeclared_entity_without_dtd(tmp_path: Path) -> None:
    path = tmp_path / "entity.xml"
    path.write_text(f'<model {ARCHIMATE} identifier="m"><name>&xxe;</name></model>')
    assert_one_line_error(path, tmp_path, "not well-formed XML", line=1)


def test_fifty_megabytes_of_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbage.xml"
    path.write_bytes(os.urandom(50 << 20))
    assert_one_line_error(path, tmp_path, "not well-formed XML")


def test_fifty_megabytes_of_well_formed_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.xml"
    with path.open("w") as handle:
        handle.write(f'<model {ARCHIMATE} identifier="m"><name>x</name>')
        handle.write("<junk/>" * (7 << 20))
        handle.write("</model>")
    assert_one_line_error(path, tmp_path, "does not look like an ArchiMate exchange model")


def test_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text(f'<model {ARCHIMATE} identifier="m">' + "<x>" * 50_000 + "</x>" * 50_000 + "</model>")
    # libxml2 sets the depth limit; what ea promises is the one-line refusal, whatever the limit is
    assert_one_line_error(path, tmp_path, "")


def test_huge_text_node(tmp_path: Path) -> None:
    path = tmp_path / "text.xml"
    path.write_text(f'<model {ARCHIMATE} identifier="m"><name>' + "a" * (20 << 20) + "</name></model>")
    assert_one_line_error(path, tmp_path, "not well-formed XML")


def test_truncated_file(tmp_path: Path) -> None:
    from conftest import EXAMPLES

    data = (EXAMPLES / "archi_archisurance_with-dc-metadata.xml").read_bytes()
    path = tmp_path / "truncated.xml"
    path.write_bytes(data[: len(data) // 2])
    assert_one_line_error(path, tmp_path, "not well-formed XML")


@pytest.mark.parametrize("name", ["empty.xml", "binary.xml"])
def test_empty_and_binary_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"" if name == "empty.xml" else b"\x00\x01\x02PK\x03\x04" * 100)
    assert_one_line_error(path, tmp_path, "")
