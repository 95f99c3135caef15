"""The exchange-format reader and writer: nothing lost, valid output, deterministic bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, example_files
from lxml import etree

from ea_model import (
    Bounds,
    Color,
    Element,
    Font,
    Metadata,
    Model,
    ModelInfo,
    OrganizationItem,
    Point,
    Property,
    Relationship,
    Style,
    View,
    ViewConnection,
    ViewNode,
)
from ea_model.objects import Concern, ModelingNote, ViewpointDefinition
from exporters import read_model, write_model
from exporters.exchange import generate_exchange, parse_exchange, read_exchange, write_exchange
from exporters.exchange.schema import validate_xsd

ARCHISURANCE = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"
ALL_TYPES = EXAMPLES / "archi-5.0.2_all-element-types.xml"


def model_differences(a: Model, b: Model) -> list[str]:
    """Where two models differ: info, elements, relationships, property definitions, organizations,
    views (each in order). Empty when they are equal."""
    out = []

    def compare(what: str, left: list, right: list, key) -> None:
        if len(left) != len(right):
            out.append(f"{what}: {len(left)} != {len(right)}")
        for x, y in zip(left, right, strict=False):
            if x != y:
                out.append(f"{what} {key(x)}: {x!r} != {y!r}")
                return

    if a.info != b.info:
        out.append(f"info: {a.info!r} != {b.info!r}")
    compare("element", list(a.elements()), list(b.elements()), lambda c: c.id)
    compare("relationship", list(a.relationships()), list(b.relationships()), lambda c: c.id)
    compare(
        "property definition",
        list(a.property_definitions.values()),
        list(b.property_definitions.values()),
        lambda d: d.id,
    )
    if list(a.property_definitions) != list(b.property_definitions):
        out.append("property definition ids differ")
    compare("organization", a.organizations, b.organizations, lambda o: o.label or o.ref)
    compare("view", a.views, b.views, lambda v: v.id)
    return out


def assert_models_equal(a: Model, b: Model) -> None:
    differences = model_differences(a, b)
    assert not differences, "\n".join(differences[:5])


def round_trip(model: Model) -> tuple[bytes, Model]:
    data = generate_exchange(model)
    return data, parse_exchange(data)


# ---- the reference files ----------------------------------------------------------------------


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_round_trips_to_an_equal_model(path: Path) -> None:
    model = read_exchange(path)
    assert model.load_findings == []  # Archi's own files need no workaround
    data, again = round_trip(model)
    assert_models_equal(model, again)
    assert again.load_findings == []


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_export_is_valid_against_the_schema(path: Path) -> None:
    data = generate_exchange(read_exchange(path))
    assert validate_xsd(data) == []


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_export_is_deterministic(path: Path, tmp_path: Path) -> None:
    model = read_exchange(path)
    write_exchange(model, tmp_path / "a.xml")
    write_exchange(model, tmp_path / "b.xml")
    first = (tmp_path / "a.xml").read_bytes()
    assert first == (tmp_path / "b.xml").read_bytes()
    assert generate_exchange(read_exchange(tmp_path / "a.xml")) == first  # a fixed point


def test_archisurance_keeps_metadata_views_nesting_and_bendpoints() -> None:
    model = read_exchange(ARCHISURANCE)
    assert model.counts()["elements"] == 120 and model.counts()["relationships"] == 178
    metadata = model.info.metadata
    assert metadata.schema_name == "Dublin Core" and metadata.schema_version == "1.1"
    assert len(metadata.items) == 6
    assert any("Phil Beauvoir" in item and "dc:creator" in item for item in metadata.items)
    assert model.info.documentation == {"en": "An example of a fictional Insurance company."}
    assert [p.definition_ref for p in model.info.properties] == ["propid-1", "propid-2"]
    assert list(model.property_definitions) == ["propid-1", "propid-2", "propid-3"]

    assert len(model.views) == 17
    layered = model.view("id-4056")
    assert layered.name == {"en": "Layered View"}
    container = layered.nodes[0]
    assert container.type == "Container" and container.label == {"en": "External Application Services"}
    assert [child.element_ref for child in container.children] == ["id-1220", "id-1196", "id-1208"]
    assert container.children[0].bounds == Bounds(x=284, y=553, w=133, h=60)
    assert container.style.fill_color == Color(r=225, g=225, b=225, a=100)
    assert container.style.font == Font(name="Segoe UI", size="9", color=Color(r=0, g=0, b=0))

    bendpoints = [p for view in model.views for c in view.connections for p in c.bendpoints]
    assert len(bendpoints) == 38
    labels = [n for n in model.view("id-3641").nodes if n.type == "Label"]
    assert labels[0].view_ref == "id-3944" and labels[0].label == {"en": "Application Structure View"}

    organization_refs = [item.ref for top in model.organizations for sub in top.items for item in sub.items]
    assert "id-1544" in organization_refs
    data = generate_exchange(model)
    text = data.decode("utf-8")
    assert "<dc:creator>Phil Beauvoir</dc:creator>" in text  # the namespace is declared once, on <model>
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in text.splitlines()[1]


def test_all_element_types_file_keeps_access_types_direction_and_junctions() -> None:
    model = read_exchange(ALL_TYPES)
    types = {e.type for e in model.elements()}
    assert {"AndJunction", "OrJunction", "Grouping", "Location", "ValueStream", "Gap"} <= types
    access = {r.id: r.access_type for r in model.relationships("Access")}
    assert access["id-c9d646140d5c4f59a0ead3911871d747"] == "Read"
    assert access["id-2286bd47bf2040738d536fd2502cb1b2"] == "Access"  # written explicitly, kept explicitly
    assert sorted(v for v in access.values() if v) == ["Access", "Read", "ReadWrite", "Write"]
    assert model.relationship("id-ecbde3e5a0fe42bfbd77168c53e26ba1").is_directed is True
    assert model.info.name == {"pt": "(new model)"}
    data = generate_exchange(model).decode("utf-8")
    assert 'accessType="Access"' in data
    assert data.count('xml:lang="pt"') >= 92


def test_output_layout_is_archi_like() -> None:
    text = generate_exchange(read_exchange(EXAMPLES / "archi_Sample1.xml")).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert (
        'xsi:schemaLocation="http://www.opengroup.org/xsd/archimate/3.0/ '
        'http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"'
    ) in lines[1]
    assert lines[2] == '  <name xml:lang="en">Test</name>'
    assert all(re.match(r"^( {2})*<", line) for line in lines[1:])  # two-space indent throughout
    assert (
        '    <relationship identifier="id-52b86b7b" xsi:type="Assignment" source="id-37d5bc4b" target="id-89c22226"/>'
        in lines
    )


# ---- models built in code -----------------------------------------------------------------------


def bma_model() -> Model:
    """A small model as ea's own modules build it: Thai and English side by side, every kind of content."""
    model = Model(ModelInfo(id="id-bma", name={"th": "กรุงเทพมหานคร", "en": "Bangkok"}, version="2.1"))
    model.info.documentation = {"th": "สถาปัตยกรรม\nองค์กร", "en": "Enterprise <architecture> & more"}
    model.info.metadata = Metadata(items=['<dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">BMA EA</dc:title>'])
    party = model.define_property("party")
    fee = model.define_property("fee_thb", type="number")
    role = Element(id="id-role-citizen", type="BusinessRole", name={"th": "ประชาชน", "en": "Citizen"})
    service = Element(
        id="id-svc-permit",
        type="BusinessService",
        name={"th": "ขออนุญาตก่อสร้างอาคาร", "en": "Building permit"},
        documentation={"th": "บริการ  ที่มีช่องว่าง ", "": "no language"},
    )
    model.add_element(role)
    model.add_element(service)
    model.set_property(role, "party", "citizen")
    service.properties.append(Property(definition_ref=fee.id, value={"": "0"}))
    process = Element(id="id-proc", type="BusinessProcess", name={"th": "พิจารณาคำขอ"})
    document = Element(id="id-doc", type="BusinessObject", name={"en": "ID card copy"})
    junction = Element(id="id-j", type="OrJunction")
    for element in (process, document, junction):
        model.add_element(element)
    model.add_relationship(Relationship(id="id-r1", type="Serving", source="id-svc-permit", target="id-role-citizen"))
    model.add_relationship(
        Relationship(id="id-r2", type="Access", source="id-proc", target="id-doc", access_type="Read")
    )
    model.add_relationship(Relationship(id="id-r3", type="Access", source="id-proc", target="id-doc"))
    model.add_relationship(Relationship(id="id-r4", type="Realization", source="id-proc", target="id-svc-permit"))
    model.add_relationship(
        Relationship(
            id="id-r5", type="Association", source="id-doc", target="id-r4", is_directed=False, name={"en": "about"}
        )
    )
    model.add_relationship(Relationship(id="id-r6", type="Influence", source="id-proc", target="id-j", modifier="++"))
    model.organizations = [
        OrganizationItem(
            id="id-folder",
            label={"th": "ธุรกิจ", "en": "Business"},
            documentation={"en": "folder"},
            items=[OrganizationItem(ref="id-svc-permit"), OrganizationItem(label={"en": "empty"})],
        ),
        OrganizationItem(ref="id-view-1"),
    ]
    model.info.viewpoints = [
        ViewpointDefinition(
            id="id-vp",
            name={"en": "Citizen services"},
            concerns=[Concern(label={"en": "fees"}, stakeholders=[{"th": "ประชาชน"}])],
            purpose=["Informing"],
            content=["Overview"],
            allowed_element_types=["BusinessService", "BusinessRole"],
            allowed_relationship_types=["Serving"],
            modeling_notes=[ModelingNote(documentation={"en": "keep it small"}, type="text")],
        )
    ]
    style = Style(
        fill_color=Color(r=255, g=255, b=181, a=100),
        line_color=Color(r=92, g=92, b=92),
        font=Font(name="Tahoma", size="10.5", style="bold italic", color=Color(r=0, g=0, b=0)),
        line_width=2,
    )
    view = View(
        id="id-view-1",
        name={"th": "มุมมองบริการ", "en": "Service view"},
        documentation={"en": "one view"},
        properties=[Property(definition_ref=party.id, value={"": "citizen"})],
        viewpoint="Service Realization",
        viewpoint_ref="id-vp",
        nodes=[
            ViewNode(
                id="id-n-group",
                type="Container",
                bounds=Bounds(x=10, y=10, w=400, h=300),
                label={"en": "Group"},
                style=style,
                children=[
                    ViewNode(id="id-n-svc", element_ref="id-svc-permit", bounds=Bounds(x=20, y=40, w=120, h=55)),
                    ViewNode(id="id-n-role", element_ref="id-role-citizen", bounds=Bounds(x=200, y=40, w=120, h=55)),
                ],
            ),
            ViewNode(
                id="id-n-note",
                type="Label",
                bounds=Bounds(x=10, y=400, w=200, h=40),
                label={"th": "หมายเหตุ"},
                view_ref="id-view-2",
                concept_ref="id-svc-permit",
            ),
        ],
        connections=[
            ViewConnection(
                id="id-c1",
                relationship_ref="id-r1",
                source="id-n-svc",
                target="id-n-role",
                bendpoints=[Point(x=150, y=70), Point(x=160, y=80)],
                source_attachment=Point(x=140, y=60),
                target_attachment=Point(x=200, y=60),
                style=Style(line_color=Color(r=0, g=0, b=0)),
                label={"en": "serves"},
            ),
            ViewConnection(id="id-c2", type="Line", source="id-n-note", target="id-c1"),
        ],
    )
    model.views = [view, View(id="id-view-2", name={"en": "Second"})]
    return model


