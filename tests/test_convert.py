"""`ea convert IN OUT`: formats by extension, a normal form for .xml, atomic writes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import ARCHIMATE, EXAMPLES
from test_exchange import assert_models_equal

from cli import main
from exporters.exchange import read_exchange
from exporters.exchange.schema import validate_xsd

ARCHISURANCE = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_xml_to_xml_normalises_and_keeps_the_model(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    result = run("convert", str(ARCHISURANCE), str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{ARCHISURANCE} -> {out}: 120 elements, 178 relationships, 17 views"]
    assert validate_xsd(out) == []
    assert_models_equal(read_exchange(ARCHISURANCE), read_exchange(out))
    again = tmp_path / "again.xml"
    assert run("convert", str(out), str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # the normal form is a fixed point


def test_convert_in_place(tmp_path: Path) -> None:
    path = tmp_path / "model.xml"
    path.write_bytes((EXAMPLES / "archi_Sample1.xml").read_bytes())
    result = run("convert", str(path), str(path))
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{path} -> {path}: 2 elements, 1 relationship, 0 views"
    assert read_exchange(path).counts()["elements"] == 2
    assert validate_xsd(path) == []


def test_reader_warnings_and_writer_notes_are_printed(tmp_path: Path) -> None:
    source = tmp_path / "sparx.xml"
    source.write_text(
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name>m</name>\n'
        '<elements><element identifier="a" xsi:type="BusinessActor"><name>a</name></element></elements>\n'
        '<views><diagrams><view identifier="v" xsi:type="Diagram"><name>v</name>\n'
        '<node identifier="n" xsi:type="Element" elementRef="a" x="-40" y="0" w="100" h="50"/>\n'
        "</view></diagrams></views></model>\n"
    )
    out = tmp_path / "out.xml"
    result = run("convert", str(source), str(out))
    assert result.exit_code == 0
    assert f"warning: {source}:4: node 'n': x=-40 is below 0" in result.stderr
    assert "note: view 'v' had negative coordinates; moved by (40, 0) so that none is" in result.stdout
    assert validate_xsd(out) == []


def test_strict_stops_at_what_the_reader_would_work_around(tmp_path: Path) -> None:
    source = tmp_path / "nameless.xml"
    source.write_text(
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name>m</name>\n'
        '<elements><element identifier="a" xsi:type="BusinessActor"/></elements></model>\n'
    )
    out = tmp_path / "out.xml"
    assert run("convert", str(source), str(out)).exit_code == 0
    out.unlink()
    result = run("convert", "--strict", str(source), str(out))
    assert result.exit_code == 2
    assert result.stderr == f"ea: error: {source}:2: BusinessActor 'a' has no name (--strict)\n"
    assert not out.exists()


def test_json_output(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    result = run("convert", "--format", "json", str(EXAMPLES / "archi_bendpoint.test.xml"), str(out))
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["elements"] == 2 and report["relationships"] == 2 and report["views"] == 1
    assert report["read"] == [] and report["not_carried"] == []


def test_to_archi_native_and_back(tmp_path: Path) -> None:
    native = tmp_path / "model.archimate"
    result = run("convert", str(ARCHISURANCE), str(native))
    assert result.exit_code == 0, result.output
    assert "note: model metadata entries (Dublin Core) (6) are not carried by the Archi model file" in result.stdout
    back = tmp_path / "back.xml"
    assert run("convert", str(native), str(back)).exit_code == 0
    original, returned = read_exchange(ARCHISURANCE), read_exchange(back)
    assert [e.id for e in returned.elements()] == [e.id for e in original.elements()]
    assert {r.id for r in returned.relationships()} == {r.id for r in original.relationships()}
    assert validate_xsd(back) == []


def test_from_archi_native_file(tmp_path: Path) -> None:
    out = tmp_path / "archisurance.xml"
    result = run("convert", str(ARCHIMATE / "archi-native" / "Archisurance.archimate"), str(out))
    assert result.exit_code == 0, result.output
    assert validate_xsd(out) == []


def test_bad_input_is_one_line_and_leaves_out_alone(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    out.write_bytes(b"keep me")
    broken = tmp_path / "broken.xml"
    broken.write_text('<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/">\n<name>unclosed')
    for args, expected in (
        ([str(broken), str(out)], f"ea: error: {broken}:2: not well-formed XML"),
        ([str(tmp_path / "missing.xml"), str(out)], "no such file"),
        ([str(ARCHISURANCE), str(tmp_path / "out.docx")], "unknown model format '.docx'"),
    ):
        result = run("convert", *args)
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1 and expected in result.stderr
    assert out.read_bytes() == b"keep me"


def test_failed_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch) -> None:
    from exporters.exchange import write as _exchange_write

    out = tmp_path / "out.xml"
    out.write_bytes(b"the old model")

    def disk_full(self, handle):
        self.flush(handle)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_exchange_write.ExchangeWriter, "_relationships", disk_full)
    result = run("convert", str(ARCHISURANCE), str(out))
    assert result.exit_code == 2
    assert result.stderr == f"ea: error: {out}: No space left on device\n"
    assert out.read_bytes() == b"the old model"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_help() -> None:
    result = run("convert", "--help")
    assert result.exit_code == 0 and "Convert a model between formats" in result.output


def test_convert_to_csv_for_excel_guards_formulas(tmp_path):
    from ea_model import Element, Model
    from exporters.exchange import write_exchange

    m = Model()
    m.add_element(Element(id="id-a", type="BusinessActor", name={"en": '=HYPERLINK("http://x")'}))
    source = tmp_path / "m.xml"
    write_exchange(m, source)
    result = CliRunner().invoke(main, ["convert", str(source), str(tmp_path / "csv") + "/", "--excel-safe"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "csv" / "elements.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
