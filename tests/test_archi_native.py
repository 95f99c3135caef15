"""Archi's native `.archimate` format: reading the real reference files, writing them back, the
zip form, ids, geometry, styles, specializations, bad and hostile input."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ea_model import Element, Model, Relationship
from ea_model.errors import EaError
from ea_model.objects import (
    Bounds,
    Color,
    Font,
    OrganizationItem,
    Point,
    Style,
    View,
    ViewConnection,
    ViewNode,
    text_in,
)
from exporters import read_model, write_model
from exporters.archi import native as archi_native
from exporters.archi.common import xml_id
from exporters.archi.geometry import absolute_bendpoints, relative_bendpoint
from exporters.archi.native import read_archimate, write_archimate
from tests.conftest import ARCHIMATE, EXAMPLES

NATIVE = ARCHIMATE / "archi-native"
ARCHISURANCE = NATIVE / "Archisurance.archimate"
TESTMODEL = NATIVE / "testmodel1.archimate"
EXCHANGE_ARCHISURANCE = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"
HAVE_EXCHANGE = importlib.util.find_spec("exporters.exchange") is not None
needs_exchange = pytest.mark.skipif(not HAVE_EXCHANGE, reason="exporters/exchange.py is not there yet")


# ---- a comparison of everything a model holds (property references by name) ----------------------


def comparable(model: Model) -> dict:
    """The model as plain data: property references resolved to names, so two models that number
    their property definitions differently still compare equal."""

    def props(items) -> list:
        out = []
        for p in items:
            definition = model.property_definitions.get(p.definition_ref)
            out.append((text_in(definition.name) if definition else p.definition_ref, dict(p.value)))
        return out

    def dump(obj) -> dict:
        data = obj.model_dump(exclude={"properties", "children", "items"})
        if hasattr(obj, "properties"):
            data["properties"] = props(obj.properties)
        if hasattr(obj, "children"):
            data["children"] = [dump(c) for c in obj.children]
        if hasattr(obj, "items"):
            data["items"] = [dump(c) for c in obj.items]
        return data

    views = {}
    for view in model.views:
        data = dump(view)
        data["nodes"] = [dump(n) for n in view.nodes]
        data["connections"] = [dump(c) for c in view.connections]
        views[view.id] = data
    return {
        "info": dump(model.info),
        "elements": {e.id: dump(e) for e in model.elements()},
        "relationships": {r.id: dump(r) for r in model.relationships()},
        "organizations": [dump(o) for o in model.organizations],
        "views": views,
    }


def assert_same_model(a: Model, b: Model) -> None:
    left, right = comparable(a), comparable(b)
    for part in left:
        assert left[part] == right[part], f"{part} differ"


# ---- reading the reference files ----------------------------------------------------------------


def test_archisurance_concepts_ids_and_properties():
    m = read_archimate(ARCHISURANCE)
    counts = m.counts()
    assert (counts["elements"], counts["relationships"], counts["views"]) == (122, 177, 18)
    assert m.info.id == "id-11f5304f"  # Archi's "11f5304f" starts with a digit: prefixed as Archi exports it
    assert text_in(m.info.name) == "Archisurance"
    assert text_in(m.info.documentation) == "An example of a fictional Insurance company."
    assert m.properties_of(m.info) == {"Property1": "Value of Property 1", "Property2": "Value of Property 2"}

    event = m.element("id-650")
    assert (event.type, text_in(event.name)) == ("BusinessEvent", "Request for Insurance")
    assert m.element("f5674126").type == "Principle"  # starts with a letter: a valid XML id, kept (Archi >= 4.7)
    assert m.element("id-9784239c-1fe2-40fb-9d4f-6a5fa0ef6786").type == "Resource"
    assert m.properties_of(m.element("id-275")) == {
        "Property1": "Another Value of Property 1",
        "Property2": "Another Value of Property 2",
        "Property3": "Value of Property 3",
    }
    assert text_in(m.element("id-1407").documentation) == "Customer Information Service"
    # Archi numbers property definitions in order of first use, as its exchange exporter does.
    assert {d.id: text_in(d.name) for d in m.property_definitions.values()}["propid-2"] == "Property 1"


def test_archisurance_relationship_attributes():
    m = read_archimate(ARCHISURANCE)
    # Archi leaves out accessType 0: a plain Access in the file is a Write.
    assert m.relationship("id-693").access_type == "Write"
    assert m.relationship("id-695").access_type == "Read"
    assert m.relationship("id-976").access_type == "Read"
    composition = m.relationship("d89221f3-3122-4dd6-9b23-fab9862c9f33")
    assert (composition.source, composition.target) == (
        "id-1edc89ca-f657-4994-91ef-b6f6174a52e0",
        "id-9784239c-1fe2-40fb-9d4f-6a5fa0ef6786",
    )


def test_archisurance_folders_become_organizations():
    m = read_archimate(ARCHISURANCE)
    tops = [text_in(o.label) for o in m.organizations]
    # Implementation & Migration is empty: left out, as Archi's exporter leaves it out.
    assert tops == [
        "Strategy",
        "Business",
        "Application",
        "Technology & Physical",
        "Motivation",
        "Other",
        "Relations",
        "Views",
    ]
    business = m.organizations[1]
    assert business.id == "id-8c90fdfa"
    assert [text_in(f.label) for f in business.items] == ["Processes", "Information", "Functions", "Products", "Actors"]
    assert business.items[0].items[0].ref == "id-650"
    views = m.organizations[-1]
    refs = [i.ref for i in views.items]
    assert "id-3641" in refs and "3870395c-377b-4fe1-ba9f-5437f4204d2b" not in refs  # the sketch view is not read


def test_archisurance_views_nodes_are_absolute():
    m = read_archimate(ARCHISURANCE)
    view = m.view("id-3698")
    assert view.viewpoint == "Organization"
    outer = view.nodes[0]
    assert (outer.element_ref, outer.bounds) == ("id-275", Bounds(x=20, y=20, w=440, h=500))
    nested = outer.children[2].children[0]  # 3712 inside 3709 inside 3707
    assert nested.id == "id-3712"
    assert nested.bounds == Bounds(x=20 + 20 + 215, y=20 + 50 + 20, w=169, h=60)
    assert outer.style.fill_color == Color(r=255, g=255, b=128)
    assert outer.style.font == Font(name="Arial", size="14")


def test_archisurance_bendpoints_are_absolute():
    view = read_archimate(ARCHISURANCE).view("id-3722")
    conn = next(c for c in view.connections if c.id == "id-3753")
    # Source centre (80, 255) + start offsets = target centre (685, 180) + end offsets: exact.
    assert conn.bendpoints == [Point(x=173, y=61), Point(x=352, y=62), Point(x=546, y=62)]
    assert conn.style.font == Font(name="Arial", size="8")


def test_archisurance_groups_notes_and_view_references():
    m = read_archimate(ARCHISURANCE)
    view = m.view("id-9e9cb71c-3504-4de0-beee-0a0f3c27fdaf")
    by_id = {n.id: n for n in view.iter_nodes()}
    note = by_id["id-8ca8f8f4-1d9e-481b-bfe3-847f66e51510"]
    assert note.type == "Label" and m.properties_of(note) == {"P1": "V1"}
    group = by_id["id-2b82e9b6-40fb-4b63-a3d0-ad18807e4ca5"]
    assert (group.type, text_in(group.label)) == ("Container", "Group")
    ref = by_id["b819b049-76b7-49b9-b4e8-0d574cc7aab6"]
    assert (ref.type, ref.view_ref, text_in(ref.label)) == ("Label", "id-4165", m.view("id-4165").name[""])
    to_sketch = by_id["id-4f93d7ab-95ee-44f1-a793-bcbed8f30380"]
    assert to_sketch.view_ref is None and text_in(to_sketch.label) == "New Sketch"  # a sketch is not a view here
    lines = [c for c in view.connections if c.type == "Line"]
    assert len(lines) == 6
    styled = by_id["e5a21845-8bbe-4cdb-a3f1-b75fe7b6eb2f"]
    assert styled.style.font.color == Color(r=0xD7, g=0x60, b=0x57)
    assert styled.style.line_color == Color(r=0xC5, g=0xC1, b=0x4E)


def test_archisurance_says_what_it_did_not_read():
    m = read_archimate(ARCHISURANCE)
    advice = [f.message for f in m.load_findings if f.rule == "not-carried"]
    assert len(advice) == 1
    assert "sketch and canvas views (2)" in advice[0]
    assert "folder properties (1)" in advice[0]
    assert "textAlignment" in advice[0]
    assert all(f.severity == "advice" for f in m.load_findings)


def test_testmodel1_geometry():
    m = read_archimate(TESTMODEL)
    view = m.view("id-23c519cc")
    note, group, _ = view.nodes
    assert note.bounds == Bounds(x=0, y=0, w=193, h=85)  # x and y left out in the file mean 0
    assert group.children[0].bounds == Bounds(x=156 + 36, y=204 + 42, w=120, h=55)
    conn = m.view("id-09cc5e51").connections[0]
    assert conn.bendpoints == [Point(x=588, y=336)]


def test_read_model_dispatches_to_archi_native(tmp_path):
    m = read_model(TESTMODEL)
    assert m.counts()["elements"] == 2
    assert write_model(m, tmp_path / "copy.archimate") == []
    assert read_model(tmp_path / "copy.archimate").counts() == m.counts()


# ---- writing and reading back -------------------------------------------------------------------


@pytest.mark.parametrize("source", [ARCHISURANCE, TESTMODEL], ids=lambda p: p.name)
def test_native_round_trip_gives_the_same_model(tmp_path, source):
    original = read_archimate(source)
    out = tmp_path / "again.archimate"
    assert write_archimate(original, out) == []
    again = read_archimate(out)
    assert_same_model(original, again)
    assert not [f for f in again.load_findings if f.severity != "advice"]


def test_written_file_is_what_archi_expects(tmp_path):
    out = tmp_path / "again.archimate"
    write_archimate(read_archimate(ARCHISURANCE), out)
    root = etree.parse(str(out)).getroot()
    assert root.tag == "{http://www.archimatetool.com/archimate}model"
    assert root.get("version") == "5.0.0"
    types = [f.get("type") for f in root.findall("folder")]
    assert types == [
        "strategy", "business", "application", "technology", "motivation",
        "implementation_migration", "other", "relations", "diagrams",
    ]  # fmt: skip
    business = root.findall("folder")[1]
    assert business.get("id") == "id-8c90fdfa"
    assert [f.get("name") for f in business.findall("folder")] == [
        "Processes",
        "Information",
        "Functions",
        "Products",
        "Actors",
    ]
    # Nested nodes are relative to their parent again; connections live in their source object.
    nested = root.find(".//child[@id='id-3712']/bounds")
    assert (nested.get("x"), nested.get("y")) == ("215", "20")
    conn = root.find(".//child[@id='id-3741']/sourceConnection[@id='id-3753']")
    assert [bp.get("startX") for bp in conn.findall("bendpoint")] == ["93", "272", "466"]
    assert "id-3753" in root.find(".//child[@id='id-3731']").get("targetConnections").split()
    assert root.find(".//element[@id='id-693']").get("accessType") is None  # Write is Archi's default
    assert root.find(".//element[@id='id-695']").get("accessType") == "1"


def test_zipped_archimate_with_images_reads(tmp_path):
    archive = tmp_path / "with-images.archimate"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("model.xml", ARCHISURANCE.read_bytes())
        zf.writestr("images/4f0b1a2c.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    zipped = read_archimate(archive)
    assert_same_model(zipped, read_archimate(ARCHISURANCE))
    assert any("images in the archive (1)" in f.message for f in zipped.load_findings)
    assert read_model(archive).counts()["elements"] == 122


# ---- hostile and bad input -------------------------------------------------------------------------


def test_zip_bomb_fails_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(archi_native, "MAX_MODEL_XML_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.archimate"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("model.xml", b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>")
    assert bomb.stat().st_size < 100_000
    with pytest.raises(EaError, match="unpacks to more than 1 MiB") as err:
        read_archimate(bomb)
    assert str(bomb) in str(err.value)


def test_zip_understating_its_size_is_still_capped(tmp_path, monkeypatch):
    """A forged header may claim a small model.xml; the read itself is capped too."""
    monkeypatch.setattr(archi_native, "MAX_MODEL_XML_BYTES", 1024 * 1024)
    bomb = tmp_path / "liar.archimate"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("model.xml", b" " * (4 * 1024 * 1024))
    data = bytearray(bomb.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        at = data.find(signature)
        data[at + offset : at + offset + 4] = (100).to_bytes(4, "little")
    bomb.write_bytes(bytes(data))
    with pytest.raises(EaError, match="unpacks to more than|cannot unpack|not a readable zip"):
        read_archimate(bomb)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 truncated", "not a readable zip archive"),
        (None, "without model.xml"),
    ],
)
def test_broken_archives(tmp_path, content, message):
    path = tmp_path / "broken.archimate"
    if content is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("images/x.png", b"png")
    else:
        path.write_bytes(content)
    with pytest.raises(EaError, match=message):
        read_archimate(path)


def _model_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "m.archimate"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<archimate:model xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:archimate="http://www.archimatetool.com/archimate" name="M" id="m1" version="5.0.0">\n'
        f"{body}\n</archimate:model>\n",
        encoding="utf-8",
    )
    return path


GOOD = """<folder name="Business" id="f1" type="business">
  <element xsi:type="archimate:BusinessActor" name="ผู้อำนวยการเขต" id="a1"/>
  <element xsi:type="archimate:BusinessRole" name="Registrar" id="r1"/>
