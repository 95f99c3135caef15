"""What real tools write: the reader works around what it can (warnings), and names file, line and
element for what it cannot (EaError, or error findings with recover=True)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES

from ea_model import EaError
from exporters.exchange import generate_exchange, parse_exchange, read_exchange
from exporters.exchange.schema import validate_xsd

HEAD = (
    '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-m">\n'
    '  <name xml:lang="en">M</name>\n'
)


def doc(body: str, *, head: str = HEAD, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    return (prolog + head + body + "</model>\n").encode("utf-8")


ELEMENTS = """  <elements>
    <element identifier="id-a" xsi:type="BusinessActor"><name>Actor</name></element>
    <element identifier="id-b" xsi:type="BusinessRole"><name>Role</name></element>
    <element identifier="id-o" xsi:type="BusinessObject"><name>Object</name></element>
  </elements>
"""


def rules(model) -> list[str]:
    return [f.rule for f in model.load_findings]


def test_windows_1252_file_is_read(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0" encoding="windows-1252"?>\n'
        + HEAD
        + '  <elements>\n    <element identifier="id-a" xsi:type="BusinessActor">'
        + "<name>Caf\u00e9 \u20ac Gr\u00fc\u00dfe</name></element>\n  </elements>\n</model>\n"
    )
    path = tmp_path / "cp1252.xml"
    path.write_bytes(text.encode("cp1252"))
    model = read_exchange(path)
    assert model.element("id-a").name == {"": "Caf\u00e9 \u20ac Gr\u00fc\u00dfe"}
    assert generate_exchange(model).startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_access_without_access_type_is_the_schema_default_not_write() -> None:
    model = parse_exchange(
        doc(
            ELEMENTS
            + """  <relationships>
    <relationship identifier="id-r" xsi:type="Access" source="id-a" target="id-o"/>
  </relationships>
"""
        )
    )
    assert model.relationship("id-r").access_type is None
    assert model.load_findings == []
    assert b"accessType" not in generate_exchange(model)


def test_relationship_to_relationship_with_forward_reference() -> None:
    model = parse_exchange(
        doc(
            ELEMENTS
            + """  <relationships>
    <relationship identifier="id-assoc" xsi:type="Association" source="id-o" target="id-assign"/>
    <relationship identifier="id-assign" xsi:type="Assignment" source="id-a" target="id-b"/>
    <relationship identifier="id-agg" xsi:type="Aggregation" source="id-assoc" target="id-assign"/>
  </relationships>
"""
        )
    )
    assert model.load_findings == []
    assert [r.id for r in model.relationships()] == ["id-assoc", "id-assign", "id-agg"]  # document order
    assert [r.id for r in model.relationships_of("id-assign")] == ["id-assoc", "id-agg"]
    again = parse_exchange(generate_exchange(model))
    assert [r.id for r in again.relationships()] == ["id-assoc", "id-assign", "id-agg"]


@pytest.mark.parametrize(
    "identifier", ["EAID_94620B68_C54A_435d_899D_652653D6D95F", "_1", "a.b-c", "ก-บริการ", "x\u00b7y"]
)
def test_ids_of_any_ncname_form(identifier: str) -> None:
    model = parse_exchange(
        doc(f"""  <elements>
    <element identifier="{identifier}" xsi:type="Node"><name>n</name></element>
  </elements>
""")
    )
    assert model.element(identifier).type == "Node"
    data = generate_exchange(model)
    assert validate_xsd(data) == []
    assert parse_exchange(data).element(identifier).name == {"": "n"}


def test_element_without_name_is_a_warning_with_line_and_strict_makes_it_an_error() -> None:
    data = doc("""  <elements>
    <element identifier="id-a" xsi:type="BusinessActor"/>
    <element identifier="id-j" xsi:type="AndJunction"/>
  </elements>
""")
    model = parse_exchange(data, label="m.xml")
    [finding] = model.load_findings
    assert (finding.severity, finding.rule, finding.id, finding.line) == ("warning", "missing-name", "id-a", 5)
    with pytest.raises(EaError) as error:
        parse_exchange(data, strict=True, label="m.xml")
    assert str(error.value).startswith("m.xml:5: BusinessActor 'id-a' has no name")


def test_unknown_property_definition_is_declared_with_a_warning() -> None:
    model = parse_exchange(
        doc("""  <elements>
    <element identifier="id-a" xsi:type="BusinessActor"><name>a</name>
      <properties><property propertyDefinitionRef="propid-ghost"><value xml:lang="en">1</value></property></properties>
    </element>
  </elements>
""")
    )
    assert rules(model) == ["unknown-property-definition"]
    assert model.load_findings[0].line == 6
    assert model.properties_of(model.element("id-a")) == {"propid-ghost": "1"}
    assert validate_xsd(generate_exchange(model)) == []


def test_visual_paradigm_views_without_xsi_type() -> None:
    model = parse_exchange(
        doc(
            ELEMENTS
            + """  <views>
    <diagrams>
      <view identifier="id-v">
        <name>VP view</name>
        <node identifier="id-n" xsi:type="Element" elementRef="id-a" x="10" y="10" w="120" h="55"/>
      </view>
    </diagrams>
  </views>
