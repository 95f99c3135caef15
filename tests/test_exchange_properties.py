"""Property-based: any valid model survives export -> import unchanged, as valid, stable bytes."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exchange import assert_models_equal

from ea_model import (
    Bounds,
    Color,
    Element,
    Font,
    Model,
    ModelInfo,
    OrganizationItem,
    Point,
    Property,
    PropertyDefinition,
    Relationship,
    Style,
    View,
    ViewConnection,
    ViewNode,
    metamodel,
)
from exporters.exchange import generate_exchange, parse_exchange
from exporters.exchange.schema import validate_xsd

THAI = "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอฮะาำิีึืุูเแโใไ่้๊๋์"
TEXT = st.text(alphabet=THAI + string.ascii_letters + string.digits + " &<>\"'\n\t\r.-", min_size=1, max_size=12)
LANGS = st.sampled_from(["", "th", "en", "th-TH"])
ELEMENT_TYPES = sorted(metamodel.ELEMENT_TYPES)
ID_STYLES = st.sampled_from(["id-", "_", "EAID_", "ก-", "id.x-"])  # what Archi, Sparx and hand-written files use


@st.composite
def lang_strings(draw, min_size: int = 0) -> dict[str, str]:
    return draw(st.dictionaries(LANGS, TEXT, min_size=min_size, max_size=3))


@st.composite
def models(draw) -> Model:
    style = draw(ID_STYLES)
    prefix = iter(f"{style}{n}" for n in range(1_000))
    model = Model(ModelInfo(id="id-model", name=draw(lang_strings(min_size=1)), documentation=draw(lang_strings())))
    definitions = [
        PropertyDefinition(
            id=f"propid-{i}",
            name=draw(lang_strings(min_size=1)),
            type=draw(st.sampled_from(["string", "number", "boolean"])),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    model.property_definitions = {d.id: d for d in definitions}

    def properties() -> list[Property]:
        if not definitions:
            return []
        return [
            Property(definition_ref=draw(st.sampled_from(definitions)).id, value=draw(lang_strings(min_size=1)))
            for _ in range(draw(st.integers(0, 3)))
        ]

    model.info.properties = properties()
    elements = []
    for _ in range(draw(st.integers(1, 8))):
        element_type = draw(st.sampled_from(ELEMENT_TYPES))
        name = draw(lang_strings(min_size=0 if element_type in ("AndJunction", "OrJunction", "Grouping") else 1))
        element = Element(
            id=next(prefix), type=element_type, name=name, documentation=draw(lang_strings()), properties=properties()
        )
        model.add_element(element)
        elements.append(element)
    concepts = list(elements)
    for _ in range(draw(st.integers(0, 8))):
        source, target = draw(st.sampled_from(concepts)), draw(st.sampled_from(concepts))
        allowed = sorted(metamodel.allowed_relationships(source.type, target.type))
        if not allowed:
            continue
        rel_type = draw(st.sampled_from(allowed))
        extra = {}
        if rel_type == "Access":
            extra["access_type"] = draw(st.sampled_from([None, "Access", "Read", "Write", "ReadWrite"]))
        elif rel_type == "Association":
            extra["is_directed"] = draw(st.sampled_from([None, True, False]))
        elif rel_type == "Influence":
            extra["modifier"] = draw(st.sampled_from([None, "+", "--", "7", "มาก"]))
        rel = Relationship(
            id=next(prefix),
            type=rel_type,
            source=source.id,
            target=target.id,
            name=draw(lang_strings()),
            properties=properties(),
            **extra,
        )
        model.add_relationship(rel)
        concepts.append(rel)

    refs = [c.id for c in concepts]
    model.organizations = [
        OrganizationItem(
            label=draw(lang_strings(min_size=1)),
            items=[OrganizationItem(ref=r) for r in draw(st.lists(st.sampled_from(refs), max_size=4))],
        ),
        OrganizationItem(ref=refs[0], documentation=draw(lang_strings())),
    ]

    counter = iter(range(10_000))
    nodes: dict[str, ViewNode] = {}

    def node(element: Element) -> ViewNode:
        x, y = draw(st.integers(0, 900)), draw(st.integers(0, 900))
        made = ViewNode(
            id=f"id-node-{next(counter)}",
            element_ref=element.id,
            bounds=Bounds(x=x, y=y, w=draw(st.integers(1, 300)), h=draw(st.integers(1, 200))),
        )
        nodes[element.id] = made
        return made

    shown = draw(st.lists(st.sampled_from(elements), unique_by=lambda e: e.id, max_size=6))
    top = [node(e) for e in shown[:3]]
    if top and len(shown) > 3:
        top[0].children = [node(e) for e in shown[3:]]
    style = draw(
        st.none()
        | st.builds(
            Style,
            fill_color=st.none()
            | st.builds(
                Color,
                r=st.integers(0, 255),
                g=st.integers(0, 255),
                b=st.integers(0, 255),
                a=st.none() | st.integers(0, 100),
            ),
            font=st.none()
            | st.builds(Font, name=st.none() | st.just("Tahoma"), size=st.sampled_from([None, "9", "10.5"])),
            line_width=st.none() | st.integers(1, 4),
        )
    )
    label = ViewNode(
        id=f"id-node-{next(counter)}",
        type="Label",
        bounds=Bounds(x=0, y=0, w=50, h=20),
        label=draw(lang_strings(min_size=1)),
        style=style,
    )
    connections = []
    for rel in model.relationships():
        if rel.source in nodes and rel.target in nodes:
            connections.append(
                ViewConnection(
                    id=f"id-conn-{next(counter)}",
                    relationship_ref=rel.id,
                    source=nodes[rel.source].id,
                    target=nodes[rel.target].id,
                    bendpoints=[
                        Point(x=draw(st.integers(0, 500)), y=draw(st.integers(0, 500)))
                        for _ in range(draw(st.integers(0, 2)))
                    ],
                )
            )
    model.views = [
        View(
            id="id-view",
            name=draw(lang_strings(min_size=1)),
            viewpoint=draw(st.sampled_from([None, "Layered"])),
            nodes=[*top, label],
            connections=connections,
        )
    ]
    return model


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(models())
def test_export_then_import_gives_the_same_model(model: Model) -> None:
    data = generate_exchange(model)
    again = parse_exchange(data)
    assert [f for f in again.load_findings if f.rule != "missing-name"] == []
    assert_models_equal(model, again)
    assert generate_exchange(again) == data


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(models())
def test_every_generated_model_exports_valid_xml(model: Model) -> None:
    assert validate_xsd(generate_exchange(model)) == []
