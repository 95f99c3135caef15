"""`diff_models(old, new)`: what changed between two models, concept by concept and field by field.

Elements match by id, then (the rest) by type and name as `ea gap` matches them (reported as
such: `Change.old_id`); relationships by id, then by type and matched ends; views by id, then by
name; organization folders by their path of labels; property definitions by name. A concept
equal on both sides (the common case, one `==`) costs nothing more; the others are compared as
field maps (`ea_model.diff.fields`), so attribute order, white space, definition ids and a language
tag gained or lost on the same words are no change.

    >>> from ea_model import Model, Element
    >>> a, b = Model(), Model()
    >>> a.add_element(Element(id="e", type="BusinessActor", name={"en": "Clerk"}))
    >>> b.add_element(Element(id="e", type="BusinessActor", name={"en": "Registrar"}))
    >>> [(f.field, f.old, f.new) for f in diff_models(a, b).changed[0].fields]
    [('name[en]', 'Clerk', 'Registrar')]
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable

from ea_model.diff.changes import ModelDiff, change_of, field_changes, show
from ea_model.diff.fields import (
    concept_fields,
    definition_fields,
    definition_names,
    folder_fields,
    folder_index,
    folder_key,
    info_fields,
    settle_texts,
    view_fields,
)
from ea_model.diff.risks import find_risks
from ea_model.diff.views import view_changes
from ea_model.gap.match import match_ids
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.objects import text_in
from ea_model.progress import StepProgress, stepper

KINDS = ("element", "relationship", "view", "organization", "property-definition", "model")
DgaDelta = Callable[[Model, Model], dict]


def match_relationships_by_id(old: Model, new: Model, to_old: dict[str, str]) -> dict[str, str]:
    """New relationship id -> old id: by id, then by type and (matched) ends, first come first paired."""
    old_list, new_ids = old.relationship_ids(), new.relationship_ids()
    old_ids, new_set = set(old_list), set(new_ids)
    pairs = {r: r for r in new_ids if r in old_ids}
    rest_new = [r for r in new_ids if r not in old_ids]
    if not rest_new:
        return pairs
    by_key: dict[tuple, deque[str]] = defaultdict(deque)
    for r in old_list:
        if r not in new_set:
            rel = old.relationship(r)
            by_key[(rel.type, rel.source, rel.target)].append(r)
    for r in rest_new:
        rel = new.relationship(r)
        key = (rel.type, to_old.get(rel.source, pairs.get(rel.source)), to_old.get(rel.target, pairs.get(rel.target)))
        candidates = by_key.get(key)
        if candidates:
            pairs[r] = candidates.popleft()
    return pairs


DIFF_STEPS = ("matching", "elements", "relationships", "views and folders", "risks")


def diff_models(
    old: Model,
    new: Model,
    *,
    old_label: str = "old",
    new_label: str = "new",
    dga_delta: DgaDelta | None = None,
    progress: StepProgress | None = None,
) -> ModelDiff:
    """Compare two models (see the module docstring). `dga_delta(old, new)`, when given, returns the
    compliance delta (`ea_model.gap.delta.compliance_delta` with a catalog bound); services whose
    verdicts move become risks. `progress(done, total, what)` is told as each of DIFF_STEPS begins."""
    result = ModelDiff(old_label, new_label)
    step = stepper(progress, DIFF_STEPS)
    with paused_gc():
        step("matching")
        names_old, names_new = definition_names(old), definition_names(new)
        where_old, folders_old = folder_index(old.organizations)
        where_new, folders_new = folder_index(new.organizations)
        matching = match_ids(set(old.element_ids()), set(new.element_ids()), old.element, new.element)
        to_old = {r: r for r in matching.same}
        to_old.update(matching.by_name)
        rel_pairs = match_relationships_by_id(old, new, to_old)
        ends = {**to_old, **rel_pairs}

        def compare(kind: str, n_id: str, o_id: str) -> None:
            o, n = old.concept(o_id), new.concept(n_id)
            if o == n and where_old.get(o_id) == where_new.get(n_id) and o_id == n_id:
                if not o.properties or all(names_old.get(p) == names_new.get(p) for p in _refs(o)):
                    return
            f_old = concept_fields(o, names_old, where_old.get(o_id))
            f_new = concept_fields(n, names_new, where_new.get(n_id))
            if kind == "relationship":
                for end in ("source", "target"):
                    f_new[(end,)] = ends.get(f_new[(end,)], f_new[(end,)])
            f_new = settle_texts(f_old, f_new)

            def describe(key, value):
                if key in (("source",), ("target",)) and value is not None:
                    other = old.get_concept(value) or new.get_concept(value)
                    return f"{text_in(other.name) if other else ''} ({value})".strip()
                return show(value)

            fields = field_changes(f_old, f_new, describe)
            if fields or o_id != n_id:
                result.changed.append(
                    change_of(kind, n_id, n.type, text_in(n.name), fields, o_id if o_id != n_id else None)
                )

        step("elements")
        for n_id, o_id in to_old.items():
            compare("element", n_id, o_id)
        step("relationships")
        for n_id, o_id in rel_pairs.items():
            compare("relationship", n_id, o_id)
        for kind, pairs, new_ids, old_ids in (
            ("element", to_old, new.element_ids(), old.element_ids()),
            ("relationship", rel_pairs, new.relationship_ids(), old.relationship_ids()),
        ):
            matched = set(pairs.values())
            for bucket, model, ids, seen in (
                (result.added, new, new_ids, pairs),
                (result.removed, old, old_ids, matched),
            ):
                for cid in ids:
                    if cid not in seen:
                        concept = model.concept(cid)
                        bucket.append(change_of(kind, cid, concept.type, text_in(concept.name)))

        step("views and folders")
        _diff_views(old, new, result, names_old, names_new, where_old, where_new, ends)
        _diff_keyed(result, "organization", folders_old, folders_new, folder_fields, "Folder")
        defs_old = {names_old[p]: d for p, d in old.property_definitions.items()}
        defs_new = {names_new[p]: d for p, d in new.property_definitions.items()}
        _diff_keyed(result, "property-definition", defs_old, defs_new, definition_fields, "PropertyDefinition")
        f_old, f_new = info_fields(old, names_old), info_fields(new, names_new)
        fields = field_changes(f_old, settle_texts(f_old, f_new))
        if fields:
            result.changed.append(change_of("model", new.info.id, "Model", text_in(new.info.name), fields))
        step("risks")
        result.risks = find_risks(old, new, result, to_old, rel_pairs, dga_delta)
        step(None)
    return result


def _refs(concept) -> list[str]:
    return [p.definition_ref for p in concept.properties]


def _diff_keyed(result: ModelDiff, kind: str, old: dict, new: dict, fields_of, label) -> None:
    for key, item in new.items():
        shown = folder_key(key) if isinstance(key, tuple) else key
        if key not in old:
            result.added.append(change_of(kind, shown, label, shown))
            continue
        f_old = fields_of(old[key])
        fields = field_changes(f_old, settle_texts(f_old, fields_of(item)))
        if fields:
            result.changed.append(change_of(kind, shown, label, shown, fields))
    for key in old:
        if key not in new:
            shown = folder_key(key) if isinstance(key, tuple) else key
            result.removed.append(change_of(kind, shown, label, shown))


def _diff_views(old, new, result, names_old, names_new, where_old, where_new, ends) -> None:
    old_views = {v.id: v for v in old.views}
    new_views = {v.id: v for v in new.views}
    by_name = {text_in(v.name): v.id for v in old.views if v.id not in new_views}
    for vid, view in new_views.items():
        o_id = vid if vid in old_views else by_name.pop(text_in(view.name), None) if text_in(view.name) else None
        if o_id is None:
            result.added.append(change_of("view", vid, "View", text_in(view.name)))
            continue
        o_view = old_views.pop(o_id)
        if o_view == view and o_id == vid and where_old.get(o_id) == where_new.get(vid):
            continue
        f_old = view_fields(o_view, names_old, where_old.get(o_id))
        f_new = settle_texts(f_old, view_fields(view, names_new, where_new.get(vid)))
        fields = view_changes(f_old, f_new, old, new, ends)
        if fields or o_id != vid:
            result.changed.append(
                change_of("view", vid, "View", text_in(view.name), fields, o_id if o_id != vid else None)
            )
    for o_id, view in old_views.items():
        result.removed.append(change_of("view", o_id, "View", text_in(view.name)))
