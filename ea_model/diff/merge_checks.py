"""Making a merge whole before it becomes a model: no id used twice, no reference to a concept the
merge left out, no relationship rule broken and no junction left mixed by the merge. Each fix takes
the preferred side (see `ea_model.diff.merge`) and is reported as a conflict."""

from __future__ import annotations

from ea_model import metamodel
from ea_model.objects import Element, View, text_in
from ea_model.validation.rules import check_relationship_attributes


def make_whole(m, elements: dict, relationships: dict, views: dict) -> None:
    _duplicates(m, elements, relationships, views)
    _references(m, elements, relationships, views)
    if _rules(m, elements, relationships):
        _references(m, elements, relationships, views)


def _preferred(m):
    return m.sides[m.prefer]


def _duplicates(m, elements: dict, relationships: dict, views: dict) -> None:
    pref = _preferred(m)
    for cid in [c for c in elements if c in relationships]:
        keep_element = pref.get_element(cid) is not None
        dropped = relationships.pop(cid) if keep_element else elements.pop(cid)
        m.conflict(
            "element" if keep_element else "relationship",
            cid,
            text_in(dropped.name),
            "id",
            "an element" if keep_element else "a relationship",
            dropped.type,
            "the same id on two concepts",
            f"kept the {m.prefer} side's",
        )
    seen: set[str] = set(elements) | set(relationships)
    for vid in list(views):
        if vid in seen:
            m.conflict(
                "view",
                vid,
                text_in(views[vid].name),
                "id",
                "a concept",
                "a view",
                "the same id twice",
                "dropped the view",
            )
            del views[vid]
            continue
        seen.add(vid)
    for vid, view in views.items():
        renames = {}
        for node in view.iter_nodes():
            if node.id in seen:
                renames[node.id] = _fresh(node.id, seen)
            seen.add(renames.get(node.id, node.id))
        for conn in view.connections:
            if conn.id in seen:
                renames[conn.id] = _fresh(conn.id, seen)
            seen.add(renames.get(conn.id, conn.id))
        if renames:
            for old, new in renames.items():
                m.conflict(
                    "view", vid, text_in(view.name), f"node {old}", old, new, "the same id twice", f"renamed to {new}"
                )
            views[vid] = _renamed(view, renames)


def _fresh(ref: str, seen: set[str]) -> str:
    n = 2
    while f"{ref}-{n}" in seen:
        n += 1
    return f"{ref}-{n}"


def _renamed(view: View, renames: dict[str, str]) -> View:
    def node(n):
        return n.model_copy(update={"id": renames.get(n.id, n.id), "children": [node(c) for c in n.children]})

    conns = [
        c.model_copy(
            update={
                "id": renames.get(c.id, c.id),
                "source": renames.get(c.source, c.source),
                "target": renames.get(c.target, c.target),
            }
        )
        for c in view.connections
    ]
    return view.model_copy(update={"nodes": [node(n) for n in view.nodes], "connections": conns})


def _restore(m, ref: str, elements: dict, relationships: dict) -> bool:
    """Bring back `ref` from the preferred side, when that side has it."""
    pref = _preferred(m)
    concept = pref.get_concept(ref)
    if concept is None:
        return False
    (elements if isinstance(concept, Element) else relationships)[ref] = m.adopt(concept, m.prefer)
    return True


def _references(m, elements: dict, relationships: dict, views: dict) -> None:
    def present(ref):
        return ref in elements or ref in relationships

    def settle(kind, owner_id, owner_name, what, ref) -> bool:
        """True when `ref` is back (restored); False when its referrer must go."""
        ours_has = m.sides["ours"].get_concept(ref) is not None
        theirs_has = m.sides["theirs"].get_concept(ref) is not None
        restored = _restore(m, ref, elements, relationships)
        if restored:
            state["changed"] = True
        m.conflict(
            kind,
            owner_id,
            owner_name,
            what,
            "kept " + ref if ours_has else "deleted " + ref,
            "kept " + ref if theirs_has else "deleted " + ref,
            "refers to a concept the other side deleted",
            f"restored {ref}" if restored else "dropped",
        )
        return restored

    state = {"changed": True}
    while state["changed"]:
        state["changed"] = changed = False
        for rid in list(relationships):
            rel = relationships.get(rid)
            if rel is None:
                continue
            for end, what in ((rel.source, "source"), (rel.target, "target")):
                if present(end):
                    continue
                changed = True  # restored (its own references to check) or dropped (its referrers to check)
                if not settle("relationship", rid, text_in(rel.name), what, end):
                    del relationships[rid]
                    break
        for vid, view in list(views.items()):
            drop_nodes, drop_conns = set(), set()
            for node in view.iter_nodes():
                ref = node.element_ref
                if ref and not present(ref) and not settle("view", vid, text_in(view.name), f"node {node.id}", ref):
                    drop_nodes.add(node.id)
            node_ids = {n.id for n in view.iter_nodes()} - drop_nodes
            for conn in view.connections:
                ref = conn.relationship_ref
                if (
                    ref
                    and not present(ref)
                    and not settle("view", vid, text_in(view.name), f"connection {conn.id}", ref)
                ):
                    drop_conns.add(conn.id)
                elif (conn.source and conn.source not in node_ids) or (conn.target and conn.target not in node_ids):
                    drop_conns.add(conn.id)
            if drop_nodes or drop_conns:
                views[vid] = view.model_copy(
                    update={
                        "nodes": _prune(view.nodes, drop_nodes),
                        "connections": [c for c in view.connections if c.id not in drop_conns],
                    }
                )
                changed = True
        state["changed"] = state["changed"] or changed


