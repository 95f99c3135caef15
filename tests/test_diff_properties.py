"""Property-based: merge of disjoint edits is their sum; diff(a, a) is empty; a format round trip
shows only what the format cannot carry."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ea_model import Bounds, Element, Model, Relationship, View, ViewNode
from ea_model.diff import diff_models, merge_models
from exporters import read_model, write_model

TYPES = ["BusinessActor", "BusinessRole", "BusinessProcess", "ApplicationComponent", "DataObject"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.text(alphabet="abcdeกขคงจ", min_size=1, max_size=6)


@st.composite
def models(draw) -> Model:
    m = Model()
    n = draw(st.integers(4, 10))
    for i in range(n):
        name = {"en": f"E{i} " + draw(WORDS)}
        if draw(st.booleans()):
            name["th"] = draw(WORDS)
        m.add_element(Element(id=f"e{i}", type=draw(st.sampled_from(TYPES)), name=name))
    for j in range(draw(st.integers(0, 6))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        m.add_relationship(Relationship(id=f"r{j}", type="Association", source=f"e{a}", target=f"e{b}"))
    nodes = [ViewNode(id=f"n{i}", element_ref=f"e{i}", bounds=Bounds(x=10 * i, y=0, w=120, h=55)) for i in range(n)]
    m.views.append(View(id="v", name={"en": "View"}, nodes=nodes))
    return m


def copy(m: Model) -> Model:
    out = Model(m.info.model_copy(deep=True))
    out.property_definitions = {k: d.model_copy(deep=True) for k, d in m.property_definitions.items()}
    out.add_concepts_from(
        [e.model_copy(deep=True) for e in m.elements()], [r.model_copy(deep=True) for r in m.relationships()]
    )
    out.views = [v.model_copy(deep=True) for v in m.views]
    return out


def edit(m: Model, part: int, ops: list[int], word: str) -> None:
    """Edits confined to the elements whose number has parity `part` (so two parts are disjoint)."""
    ids = [e.id for e in m.elements() if int(e.id[1:]) % 2 == part]
    for k, op in enumerate(ops):
        eid = ids[k % len(ids)]
        el = m.element(eid)
        if op == 0:
            el.name["th"] = word + str(part)
        elif op == 1:
            m.set_property(el, f"p{part}", word)
        elif op == 2:
            node = next(n for n in m.views[0].nodes if n.element_ref == eid)
            node.bounds = Bounds(x=node.bounds.x + 5, y=node.bounds.y + 7, w=node.bounds.w, h=node.bounds.h)
        else:
            m.add_relationship(Relationship(id=f"new-{part}-{k}", type="Association", source=eid, target=eid))


@SETTINGS
@given(
    models(),
    st.lists(st.integers(0, 3), min_size=1, max_size=4),
    st.lists(st.integers(0, 3), min_size=1, max_size=4),
    WORDS,
)
def test_merge_of_disjoint_edits_is_their_sum(base, ops_a, ops_b, word) -> None:
    a, b, both = copy(base), copy(base), copy(base)
    edit(a, 0, ops_a, word)
    edit(b, 1, ops_b, word)
    edit(both, 0, ops_a, word)
    edit(both, 1, ops_b, word)
    result = merge_models(base, a, b)
    assert result.clean, [c.line() for c in result.conflicts]
    assert diff_models(both, result.model).empty, diff_models(both, result.model).as_json()


@SETTINGS
@given(models())
def test_diff_of_a_model_with_itself_is_empty(m) -> None:
    assert diff_models(m, m).empty
    assert diff_models(m, copy(m)).empty


@SETTINGS
@given(models())
def test_round_trip_lists_only_what_the_format_cannot_carry(m) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_model(m, Path(tmp) / "m.xml")
        assert diff_models(m, read_model(Path(tmp) / "m.xml")).empty  # exchange carries everything here
        write_model(m, Path(tmp) / "m.archimate")
        native = diff_models(m, read_model(Path(tmp) / "m.archimate"))
        # Archi: one language per text, and every concept in one of its folders; nothing else moves
        assert not native.removed and {c.kind for c in native.added} <= {"organization"}
        assert all(f.field.startswith(("name", "folder")) for c in native.changed for f in c.fields)
        write_model(m, str(Path(tmp) / "csv") + "/")
        csv = diff_models(m, read_model(Path(tmp) / "csv"))
        assert {c.kind for c in csv.removed} <= {"view"} and not csv.added  # CSV carries no views
        assert all(f.field.startswith("name") for c in csv.changed for f in c.fields)