</folder>
<folder name="Relations" id="f2" type="relations">
  <element xsi:type="archimate:AssignmentRelationship" id="x1" source="a1" target="r1"/>
</folder>"""


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (GOOD.replace("archimate:BusinessRole", "archimate:BusinessThing"), 5, "unknown Archi type 'BusinessThing'"),
        (GOOD.replace('target="r1"', 'target="nowhere"'), 8, "refers to 'nowhere'"),
        (GOOD.replace('id="r1"', 'id="a1"'), 5, "duplicate id 'a1'"),
    ],
)
def test_bad_input_is_one_line_error_with_file_and_line(tmp_path, body, line, message):
    path = _model_file(tmp_path, body)
    with pytest.raises(EaError, match=message) as err:
        read_archimate(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(err.value)


def test_recover_turns_bad_input_into_findings(tmp_path):
    body = GOOD.replace("archimate:BusinessRole", "archimate:BusinessThing")
    m = read_archimate(_model_file(tmp_path, body), recover=True)
    errors = [f for f in m.load_findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["unknown-type", "dangling-reference"]
    assert errors[0].line == 5
    assert [e.id for e in m.elements()] == ["a1"]
    assert list(m.relationships()) == []


def test_unsafe_or_broken_xml_is_refused(tmp_path):
    doctype = tmp_path / "dtd.archimate"
    doctype.write_text('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "y">]><m/>')
    with pytest.raises(EaError, match="DTD"):
        read_archimate(doctype)
    broken = tmp_path / "broken.archimate"
    broken.write_text("<archimate:model")
    with pytest.raises(EaError, match="not well-formed"):
        read_archimate(broken)
    other = tmp_path / "other.archimate"
    other.write_text('<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"/>')
    with pytest.raises(EaError, match="not an Archi model"):
        read_archimate(other)


def test_strict_makes_warnings_errors(tmp_path):
    body = GOOD.replace(
        '<element xsi:type="archimate:AssignmentRelationship" id="x1" source="a1" target="r1"/>',
        '<element xsi:type="archimate:AccessRelationship" id="x1" source="a1" target="r1" accessType="7"/>',
    )
    path = _model_file(tmp_path, body)
    assert read_archimate(path).relationship("x1").access_type == "Write"
    assert any(f.rule == "bad-value" for f in read_archimate(path).load_findings)
    with pytest.raises(EaError, match="unknown accessType '7'"):
        read_archimate(path, strict=True)


# ---- ids, geometry, styles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("archi", "xml"),
    [
        ("650", "id-650"),
        ("9784239c-1fe2-40fb-9d4f-6a5fa0ef6786", "id-9784239c-1fe2-40fb-9d4f-6a5fa0ef6786"),
        ("f5674126", "f5674126"),
        ("id-0b1e", "id-0b1e"),
        ("-lead", "id--lead"),
        ("a b:c", "id-a_b_c"),
    ],
)
def test_ids_are_made_valid_the_way_archi_exports_them(archi, xml):
    assert xml_id(archi) == xml


def test_bendpoint_conversion_is_exact_both_ways():
    source, target = Bounds(x=10, y=10, w=121, h=55), Bounds(x=400, y=300, w=120, h=60)
    points = [Point(x=200, y=37), Point(x=250, y=180), Point(x=333, y=333), Point(x=7, y=500)]
    relative = [relative_bendpoint(p, source, target) for p in points]
    assert absolute_bendpoints(relative, source, target) == points
    # Offsets that disagree (an end moved after the route was drawn) blend as Archi's exporter does.
    assert absolute_bendpoints([(0, 0, 30, 30)], source, target) == [
        Point(x=int((70 + 460 + 30) / 2), y=int((37 + 330 + 30) / 2))
    ]


def _drawn_model() -> Model:
    m = Model()
    m.add_element(Element(id="svc", type="BusinessService", name={"th": "ขออนุญาตก่อสร้าง", "en": "Building permit"}))
    m.add_element(Element(id="proc", type="BusinessProcess", name={"en": "Process permit"}))
    m.add_element(Element(id="j", type="OrJunction"))
    m.add_relationship(Relationship(id="r1", type="Realization", source="proc", target="svc"))
    m.add_relationship(Relationship(id="r2", type="Access", source="proc", target="svc"))  # no accessType: Access
    inner = ViewNode(id="n2", element_ref="proc", bounds=Bounds(x=60, y=80, w=120, h=55))
    outer = ViewNode(
        id="n1",
        element_ref="svc",
        bounds=Bounds(x=20, y=30, w=300, h=200),
        children=[inner],
        style=Style(
            fill_color=Color(r=255, g=255, b=181, a=50),
            line_color=Color(r=0, g=0, b=0, a=80),
            font=Font(name="Tahoma", size="10.5", style="bold italic", color=Color(r=1, g=2, b=3)),
            line_width=2,
        ),
    )
    group = ViewNode(id="g", type="Container", label={"": "ระบบ"}, bounds=Bounds(x=400, y=30, w=200, h=100))
    note = ViewNode(id="t", type="Label", label={"": "a note"}, bounds=Bounds(x=400, y=200, w=185, h=80))
    conn = ViewConnection(
        id="c1", relationship_ref="r1", source="n2", target="n1", bendpoints=[Point(x=330, y=40), Point(x=331, y=240)]
    )
    line = ViewConnection(id="c2", type="Line", source="t", target="g", label={"": "see"})
    on_line = ViewConnection(id="c3", type="Line", source="g", target="c2")
    m.views.append(
        View(
            id="v1",
            name={"": "Permit"},
            viewpoint="Layered",
            nodes=[outer, group, note],
            connections=[conn, line, on_line],
        )
    )
    return m


def test_views_styles_and_junctions_survive_a_round_trip(tmp_path):
    m = _drawn_model()
    out = tmp_path / "drawn.archimate"
    dropped = write_archimate(m, out, lang="th")
    assert dropped == [
        "texts in a second language (names, documentation, values) (1) are not carried by the Archi model file",
        "language tags of texts (xml:lang) (1) are not carried by the Archi model file",  # "Process permit" is "en"
    ]
    back = read_archimate(out)
    assert text_in(back.element("svc").name) == "ขออนุญาตก่อสร้าง"
    assert back.element("j").type == "OrJunction"
    assert back.relationship("r2").access_type == "Access"
    view = back.view("v1")
    assert view.viewpoint == "Layered"
    outer = view.nodes[0]
    assert outer.children[0].bounds == Bounds(x=60, y=80, w=120, h=55)
    assert outer.style.fill_color == Color(r=255, g=255, b=181, a=50)
    assert outer.style.line_color == Color(r=0, g=0, b=0, a=80)
    assert outer.style.font == Font(name="Tahoma", size="10.5", style="bold italic", color=Color(r=1, g=2, b=3))
    assert outer.style.line_width == 2
    conns = {c.id: c for c in view.connections}
    assert conns["c1"].bendpoints == [Point(x=330, y=40), Point(x=331, y=240)]
    assert (conns["c2"].type, text_in(conns["c2"].label)) == ("Line", "see")
    assert (conns["c3"].source, conns["c3"].target) == ("g", "c2")
    root = etree.parse(str(out)).getroot()
    assert root.find(".//element[@id='j']").get("type") == "or"
    assert root.find(".//child[@id='n1']").get("font") == "1|Tahoma|10.5|3|"


def test_writer_says_what_the_format_cannot_carry(tmp_path):
    m = _drawn_model()
    view = m.views[0]
    view.nodes[0].label = {"": "overridden label"}
    view.nodes[0].documentation = {"": "node notes"}
    view.connections.append(ViewConnection(id="c4", type="NestingRelationship", source="n1", target="n2"))
    view.viewpoint = "Principles"  # Archi maps no viewpoint id to this exchange name
    dropped = write_archimate(m, tmp_path / "x.archimate")
    joined = "\n".join(dropped)
    for what in ("labels on element nodes (1)", "nesting connections (1)", "viewpoints Archi does not map (1)"):
        assert what in joined
    assert all(d.endswith("are not carried by the Archi model file") for d in dropped)


def test_specializations_become_profiles_and_back(tmp_path):
    path = _model_file(
        tmp_path,
        GOOD.replace('id="a1"/>', 'id="a1" profiles="p1"/>')
        + '\n<profile name="District office" id="p1" conceptType="BusinessActor" imagePath="images/x.png"/>',
    )
    m = read_archimate(path)
    assert m.properties_of(m.element("a1")) == {"Specialization": "District office"}
    assert [(p.id, p.name, p.concept_type, p.image_path) for p in m.info.profiles] == [
        ("p1", "District office", "BusinessActor", "images/x.png")
    ]
    out = tmp_path / "back.archimate"
    assert write_archimate(m, out) == [
        "specialization images (the image files are not kept) (1) are not carried by the Archi model file"
    ]
    root = etree.parse(str(out)).getroot()
    assert root.find(".//element[@id='a1']").get("profiles") == "p1"
    assert root.find("profile").attrib == {"name": "District office", "id": "p1", "conceptType": "BusinessActor"}
    assert not root.findall(".//property")  # the specialization is not written as a property


def test_negative_coordinates_are_shifted(tmp_path):
    body = (
        GOOD
        + """
