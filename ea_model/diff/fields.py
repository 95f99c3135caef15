"""Objects as flat field maps: what `ea diff` compares and `ea merge` merges, field by field.

A field is a tuple path (`("name", "th")`, `("property", "owner", 0)`, `("node", "n1", "bounds")`)
and its value anything comparable with `==`. Names and documentation are one field per `xml:lang`,
properties one per (definition name, occurrence), so each merges on its own; a property is keyed by
its definition's *name* (as `ea gap` compares them), so two files whose definition ids differ agree.

`same_value` is the one notion of "no change": texts equal once surrounding white space is stripped.
`settle_texts` applies `same_text` to a whole multilingual text first: a language tag gained or lost
on the same words is not a change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ea_model.construct import fast_constructor
from ea_model.objects import (
    Bounds,
    Concept,
    Element,
    LangString,
    OrganizationItem,
    Property,
    Relationship,
    View,
    ViewConnection,
    ViewNode,
    same_text,
    text_in,
)

Fields = dict[tuple, object]
TEXT_GROUPS = ("name", "documentation", "label")
_RELATIONSHIP_ATTRS = ("source", "target", "access_type", "is_directed", "modifier")


def _is_text_value(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value)


def same_value(a: object, b: object) -> bool:
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    if _is_text_value(a) and _is_text_value(b):  # a property value
        return same_text(dict(a), dict(b))
    return False


def _texts(out: Fields, prefix: tuple, group: str, value: LangString) -> None:
    for lang, text in value.items():
        if text.strip():
            out[(*prefix, group, lang)] = text


def _properties(out: Fields, prefix: tuple, properties: list[Property], names: dict[str, str]) -> None:
    seen: dict[str, int] = {}
    for prop in properties:
        key = names.get(prop.definition_ref, prop.definition_ref)
        n = seen[key] = seen.get(key, -1) + 1
        out[(*prefix, "property", key, n)] = tuple((lang, text.strip()) for lang, text in prop.value.items())


def definition_names(model) -> dict[str, str]:
    """Property definition id -> its name (the id when it has none)."""
    return {pid: text_in(d.name) or pid for pid, d in model.property_definitions.items()}


def concept_fields(concept: Concept, names: dict[str, str], folder: str | None = None) -> Fields:
    out: Fields = {("type",): concept.type}
    _texts(out, (), "name", concept.name)
    _texts(out, (), "documentation", concept.documentation)
    _properties(out, (), concept.properties, names)
    if isinstance(concept, Relationship):
        for attr in _RELATIONSHIP_ATTRS:
            value = getattr(concept, attr)
            if value is not None:
                out[(attr,)] = value
    if folder is not None:
        out[("folder",)] = folder
    return out


def _decorations(out: Fields, p: tuple, obj, rest: tuple) -> None:
    """A view node's or connection's style, label (per language) and the rest as one field."""
    if obj.style is not None:
        out[(*p, "style")] = obj.style
    _texts(out, p, "label", obj.label)
    if any(rest):
        out[(*p, "rest")] = rest


def _node_fields(out: Fields, node: ViewNode, parent: str | None, names: dict[str, str]) -> None:
    p = ("node", node.id)
    out[(*p, "parent")] = parent
    out[(*p, "ref")] = (node.type, node.element_ref, node.view_ref, node.concept_ref)
    b = node.bounds
    out[(*p, "bounds")] = (b.x, b.y, b.w, b.h)
    _decorations(out, p, node, (node.documentation, node.properties, node.extra_view_refs, node.xpath_part))
    for child in node.children:
        _node_fields(out, child, node.id, names)


def view_fields(view: View, names: dict[str, str], folder: str | None = None) -> Fields:
    out: Fields = {}
    _texts(out, (), "name", view.name)
    _texts(out, (), "documentation", view.documentation)
    _properties(out, (), view.properties, names)
    if view.viewpoint or view.viewpoint_ref:
        out[("viewpoint",)] = (view.viewpoint, view.viewpoint_ref)
    if folder is not None:
        out[("folder",)] = folder
    for node in view.nodes:
        _node_fields(out, node, None, names)
    for conn in view.connections:
        p = ("connection", conn.id)
        out[(*p, "ends")] = (conn.type, conn.relationship_ref, conn.source, conn.target)
        if conn.bendpoints or conn.source_attachment or conn.target_attachment:
            out[(*p, "bendpoints")] = (conn.source_attachment, tuple(conn.bendpoints), conn.target_attachment)
        _decorations(out, p, conn, (conn.documentation, conn.properties, conn.view_ref, conn.extra_view_refs))
    return out


def info_fields(model, names: dict[str, str]) -> Fields:
    info = model.info
    out: Fields = {}
    _texts(out, (), "name", info.name)
    _texts(out, (), "documentation", info.documentation)
    _properties(out, (), info.properties, names)
    for attr in ("version", "metadata", "profiles", "viewpoints"):
        value = getattr(info, attr)
        if value:
            out[(attr,)] = value
    return out


def definition_fields(definition) -> Fields:
    out: Fields = {("type",): definition.type}
    _texts(out, (), "documentation", definition.documentation)
    return out


def settle_texts(base: Fields, side: Fields, prefix: tuple = ()) -> Fields:
    """`side` with each multilingual text that says what `base`'s says (`same_text`) replaced by
    base's, so a language tag gained or lost on the same words is no change."""
    groups: dict[tuple, tuple[LangString, LangString]] = {}
    for fields, slot in ((base, 0), (side, 1)):
        for key, value in fields.items():
            if len(key) >= 2 and key[-2] in TEXT_GROUPS:
                pair = groups.setdefault(key[:-1], ({}, {}))
                pair[slot][key[-1]] = value
    out = dict(side)
    for group, (b, s) in groups.items():
        if b == s or not b or not s:
            continue
        if same_text(b, s):
            settled = b
        else:  # the words of one language kept under another tag (or none): the same words, retagged
            settled = dict(s)
            for lang, text in s.items():
                if lang in b:
                    continue
                tag = next((t for t, v in b.items() if t not in settled and v.strip() == text.strip()), None)
                if tag is not None:
                    del settled[lang]
                    settled[tag] = b[tag]
        for lang in s:
            out.pop((*group, lang))
        for lang, text in settled.items():
            out[(*group, lang)] = text
    return out


