"""Sets of a model's ids held as "all of them but these": what a plateau is (convention 11).

A plateau of a 200,000-element model is nearly the whole model; what makes it a plateau is the
few thousand concepts it leaves out. `IdSet` keeps only those, so membership, the difference
between two plateaus and the size of what they share cost what the *change* costs, not the model.

    >>> from ea_model import Model, Element
    >>> m = Model()
    >>> for i in "abc":
    ...     m.add_element(Element(id=i, type="Node", name={"en": i}))
    >>> base, target = IdSet.elements(m, {"c"}), IdSet.elements(m, {"a"})
    >>> "a" in base, len(base), sorted(difference(target, base)), list(intersection(base, target))
    (True, 2, ['c'], ['b'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ea_model.model import Model


class IdSet:
    """The element ids (or relationship ids) of `model`, except `left_out`. Iterates in model order."""

    __slots__ = ("model", "kind", "left_out", "_size")

    def __init__(self, model: Model, kind: str, left_out: set[str]):
        self.model, self.kind, self.left_out = model, kind, left_out
        self._size: int | None = None

    @classmethod
    def elements(cls, model: Model, left_out: Iterable[str] = ()) -> IdSet:
        return cls(model, "elements", set(left_out))

    @classmethod
    def relationships(cls, model: Model, left_out: Iterable[str] = ()) -> IdSet:
        return cls(model, "relationships", set(left_out))

    def in_model(self, ref: str) -> bool:
        """Whether `ref` is an id of this kind in the model (left out or not)."""
        if self.kind == "elements":
            return self.model.get_element(ref) is not None
        return self.model.is_relationship(ref)

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and ref not in self.left_out and self.in_model(ref)

    def __iter__(self) -> Iterator[str]:
        left_out = self.left_out
        if self.kind == "elements":
            return (el.id for el in self.model.elements() if el.id not in left_out)
        return (ref for ref in self.model.relationship_ids() if ref not in left_out)

    def __len__(self) -> int:
        if self._size is None:
            total = (
                sum(1 for _ in self.model.elements()) if self.kind == "elements" else len(self.model.relationship_ids())
            )
            self._size = total - sum(1 for ref in self.left_out if self.in_model(ref))
        return self._size

    def excluding(self, more: Iterable[str]) -> IdSet:
        return IdSet(self.model, self.kind, self.left_out | set(more))

    def same_universe(self, other: object) -> bool:
        return isinstance(other, IdSet) and other.model is self.model and other.kind == self.kind

    def __repr__(self) -> str:
        return f"<IdSet of {self.kind}, {len(self.left_out)} left out>"


IdCollection = IdSet | set[str] | frozenset[str]


def difference(a: IdCollection, b: IdCollection) -> set[str]:
    """The ids in `a` and not in `b`."""
    if isinstance(a, IdSet) and a.same_universe(b):
        return {ref for ref in b.left_out - a.left_out if a.in_model(ref)}
    return {ref for ref in a if ref not in b}


def intersection(a: IdCollection, b: IdCollection) -> IdCollection:
    """The ids in both (an IdSet when both are IdSets of one model)."""
    if isinstance(a, IdSet) and a.same_universe(b):
        return IdSet(a.model, a.kind, a.left_out | b.left_out)
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return {ref for ref in small if ref in large}
