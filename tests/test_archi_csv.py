"""Archi's CSV format: the real test sets, round trips, delimiters, BOM, comments, the special
relationship properties, formula-injection escaping, what CSV cannot carry, and bad input."""

from __future__ import annotations

import shutil

import pytest

from ea_model import Element, Model, Relationship
from ea_model.errors import EaError
from ea_model.objects import View, text_in
from exporters import read_model, write_model
from exporters.archi.csv import csv_set, read_archi_csv, write_archi_csv
from exporters.archi.native import read_archimate
from tests.conftest import ARCHIMATE
from tests.test_archi_native import comparable

CSV_DIR = ARCHIMATE / "archi-csv"
ARCHISURANCE = ARCHIMATE / "archi-native" / "Archisurance.archimate"


def concepts(model: Model) -> dict:
    """What CSV carries: the model's name, documentation and properties, and its concepts."""
    data = comparable(model)
    info = data["info"]
    return {
        "info": {k: info[k] for k in ("id", "name", "documentation", "properties")},
        "elements": data["elements"],
        "relationships": data["relationships"],
    }


# ---- the reference files --------------------------------------------------------------------------


def test_reads_archi_test_set_1():
    m = read_archi_csv(CSV_DIR / "test1-elements.csv")
    assert m.info.id == "id-862677a6"
    assert text_in(m.info.name) == "Test Model"
    assert (
        text_in(m.info.documentation) == 'This is the Purpose of the Model.\nIt has a line break and "some" quotes.\n'
    )
    assert m.properties_of(m.info) == {"Property 1": 'Hello World "Here"!', "Property 2": "Again"}
    actor = m.element("f00aa5b4")
    assert (actor.type, text_in(actor.name)) == ("BusinessActor", "Business Actor")
    assert text_in(actor.documentation) == 'This is the Business Actor\nDocumentation\nHere ""\n'
    values = [(m.property_definitions[p.definition_ref].name[""], p.value[""]) for p in actor.properties]
    assert values == [
        ("Property 1", "A new value"),
        ("Property 2", 'Another one "here"'),
        ("Property 3", ""),
        ("Property 3", "Again"),  # a key may repeat, as in Archi
        ("Specialization", "Specialization1"),
    ]
    assert [(p.name, p.concept_type) for p in m.info.profiles] == [("Specialization1", "BusinessActor")]
    composition = m.relationship("id-5854f8a3")  # starts with a digit: prefixed like the native reader does
    assert (composition.type, composition.source, composition.target) == ("Composition", "f00aa5b4", "d9fe8c17")
    assert m.properties_of(composition) == {"This": "values"}
    assert m.relationship("cdbfc933").type == "Assignment"
    assert m.load_findings == []


def test_reads_archi_test_set_2_by_folder_file_or_prefix(tmp_path):
    for name in ("test2-elements.csv", "test2-relations.csv", "test2-properties.csv"):
        shutil.copy(CSV_DIR / name, tmp_path / name)
    by_folder = read_archi_csv(tmp_path)
    by_prefix = read_archi_csv(CSV_DIR / "test2-")
    by_file = read_archi_csv(CSV_DIR / "test2-properties.csv")
    assert concepts(by_folder) == concepts(by_prefix) == concepts(by_file)
    assert text_in(by_folder.info.name) == "Test Model changed"
    assert text_in(by_folder.element("f00aa5b4").name) == "Name changed"
    assert read_model(CSV_DIR / "test2-").counts()["elements"] == 3


def test_a_folder_with_two_sets_asks_which():
    with pytest.raises(EaError, match="several CSV sets here .*'test1-', 'test2-'"):
        read_archi_csv(CSV_DIR)


# ---- round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["test1-", "test2-"])
def test_write_then_read_gives_the_same_model(tmp_path, prefix):
    original = read_archi_csv(CSV_DIR / prefix)
    assert write_archi_csv(original, tmp_path / prefix) == []
    assert concepts(read_archi_csv(tmp_path / prefix)) == concepts(original)


def test_archisurance_concepts_survive_csv_and_the_rest_is_reported(tmp_path):
    native = read_archimate(ARCHISURANCE)
    dropped = write_model(native, tmp_path / "archisurance.csv")
    assert dropped == [
        "views (18) are not carried by Archi CSV",
        "organization folders (25) are not carried by Archi CSV",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "archisurance-elements.csv",
        "archisurance-properties.csv",
        "archisurance-relations.csv",
    ]
    back = read_archi_csv(tmp_path / "archisurance-")
    assert concepts(back) == concepts(native)