"""
        )
    )
    assert model.load_findings == []
    assert model.view("id-v").nodes[0].element_ref == "id-a"
    assert 'xsi:type="Diagram"' in generate_exchange(model).decode()


def test_sparx_style_file() -> None:
    """Prefixed xsi:type values, connections before nodes, negative and fractional coordinates, a
    node with no xsi:type, documentation in HTML, an unknown accessType spelling."""
    model = parse_exchange(
        doc("""  <elements>
    <element identifier="EAID_A" xsi:type="archimate:BusinessActor" xmlns:archimate="http://www.opengroup.org/xsd/archimate/3.0/">
      <name xml:lang="en">Actor</name>
      <documentation xml:lang="en">&lt;b&gt;bold&lt;/b&gt;</documentation>
    </element>
    <element identifier="EAID_B" xsi:type="BusinessObject"><name xml:lang="en">Object</name></element>
  </elements>
  <relationships>
    <relationship identifier="EAID_R" xsi:type="Access" accessType="read" source="EAID_A" target="EAID_B"/>
  </relationships>
  <views>
    <diagrams>
      <view identifier="EAID_V" xsi:type="Diagram">
        <name xml:lang="en">Sparx diagram</name>
        <connection identifier="EAID_C" xsi:type="Relationship" relationshipRef="EAID_R"
                    source="EAID_N1" target="EAID_N2"/>
        <node identifier="EAID_N1" elementRef="EAID_A" x="-15" y="10.5" w="120" h="55"/>
        <node identifier="EAID_N2" xsi:type="Element" elementRef="EAID_B" x="200" y="10" w="120" h="55"/>
      </view>
    </diagrams>
  </views>
""")
    )
    assert model.element("EAID_A").type == "BusinessActor"
    assert model.element("EAID_A").documentation == {"en": "<b>bold</b>"}
    assert model.relationship("EAID_R").access_type == "Read"
    view = model.view("EAID_V")
    assert [n.id for n in view.nodes] == ["EAID_N1", "EAID_N2"] and view.connections[0].id == "EAID_C"
    assert set(rules(model)) == {"invalid-value", "schema-order"}
    assert all(f.severity == "warning" and f.line for f in model.load_findings)
    data = generate_exchange(model)
    assert validate_xsd(data) == []
    assert parse_exchange(data).view("EAID_V").nodes[0].bounds.x == 0  # shifted to be valid


@pytest.mark.parametrize(
    "namespace", ["http://www.opengroup.org/xsd/archimate", "http://www.opengroup.org/xsd/archimate/2.1"]
)
def test_archimate_2_namespace_says_re_export_as_3(namespace: str) -> None:
    data = doc("", head=HEAD.replace("http://www.opengroup.org/xsd/archimate/3.0/", namespace))
    with pytest.raises(EaError) as error:
        parse_exchange(data, label="old.xml")
    message = str(error.value)
    assert message.startswith("old.xml:2: this is the ArchiMate 2.x exchange format")
    assert "re-export the model as ArchiMate 3.x" in message and "Archi 4" in message


def test_other_roots_say_what_they_are() -> None:
    with pytest.raises(EaError, match="an Archi native model, not an exchange file: give it the extension .archimate"):
        read_exchange(EXAMPLES.parent / "archi-native" / "Archisurance.archimate")
    with pytest.raises(EaError, match=r"not an ArchiMate exchange model: the root element is <svg> \(namespace"):
        parse_exchange(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    with pytest.raises(EaError, match="<model> has no namespace; an ArchiMate 3.x exchange file uses namespace"):
        parse_exchange(b"<model/>")
    with pytest.raises(EaError, match="the file is empty|not well-formed"):
        parse_exchange(b"")


def test_dangling_reference_names_file_line_and_element(tmp_path: Path) -> None:
    path = tmp_path / "dangling.xml"
    path.write_bytes(
        doc(
            ELEMENTS
            + """  <relationships>
    <relationship identifier="id-ok" xsi:type="Assignment" source="id-a" target="id-b"/>
    <relationship identifier="id-bad" xsi:type="Serving" source="id-a" target="id-missing"/>
  </relationships>
"""
        )
    )
    with pytest.raises(EaError) as error:
        read_exchange(path)
    assert str(error.value) == (
        f"{path}:11: relationship 'id-bad' refers to target 'id-missing', which is not in the model"
    )
    model = read_exchange(path, recover=True)
    [finding] = model.load_findings
    assert (finding.severity, finding.rule, finding.id, finding.line) == ("error", "dangling-reference", "id-bad", 11)
    assert [r.id for r in model.relationships()] == ["id-ok"]


def test_duplicate_id_and_unknown_type_name_the_line() -> None:
    data = doc("""  <elements>
    <element identifier="id-a" xsi:type="BusinessActor"><name>a</name></element>
    <element identifier="id-a" xsi:type="BusinessRole"><name>again</name></element>
    <element identifier="id-x" xsi:type="BusinessWizard"><name>x</name></element>
  </elements>