def test_model_built_in_code_round_trips_and_validates() -> None:
    model = bma_model()
    data, again = round_trip(model)
    assert validate_xsd(data) == []
    assert again.load_findings == []
    assert_models_equal(model, again)
    text = data.decode("utf-8")
    assert '<name xml:lang="th">กรุงเทพมหานคร</name>' in text  # UTF-8, not character references
    assert "Enterprise &lt;architecture&gt; &amp; more" in text
    assert '<element identifier="id-j" xsi:type="OrJunction"/>' in text  # junctions need no name


def test_access_without_access_type_stays_without_it() -> None:
    model = bma_model()
    data, again = round_trip(model)
    assert again.relationship("id-r3").access_type is None
    line = next(line for line in data.decode().splitlines() if 'identifier="id-r3"' in line)
    assert "accessType" not in line


def test_element_without_name_gets_an_empty_name_element_and_stays_nameless() -> None:
    model = Model()
    model.add_element(Element(id="id-a", type="BusinessActor"))
    data, again = round_trip(model)
    assert validate_xsd(data) == []
    assert again.element("id-a").name == {}
    assert [f.rule for f in again.load_findings] == ["missing-name", "missing-name"]  # the element and the model


def test_every_text_keeps_each_language_and_whitespace() -> None:
    model = Model(ModelInfo(name={"": "plain"}))
    texts = {"th": "  ชื่อ\tไทย\r\nบรรทัด ", "en": "Name", "en-GB": "Name (UK)", "": "no lang"}
    model.add_element(Element(id="id-a", type="BusinessActor", name=dict(texts), documentation=dict(texts)))
    model.define_property("p")
    model.element("id-a").properties.append(Property(definition_ref="propid-p", value=dict(texts)))
    data, again = round_trip(model)
    assert validate_xsd(data) == []
    element = again.element("id-a")
    assert element.name == texts and element.documentation == texts and element.properties[0].value == texts
    assert "&#13;" in data.decode()  # a carriage return survives the parser's newline normalisation


