"""What changed on a view, summarised for a reviewer: the view's own fields, then nodes added,
removed, moved or resized, restyled or relabelled, and connections added, removed, rerouted
(bendpoints) or restyled: names and counts, never a coordinate dump."""

from __future__ import annotations

from ea_model.diff.changes import FieldChange, field_changes
from ea_model.diff.fields import Fields
from ea_model.objects import text_in

_SHOWN = 5  # names listed per line before "and N more"


def _split(fields: Fields) -> tuple[Fields, dict[str, Fields], dict[str, Fields]]:
    own: Fields = {}
    nodes: dict[str, Fields] = {}
    connections: dict[str, Fields] = {}
    for key, value in fields.items():
        if key[0] == "node":
            nodes.setdefault(key[1], {})[key[2:]] = value
        elif key[0] == "connection":
            connections.setdefault(key[1], {})[key[2:]] = value
        else:
            own[key] = value
    return own, nodes, connections


def _names(ids: list[str], describe) -> str:
    shown = [describe(i) for i in ids[:_SHOWN]]
    more = f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else ""
    return f"{len(ids)}: " + ", ".join(shown) + more


def view_changes(old_fields: Fields, new_fields: Fields, old, new, ends: dict[str, str]) -> list:
    """FieldChanges for one view (`ends` maps new concept ids to old ones, for renamed ids)."""
    own_old, nodes_old, conns_old = _split(old_fields)
    own_new, nodes_new, conns_new = _split(new_fields)
    out = field_changes(own_old, own_new)

    def node_name(nid: str, fields: Fields, model) -> str:
        ntype, element_ref, _view_ref, _concept_ref = fields[("ref",)]
        concept = model.get_concept(element_ref) if element_ref else None
        label = text_in(concept.name) if concept is not None else ""
        if not label:
            label = text_in({k[-1]: v for k, v in fields.items() if k[0] == "label"}) or ntype.lower()
        return f"{label} ({nid})"

    def describe_new(nid):
        return node_name(nid, nodes_new[nid], new)

    def describe_old(nid):
        return node_name(nid, nodes_old[nid], old)

    added = [n for n in nodes_new if n not in nodes_old]
    removed = [n for n in nodes_old if n not in nodes_new]
    moved, restyled, repointed = [], [], []
    for nid, fields in nodes_new.items():
        before = nodes_old.get(nid)
        if before is None or before == fields:
            continue
        ref = fields[("ref",)]
        if ref[1] in ends:
            ref = (ref[0], ends[ref[1]], *ref[2:])
        if ref != before[("ref",)]:
            repointed.append(nid)
        if fields[("bounds",)] != before[("bounds",)] or fields[("parent",)] != before[("parent",)]:
            moved.append(nid)
        rest = {k: v for k, v in fields.items() if k[0] not in ("ref", "bounds", "parent")}
        rest_before = {k: v for k, v in before.items() if k[0] not in ("ref", "bounds", "parent")}
        if rest != rest_before:
            restyled.append(nid)
    for what, ids, describe in (
        ("nodes added", added, describe_new),
        ("nodes removed", removed, describe_old),
        ("nodes moved or resized", moved, describe_new),
        ("nodes restyled or relabelled", restyled, describe_new),
        ("nodes showing another concept", repointed, describe_new),
    ):
        if ids:
            out.append(FieldChange(what, None, _names(ids, describe)))

    c_added = [c for c in conns_new if c not in conns_old]
    c_removed = [c for c in conns_old if c not in conns_new]
    rerouted = [
        c
        for c, f in conns_new.items()
        if c in conns_old and f.get(("bendpoints",)) != conns_old[c].get(("bendpoints",))
    ]
    c_other = [
        c
        for c, f in conns_new.items()
        if c in conns_old
        and {k: v for k, v in f.items() if k != ("bendpoints",)}
        != {k: v for k, v in conns_old[c].items() if k != ("bendpoints",)}
    ]
    for what, ids in (
        ("connections added", c_added),
        ("connections removed", c_removed),
        ("connections rerouted (bendpoints)", rerouted),
        ("connections restyled, relabelled or reconnected", c_other),
    ):
        if ids:
            out.append(FieldChange(what, None, _names(ids, str)))
    return out
