"""Counting an exchange file's concepts without building its model (private; `count_exchange` in files.py).

`ea info` needs how many concepts of each type a file has, not the model: at 200,000 elements the model
takes over 2 GB and most of the time. The counter is the streaming reader with every check it makes, so a
file the reader refuses is refused with the same message, but it keeps of each element and relationship
only its identifier (for duplicates and references), and frees each element of the document once read.
Views, property definitions and viewpoints are read as the reader reads them: they are few, and the
references from views are checked against them.

The counter reads as `read_exchange(path)` does by default: neither strict nor recovering, so what the
reader would work around is not reported, and what it would refuse raises EaError.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ea_model.graph_scan import paused_gc
from ea_model.model import summary_counts
from ea_model.objects import ModelInfo
from exporters.exchange.common import ELEMENT_TYPE_OF, RELATIONSHIP_TYPE_OF, tag
from exporters.exchange.read import ExchangeReader, _new_element, _new_relationship
from exporters.exchange.read_sections import _new_item

T_NAME, T_DOCUMENTATION, T_LABEL = tag("name"), tag("documentation"), tag("label")
T_PROPERTIES, T_PROPERTY, T_VALUE = tag("properties"), tag("property"), tag("value")

# What the counter keeps for an element, and for a relationship whose ends are both elements: one shared
# object each, so the checks that ask whether an identifier is an element or a relationship still can.
_AN_ELEMENT = _new_element({"id": "", "type": "BusinessActor", "name": {}, "documentation": {}, "properties": []})
_A_RELATIONSHIP = _new_relationship(
    {"id": "", "type": "Association", "name": {}, "documentation": {}, "properties": []}
    | {"source": None, "target": None, "access_type": None, "is_directed": None, "modifier": None}
)


class ExchangeCounts(NamedTuple):
    """The model's own header (identifier, names, documentation) and its counts as `Model.counts()` gives them."""

    info: ModelInfo
    counts: dict


class ExchangeCounter(ExchangeReader):
    """One counting pass over one file. Use `count()` once."""

    def __init__(self, label: str | None):
        super().__init__(label)
        self.element_types: Counter = Counter()
        self.relationship_types: Counter = Counter()

    def count(self, source) -> ExchangeCounts:
        with paused_gc():
            self.read(source)
        return ExchangeCounts(self.info, self._counts())

    def own_id(self, ref: str | None) -> str | None:
        """The reference as written: the shared placeholder objects carry no identifier to intern."""
        return ref

    def _finish(self) -> None:
        """The reader's end-of-file checks, without building the model."""
        self._resolve_relationships()
        self._declare_missing_definitions()
        self.check_view_references()
        self.check_organization_references()

    def _counts(self) -> dict:
        return summary_counts(
            self.element_types,
            self.relationship_types,
            views=len(self.views),
            property_definitions=len(self.property_definitions),
        )

    # ---- the concepts, kept as identifiers --------------------------------------------------------

    def _element(self, el) -> None:
        head = self.concept_head(el, "element", ELEMENT_TYPE_OF)
        if head is None:
            self._free(el)
            return
        ident, el_type = head
        if ident in self.concepts:
            self.error("duplicate-id", self.duplicate_message(ident, "element"), ref=ident, line=el.sourceline)
        self._skim_children(el, "element")
        self.concepts[ident] = _AN_ELEMENT
        self.element_types[el_type] += 1
        self._free(el)

    def _relationship(self, el) -> None:
        head = self.concept_head(el, "relationship", RELATIONSHIP_TYPE_OF)
        if head is None:
            self._free(el)
            return
        ident, rel_type = head
        get = el.get
        concepts = self.concepts
        if ident in concepts:
            self.error("duplicate-id", self.duplicate_message(ident, "relationship"), ref=ident, line=el.sourceline)
        if len(el):
            self._skim_children(el, "relationship")
        source, target = get("source"), get("target")
        if concepts.get(source) is _AN_ELEMENT and concepts.get(target) is _AN_ELEMENT:
            concepts[ident] = _A_RELATIONSHIP
        else:
            # On a relationship, or a forward reference: kept with its ends, for the checks at the end
            # (a missing end, a cycle of relationships).
            rel = _new_relationship(
                {"id": ident, "type": rel_type, "name": {}, "documentation": {}, "properties": []}
                | {"source": source, "target": target, "access_type": None, "is_directed": None, "modifier": None}
            )
            concepts[ident] = rel
            self.relationships.append(rel)
            if source not in concepts or target not in concepts:
                self.unresolved[ident] = el.sourceline
        self.relationship_types[rel_type] += 1
        self._free(el)

    def _skim_children(self, el, owner: str) -> None:
        """What the reader registers from a concept's children: the property definitions its properties
        name (one never declared is declared at the end, and counted) and content the format does not have."""
        refs = self.refs
        for child in el:
            child_tag = child.tag
            if child_tag == T_PROPERTIES:
                for prop in child:
                    if prop.tag != T_PROPERTY:
                        self.unexpected(prop, "properties")
                        continue
                    ref = prop.get("propertyDefinitionRef")
                    if ref is None or ref not in refs:
                        self._new_ref(prop, ref, owner)
                    for value in prop:
                        if value.tag != T_VALUE:
                            self.unexpected(value, "property")
            elif child_tag != T_NAME and child_tag != T_DOCUMENTATION:
                self.unexpected(child, owner)

    @staticmethod
    def _free(el) -> None:
        """Take a read concept out of the document (the reader only empties it)."""
        el.clear()
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)

    # ---- organizations: only the identifiers and references ---------------------------------------

    def read_organization_item(self, el) -> None:
        ident, ref = el.get("identifier"), el.get("identifierRef")
        if ident is not None:
            if self.taken(ident):
                self.error("duplicate-id", self.duplicate_message(ident, "item"), ref=ident, line=el.sourceline)
            self.other_ids[ident] = "organization item"
        if len(el):
            for child in el:
                if child.tag != T_LABEL and child.tag != T_DOCUMENTATION:
                    self.unexpected(child, "item")
        if ref is not None and ref not in self.concepts:
            item = _new_item({"id": ident, "label": {}, "documentation": {}, "ref": ref, "items": []})
            self.organization_checks.append((item, [item], el.sourceline))
        el.getparent().remove(el)
