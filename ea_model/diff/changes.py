"""What a diff is made of: `FieldChange`, `Change`, `Risk`, `ModelDiff`, and how a field is named and shown.

`compare` builds them, `risks` and `views` add to them, `render` and `merge` show them; they sit here,
below all of those, so that none imports another in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ea_model import metamodel
from ea_model.diff.fields import Fields, folder_key, same_value
from ea_model.objects import text_in


@dataclass(slots=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None

    def as_json(self) -> dict:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(slots=True)
class Change:
    kind: str
    id: str
    type: str
    name: str
    group: str  # the summary row: an element's layer, else the kind
    fields: list[FieldChange] = field(default_factory=list)
    old_id: str | None = None  # when matched by type and name, the id on the old side

    def as_json(self) -> dict:
        out = {"id": self.id, "type": self.type, "kind": self.kind, "name": self.name}
        if self.old_id:
            out["old_id"] = self.old_id
            out["matched_by"] = "type+name"
        if self.fields:
            out["fields"] = [f.as_json() for f in self.fields]
        return out


@dataclass(slots=True)
class Risk:
    kind: str  # removed-still-referenced, relationship-not-allowed, junction-mixed-types, ..., dga-verdict
    id: str
    name: str
    message: str

    def as_json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "message": self.message}


@dataclass
class ModelDiff:
    old_label: str
    new_label: str
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> dict[str, dict[str, int]]:
        """Summary row -> {"added", "changed", "removed"}: element layers first, then the other kinds."""
        order = [layer.value for layer in metamodel.Layer] + ["relationships", "views", "organization"]
        order += ["property definitions", "model"]
        rows: dict[str, dict[str, int]] = {}
        for what, changes in (("added", self.added), ("changed", self.changed), ("removed", self.removed)):
            for change in changes:
                row = rows.setdefault(change.group, {"added": 0, "changed": 0, "removed": 0})
                row[what] += 1
        return {g: rows[g] for g in sorted(rows, key=lambda g: order.index(g) if g in order else len(order))}

    def as_json(self) -> dict:
        return {
            "old": self.old_label,
            "new": self.new_label,
            "summary": self.summary(),
            "added": [c.as_json() for c in self.added],
            "removed": [c.as_json() for c in self.removed],
            "changed": [c.as_json() for c in self.changed],
            "risks": [r.as_json() for r in self.risks],
        }


_GROUP = {
    "relationship": "relationships",
    "view": "views",
    "organization": "organization",
    "property-definition": "property definitions",
    "model": "model",
}


def _group(kind: str, type_name: str) -> str:
    if kind == "element":
        return metamodel.ELEMENT_TYPES[type_name].layer.value if type_name in metamodel.ELEMENT_TYPES else "Other"
    return _GROUP[kind]


def change_of(kind: str, cid: str, type_name: str, name: str, fields=None, old_id=None) -> Change:
    return Change(kind, cid, type_name, name, _group(kind, type_name), fields or [], old_id)


def field_label(key: tuple) -> str:
    """How a field is named for a reader: name[th], property owner, type, source, folder..."""
    head = key[0]
    if head in ("name", "documentation", "label") and len(key) == 2:
        return f"{head}[{key[1]}]" if key[1] else head
    if head == "property":
        return f"property {key[1]}" + (f" #{key[2] + 1}" if key[2] else "")
    return " ".join(str(part) for part in key)


def show(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return text_in(dict(value))  # a property value
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return folder_key(value) or "(top level)"  # a folder path
    return str(value)


def field_changes(
    old: Fields, new: Fields, describe: Callable[[tuple, object], str | None] = None
) -> list[FieldChange]:
    """One FieldChange per field that differs, in the order the fields come (old's, then new's)."""
    describe = describe or (lambda _key, value: show(value))
    out = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if not same_value(a, b):
            out.append(FieldChange(field_label(key), describe(key, a), describe(key, b)))
    return out
