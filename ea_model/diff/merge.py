"""`merge_models(base, ours, theirs)`: a three-way merge by concept and by field.

Concepts, views, folders and property definitions are matched by id (folders by their path of
labels, definitions by name: what git's three versions of one file share). For each:

- changed on one side only: that side's version; the same change on both sides: taken once;
- changed on both sides: merged field by field (`ea_model.diff.fields`: a name per language, a
  property per key, a view node per node, a connection per connection), a field changed differently
  on the two sides is a *conflict* and takes `prefer`'s value ("ours" unless told otherwise);
- modified on one side and deleted on the other: a conflict; `prefer` decides (kept or deleted).

Then the result is made whole (`ea_model.diff.merge_checks`): a relationship, view node or
connection whose concept the merge left out restores it from the preferred side when that side
kept it, else is dropped (a conflict either way); a relationship the merge made break the
relationship rules, or a junction it left mixed, is taken from the preferred side; an id used twice
keeps the preferred side's object. Every such decision is a `Conflict` with the concept's id and
name, the field, and both sides' values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ea_model.diff.changes import field_label, show
from ea_model.diff.fields import (
    Fields,
    concept_fields,
    concept_from,
    definition_fields,
    definition_names,
    folder_index,
    info_fields,
    same_value,
    settle_texts,
    view_fields,
    view_from,
    view_order,
)
from ea_model.diff.merge_checks import make_whole
from ea_model.diff.merge_parts import merge_definitions, merge_organizations, restore_definitions
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.objects import ModelInfo, text_in
from ea_model.progress import StepProgress, stepper

MISSING = object()  # a field (or an object) one version does not have


@dataclass(slots=True)
class Conflict:
    kind: str
    id: str
    name: str
    field: str
    ours: str | None
    theirs: str | None
    reason: str
    taken: str  # "ours", "theirs", "restored", "dropped"

    def line(self) -> str:
        name = f" {self.name!r}" if self.name else ""
        return (
            f"CONFLICT {self.kind} {self.id}{name}: {self.field}: ours {_q(self.ours)}, theirs {_q(self.theirs)}"
            f" ({self.reason}; took {self.taken})"
        )

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "field": self.field,
            "ours": self.ours,
            "theirs": self.theirs,
            "reason": self.reason,
            "taken": self.taken,
        }


def _q(value: str | None) -> str:
    if value is None:
        return "(none)"
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= 80 else flat[:79] + "…")


@dataclass
class MergeResult:
    model: Model
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_fields(base: Fields, ours: Fields, theirs: Fields, prefer: str) -> tuple[Fields, list[tuple]]:
    """The three-way merge of two field maps: (merged, [(field, ours value, theirs value)] conflicts)."""
    ours, theirs = settle_texts(base, ours), settle_texts(base, theirs)
    out: Fields = {}
    conflicts = []
    for key in dict.fromkeys([*ours, *theirs, *base]):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if o is t or (o is not MISSING and t is not MISSING and same_value(o, t)):
            value = o
        elif o is b or (o is not MISSING and b is not MISSING and same_value(o, b)):
            value = t
        elif t is b or (t is not MISSING and b is not MISSING and same_value(t, b)):
            value = o
        else:
            conflicts.append((key, None if o is MISSING else o, None if t is MISSING else t))
            value = o if prefer == "ours" else t
        if value is not MISSING:
            out[key] = value
    return out, conflicts


class _Merge:
    """One merge's state: the three sides, what is merged so far and the conflicts."""

    def __init__(self, base: Model, ours: Model, theirs: Model, prefer: str):
        if prefer not in ("ours", "theirs"):
            raise ValueError("prefer is 'ours' or 'theirs'")
        self.sides = {"base": base, "ours": ours, "theirs": theirs}
        self.prefer = prefer
        self.names = {k: definition_names(m) for k, m in self.sides.items()}
        self.where = {}
        self.folders = {}
        for k, m in self.sides.items():
            self.where[k], self.folders[k] = folder_index(m.organizations)
        self.conflicts: list[Conflict] = []
        self.definition_id: dict[str, str] = {}  # definition name -> its id in the result

    def definition_lookup(self, name: str) -> str:
        return self.definition_id.get(name, name)

    def conflict(self, kind, cid, name, key, ours, theirs, reason, taken=None) -> None:
        label = field_label(key) if isinstance(key, tuple) else key
        self.conflicts.append(Conflict(kind, cid, name, label, show(ours), show(theirs), reason, taken or self.prefer))

    def adopt(self, obj, side: str):
        """`obj` (from `side`) with its property definition refs as the result names them."""
        names, ids = self.names[side], self.definition_id
        if not getattr(obj, "properties", None):
            return obj

        def ref_of(prop) -> str:
            return ids.get(names.get(prop.definition_ref, prop.definition_ref), prop.definition_ref)

        if all(ref_of(p) == p.definition_ref for p in obj.properties):
            return obj
        props = [
            p if ref_of(p) == p.definition_ref else p.model_copy(update={"definition_ref": ref_of(p)})
            for p in obj.properties
        ]
        return obj.model_copy(update={"properties": props})

    # ---- three-way presence ----------------------------------------------------------------------

    def pick(self, kind: str, cid: str, b, o, t, fields_of, build):
        """The merged object for one id given its three versions (None where absent)."""
        if o is not None and t is not None:
            if o is t or o == t:
                return self.adopt(o, "ours")
            if b is not None and o == b:
                return self.adopt(t, "theirs")
            if b is not None and t == b:
                return self.adopt(o, "ours")
            fb = fields_of(b, "base") if b is not None else {}
            merged, conflicts = merge_fields(fb, fields_of(o, "ours"), fields_of(t, "theirs"), self.prefer)
            name = text_in(getattr(o, "name", {}))
            for key, ov, tv in conflicts:
                self.conflict(kind, cid, name, key, ov, tv, "changed differently on the two sides")
            return build(merged)
        if o is None and t is None:
            return None
        if b is None:
            return self.adopt(o, "ours") if o is not None else self.adopt(t, "theirs")
        kept, side = (o, "ours") if o is not None else (t, "theirs")
        if kept == b:
            return None  # deleted on one side, untouched on the other
        name = text_in(getattr(kept, "name", {}))
        what = ("modified", "deleted") if side == "ours" else ("deleted", "modified")
        keep = side == self.prefer
        self.conflict(
            kind,
            cid,
            name,
            "(the whole " + kind + ")",
            what[0],
            what[1],
            f"modified on {side}, deleted on the other side",
            "kept" if keep else "deleted",
        )
        return self.adopt(kept, side) if keep else None

    def merge_ordered(self, kind: str, items: dict[str, dict], fields_of, build) -> dict:
        """{id: merged object} in ours' order, then theirs' additions."""
        out = {}
        for cid in dict.fromkeys([*items["ours"], *items["theirs"], *items["base"]]):
            b, o, t = (items[s].get(cid) for s in ("base", "ours", "theirs"))
            obj = self.pick(kind, cid, b, o, t, lambda x, s: fields_of(x, s), lambda f, cid=cid: build(cid, f))
            if obj is not None:
                out[cid] = obj
        return out