# ---- folders -------------------------------------------------------------------------------------


def folder_key(path: tuple[str, ...]) -> str:
    return " / ".join(path)


def folder_label(item: OrganizationItem) -> str:
    return text_in(item.label) or item.id or "(folder)"


def folder_index(
    organizations: list[OrganizationItem],
) -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, ...], OrganizationItem]]:
    """(ref -> the path of folder labels it sits in, path -> the folder), for a model's organizations."""
    where: dict[str, tuple[str, ...]] = {}
    folders: dict[tuple[str, ...], OrganizationItem] = {}
    stack: list[tuple[OrganizationItem, tuple[str, ...]]] = [(item, ()) for item in reversed(organizations)]
    while stack:
        item, path = stack.pop()
        if item.ref is not None:
            where.setdefault(item.ref, path)
            continue
        own = (*path, folder_label(item))
        folders.setdefault(own, item)
        stack.extend((child, own) for child in reversed(item.items))
    return where, folders


def folder_fields(folder: OrganizationItem) -> Fields:
    out: Fields = {}
    _texts(out, (), "label", folder.label)
    _texts(out, (), "documentation", folder.documentation)
    return out


# ---- back from fields ----------------------------------------------------------------------------


def _text_of(fields: Fields, prefix: tuple, group: str) -> LangString:
    n = len(prefix) + 2
    return {k[-1]: v for k, v in fields.items() if len(k) == n and k[: n - 1] == (*prefix, group)}


def _properties_of(fields: Fields, prefix: tuple, definition_id: Callable[[str], str]) -> list[Property]:
    n = len(prefix) + 3
    return [
        Property(definition_ref=definition_id(k[-2]), value=dict(v))
        for k, v in fields.items()
        if len(k) == n and k[: n - 2] == (*prefix, "property")
    ]


