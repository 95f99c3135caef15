"""What every validation rule works on and how it reports: the `Scope` over a model, the `Emit` callback,
and how a message names a concept."""

from __future__ import annotations

from collections.abc import Callable

from ea_model.model import Model
from ea_model.objects import Concept, Element, Relationship, text_in

Emit = Callable[..., None]


def name_of(concept: Concept | None) -> str:
    return text_in(concept.name) if concept is not None else ""


def label(concept: Concept | None, ref: str) -> str:
    """How a message names a concept: 'its name' (Type), or its id when it has no name."""
    if concept is None:
        return f"'{ref}'"
    name = text_in(concept.name)
    return f"'{name}' ({concept.type})" if name else f"{concept.type} '{concept.id}'"


class Scope:
    """What every check works on: the model, its elements and relationships listed once, and one
    id -> concept index (dict lookups; the graph's views are much slower in tight loops)."""

    def __init__(self, model: Model):
        self.model = model
        self.elements: list[Element] = list(model.elements())
        self.relationships: list[Relationship] = list(model.relationships())
        self.concepts: dict[str, Concept] = {el.id: el for el in self.elements}
        self.concepts.update((rel.id, rel) for rel in self.relationships)
        self._labels: dict[str, str] = {}

    @classmethod
    def part(cls, model: Model, *, elements, relationships, concepts) -> Scope:
        """A scope over only the given elements and relationships of `model` (`concepts`: anything with
        `.get(id)`), for running a few rules on part of a large model (`ea diff`'s risks)."""
        scope = cls.__new__(cls)
        scope.model, scope.concepts, scope._labels = model, concepts, {}
        scope.elements, scope.relationships = list(elements), list(relationships)
        return scope

    def element(self, ref: str | None) -> Element | None:
        concept = self.concepts.get(ref) if ref else None
        return concept if isinstance(concept, Element) else None

    def relationship(self, ref: str | None) -> Relationship | None:
        concept = self.concepts.get(ref) if ref else None
        return concept if isinstance(concept, Relationship) else None

    def describe(self, ref: str | None) -> str:
        """`label` of the concept with id `ref`, computed once per concept."""
        if not ref:
            return "nothing"
        text = self._labels.get(ref)
        if text is None:
            text = self._labels[ref] = label(self.concepts.get(ref), ref)
        return text