MERGE_STEPS = ("elements", "relationships", "views", "references and rules", "folders")


def merge_models(
    base: Model, ours: Model, theirs: Model, *, prefer: str = "ours", progress: StepProgress | None = None
) -> MergeResult:
    """Merge `theirs`' changes since `base` into `ours` (see the module docstring). `progress(done,
    total, what)` is told as each of MERGE_STEPS begins, and at the end."""
    step = stepper(progress, MERGE_STEPS)
    with paused_gc():
        m = _Merge(base, ours, theirs, prefer)
        definitions = merge_definitions(m)
        m.definition_id = {name: d.id for name, d in definitions.items()}
        sides = m.sides

        def concept_fields_of(concept, side):
            return concept_fields(concept, m.names[side])

        def build_concept(cid, fields):
            return concept_from(cid, fields, m.definition_lookup)

        step("elements")
        elements = m.merge_ordered(
            "element",
            {s: {e.id: e for e in sides[s].elements()} for s in sides},
            concept_fields_of,
            build_concept,
        )
        step("relationships")
        relationships = m.merge_ordered(
            "relationship",
            {s: {r.id: r for r in sides[s].relationships()} for s in sides},
            concept_fields_of,
            build_concept,
        )
        step("views")
        orders = {s: {v.id: view_order(v) for v in sides[s].views} for s in sides}

        def view_fields_of(view, side):
            return view_fields(view, m.names[side])

        def build_view(vid, fields):
            order = [*orders["ours"].get(vid, ()), *orders["theirs"].get(vid, ())]
            return view_from(vid, fields, m.definition_lookup, dict.fromkeys(order))

        views = m.merge_ordered(
            "view", {s: {v.id: v for v in sides[s].views} for s in sides}, view_fields_of, build_view
        )
        step("references and rules")
        make_whole(m, elements, relationships, views)
        restore_definitions(m, definitions, [*elements.values(), *relationships.values(), *views.values()])
        model = Model(_merge_info(m))
        model.property_definitions = {d.id: d for d in definitions.values()}
        model.add_concepts_from(elements.values(), relationships.values())
        model.views = list(views.values())
        step("folders")
        model.organizations = merge_organizations(m, set(elements) | set(relationships) | set(views))
        step(None)
    return MergeResult(model, m.conflicts)


def _merge_info(m: _Merge) -> ModelInfo:
    infos = {s: info_fields(model, m.names[s]) for s, model in m.sides.items()}
    merged, conflicts = merge_fields(infos["base"], infos["ours"], infos["theirs"], m.prefer)
    ours = m.sides["ours"].info
    for key, ov, tv in conflicts:
        m.conflict("model", ours.id, text_in(ours.name), key, ov, tv, "changed differently on the two sides")
    concept = concept_from(ours.id, {**merged, ("type",): "Model"}, m.definition_lookup)
    return ModelInfo.model_construct(
        id=ours.id,
        name=concept.name,
        documentation=concept.documentation,
        properties=concept.properties,
        metadata=merged.get(("metadata",)),
        version=merged.get(("version",)),
        profiles=list(merged.get(("profiles",), [])),
        viewpoints=list(merged.get(("viewpoints",), [])),
    )


__all__ = ["Conflict", "MergeResult", "definition_fields", "merge_fields", "merge_models"]