<folder name="Views" id="f3" type="diagrams">
  <element xsi:type="archimate:ArchimateDiagramModel" name="V" id="v1">
    <child xsi:type="archimate:DiagramObject" id="n1" archimateElement="a1">
      <bounds x="-40" y="10" width="120" height="55"/></child>
    <child xsi:type="archimate:DiagramObject" id="n2" archimateElement="r1">
      <bounds x="200" y="-5" width="120" height="55"/></child>
  </element>
</folder>"""
    )
    view = read_archimate(_model_file(tmp_path, body)).view("v1")
    assert [n.bounds for n in view.nodes] == [Bounds(x=0, y=15, w=120, h=55), Bounds(x=240, y=0, w=120, h=55)]


def test_folders_from_other_tools_land_in_archi_top_folders(tmp_path):
    """A user folder holding several kinds of object is recreated inside each kind's top folder,
    as Archi's exchange importer does; objects in no folder go to their top folder."""
    m = _drawn_model()
    m.organizations = [
        OrganizationItem(
            id="org-bma",
            label={"": "BMA"},
            items=[OrganizationItem(ref="svc"), OrganizationItem(ref="r1"), OrganizationItem(ref="v1")],
        ),
        OrganizationItem(label={"": "Motivation"}, documentation={"": "why"}),
        OrganizationItem(label={"": "Drafts"}),
    ]
    out = tmp_path / "orgs.archimate"
    assert "empty folders outside Archi's top folders (1) are not carried by the Archi model file" in write_archimate(
        m, out
    )
    root = etree.parse(str(out)).getroot()
    top = {f.get("type"): f for f in root.findall("folder")}
    assert top["business"].find("folder").get("name") == "BMA"
    assert top["business"].find("folder").get("id") == "org-bma"
    assert top["business"].find("folder/element").get("id") == "svc"
    assert top["business"].find("element").get("id") == "proc"
    assert top["relations"].find("folder").get("name") == "BMA"
    assert top["relations"].find("folder/element").get("id") == "r1"
    assert top["diagrams"].find("folder/element").get("id") == "v1"
    assert top["motivation"].findtext("documentation") == "why"
    assert len({f.get("id") for f in root.iter("folder")}) == len(root.findall(".//folder"))