def test_writer_makes_invalid_ids_valid_and_says_so() -> None:
    model = Model(ModelInfo(id="1model"))
    model.add_element(Element(id="1st element", type="BusinessActor", name={"en": "a"}))
    model.add_element(Element(id="id-b", type="BusinessRole", name={"en": "b"}))
    model.add_relationship(Relationship(id="id-r", type="Assignment", source="1st element", target="id-b"))
    node = ViewNode(id="id-b", element_ref="id-b", bounds=Bounds(x=-20, y=5, w=0, h=10))  # reuses an element id
    other = ViewNode(id="n", element_ref="1st element", bounds=Bounds(x=0, y=0, w=10, h=10))
    model.views = [
        View(
            id="v",
            name={"en": "v"},
            nodes=[node, other],
            connections=[ViewConnection(id="c", relationship_ref="id-r", source="n", target="id-b")],
        ),
        View(
            id="v2", name={"en": "v2"}, nodes=[ViewNode(id="n", element_ref="id-b", bounds=Bounds(x=0, y=0, w=9, h=9))]
        ),
    ]
    model.views[0].nodes[0].properties.append(Property(definition_ref="nowhere", value={"": "x"}))
    buffer_notes = write_model_notes(model)
    data = generate_exchange(model)
    assert validate_xsd(data) == []
    again = parse_exchange(data)
    assert again.counts()["elements"] == 2 and again.counts()["relationships"] == 1
    assert any("1st element" in note for note in buffer_notes)
    assert any("negative coordinates" in note for note in buffer_notes)
    assert any("used twice" in note for note in buffer_notes)
    assert any("properties of view nodes" in note for note in buffer_notes)
    view = again.view("v")
    assert view.nodes[0].bounds == Bounds(x=0, y=5, w=1, h=10)  # moved right by 20, width at least 1
    assert view.nodes[1].bounds.x == 20


