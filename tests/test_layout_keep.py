"""`ea layout --keep-from OLD`: stable layouts. Adding an element keeps every old node's bounds and
places the new node where it overlaps no kept node; removing one moves nothing else; the result is
XSD-valid; without --keep-from nothing changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from cli import main
from ea_model import Bounds, Element, Model, Relationship, View, ViewConnection, ViewNode, lang_string
from exporters import read_model, write_model
from exporters.diagrams.layout import _overlap, keep_positions, layout_problems, layout_view, layout_views

SOURCE = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"


@pytest.fixture(autouse=True, scope="module")
def graphviz_installed():
    if shutil.which("dot") is None:
        pytest.fail("Graphviz `dot` is not installed: install the graphviz package (the set-up script does)")


@pytest.fixture(scope="module")
def old_file(tmp_path_factory) -> Path:
    m = read_model(SOURCE)
    layout_views(m)
    out = tmp_path_factory.mktemp("keep") / "old.xml"
    write_model(m, out)
    return out


def geometry(view: View) -> dict[str, tuple[int, int, int, int]]:
    return {n.id: (n.bounds.x, n.bounds.y, n.bounds.w, n.bounds.h) for n in view.iter_nodes()}


def bends(view: View) -> dict[str, list[tuple[int, int]]]:
    return {c.id: [(p.x, p.y) for p in c.bendpoints] for c in view.connections}


def busiest_view(m: Model) -> View:
    return max(m.views, key=lambda v: (len(v.connections), v.id))


def add_one(m: Model, view: View, parent: ViewNode | None = None) -> ViewNode:
    """A new application component serving an element already drawn on `view` (top level, or in `parent`)."""
    anchor = next(n for n in view.iter_nodes() if n.type == "Element" and n.element_ref)
    m.add_element(Element(id="id-new-app", type="ApplicationComponent", name=lang_string(th="ระบบใหม่", en="New")))
    m.add_relationship(
        Relationship(id="id-new-serving", type="Serving", source="id-new-app", target=anchor.element_ref)
    )
    node = ViewNode(id="id-new-node", element_ref="id-new-app", bounds=Bounds(x=0, y=0, w=120, h=55))
    (parent.children if parent is not None else view.nodes).append(node)
    view.connections.append(
        ViewConnection(id="id-new-conn", relationship_ref="id-new-serving", source="id-new-node", target=anchor.id)
    )
    return node


def run(*args: str) -> None:
    result = CliRunner().invoke(main, ["layout", *map(str, args)])
    assert result.exit_code == 0, result.output


def test_an_added_element_moves_nothing_and_lands_clear_of_every_kept_node(tmp_path: Path, old_file: Path):
    old = read_model(old_file)
    m = read_model(old_file)
    view = busiest_view(m)
    add_one(m, view)
    edited, out = tmp_path / "edited.xml", tmp_path / "out.xml"
    write_model(m, edited)
    run(edited, out, "--keep-from", old_file, "--all")
    result = read_model(out)
    for before in old.views:  # every view, the edited one included: every old node keeps its exact bounds
        after = result.view(before.id)
        got = geometry(after)
        assert {k: got[k] for k in geometry(before)} == geometry(before), before.id
        assert {k: bends(after)[k] for k in bends(before)} == bends(before), before.id
    new = next(n for n in result.view(view.id).iter_nodes() if n.id == "id-new-node")
    assert new.bounds.w > 0 and new.bounds.h > 0 and min(new.bounds.x, new.bounds.y) >= 0
    for kept in old.view(view.id).iter_nodes():
        assert not _overlap(new.bounds, kept.bounds), kept.id
    xsd = CliRunner().invoke(main, ["validate", "--xsd", str(out)])
    assert xsd.exit_code == 0, xsd.output


def test_a_new_node_in_a_kept_parent_goes_below_its_kept_children(old_file: Path):
    old = read_model(old_file)
    m = read_model(old_file)
    view = next(v for v in m.views if any(n.children for n in v.nodes))
    parent = next(n for n in view.nodes if n.children)
    add_one(m, view, parent)
    result = keep_positions(layout_view(m, view), old.view(view.id))
    placed = {n.id: n for n in result.iter_nodes()}
    grown, new = placed[parent.id].bounds, placed["id-new-node"].bounds
    assert grown.x <= new.x and grown.y <= new.y
    assert new.x + new.w <= grown.x + grown.w and new.y + new.h <= grown.y + grown.h
    for child in parent.children[:-1]:
        assert not _overlap(new, placed[child.id].bounds)
        assert geometry(result)[child.id] == (child.bounds.x, child.bounds.y, child.bounds.w, child.bounds.h)


def test_a_removed_element_leaves_every_other_node_where_it_was(tmp_path: Path, old_file: Path):
    old = read_model(old_file)
    m = read_model(old_file)
    view = busiest_view(m)
    gone = next(n for n in view.iter_nodes() if n.type == "Element" and n.element_ref and not n.children)
    m.remove_element(gone.element_ref)
    for v in m.views:
        drop = {n.id for n in v.iter_nodes() if n.element_ref == gone.element_ref}
        for holder in [v, *v.iter_nodes()]:
            if isinstance(holder, View):
                holder.nodes = [n for n in holder.nodes if n.id not in drop]
            else:
                holder.children = [n for n in holder.children if n.id not in drop]
        v.connections = [
            c
            for c in v.connections
            if c.source not in drop and c.target not in drop and (not c.relationship_ref or c.relationship_ref in m)
        ]
    edited, out = tmp_path / "edited.xml", tmp_path / "out.xml"
    write_model(m, edited)
    run(edited, out, "--keep-from", old_file)  # no --view/--all: the views OLD has
    result = read_model(out)
    after, before = geometry(result.view(view.id)), geometry(old.view(view.id))
    assert gone.id not in after
    assert after == {k: b for k, b in before.items() if k != gone.id}
    kept_bends = bends(result.view(view.id))
    assert kept_bends == {k: b for k, b in bends(old.view(view.id)).items() if k in kept_bends}
    xsd = CliRunner().invoke(main, ["validate", "--xsd", str(out)])
    assert xsd.exit_code == 0, xsd.output


def test_without_keep_from_the_layout_is_the_fresh_one(tmp_path: Path, old_file: Path):
    m = read_model(old_file)
    view = busiest_view(m)
    add_one(m, view)
    edited, out = tmp_path / "edited.xml", tmp_path / "out.xml"
    write_model(m, edited)
    run(edited, out, "--view", view.id)
    assert geometry(read_model(out).view(view.id)) == geometry(layout_view(m, view))
    result = CliRunner().invoke(main, ["layout", str(edited), str(tmp_path / "x.xml")])
    assert "every view is drawn already" in result.output  # hand-drawn views stay as drawn


def test_a_bad_old_file_is_a_one_line_error(tmp_path: Path, old_file: Path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<not a model", encoding="utf-8")
    result = CliRunner().invoke(main, ["layout", str(old_file), str(tmp_path / "o.xml"), "--keep-from", str(bad)])
    assert result.exit_code != 0
    assert "bad.xml" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_generated_service_views_keep_the_previous_run(tmp_path: Path):
    from test_diagrams import build_service_model

    from exporters.diagrams.service_view import generate_service_views

    m = build_service_model()
    generate_service_views(m, ["id-svc"])
    old_file = tmp_path / "old.xml"
    write_model(m, old_file)
    old = read_model(old_file)
    before = geometry(old.views[-1])
    m.add_element(Element(id="id-new-app", type="ApplicationComponent", name=lang_string(th="ระบบใหม่", en="New")))
    m.add_relationship(Relationship(id="id-new-serving", type="Serving", source="id-new-app", target="id-svc"))
    view = generate_service_views(m, ["id-svc"], keep_from=old)[0]
    after = geometry(view)
    assert set(before) <= set(after)
    grown = {n.id for n in view.iter_nodes() if any(c.element_ref == "id-new-app" for c in n.children)}
    assert grown  # the new component sits in the application group, which grows to hold it (only that)
    assert layout_problems(view) == []  # grown to the right: the group below is not overlapped
    for ref, (x, y, w, h) in before.items():
        if ref in grown:
            assert after[ref][:2] == (x, y) and after[ref][2] >= w and after[ref][3] >= h
        else:
            assert after[ref] == (x, y, w, h), ref


def test_review_view_diagrams_take_keep_from(tmp_path: Path, old_file: Path):
    m = read_model(old_file)
    view = busiest_view(m)
    add_one(m, view)
    edited = tmp_path / "edited.xml"
    write_model(m, edited)
    out = tmp_path / "diagrams"
    args = ["diagram", str(edited), "--out", str(out), "--view", view.id, "--keep-from", str(old_file)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (out / f"view-{view.id}.svg").exists()


def test_a_parent_with_no_room_either_way_grows_down_and_what_lies_below_moves_down():
    def node(nid: str, x: int, y: int, w: int = 120, h: int = 55, children=()) -> ViewNode:
        return ViewNode(id=nid, element_ref=nid, bounds=Bounds(x=x, y=y, w=w, h=h), children=list(children))

    def view(extra: list[ViewNode]) -> View:
        group = node("group", 20, 20, 200, 120, [node("kept", 40, 60), *extra])
        return View(id="v", nodes=[group, node("right", 230, 20), node("below", 20, 150), node("far", 600, 20)])

    old = view([])
    result = keep_positions(view([node("new", 0, 0)]), old)
    assert layout_problems(result) == []
    got, before = geometry(result), geometry(old)
    assert got["kept"] == before["kept"] and got["right"] == before["right"] and got["far"] == before["far"]
    grown = got["group"][3] - before["group"][3]
    assert grown > 0 and got["below"] == (20, 150 + grown, 120, 55)