def _prune(nodes: list, drop: set[str]) -> list:
    out = []
    for node in nodes:
        kids = _prune(node.children, drop)
        if node.id in drop:
            out.extend(kids)
        else:
            out.append(node if kids == node.children else node.model_copy(update={"children": kids}))
    return out


def _problems(rel, elements: dict, relationships: dict) -> list[str]:
    ends = [elements.get(r) or relationships.get(r) for r in (rel.source, rel.target)]
    out = []
    if None not in ends and not metamodel.is_allowed(rel.type, ends[0].type, ends[1].type):
        out.append(f"{rel.type} is not allowed from {ends[0].type} to {ends[1].type}")
    check_relationship_attributes(rel, lambda rule, ref, name, message, severity=None: out.append(message))
    return out


def _rules(m, elements: dict, relationships: dict) -> bool:
    """Relationships the merge made break a rule, and junctions it left mixed: take the preferred side."""
    ours, pref = m.sides["ours"], _preferred(m)
    retyped = {e for e, el in elements.items() if (o := ours.get_element(e)) is None or o.type != el.type}
    touched = [
        rid
        for rid, rel in relationships.items()
        if ours.get_relationship(rid) is not rel or rel.source in retyped or rel.target in retyped
    ]
    fixed = False
    for rid in touched:
        rel = relationships[rid]
        problems = _problems(rel, elements, relationships)
        if not problems or (
            ours.get_relationship(rid) is not None
            and rel == ours.get_relationship(rid)
            and all(e not in retyped for e in (rel.source, rel.target))
        ):
            continue
        fixed = True
        back = pref.get_relationship(rid)
        if back is not None:
            relationships[rid] = m.adopt(back, m.prefer)
            for end in (back.source, back.target):
                if _problems(relationships[rid], elements, relationships) and pref.get_element(end) is not None:
                    elements[end] = m.adopt(pref.get_element(end), m.prefer)
        else:
            del relationships[rid]
        m.conflict(
            "relationship",
            rid,
            text_in(rel.name),
            "relationship rule",
            "; ".join(problems),
            None,
            "the merged result breaks a relationship rule",
            "the preferred side's" if back else "dropped",
        )
    junctions = {e for e, el in elements.items() if el.type in metamodel.JUNCTION_TYPES}
    if not junctions or not touched:
        return fixed
    types: dict[str, set[str]] = {}
    for rel in relationships.values():
        for end in (rel.source, rel.target):
            if end in junctions:
                types.setdefault(end, set()).add(rel.type)
    touched_set = set(touched)
    for jid, found in types.items():
        if len(found) < 2:
            continue
        before = {r.type for r in ours.relationships_of(jid)} if jid in ours else set()
        if len(before) > 1:
            continue
        for rid in [r for r, rel in relationships.items() if rid_touches(rel, jid) and r in touched_set]:
            back = pref.get_relationship(rid)
            if back is not None:
                relationships[rid] = m.adopt(back, m.prefer)
            else:
                del relationships[rid]
            fixed = True
        m.conflict(
            "element",
            jid,
            text_in(elements[jid].name),
            "junction",
            ", ".join(sorted(found)),
            None,
            "the merged result mixes relationship types on a junction",
            "the preferred side's relationships",
        )
    return fixed


def rid_touches(rel, ref: str) -> bool:
    return rel.source == ref or rel.target == ref