""")
    with pytest.raises(
        EaError, match=r"^m.xml:6: duplicate identifier 'id-a' on <element>: already used by an element"
    ):
        parse_exchange(data, label="m.xml")
    model = parse_exchange(data, recover=True)
    assert [(f.rule, f.line) for f in model.load_findings] == [("duplicate-id", 6), ("unknown-type", 7)]
    assert "unknown element type 'BusinessWizard'" in model.load_findings[1].message
    assert [e.id for e in model.elements()] == ["id-a"]
    assert model.element("id-a").type == "BusinessActor"


def test_recover_leaves_out_what_depends_on_what_was_left_out() -> None:
    model = parse_exchange(
        doc(
            ELEMENTS
            + """  <relationships>
    <relationship identifier="id-r1" xsi:type="Serving" source="id-a" target="id-gone"/>
    <relationship identifier="id-r2" xsi:type="Association" source="id-o" target="id-r1"/>
    <relationship identifier="id-c1" xsi:type="Association" source="id-o" target="id-c2"/>
    <relationship identifier="id-c2" xsi:type="Association" source="id-a" target="id-c1"/>
  </relationships>
  <organizations>
    <item><label>folder</label><item identifierRef="id-r1"/><item identifierRef="id-a"/></item>
  </organizations>
  <views>
    <diagrams>
      <view identifier="id-v" xsi:type="Diagram">
        <name>v</name>
        <node identifier="id-n1" xsi:type="Element" elementRef="id-a" x="0" y="0" w="10" h="10"/>
        <node identifier="id-n2" xsi:type="Element" elementRef="id-nothing" x="0" y="0" w="10" h="10">
          <node identifier="id-n3" xsi:type="Element" elementRef="id-b" x="1" y="1" w="5" h="5"/>
        </node>
        <connection identifier="id-k" xsi:type="Relationship" relationshipRef="id-r2" source="id-n1" target="id-n1"/>
        <connection identifier="id-l" xsi:type="Line" source="id-n1" target="id-n2"/>
      </view>
    </diagrams>
  </views>
"""
        ),
        recover=True,
    )
    assert model.counts()["relationships"] == 0
    assert all(f.severity == "error" and f.rule == "dangling-reference" for f in model.load_findings)
    messages = " | ".join(f.message for f in model.load_findings)
    assert "'id-r1' refers to target 'id-gone'" in messages
    assert "its own endpoint" in messages
    assert "'id-r2' has endpoint 'id-r1', which was left out" in messages
    view = model.view("id-v")
    assert [n.id for n in view.iter_nodes()] == ["id-n1", "id-n3"]  # id-n2 left out, its child moved up
    assert view.connections == []
    assert [i.ref for i in model.organizations[0].items] == ["id-a"]
    assert validate_xsd(generate_exchange(model)) == []


def test_labels_link_forward_to_later_views() -> None:
    model = parse_exchange(
        doc("""  <views>
    <diagrams>
      <view identifier="id-v1" xsi:type="Diagram">
        <name>first</name>
        <node identifier="id-n" xsi:type="Label" x="0" y="0" w="10" h="10">
          <label>go</label><viewRef ref="id-v2"/>
        </node>
      </view>
      <view identifier="id-v2" xsi:type="Diagram"><name>second</name></view>
    </diagrams>
  </views>
""")
    )
    assert model.load_findings == []
    assert model.view("id-v1").nodes[0].view_ref == "id-v2"


def test_extension_content_is_advice_and_unknown_archimate_content_a_warning() -> None:
    model = parse_exchange(
        doc("""  <elements>
    <element identifier="id-a" xsi:type="BusinessActor" xmlns:x="urn:vendor">
      <name>a</name>
      <x:colour>red</x:colour>
      <label>not here</label>
    </element>
  </elements>
""")
    )
    assert [(f.severity, f.rule) for f in model.load_findings] == [
        ("advice", "ignored-extension"),
        ("warning", "unexpected-content"),
    ]


def test_duplicate_language_is_a_warning() -> None:
    model = parse_exchange(
        doc("""  <elements>
    <element identifier="id-a" xsi:type="BusinessActor">
      <name xml:lang="en">a</name><name xml:lang="en">b</name>
    </element>
  </elements>
""")
    )
    assert model.element("id-a").name == {"en": "a"}
    assert rules(model) == ["duplicate-language"]


def test_not_well_formed_names_the_line() -> None:
    with pytest.raises(EaError, match=r"^broken.xml:6: not well-formed XML: "):
        parse_exchange(doc("  <elements>\n    <element identifier='a'>\n  </elements>\n"), label="broken.xml")
