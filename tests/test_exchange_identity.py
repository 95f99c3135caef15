"""`exporters/exchange/identity.py` gives the Open Group XSDs' verdict (what `ea merge` checks its result
with): the same as the full schema on valid files and on files that break each kind of identity
constraint, and its table of constraints is the one the schemas declare."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from catalog import bundled_model_path
from exporters.exchange.identity import IDREFS, KEYREFS, KEYS, check_document
from exporters.exchange.schema import XSD_DIR, validate_xsd
from tests.conftest import example_files

XS = "{http://www.w3.org/2001/XMLSchema}"


def declared_constraints() -> tuple[set, set]:
    keys, keyrefs = set(), set()
    for name in ("archimate3_Model.xsd", "archimate3_View.xsd", "archimate3_Diagram.xsd"):
        for c in etree.parse(str(XSD_DIR / name)).iter(XS + "key", XS + "keyref", XS + "unique"):
            scope, kind = c.getparent().get("name"), etree.QName(c).localname
            if c.get("name").startswith("Stereotype"):
                continue  # selects ./extensions/..., which no valid document has (see the module)
            selector = c.find(XS + "selector").get("xpath")
            selected = frozenset(re.findall(r"archimate:(\w+|\*)\s*(?:\||$)", selector))
            [field] = [f.get("xpath").lstrip("@") for f in c.findall(XS + "field")]
            if kind == "keyref":
                [one] = selected
                keyrefs.add((scope, c.get("refer"), one, field))
            else:
                keys.add((scope, c.get("name"), selected, kind == "unique", field))
    return keys, keyrefs


def test_the_table_is_what_the_schemas_declare():
    keys, keyrefs = declared_constraints()
    assert {(k.scope, k.name, k.selected, k.unique, "identifier") for k in KEYS} == keys
    assert set(KEYREFS) == keyrefs
    assert len(keys) + len(keyrefs) == 32  # 35 declared, the 3 stereotype constraints left out


def test_every_idref_attribute_of_the_schemas_is_resolved():
    """The streaming check resolves xs:IDREFs itself (libxml2 does not, streaming): it must know them all."""
    trees = [
        etree.parse(str(XSD_DIR / n)) for n in ("archimate3_Model.xsd", "archimate3_View.xsd", "archimate3_Diagram.xsd")
    ]
    used_groups = {g.get("ref") for t in trees for g in t.iter(XS + "attributeGroup") if g.get("ref")}
    declared = set()
    for tree in trees:
        for attribute in tree.iter(XS + "attribute"):
            group = next((a for a in attribute.iterancestors(XS + "attributeGroup")), None)
            if attribute.get("type") == "xs:IDREF" and (group is None or group.get("name") in used_groups):
                declared.add(attribute.get("name"))
    assert declared == {name for names in IDREFS.values() for name in names}


@pytest.mark.parametrize("path", [bundled_model_path(), *example_files()], ids=lambda p: p.name)
def test_valid_files_are_valid(path):
    data = path.read_bytes()
    assert validate_xsd(data) == [] and check_document(data) == []


def first_id(text: str, pattern: str) -> str:
    return re.search(pattern, text).group(1)


def mutations() -> dict[str, str]:
    """Copies of the bundled model, each breaking one constraint; most only an identity constraint
    (the reference is an existing id of the wrong kind, which xs:IDREF accepts)."""
    text = bundled_model_path().read_text(encoding="utf-8")
    element = first_id(text, r'<element identifier="([^"]+)"')
    relationship = first_id(text, r'<relationship identifier="([^"]+)"')
    view = first_id(text, r'<view identifier="([^"]+)"')
    definition = first_id(text, r'<propertyDefinition identifier="([^"]+)"')
    rel_tag = re.search(r'<relationship identifier="[^"]+" xsi:type="\w+" source="([^"]+)"', text)
    node_tag = re.search(r'<node identifier="[^"]+" xsi:type="Element" elementRef="([^"]+)"', text)
    conn_tag = re.search(r'<connection identifier="[^"]+" xsi:type="Relationship" relationshipRef="([^"]+)"', text)
    conn_source = re.search(
        r'<connection identifier="[^"]+" xsi:type="Relationship" relationshipRef="[^"]+" source="([^"]+)"', text
    )
    other_view_node = re.findall(r'<view identifier="[^"]+".*?<node identifier="([^"]+)"', text, re.S)[-1]

    def at(match, value: str) -> str:
        return text[: match.start(1)] + value + text[match.end(1) :]

    prop = re.search(r'<property propertyDefinitionRef="([^"]+)"', text)
    node_id = re.search(r'<node identifier="([^"]+)"', text)
    return {
        "relationship source is a view": at(rel_tag, view),
        "relationship source is a property definition": at(rel_tag, definition),
        "node elementRef is a relationship": at(node_tag, relationship),
        "connection relationshipRef is an element": at(conn_tag, element),
        "connection source is a node of another view": at(conn_source, other_view_node),
        "property definition ref is an element": at(prop, element),
        "duplicate element identifier": text.replace(
            f'<relationship identifier="{relationship}"', f'<relationship identifier="{element}"', 1
        ),
        "a reference to nothing": at(node_tag, "id-nowhere"),
        "a node with an element's identifier": at(node_id, element),
        "not allowed by the structure": text.replace("<element ", '<element bogus="1" ', 1),
    }


@pytest.mark.parametrize("case", list(mutations()))
def test_broken_files_are_refused_as_the_full_schema_refuses_them(case):
    data = mutations()[case].encode("utf-8")
    assert validate_xsd(data), "the full schema refuses it"
    assert check_document(data)


def test_an_organization_item_naming_nothing_is_refused():
    """item@identifierRef is an xs:IDREF no keyref covers: it must name an identifier of the document
    (XML Schema requires it; libxml2 lets it through even validating a whole tree)."""
    text = bundled_model_path().read_text(encoding="utf-8")
    item_ref = re.search(r'<item identifierRef="([^"]+)"', text)
    data = (text[: item_ref.start(1)] + "id-nowhere" + text[item_ref.end(1) :]).encode("utf-8")
    assert check_document(data) == ["reference 'id-nowhere' names no identifier in the document"]


def test_a_document_that_is_not_xml_is_refused():
    assert check_document(b"<model xmlns='http://www.opengroup.org/xsd/archimate/3.0/'>")