def write_model_notes(model: Model) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return write_model(model, Path(folder) / "m.xml")


def test_undeclared_property_definitions_are_declared_on_export() -> None:
    model = Model(ModelInfo(name={"en": "m"}))
    model.add_element(
        Element(
            id="id-a",
            type="BusinessActor",
            name={"en": "a"},
            properties=[Property(definition_ref="propid-x", value={"": "1"})],
        )
    )
    notes = write_model_notes(model)
    data = generate_exchange(model)
    assert validate_xsd(data) == []
    assert any("propid-x" in note for note in notes)
    assert parse_exchange(data).property_definitions["propid-x"].name == {"": "propid-x"}


def test_write_model_reports_what_the_exchange_format_cannot_carry(tmp_path: Path) -> None:
    model = bma_model()
    assert write_model(model, tmp_path / "m.xml") == []
    model.views[0].connections[0].properties.append(Property(definition_ref="propid-party", value={"": "x"}))
    assert write_model(model, tmp_path / "m.xml") == [
        "properties of view nodes and connections are not part of the exchange format; left out"
    ]
    assert_models_equal(read_model(tmp_path / "m.xml"), bma_model())


# ---- saving ---------------------------------------------------------------------------------------


def test_interrupted_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch) -> None:
    from exporters.exchange import write as _exchange_write

    target = tmp_path / "model.xml"
    write_exchange(bma_model(), target)
    before = target.read_bytes()

    def fail_midway(self, handle):
        self.flush(handle)  # part of the new document is already on disk in the temporary file
        raise OSError("disk full")

    monkeypatch.setattr(_exchange_write.ExchangeWriter, "_relationships", fail_midway)
    big = read_exchange(ARCHISURANCE)
    with pytest.raises(OSError, match="disk full"):
        write_exchange(big, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.xml"]  # no temporary file left behind


def test_parse_exchange_takes_bytes_only() -> None:
    with pytest.raises(TypeError):
        parse_exchange(ARCHISURANCE.read_text(encoding="utf-8"))


def test_writer_output_parses_with_plain_lxml() -> None:
    root = etree.fromstring(generate_exchange(bma_model()))
    ns = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}
    assert root.xpath("count(a:elements/a:element)", namespaces=ns) == 5
    assert root.xpath("string(a:views/a:diagrams/a:view[1]/@viewpointRef)", namespaces=ns) == "id-vp"


