"""Automatic layout written back to views: sound geometry (no overlaps, children inside parents,
non-negative integers), ArchiMate's layer order, bendpoints, generated service views, exchange files
that validate against the XSD and open laid out, and the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from test_diagrams import build_service_model

from cli import main
from ea_model import Bounds, Element, Model, Point, Relationship, View, ViewConnection, ViewNode, lang_string
from exporters import read_model, write_model
from exporters.diagrams.layout import MARGIN, layout_problems, layout_view, layout_views
from exporters.diagrams.scope import service_support
from exporters.diagrams.service_view import generate_service_views, service_view, service_view_id
from exporters.exchange.schema import validate_xsd

ZERO = Bounds(x=0, y=0, w=0, h=0)  # a view with no geometry yet: everything on top of everything


@pytest.fixture(autouse=True, scope="module")
def graphviz_installed():
    if shutil.which("dot") is None:
        pytest.fail("Graphviz `dot` is not installed: install the graphviz package (the set-up script does)")


def nested_model() -> tuple[Model, View]:
    """An application component with two nested functions, a process it serves, the service the process
    realizes, a node below, and a connection on a connection, all at (0, 0)."""
    m = Model()
    for eid, etype in [
        ("svc", "BusinessService"),
        ("proc", "BusinessProcess"),
        ("step1", "BusinessProcess"),
        ("step2", "BusinessProcess"),
        ("app", "ApplicationComponent"),
        ("fn1", "ApplicationFunction"),
        ("fn2", "ApplicationFunction"),
        ("appsvc", "ApplicationService"),
        ("node", "Node"),
        ("role", "BusinessRole"),
        ("note-target", "BusinessObject"),
    ]:
        m.add_element(Element(id=eid, type=etype, name=lang_string(th=f"ชื่อ {eid}", en=eid)))
    rels = [
        ("r1", "Realization", "proc", "svc"),
        ("r2", "Composition", "proc", "step1"),
        ("r3", "Composition", "proc", "step2"),
        ("r4", "Triggering", "step1", "step2"),
        ("r5", "Composition", "app", "fn1"),
        ("r6", "Composition", "app", "fn2"),
        ("r7", "Realization", "fn1", "appsvc"),
        ("r8", "Serving", "appsvc", "step1"),
        ("r9", "Serving", "node", "app"),
        ("r10", "Serving", "svc", "role"),
        ("r11", "Access", "step2", "note-target"),
        ("r12", "Association", "role", "r9"),
    ]
    for rid, rtype, source, target in rels:
        m.add_relationship(Relationship(id=rid, type=rtype, source=source, target=target))

    def n(eid: str, *children: ViewNode) -> ViewNode:
        return ViewNode(id=f"n-{eid}", element_ref=eid, bounds=ZERO, children=list(children))

    nodes = [
        n("svc"),
        n("proc", n("step1"), n("step2")),
        n("app", n("fn1"), n("fn2")),
        n("appsvc"),
        n("node"),
        n("role"),
        n("note-target"),
    ]
    conns = [
        ViewConnection(id=f"c-{rid}", relationship_ref=rid, source=f"n-{s}", target=f"n-{t}")
        for rid, _, s, t in rels
        if rid not in ("r2", "r3", "r5", "r6", "r12")  # nesting shows composition
    ]
    conns.append(ViewConnection(id="c-r2", relationship_ref="r2", source="n-proc", target="n-step1"))
    conns.append(
        ViewConnection(
            id="c-r12",
            relationship_ref="r12",
            source="n-role",
            target="c-r9",
            source_attachment=Point(x=5, y=5),
            bendpoints=[Point(x=999, y=999)],
        )
    )
    return m, View(id="v", name={"en": "nested"}, nodes=nodes, connections=conns)


def by_id(view: View) -> dict[str, ViewNode]:
    return {node.id: node for node in view.iter_nodes()}


def centre_y(b: Bounds) -> float:
    return b.y + b.h / 2


def test_layout_gives_sound_geometry():
    m, view = nested_model()
    assert layout_problems(view)  # the starting point really is broken
    laid = layout_view(m, view)
    assert layout_problems(laid) == []
    nodes = by_id(laid)
    for node in nodes.values():
        b = node.bounds
        assert all(isinstance(v, int) and v >= 0 for v in (b.x, b.y, b.w, b.h))
        assert b.x >= MARGIN and b.y >= MARGIN
    assert nodes["n-svc"].bounds.w == 120 and nodes["n-svc"].bounds.h == 55  # Archi's default size
    proc, step1 = nodes["n-proc"].bounds, nodes["n-step1"].bounds
    assert proc.x < step1.x and step1.x + step1.w < proc.x + proc.w and proc.y + 10 < step1.y  # room for a label
    assert view.nodes[0].bounds == ZERO  # the input is left as it was


def test_layout_keeps_archimate_layer_order_and_consumers_on_top():
    m, view = nested_model()
    nodes = by_id(layout_view(m, view))
    order = ["n-role", "n-svc", "n-step1", "n-appsvc", "n-fn1", "n-node"]
    ys = [centre_y(nodes[ref].bounds) for ref in order]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)


def test_layout_writes_bendpoints_from_source_to_target_and_clears_attachments():
    m, view = nested_model()
    laid = layout_view(m, view)
    conns = {c.id: c for c in laid.connections}
    assert all(c.source_attachment is None and c.target_attachment is None for c in laid.connections)
    assert conns["c-r12"].bendpoints == []  # a connection on a connection: Archi routes it
    assert conns["c-r2"].bendpoints == []  # a parent and its own child: nesting shows it
    # node -> app serving goes upward (the node is lower): bendpoints, if any, climb from source to target
    for conn in laid.connections:
        if len(conn.bendpoints) >= 2:
            source, target = by_id(laid)[conn.source].bounds, by_id(laid)[conn.target].bounds
            first, last = conn.bendpoints[0], conn.bendpoints[-1]
            assert abs(first.y - centre_y(source)) <= abs(last.y - centre_y(source))
            assert abs(last.y - centre_y(target)) <= abs(first.y - centre_y(target))
    assert any(c.bendpoints for c in laid.connections)


def test_layout_problems_finds_overlaps_escapes_and_negative_coordinates():
    inside = ViewNode(id="child", bounds=Bounds(x=500, y=10, w=50, h=50))
    parent = ViewNode(id="parent", bounds=Bounds(x=0, y=0, w=100, h=100), children=[inside])
    other = ViewNode(id="other", bounds=Bounds(x=90, y=90, w=50, h=50))
    negative = ViewNode(id="neg", bounds=Bounds(x=-5, y=300, w=10, h=10))
    problems = layout_problems(View(id="bad", nodes=[parent, other, negative]))
    assert "node child is not inside its parent parent" in problems
    assert "nodes parent and other overlap" in problems
    assert any(p.startswith("node neg: bounds -5,300") for p in problems)


def test_layout_of_every_view_of_a_real_exchange_file_validates_and_reads_back(tmp_path: Path):
    source = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"
    m = read_model(source)
    before = {v.id: (sorted(n.id for n in v.iter_nodes()), sorted(c.id for c in v.connections)) for v in m.views}
    done = layout_views(m)
    assert len(done) == len(m.views) == 17
    out = tmp_path / "laid-out.xml"
    write_model(m, out)
    assert validate_xsd(out) == []
    again = read_model(out)
    for view in again.views:
        assert layout_problems(view) == [], view.id
        assert (sorted(n.id for n in view.iter_nodes()), sorted(c.id for c in view.connections)) == before[view.id]
    original = {n.id: n.bounds for n in read_model(source).view("id-4056").iter_nodes()}
    assert any(original[n.id] != n.bounds for n in again.view("id-4056").iter_nodes())


def test_layout_of_one_view_leaves_the_others_alone():
    m = read_model(EXAMPLES / "archi_archisurance_with-dc-metadata.xml")
    untouched = m.view("id-4279").model_copy(deep=True)
    layout_views(m, ["id-4224"])
    assert m.view("id-4279") == untouched
    with pytest.raises(Exception, match="no view with id 'nope'"):
        layout_views(m, ["nope"])


def test_generated_service_view_groups_each_layer_and_shows_the_service_support():
    m = build_service_model()
    view = service_view(m, "id-svc")
    assert view.id == service_view_id("id-svc") == "id-view-service-svc"
    assert view.name == {"th": "ทบทวนบริการ: ขออนุญาตก่อสร้าง ดัดแปลง รื้อถอน หรือเคลื่อนย้ายอาคาร",
                         "en": "Service review: Building permit"}  # fmt: skip
    groups = {g.label["en"]: g for g in view.nodes}
    assert list(groups) == ["Motivation layer", "Business layer", "Application layer", "Technology layer",
                            "National platforms"]  # fmt: skip
    assert all(g.type == "Container" and g.label["th"] for g in view.nodes)
    assert {n.element_ref for n in groups["National platforms"].children} == service_support(m, "id-svc").national
    shown = {n.element_ref for n in view.iter_nodes() if n.element_ref}
    assert shown == set(service_support(m, "id-svc").elements)
    assert {c.relationship_ref for c in view.connections} == set(service_support(m, "id-svc").relationships)


def test_generated_views_are_laid_out_in_layers_and_replace_earlier_ones(tmp_path: Path):
    m = build_service_model()
    first = generate_service_views(m, ["id-svc", "id-svc2"])
    again = generate_service_views(m, ["id-svc"])
    assert [v.id for v in m.views] == ["id-view-service-svc", "id-view-service-svc2"]
    assert m.views[0] is again[0] and first[1] in m.views
    view = m.views[0]
    assert layout_problems(view) == []
    groups = {g.label["en"]: g.bounds for g in view.nodes}
    tops = [groups[k].y for k in ("Motivation layer", "Business layer", "Application layer", "Technology layer")]
    assert tops == sorted(tops)
    assert groups["Technology layer"].y < groups["National platforms"].y
    nodes = {n.element_ref: n.bounds for n in view.iter_nodes() if n.element_ref}
    assert centre_y(nodes["id-citizen"]) < centre_y(nodes["id-svc"]) < centre_y(nodes["id-proc"])
    out = tmp_path / "generated.xml"
    write_model(m, out)
    assert validate_xsd(out) == []
    read_back = read_model(out).view("id-view-service-svc")
    assert {n.id: n.bounds for n in read_back.iter_nodes()} == {n.id: n.bounds for n in view.iter_nodes()}


def test_cli_layout_generate_and_all_views(tmp_path: Path):
    model = tmp_path / "model.xml"
    write_model(build_service_model(), model)
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(main, ["layout", str(model), str(out), "--generate", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert validate_xsd(out) == []
    laid = read_model(out)
    assert [v.id for v in laid.views] == ["id-view-service-svc", "id-view-service-svc2"]
    assert all(layout_problems(v) == [] for v in laid.views)
    again = tmp_path / "again.xml"
    result = CliRunner().invoke(main, ["layout", str(out), str(again), "--view", "id-view-service-svc2", "--flat"])
    assert result.exit_code == 0, result.output
    assert "id-view-service-svc2:" in result.stdout
    result = CliRunner().invoke(main, ["layout", str(out), str(again), "--view", "id-nope"])
    assert result.exit_code == 2 and result.output.strip() == "ea: error: no view with id 'id-nope'"