def test_special_relationship_properties_round_trip(tmp_path):
    m = Model()
    for eid, etype in (("p", "BusinessProcess"), ("o", "BusinessObject"), ("g", "Goal"), ("d", "Driver")):
        m.add_element(Element(id=eid, type=etype, name={"": eid}))
    m.add_element(Element(id="jo", type="OrJunction"))
    m.add_element(Element(id="ja", type="AndJunction"))
    for rid, access in (("read", "Read"), ("write", "Write"), ("rw", "ReadWrite"), ("acc", "Access"), ("none", None)):
        m.add_relationship(Relationship(id=rid, type="Access", source="p", target="o", access_type=access))
    m.add_relationship(Relationship(id="inf", type="Influence", source="d", target="g", modifier="++"))
    m.add_relationship(Relationship(id="dir", type="Association", source="p", target="g", is_directed=True))
    m.add_relationship(Relationship(id="undir", type="Association", source="p", target="g"))
    write_archi_csv(m, tmp_path / "x-")
    properties = (tmp_path / "x-properties.csv").read_text(encoding="utf-8")
    assert '"read","Access_Type","Read"' in properties
    assert '"none","Access_Type","Access"' in properties  # the exchange default, written explicitly as Archi does
    assert '"jo","Junction_Type","Or"' in properties and '"undir","Directed","false"' in properties
    back = read_archi_csv(tmp_path / "x-")
    assert back.element("jo").type == "OrJunction" and back.element("ja").type == "AndJunction"
    assert {r.id: r.access_type for r in back.relationships("Access")} == {
        "read": "Read",
        "write": "Write",
        "rw": "ReadWrite",
        "acc": "Access",
        "none": "Access",
    }
    assert back.relationship("inf").modifier == "++"
    assert back.relationship("dir").is_directed is True and back.relationship("undir").is_directed is None
    assert all(not r.properties for r in back.relationships())  # the special keys are attributes, not properties


def test_access_without_access_type_is_write_as_in_archi(tmp_path):
    (tmp_path / "elements.csv").write_text(
        '"ID","Type","Name","Documentation"\n"p","BusinessProcess","P",""\n"o","BusinessObject","O",""\n'
    )
    (tmp_path / "relations.csv").write_text(
        '"ID","Type","Name","Documentation","Source","Target"\n"a","AccessRelationship","","","p","o"\n'
    )
    m = read_archi_csv(tmp_path)
    assert m.relationship("a").access_type == "Write"


# ---- the format's tolerance: delimiters, BOM, comments, headers, encodings ------------------------


def _write_set(folder, elements: str, relations: str = "", properties: str = "", *, encoding="utf-8", sep=","):
    folder.mkdir(exist_ok=True)
    head = {
        "elements": ["ID", "Type", "Name", "Documentation", "Specialization"],
        "relations": ["ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"],
        "properties": ["ID", "Key", "Value"],
    }
    for kind, body in (("elements", elements), ("relations", relations), ("properties", properties)):
        header = sep.join(f'"{h}"' for h in head[kind])
        (folder / f"{kind}.csv").write_bytes((header + "\r\n" + body).encode(encoding))
    return folder


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_delimiter_is_detected(tmp_path, sep):
    row = sep.join(['"a1"', '"BusinessActor"', '"สำนักงานเขตบางรัก"', '"doc, with; separators\tinside"', '""'])
    m = read_archi_csv(_write_set(tmp_path / "set", row, sep=sep))
    assert text_in(m.element("a1").name) == "สำนักงานเขตบางรัก"
    assert text_in(m.element("a1").documentation) == "doc, with; separators\tinside"


def test_bom_comments_blank_lines_and_header_case(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "elements.csv").write_bytes(
        "\ufeff".encode()
        + b'"id","TYPE","name","Documentation"\r\n'  # older Archi files have no Specialization column
        + b"# a comment line\r\n"
        + b"\r\n"
        + b'"a1","BusinessActor","Clerk","first line\r\n# not a comment: inside quotes\r\n"\r\n'
        + b'"a2","BusinessRole","Registrar",""\r\n'
    )
    m = read_archi_csv(folder)
    assert [e.id for e in m.elements()] == ["a1", "a2"]
    assert text_in(m.element("a1").documentation) == "first line\n# not a comment: inside quotes\n"


