"""The model's own views in the report: a page per view, drawn as the model draws it (every node at its
bounds, nested nodes inside their parents, connections along their bendpoints: `exporters.diagrams.view`),
each node and connection a link to its concept's entry in the element index; and, for the element
index, the views each element appears in.

A view with no layout of its own (every node at one position: `exporters.diagrams.needs_layout`) would
draw as a pile; it is drawn laid out, as `ea layout` would, and its page says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ea_model.model import Model
from ea_model.objects import View
from exporters.diagrams import Diagram, needs_layout, view_diagram
from exporters.report.index import unique_slugs

Link = Callable[[str], "str | None"]


@dataclass
class ViewEntry:
    """One view as the report lists it."""

    view: View
    file: str  # its page
    stem: str  # its diagram's file stem in diagrams/
    laid_out: bool  # drawn laid out: the view has no layout of its own
    nodes: int
    connections: int
    concept_of: dict[str, str] = field(default_factory=dict)  # node or connection id -> element or relationship id


class ViewPages:
    """Every view of the model, in the model's order, and where each element is shown."""

    def __init__(self, model: Model) -> None:
        self.model = model
        slugs = unique_slugs([v.id for v in model.views])
        self.entries: list[ViewEntry] = []
        self._by_stem: dict[str, ViewEntry] = {}
        self._by_id: dict[str, ViewEntry] = {}
        self.used_in: dict[str, list[ViewEntry]] = {}
        for view in model.views:
            entry = _entry(view, slugs[view.id])
            self.entries.append(entry)
            self._by_stem[entry.stem] = entry
            self._by_id[view.id] = entry
            for node in view.iter_nodes():
                if node.element_ref:
                    shown = self.used_in.setdefault(node.element_ref, [])
                    if not shown or shown[-1] is not entry:
                        shown.append(entry)

    def entry_of(self, view_id: str) -> ViewEntry | None:
        return self._by_id.get(view_id)

    def diagrams(self, lang: str) -> list[Diagram]:
        return [Diagram(e.stem, self._builder(e.view, e.laid_out, lang)) for e in self.entries]

    def _builder(self, view: View, relayout: bool, lang: str) -> Callable:
        return lambda: view_diagram(self.model, view, lang=lang, relayout=relayout)

    def link(self, stem: str, concept_url: Link) -> Link | None:
        """For the diagram `stem`: the URL a node or connection (by its id in the view) links to."""
        entry = self._by_stem.get(stem)
        if entry is None:
            return None
        return lambda ref: concept_url(entry.concept_of[ref]) if ref in entry.concept_of else None


def _entry(view: View, slug: str) -> ViewEntry:
    nodes = list(view.iter_nodes())
    concept_of = {n.id: n.element_ref for n in nodes if n.element_ref}
    concept_of.update({c.id: c.relationship_ref for c in view.connections if c.relationship_ref})
    return ViewEntry(
        view=view,
        file=f"view-{slug}.html",
        stem=f"view-{slug}",
        laid_out=bool(nodes) and needs_layout(view),
        nodes=len(nodes),
        connections=len(view.connections),
        concept_of=concept_of,
    )
