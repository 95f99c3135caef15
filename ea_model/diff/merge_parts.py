"""The parts of a merge besides concepts and views: property definitions (by name) and the
organization tree (folders by their path of labels; each concept's or view's folder merged as one field)."""

from __future__ import annotations

from ea_model.construct import fast_constructor
from ea_model.diff.fields import definition_fields, folder_fields, folder_label, same_value
from ea_model.objects import OrganizationItem, PropertyDefinition, text_in

_SIDES = ("base", "ours", "theirs")


def merge_definitions(m) -> dict[str, PropertyDefinition]:
    """Definition name -> the merged definition (the id ours gives it, else theirs', unique)."""
    by_name = {s: {m.names[s][pid]: d for pid, d in m.sides[s].property_definitions.items()} for s in _SIDES}
    taken: set[str] = set()

    def build(name: str, fields) -> PropertyDefinition:
        source = by_name["ours"].get(name) or by_name["theirs"].get(name) or by_name["base"][name]
        return source.model_copy(
            update={
                "type": fields.get(("type",), source.type),
                "documentation": {k[1]: v for k, v in fields.items() if k[0] == "documentation"},
            }
        )

    merged = m.merge_ordered("property-definition", by_name, lambda d, s: definition_fields(d), build)
    out = {}
    for name, definition in merged.items():
        pid, n = definition.id, 1
        while pid in taken:
            n += 1
            pid = f"{definition.id}-{n}"
        taken.add(pid)
        out[name] = definition if pid == definition.id else definition.model_copy(update={"id": pid})
    return out


def restore_definitions(m, definitions: dict[str, PropertyDefinition], owners) -> None:
    """Declare again each definition a merged property still uses though the merge dropped it."""
    declared = {d.id for d in definitions.values()}
    for owner in owners:
        for prop in owner.properties:
            if prop.definition_ref in declared:
                continue
            for s in ("ours", "theirs", "base"):
                definition = m.sides[s].property_definitions.get(prop.definition_ref)
                if definition is not None:
                    definitions[m.names[s][prop.definition_ref] + "\0" + prop.definition_ref] = definition
                    declared.add(definition.id)
                    break


def _merge_scalar(m, kind: str, ref: str, name, what: str, b, o, t):
    if o == t or (o is not None and t is not None and same_value(o, t)):
        return o
    if o == b:
        return t
    if t == b:
        return o
    m.conflict(kind, ref, name(), what, o, t, "changed differently on the two sides")
    return o if m.prefer == "ours" else t


def _walk(items: list[OrganizationItem], path: tuple[str, ...], visit) -> None:
    for item in items:
        if item.ref is not None:
            visit(path, ("r", item.ref))
        else:
            own = (*path, folder_label(item))
            visit(path, ("f", own))
            _walk(item.items, own, visit)


def merge_organizations(m, present: set[str]) -> list[OrganizationItem]:
    """The merged organization tree for the concepts and views in `present`."""
    folders = m.folders
    merged_folders = m.merge_ordered(
        "organization",
        {s: {k: v for k, v in folders[s].items()} for s in _SIDES},
        lambda f, s: folder_fields(f),
        lambda path, fields: (path, fields),
    )
    where = m.where
    placed: dict[str, tuple[str, ...]] = {}
    for ref in dict.fromkeys([*where["ours"], *where["theirs"]]):
        if ref not in present:
            continue
        b, o, t = (where[s].get(ref) for s in _SIDES)
        if o is None and t is None:
            continue
        if o is None or t is None:  # only one side files it (the other side lacks the concept or its folder)
            path = o if o is not None else t
        else:
            path = _merge_scalar(m, "element", ref, lambda ref=ref: text_in(_named(m, ref)), "folder", b, o, t)
        if path is not None:
            placed[ref] = path
    wanted = {
        path: folder_fields(value) if isinstance(value, OrganizationItem) else value[1]
        for path, value in merged_folders.items()
    }
    for path in list(placed.values()) + list(wanted):
        for n in range(1, len(path) + 1):  # a folder's parents stay while it does
            wanted.setdefault(path[:n], None)
    children: dict[tuple[str, ...], dict] = {}

    def visit(path, entry):
        kind, what = entry
        if (kind == "f" and what in wanted) or (kind == "r" and placed.get(what) == path):
            children.setdefault(path, {})[entry] = None

    for s in ("ours", "theirs", "base"):
        _walk(m.sides[s].organizations, (), visit)
    for path in wanted:
        if path:
            children.setdefault(path[:-1], {})[("f", path)] = None
    for ref, path in placed.items():
        children.setdefault(path, {})[("r", ref)] = None

    return _build_tree((), children, folders, wanted)


_new_leaf = fast_constructor(OrganizationItem, dict(id=None, label={}, documentation={}, ref="x", items=[]))


def _build_tree(path: tuple[str, ...], children: dict, folders: dict, wanted: dict) -> list[OrganizationItem]:
    """The items under `path`. A module function, not a closure calling itself: that would be a reference
    cycle keeping the merge's indexes (a million entries at 200k) alive until the next full collection."""
    out = []
    for kind, what in children.get(path, {}):
        if kind == "r":
            # A concept's id, already checked (see ea_model/construct.py for why not model_construct).
            out.append(_new_leaf({"id": None, "label": {}, "documentation": {}, "ref": what, "items": []}))
            continue
        source = next((folders[s][what] for s in ("ours", "theirs", "base") if what in folders[s]), None)
        fields = wanted.get(what) or {}
        label = {k[1]: v for k, v in fields.items() if k[0] == "label"} or (
            dict(source.label) if source is not None else {"": what[-1]}
        )
        docs = {k[1]: v for k, v in fields.items() if k[0] == "documentation"}
        items = _build_tree(what, children, folders, wanted)
        out.append(OrganizationItem(id=source.id if source else None, label=label, documentation=docs, items=items))
    return out


def _named(m, ref: str) -> dict:
    for s in ("ours", "theirs", "base"):
        model = m.sides[s]
        concept = model.get_concept(ref)
        if concept is not None:
            return concept.name
        for view in model.views:
            if view.id == ref:
                return view.name
    return {}
