"""The reader's fast object factory builds ordinary pydantic objects: equal, dumpable, copyable, picklable."""

from __future__ import annotations

import copy
import pickle

import pytest

from ea_model.construct import fast_constructor
from ea_model.objects import Element, OrganizationItem, Property, Relationship

RELATIONSHIP = dict(
    id="r1",
    type="Access",
    name={"th": "อ่าน", "en": "reads"},
    documentation={},
    properties=[Property(definition_ref="p", value={"": "x"})],
    source="a",
    target="b",
    access_type="Read",
    is_directed=None,
    modifier=None,
)


@pytest.fixture
def built() -> tuple[Relationship, Relationship]:
    new_relationship = fast_constructor(Relationship, RELATIONSHIP)
    return new_relationship(copy.deepcopy(RELATIONSHIP)), Relationship(**RELATIONSHIP)


def test_equal_to_a_validated_object(built):
    fast, validated = built
    assert type(fast) is Relationship
    assert fast == validated
    assert fast.model_dump() == validated.model_dump()
    assert fast.model_dump_json() == validated.model_dump_json()
    assert fast.model_fields_set == validated.model_fields_set


def test_copies_and_pickles(built):
    fast, validated = built
    assert pickle.loads(pickle.dumps(fast)) == validated
    assert copy.deepcopy(fast) == validated
    changed = fast.model_copy(update={"target": "c"})
    assert changed.target == "c" and fast.target == "b"


def test_objects_do_not_share_mutable_fields():
    new_element = fast_constructor(
        Element, dict(id="e", type="BusinessActor", name={"en": "x"}, documentation={}, properties=[])
    )
    one = new_element(dict(id="e1", type="BusinessActor", name={}, documentation={}, properties=[]))
    two = new_element(dict(id="e2", type="BusinessActor", name={}, documentation={}, properties=[]))
    one.name["en"] = "Clerk"
    one.properties.append(Property(definition_ref="p"))
    assert two.name == {} and two.properties == []
    one.name = {"th": "เสมียน"}  # assignment works as on any model object
    assert one.label("th") == "เสมียน"


def test_nested_items():
    new_item = fast_constructor(OrganizationItem, dict(id=None, label={}, documentation={}, ref="x", items=[]))
    leaf = new_item(dict(id=None, label={}, documentation={}, ref="e1", items=[]))
    folder = new_item(dict(id="f", label={"en": "Business"}, documentation={}, ref=None, items=[leaf]))
    assert folder == OrganizationItem(id="f", label={"en": "Business"}, items=[OrganizationItem(ref="e1")])
    assert pickle.loads(pickle.dumps(folder)).items[0].ref == "e1"
