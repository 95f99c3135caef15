"""The writer's fast paths (texts checked a block at a time, folders of bare references written with
one join) must write exactly what the careful paths write, and must escape what needs escaping
wherever in a large model it is."""

from __future__ import annotations

import io
import re

import pytest
from conftest import example_files

from catalog import bundled_model_path
from ea_model import Element, Model, ModelInfo, OrganizationItem, Property, Relationship
from exporters.exchange import generate_exchange, parse_exchange, read_exchange
from exporters.exchange import write_concepts as concepts
from exporters.exchange.schema import validate_xsd
from exporters.exchange.write import ExchangeWriter


def careful_output(model: Model, monkeypatch) -> bytes:
    """The document as the careful paths write it: every text escaped one by one, and no folder
    taken whole as bare references (each item goes through the per-item loop)."""
    with monkeypatch.context() as patch:
        patch.setattr(concepts, "TEXT_SPECIAL", re.compile(""))  # every block "needs" escaping
        patch.setattr(ExchangeWriter, "_all_bare", lambda self, items: None)
        return generate_exchange(model)


@pytest.mark.parametrize(
    "path",
    [bundled_model_path(), *example_files()],
    ids=lambda p: p.name,
)
def test_fast_paths_write_the_same_bytes_as_the_careful_ones(path, monkeypatch) -> None:
    model = read_exchange(path)
    assert generate_exchange(model) == careful_output(model, monkeypatch)


def large_model() -> Model:
    """4,500 elements and 4,100 relationships (several blocks), clean texts except a few, far apart."""
    model = Model(ModelInfo(name={"en": "blocks"}))
    model.define_property("status")
    for n in range(4500):
        name = {"th": f"องค์ประกอบ {n}", "en": f"Element {n}"}
        props = [Property(definition_ref="propid-status", value={"": "active"})]
        if n == 2500:
            name["en"] = "Fees & charges <draft>"
            props.append(Property(definition_ref="propid-status", value={"": "bell\x07 removed", "th": "ใช้งาน"}))
        model.add_element(Element(id=f"id-e{n}", type="BusinessObject", name=name, properties=props))
    model.add_element(Element(id="1bad", type="BusinessActor", name={"en": "renamed on export"}))
    for n in range(4100):
        rel = Relationship(id=f"id-r{n}", type="Association", source=f"id-e{n}", target=f"id-e{n + 1}")
        if n == 3999:
            rel.documentation = {"en": "a > b\r\nnext line"}
        model.add_relationship(rel)
    bare = [OrganizationItem(ref=f"id-e{n}") for n in range(3000)]
    mixed = [
        OrganizationItem(ref="1bad"),
        OrganizationItem(ref="id-missing"),
        OrganizationItem(label={"en": "Sub & folder"}, items=[OrganizationItem(ref="id-r0")]),
        OrganizationItem(ref="id-e3001"),
    ]
    model.organizations = [
        OrganizationItem(label={"en": "Business"}, items=bare),
        OrganizationItem(label={"en": "Other"}, items=mixed),
    ]
    return model


def test_texts_that_need_escaping_are_escaped_in_whichever_block_they_are(monkeypatch) -> None:
    model = large_model()
    writer = ExchangeWriter(model)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    assert data == careful_output(model, monkeypatch)
    assert validate_xsd(data) == []
    text = data.decode()
    assert '<name xml:lang="en">Fees &amp; charges &lt;draft&gt;</name>' in text
    assert "a &gt; b&#13;\nnext line" in text
    assert any("control characters" in note for note in writer.notes)
    assert any("'1bad'" in note for note in writer.notes) and any("id-missing" in note for note in writer.notes)

    again = parse_exchange(data)
    assert again.element("id-e2500").name["en"] == "Fees & charges <draft>"
    assert again.element("id-e2500").properties[1].value == {"": "bell removed", "th": "ใช้งาน"}
    assert again.relationship("id-r3999").documentation == {"en": "a > b\r\nnext line"}
    assert again.element("id-e4499").name == {"th": "องค์ประกอบ 4499", "en": "Element 4499"}
    business, other = again.organizations
    assert [item.ref for item in business.items] == [f"id-e{n}" for n in range(3000)]
    new_id = re.search(r'<element identifier="([^"]+)" xsi:type="BusinessActor">', text).group(1)
    assert new_id != "1bad"
    assert [item.ref for item in other.items] == [new_id, None, None, "id-e3001"]  # the dangling ref is left out
    assert other.items[2].label == {"en": "Sub & folder"} and other.items[2].items[0].ref == "id-r0"