def test_writing_twice_gives_the_same_file(tmp_path):
    """Folders Archi needs and the model lacks get ids derived from the model, not random ones."""
    write_archimate(_drawn_model(), tmp_path / "a.archimate")
    write_archimate(_drawn_model(), tmp_path / "b.archimate")
    assert (tmp_path / "a.archimate").read_bytes() == (tmp_path / "b.archimate").read_bytes()


def test_write_is_atomic(tmp_path, monkeypatch):
    out = tmp_path / "keep.archimate"
    out.write_text("the user's model")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("exporters.atomic.os.replace", boom)
    with pytest.raises(OSError):
        write_archimate(read_archimate(TESTMODEL), out)
    assert out.read_text() == "the user's model"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.archimate"]


# ---- against the exchange format ---------------------------------------------------------------


@needs_exchange
@pytest.mark.parametrize("source", [ARCHISURANCE, TESTMODEL], ids=lambda p: p.name)
def test_native_to_exchange_to_native_loses_nothing(tmp_path, source):
    """Everything the exchange format can carry survives native -> exchange -> native. The one
    thing it cannot carry: properties on Groups and Notes (the XSD's view nodes have none; Archi's
    own exporter drops them too, archi issue #799)."""
    original = read_archimate(source)
    xml = tmp_path / "model.xml"
    write_model(original, xml)
    via_exchange = read_model(xml)
    on_view_objects = 0
    for view in original.views:
        for node in view.iter_nodes():
            on_view_objects += len(node.properties)
            node.properties = []
    assert on_view_objects == (2 if source == ARCHISURANCE else 0)
    assert_same_model(original, via_exchange)
    back = tmp_path / "back.archimate"
    unused = ["property definitions no object uses (1) are not carried by the Archi model file"]
    assert write_archimate(via_exchange, back) == (unused if on_view_objects else [])  # "P1" was only on those
    assert_same_model(original, read_archimate(back))