_new_element = fast_constructor(Element, dict(id="x", type="BusinessActor", name={}, documentation={}, properties=[]))
_new_relationship = fast_constructor(
    Relationship,
    dict(id="r", type="Association", name={}, documentation={}, properties=[])
    | dict(source="a", target="b", access_type=None, is_directed=None, modifier=None),
)


def concept_from(cid: str, fields: Fields, definition_id: Callable[[str], str]) -> Concept:
    common = {
        "id": cid,
        "type": fields[("type",)],
        "name": _text_of(fields, (), "name"),
        "documentation": _text_of(fields, (), "documentation"),
        "properties": _properties_of(fields, (), definition_id),
    }
    if ("source",) in fields:
        for attr in _RELATIONSHIP_ATTRS:
            common[attr] = fields.get((attr,))
        return _new_relationship(common)
    return _new_element(common)


def view_from(vid: str, fields: Fields, definition_id: Callable[[str], str], order: Iterable[str]) -> View:
    """A view from its fields; `order` lists node and connection ids in the order to keep."""
    nodes: dict[str, ViewNode] = {}
    parents: dict[str, str | None] = {}
    connections: list[ViewConnection] = []
    rank = {ref: n for n, ref in enumerate(order)}
    node_ids = sorted({k[1] for k in fields if k[0] == "node"}, key=lambda r: rank.get(r, len(rank)))
    for nid in node_ids:
        p = ("node", nid)
        ntype, element_ref, view_ref, concept_ref = fields[(*p, "ref")]
        x, y, w, h = fields[(*p, "bounds")]
        docs, props, extra, xpath = fields.get((*p, "rest"), ({}, [], [], None))
        nodes[nid] = ViewNode.model_construct(
            **_shown(fields, p, nid, ntype, docs, props, view_ref, extra),
            element_ref=element_ref,
            bounds=Bounds.model_construct(x=x, y=y, w=w, h=h),
            concept_ref=concept_ref,
            xpath_part=xpath,
            children=[],
        )
        parents[nid] = fields[(*p, "parent")]
    top: list[ViewNode] = []
    for nid, node in nodes.items():
        parent = nodes.get(parents[nid]) if parents[nid] is not None else None
        (parent.children if parent is not None else top).append(node)
    conn_ids = sorted({k[1] for k in fields if k[0] == "connection"}, key=lambda r: rank.get(r, len(rank)))
    for cid in conn_ids:
        p = ("connection", cid)
        ctype, rel_ref, source, target = fields[(*p, "ends")]
        start, bends, end = fields.get((*p, "bendpoints"), (None, (), None))
        docs, props, view_ref, extra = fields.get((*p, "rest"), ({}, [], None, []))
        connections.append(
            ViewConnection.model_construct(
                **_shown(fields, p, cid, ctype, docs, props, view_ref, extra),
                relationship_ref=rel_ref,
                source=source,
                target=target,
                source_attachment=start,
                bendpoints=list(bends),
                target_attachment=end,
            )
        )
    viewpoint, viewpoint_ref = fields.get(("viewpoint",), (None, None))
    return View.model_construct(
        id=vid,
        name=_text_of(fields, (), "name"),
        documentation=_text_of(fields, (), "documentation"),
        properties=_properties_of(fields, (), definition_id),
        viewpoint=viewpoint,
        viewpoint_ref=viewpoint_ref,
        nodes=top,
        connections=connections,
    )


def _shown(fields: Fields, p: tuple, oid: str, otype: str, docs, props, view_ref, extra) -> dict:
    """What view nodes and connections share."""
    return {
        "id": oid,
        "type": otype,
        "label": _text_of(fields, p, "label"),
        "documentation": docs,
        "properties": props,
        "style": fields.get((*p, "style")),
        "view_ref": view_ref,
        "extra_view_refs": extra,
    }


def view_order(view: View) -> list[str]:
    return [node.id for node in view.iter_nodes()] + [c.id for c in view.connections]