def test_names_and_values_lose_line_breaks_documentation_keeps_them(tmp_path):
    folder = _write_set(
        tmp_path / "set",
        '"a1","BusinessActor","two\r\nlines\tand tab","keeps\r\nlines",""',
        properties='"a1","key\nbroken","value\r\nbroken"',
    )
    m = read_archi_csv(folder)
    a1 = m.element("a1")
    assert text_in(a1.name) == "two lines and tab"
    assert text_in(a1.documentation) == "keeps\nlines"
    assert m.properties_of(a1) == {"key broken": "value broken"}


def test_thai_ansi_file_is_read_with_a_warning(tmp_path):
    folder = _write_set(tmp_path / "set", '"a1","BusinessActor","สำนักงานเขต","",""', encoding="cp874")
    m = read_archi_csv(folder)
    assert text_in(m.element("a1").name) == "สำนักงานเขต"
    assert [f.rule for f in m.load_findings] == ["not-utf8"]
    with pytest.raises(EaError, match="not UTF-8.*strict mode"):
        read_archi_csv(folder, strict=True)


# ---- spreadsheets: formula injection ------------------------------------------------------------


def _hostile_model() -> Model:
    m = Model()
    m.add_element(Element(id="a1", type="BusinessActor", name={"": '=HYPERLINK("http://evil","x")'}))
    m.add_element(
        Element(id="a2", type="BusinessRole", name={"": "+1+cmd|' /C calc'!A0"}, documentation={"": "\tindented"})
    )
    m.add_element(Element(id="a3", type="BusinessRole", name={"": "@SUM(1+1)"}, documentation={"": "-2+3"}))
    m.add_element(Element(id="-a4", type="BusinessRole", name={"": "plain"}))
    m.set_property(m.element("a1"), "fee_thb", "-50")
    return m


def test_excel_safe_export_escapes_formulas_only_in_text_cells(tmp_path):
    dropped = write_archi_csv(_hostile_model(), tmp_path / "x-", excel_safe=True)
    elements = (tmp_path / "x-elements.csv").read_bytes()
    assert elements.startswith("\ufeff".encode())  # so Excel reads UTF-8 Thai text
    text = elements.decode("utf-8-sig")
    assert '"a1","BusinessActor","\'=HYPERLINK(""http://evil"",""x"")"' in text
    assert "\"'+1+cmd|' /C calc'!A0\",\"'\tindented\"" in text
    assert '"\'@SUM(1+1)","\'-2+3"' in text
    assert '"-a4","BusinessRole","plain"' in text  # ids are data, never escaped
    assert '"a1","fee_thb","\'-50"' in (tmp_path / "x-properties.csv").read_text(encoding="utf-8-sig")
    assert dropped == []


def test_default_export_keeps_values_as_they_are(tmp_path):
    write_archi_csv(_hostile_model(), tmp_path / "x-")
    raw = (tmp_path / "x-elements.csv").read_bytes()
    assert not raw.startswith("\ufeff".encode())
    back = read_archi_csv(tmp_path / "x-")
    assert text_in(back.element("a1").name) == '=HYPERLINK("http://evil","x")'
    assert back.properties_of(back.element("a1")) == {"fee_thb": "-50"}


def test_reader_does_not_unescape(tmp_path):
    write_archi_csv(_hostile_model(), tmp_path / "x-", excel_safe=True)
    back = read_archi_csv(tmp_path / "x-")
    assert text_in(back.element("a3").name) == "'@SUM(1+1)"


def test_semicolon_export(tmp_path):
    original = read_archi_csv(CSV_DIR / "test1-")
    write_archi_csv(original, tmp_path / "x-", delimiter=";")
    assert (tmp_path / "x-elements.csv").read_text().startswith('"ID";"Type";"Name"')
    assert concepts(read_archi_csv(tmp_path / "x-")) == concepts(original)


# ---- what CSV cannot carry ----------------------------------------------------------------------