@needs_exchange
def test_both_archisurance_versions_agree_where_they_overlap():
    """The two reference files are versions of one model saved years apart (the exchange file by
    Archi < 4.7 with its export options on, the native file by Archi 5). Where they overlap they
    agree: same concepts, and the views the same nodes in the same absolute places with the same
    routes. What differs was edited in between or is an export option."""
    native = read_archimate(ARCHISURANCE)
    exchange = read_model(EXCHANGE_ARCHISURANCE)

    def key(ref: str | None) -> str:  # Archi < 4.7 prefixed every id with "id-"; 4.7+ only those starting with a digit
        return (ref or "").removeprefix("id-")

    def elements(m):
        return {key(e.id): (e.type, text_in(e.name)) for e in m.elements()}

    def relationships(m):
        return {
            key(r.id): (r.type, key(r.source), key(r.target), r.access_type, text_in(r.name)) for r in m.relationships()
        }

    ne, ee = elements(native), elements(exchange)
    shared = ne.keys() & ee.keys()
    assert len(shared) == 120 and all(ne[k] == ee[k] for k in shared)
    assert {ne[k][0] for k in ne.keys() - ee.keys()} == {"Resource", "Grouping"}  # added in the native version
    assert ee.keys() <= ne.keys()

    nr, er = relationships(native), relationships(exchange)
    shared = nr.keys() & er.keys()
    assert len(shared) == 176 and all(nr[k] == er[k] for k in shared)
    assert sorted(er.keys() - nr.keys()) == ["1436", "712"]  # deleted in the native version
    assert er["712"][:3] == er["90702769"][:3] == ("Access", "588", "674")  # 712 was a duplicate of 90702769
    assert sorted(nr.keys() - er.keys()) == ["d89221f3-3122-4dd6-9b23-fab9862c9f33"]  # Grouping -> Resource

    exchange_views = {key(v.id): v for v in exchange.views}
    assert {key(v.id) for v in native.views} - exchange_views.keys() == {"9e9cb71c-3504-4de0-beee-0a0f3c27fdaf"}
    nodes = moved = connections = rerouted = 0
    for view in native.views:
        other = exchange_views.get(key(view.id))
        if other is None:
            continue
        theirs = {key(n.id): n for n in other.iter_nodes()}
        for node in view.iter_nodes():
            twin = theirs[key(node.id)]
            assert (node.type, key(node.element_ref), key(node.view_ref), text_in(node.label)) == (
                twin.type, key(twin.element_ref), key(twin.view_ref), text_in(twin.label),
            )  # fmt: skip
            nodes += 1
            moved += node.bounds != twin.bounds
        their_routes = {key(c.id): c.bendpoints for c in other.connections}
        for conn in view.connections:
            if key(conn.id) in their_routes:
                connections += 1
                rerouted += conn.bendpoints != their_routes[key(conn.id)]
    assert (nodes, moved) == (249, 3)  # three nodes of the Business Process View were moved in between
    assert (connections, rerouted) == (198, 0)  # every route converts to exactly Archi's absolute bendpoints


@needs_exchange
def test_drawn_view_survives_exchange_and_native(tmp_path):
    """Styles with transparency, fonts, nesting, connections on connections: native and exchange
    carry them alike, so either route gives the same model."""
    first = tmp_path / "a.archimate"
    write_archimate(_drawn_model(), first, lang="th")
    native = read_archimate(first)
    write_model(native, tmp_path / "b.xml")
    via_exchange = read_model(tmp_path / "b.xml")
    assert_same_model(native, via_exchange)
    assert write_archimate(via_exchange, tmp_path / "c.archimate") == []
    assert_same_model(native, read_archimate(tmp_path / "c.archimate"))