def test_writer_repairs_views_it_cannot_write_as_they_are() -> None:
    model = Model(ModelInfo(name={"en": "m"}))
    model.add_element(Element(id="id-a", type="BusinessActor", name={"en": "a"}))
    label = ViewNode(
        id="id-label",
        type="Label",
        bounds=Bounds(x=0, y=0, w=100, h=50),
        label={"en": "note"},
        view_ref="id-nowhere",
        children=[ViewNode(id="id-inner", element_ref="id-a", bounds=Bounds(x=5, y=5, w=20, h=20))],
    )
    ghost = ViewNode(id="id-ghost", element_ref="id-gone", bounds=Bounds(x=0, y=100, w=10, h=10))
    model.views = [
        View(
            id="id-v",
            name={"en": "v"},
            nodes=[label, ghost],
            connections=[
                ViewConnection(id="id-c1", relationship_ref="id-missing", source="id-inner", target="id-ghost"),
                ViewConnection(id="id-c2", relationship_ref="id-missing", source="id-inner", target="id-elsewhere"),
            ],
        )
    ]
    notes = write_model_notes(model)
    data = generate_exchange(model)
    assert validate_xsd(data) == []
    view = parse_exchange(data).view("id-v")
    assert [(n.id, n.type) for n in view.nodes] == [
        ("id-label", "Label"),
        ("id-inner", "Element"),
        ("id-ghost", "Container"),
    ]
    assert view.nodes[0].view_ref is None
    assert [(c.id, c.type) for c in view.connections] == [("id-c1", "Line")]
    assert len(notes) == 5, notes


def test_metadata_in_schema_info_blocks_is_kept() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" identifier="m">
  <name>m</name>
  <metadata>
    <schemaInfo>
      <schema>Dublin Core</schema>
      <schemaversion>1.1</schemaversion>
      <dc:title>Nested</dc:title>
    </schemaInfo>
  </metadata>
</model>
"""
    model = parse_exchange(data)
    assert model.info.metadata.schema_name is None and len(model.info.metadata.items) == 1
    exported = generate_exchange(model)
    assert validate_xsd(exported) == []
    assert_models_equal(model, parse_exchange(exported))
