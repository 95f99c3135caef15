"""The in-memory model: the graph, its queries, multilingual text."""

from __future__ import annotations

import pytest

from ea_model import Element, Model, ModelError, Relationship, lang_string, text_in
from ea_model.metamodel import Layer


def small_model() -> Model:
    m = Model()
    m.add_element(Element(id="svc", type="BusinessService", name=lang_string(th="ขออนุญาตก่อสร้าง", en="Building permit")))
    m.add_element(Element(id="proc", type="BusinessProcess", name=lang_string(en="Process permit")))
    m.add_element(Element(id="app", type="ApplicationComponent", name=lang_string(en="BMA OSS")))
    m.add_element(Element(id="appsvc", type="ApplicationService", name=lang_string(en="e-Permit intake")))
    m.add_relationship(Relationship(id="r1", type="Realization", source="proc", target="svc"))
    m.add_relationship(Relationship(id="r2", type="Realization", source="app", target="appsvc"))
    m.add_relationship(Relationship(id="r3", type="Serving", source="appsvc", target="proc"))
    return m


def test_typed_queries():
    m = small_model()
    assert [e.id for e in m.elements(type="BusinessService")] == ["svc"]
    assert {e.id for e in m.elements(layer=Layer.APPLICATION)} == {"app", "appsvc"}
    assert [r.id for r in m.relationships(type="Serving")] == ["r3"]
    assert [e.id for e in m.neighbours("proc", types={"Serving"}, direction="in")] == ["appsvc"]
    assert [e.id for e in m.neighbours("proc", direction="both")] == ["svc", "appsvc"]
    assert m.path("app", "svc") == ["app", "appsvc", "proc", "svc"]
    assert m.path("svc", "app") is None
    assert m.path("svc", "app", directed=False) == ["svc", "proc", "appsvc", "app"]


def test_relationship_on_relationship():
    m = small_model()
    m.add_element(Element(id="note", type="BusinessObject", name={"en": "Consent"}))
    m.add_relationship(Relationship(id="r4", type="Association", source="note", target="r3"))
    assert m.is_relationship("r3")
    assert [r.id for r in m.incoming("r3")] == ["r4"]
    m.remove_relationship("r3")
    assert "r4" not in m and "r3" not in m


def test_errors_are_clear():
    m = small_model()
    with pytest.raises(ModelError, match="unknown element type 'BusinessThing'"):
        m.add_element(Element(id="x", type="BusinessThing"))
    with pytest.raises(ModelError, match="duplicate id 'svc'"):
        m.add_element(Element(id="svc", type="BusinessService"))
    with pytest.raises(ModelError, match="missing id 'nowhere'"):
        m.add_relationship(Relationship(id="r9", type="Serving", source="app", target="nowhere"))


def test_display_name_rule():
    name = {"th-TH": "ใบอนุญาต", "en": "Permit"}
    assert text_in(name, "th") == "ใบอนุญาต"
    assert text_in(name, "en-GB") == "Permit"
    assert text_in(name, "fr") == "Permit"  # no French: untagged, else English
    assert text_in({"": "untagged", "en": "English"}, "fr") == "untagged"
    assert text_in({"pt": "Ator"}, "th") == "Ator"
    assert text_in({}, "th") == ""


def test_properties_by_name():
    m = small_model()
    svc = m.element("svc")
    m.set_property(svc, "fee_thb", "20")
    m.set_property(svc, "fee_thb", "40")
    assert m.property_value(svc, "fee_thb") == "40"
    assert len(m.property_definitions) == 1


def test_counts():
    counts = small_model().counts()
    assert counts["elements"] == 4 and counts["relationships"] == 3
    assert counts["by_type"]["Realization"] == 2


def test_counts_read_in_the_right_number():
    from ea_model.naming import counted

    assert counted(1, "relationship") == "1 relationship"
    assert counted(0, "view") == "0 views"
    assert counted(874142, "item") == "874,142 items"
    assert counted(2, "property", "properties") == "2 properties"
