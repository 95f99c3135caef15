"""The metamodel against the specification's reference table, cell by cell."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from ea_model import metamodel
from tests.conftest import ARCHIMATE

KEY_TO_TYPE = {
    "a": "Access",
    "c": "Composition",
    "f": "Flow",
    "g": "Aggregation",
    "i": "Assignment",
    "n": "Influence",
    "o": "Association",
    "r": "Realization",
    "s": "Specialization",
    "t": "Triggering",
    "v": "Serving",
}


def _reference_cells():
    tree = etree.parse(str(ARCHIMATE / "relationships.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    for src in tree.iter("source"):
        for tgt in src.iter("target"):
            yield src.get("concept"), tgt.get("concept"), frozenset(KEY_TO_TYPE[c] for c in tgt.get("relations", ""))


def _types_md_element_types() -> set[str]:
    text = (ARCHIMATE / "types.md").read_text(encoding="utf-8")
    section = text.split("## Element types", 1)[1].split("## Relationship types", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \|", section, re.M))


def _representative(concept: str) -> str:
    return {"Junction": "AndJunction", "Relationship": "Serving"}.get(concept, concept)


def test_every_element_type_of_the_spec_is_known_with_a_layer_and_aspect():
    spelled = _types_md_element_types()
    assert len(spelled) == 62
    assert spelled == set(metamodel.ELEMENT_TYPES)
    assert all(isinstance(t.layer, metamodel.Layer) for t in metamodel.ELEMENT_TYPES.values())
    assert metamodel.layer_of("BusinessService") is metamodel.Layer.BUSINESS
    assert metamodel.aspect_of("DataObject") is metamodel.Aspect.PASSIVE_STRUCTURE


def test_eleven_relationship_types():
    assert set(metamodel.RELATIONSHIP_TYPES) == set(KEY_TO_TYPE.values())


def test_all_62_by_62_cells_match_the_reference():
    cells = list(_reference_cells())
    assert len(cells) == 62 * 62
    mismatches = []
    for src, tgt, expected in cells:
        got = metamodel.allowed_relationships(_representative(src), _representative(tgt))
        if got != expected:
            mismatches.append((src, tgt, sorted(expected), sorted(got)))
        for rel_type in metamodel.RELATIONSHIP_TYPES:
            assert metamodel.is_allowed(rel_type, _representative(src), _representative(tgt)) == (rel_type in expected)
    assert mismatches == []


@pytest.mark.parametrize("junction", ["AndJunction", "OrJunction"])
def test_both_junction_types_share_the_junction_row(junction):
    assert metamodel.allowed_relationships(junction, "BusinessProcess") == metamodel.allowed_relationships(
        "AndJunction", "BusinessProcess"
    )
    assert "Triggering" in metamodel.allowed_relationships("BusinessProcess", junction)


def test_relationship_as_endpoint_allows_association_but_not_serving():
    assert metamodel.is_allowed("Association", "BusinessActor", "Access")
    assert not metamodel.is_allowed("Serving", "ApplicationService", "Access")


def test_viewpoints_restrict_element_types():
    assert metamodel.viewpoint_allows("Organization", "BusinessActor")
    assert not metamodel.viewpoint_allows("Organization", "ApplicationComponent")
    assert metamodel.viewpoint_allows("Layered", "Node")
    assert metamodel.viewpoint_allows("Some Tool-Specific Viewpoint", "Node")