def test_dropped_content_is_reported(tmp_path):
    m = _hostile_model()
    m.element("a1").name = {"th": "ผู้ประกอบการ", "en": "Business operator"}
    m.views.append(View(id="v1", name={"": "v"}))
    m.property_definitions[m.property_definition_named("fee_thb").id].type = "number"
    dropped = write_archi_csv(m, tmp_path / "x-", lang="th")
    assert dropped == [
        "texts in a second language (1) are not carried by Archi CSV",
        "views (1) are not carried by Archi CSV",
        "property definition data types other than string (1) are not carried by Archi CSV",
    ]
    assert text_in(read_archi_csv(tmp_path / "x-").element("a1").name) == "ผู้ประกอบการ"


# ---- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elements", "relations", "properties", "file", "line", "message"),
    [
        ('"a1","BusinessActor","A"', "", "", "elements", 2, "the row has 3 fields; the header has 5"),
        ('"a1","BusinessThing","A","",""', "", "", "elements", 2, "unknown element type 'BusinessThing'"),
        ('"a 1","BusinessActor","A","",""', "", "", "elements", 2, "characters Archi does not allow"),
        ('"a1","BusinessActor","A","",""\r\n"a1","BusinessRole","B","",""', "", "", "elements", 3, "duplicate id 'a1'"),
        ('"a1","BusinessActor","A","",""', '"r1","ServingRelationship","","","a1","zz",""', "", "relations", 2, "'zz'"),
        (
            '"a1","BusinessActor","A","",""',
            '"r1","UsedByRelationship","","","a1","a1",""',
            "",
            "relations",
            2,
            "unknown relationship",
        ),
        ('"a1","BusinessActor","A","",""', "", '"nobody","k","v"', "properties", 2, "property for missing id 'nobody'"),
    ],
)
def test_bad_rows_are_one_line_errors_with_file_and_line(
    tmp_path, elements, relations, properties, file, line, message
):
    folder = _write_set(tmp_path / "set", elements, relations, properties)
    with pytest.raises(EaError, match=message) as err:
        read_archi_csv(folder)
    assert str(err.value).startswith(f"{folder / (file + '.csv')}:{line}: ")


def test_wrong_header_is_refused(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "elements.csv").write_text('"Name","Type"\n"a","BusinessActor"\n')
    with pytest.raises(EaError, match='first row must be "ID","Type","Name","Documentation","Specialization"'):
        read_archi_csv(folder)


def test_recover_keeps_the_good_rows(tmp_path):
    folder = _write_set(
        tmp_path / "set",
        '"a1","BusinessActor","A","",""\r\n"a2","BusinessThing","B","",""\r\n"a3","BusinessRole","C"',
        '"r1","AssignmentRelationship","","","a1","a2",""',
    )
    m = read_archi_csv(folder, recover=True)
    assert [e.id for e in m.elements()] == ["a1"]
    assert [(f.rule, f.line) for f in m.load_findings] == [
        ("bad-row", 4),
        ("unknown-type", 3),
        ("dangling-reference", 2),
    ]


def test_write_model_to_a_new_folder(tmp_path):
    target = str(tmp_path / "csv-out") + "/"
    assert write_model(read_archi_csv(CSV_DIR / "test1-"), target) == []
    assert sorted(p.name for p in (tmp_path / "csv-out").iterdir()) == [
        "elements.csv",
        "properties.csv",
        "relations.csv",
    ]
    assert read_model(tmp_path / "csv-out").counts()["elements"] == 3


def test_paths_name_a_set():
    assert csv_set(CSV_DIR / "test1-") == (CSV_DIR, "test1-")
    assert csv_set(CSV_DIR / "test1-relations.csv") == (CSV_DIR, "test1-")
    assert csv_set(CSV_DIR / "model.csv", for_writing=True) == (CSV_DIR, "model-")
    with pytest.raises(EaError, match="not one of Archi's CSV files"):
        csv_set(CSV_DIR / "model.csv")


def test_write_is_atomic_for_all_three_files(tmp_path, monkeypatch):
    for kind in ("elements", "relations", "properties"):
        (tmp_path / f"x-{kind}.csv").write_text("old")
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        raise OSError("disk full")

    monkeypatch.setattr("exporters.atomic.os.replace", failing_replace)
    with pytest.raises(OSError):
        write_archi_csv(_hostile_model(), tmp_path / "x-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x-elements.csv", "x-properties.csv", "x-relations.csv"]
    assert all((tmp_path / f"x-{k}.csv").read_text() == "old" for k in ("elements", "relations", "properties"))
