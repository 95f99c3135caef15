"""The report's element index: every element with its properties, relationships and the views it is in,
a page per layer (split into pages of `PAGE_SIZE` elements on a large model, with a pager), and the one
place that knows where a concept's entry is (`Index.url`), so evidence, diagrams and the gap matrix can link to it.

A relationship's entry sits under its source element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from ea_model import metamodel
from ea_model.metamodel import Layer
from ea_model.model import Model
from ea_model.objects import Element, LangString, Relationship
from ea_model.plateaus import claimed_concepts

# An entry is about 4 KB of HTML (names in both languages on every relationship): 250 keep a page near
# 1 MB, which a browser paints in well under a second; the bundled model's largest layer (203) stays one page.
PAGE_SIZE = 250
# A plateau or a work package can aggregate thousands of elements; listing them all made one entry a page
# of 9 MB that took seconds to open. An entry lists this many relationships each way and counts the rest.
RELATIONSHIPS_PER_ENTRY = 200
_SLUG_UNSAFE = re.compile(r"[^a-z0-9._-]")


def slug(text: str) -> str:
    """A file-name-safe, lower-case form of an id (ids are case-sensitive; file systems often are not:
    callers make slugs unique with `unique_slugs`)."""
    return _SLUG_UNSAFE.sub(lambda m: f"~{ord(m.group()):x}", text.lower()) or "_"


def unique_slugs(ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    taken: set[str] = set()
    for ref in ids:
        base = candidate = slug(ref)
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out[ref] = candidate
    return out


@dataclass
class Link:
    """A relationship as listed under one of its ends."""

    id: str
    type: str
    other: str
    access_type: str | None = None


@dataclass
class Entry:
    element: Element
    properties: dict[str, str]
    outgoing: list[Link]
    incoming: list[Link]
    outgoing_more: int  # relationships not listed (past RELATIONSHIPS_PER_ENTRY)
    incoming_more: int
    plateaus: list[str]  # ids of the plateaus that claim it ([] = in every plateau)
    views: list = field(default_factory=list)  # the views it appears in (exporters.report.views.ViewEntry)


@dataclass
class IndexPage:
    file: str
    layer: Layer
    part: int  # 1-based, when a layer needs several pages
    parts: int
    entries: list[Entry] = field(default_factory=list)
    siblings: list[str] = field(default_factory=list)  # the files of every part of this layer, in order


class Index:
    """Where each concept is listed, built once per report."""

    def __init__(self, model: Model, page_size: int = PAGE_SIZE) -> None:
        self.model = model
        by_layer: dict[Layer, list[Element]] = {layer: [] for layer in metamodel.LAYER_ORDER}
        for el in model.elements():
            by_layer[metamodel.layer_of(el.type)].append(el)
        self._page_of: dict[str, str] = {}
        self._unlisted: set[str] = set()  # relationships past their source's RELATIONSHIPS_PER_ENTRY
        self._chunks: dict[str, list[Element]] = {}
        self.pages: list[IndexPage] = []
        for layer, elements in by_layer.items():
            if not elements:
                continue
            elements.sort(key=lambda e: (e.type, _sort_name(e.name), e.id))
            chunks = [elements[i : i + page_size] for i in range(0, len(elements), page_size)]
            layer_pages = []
            for n, chunk in enumerate(chunks, start=1):
                name = slug(layer.value.replace(" & ", "-").replace(" ", "-"))
                file = f"elements-{name}.html" if len(chunks) == 1 else f"elements-{name}-{n}.html"
                layer_pages.append(IndexPage(file, layer, n, len(chunks), []))
                self._chunks[file] = chunk
                for el in chunk:
                    self._page_of[el.id] = file
            for page in layer_pages:
                page.siblings = [p.file for p in layer_pages]
            self.pages += layer_pages

    def url(self, ref: str) -> str | None:
        """The index entry of an element, or of a relationship (listed under its source; one its source
        does not list links to the source's entry)."""
        page = self._page_of.get(ref)
        if page is None:
            rel = self.model.get_relationship(ref)
            source = self.url(rel.source) if rel is not None else None  # a source may be a relationship too
            if source is None or ref in self._unlisted:
                return source
            page = source.split("#")[0]
        return f"{page}#{quote(ref, safe='')}"

    def fill(self, used_in: dict[str, list] | None = None) -> None:
        """Build the entries: the part of the index that costs (every relationship of every element).
        `used_in` gives the views each element appears in."""
        claimed = claimed_concepts(self.model)
        used_in = used_in or {}
        for page in self.pages:
            page.entries = [self._entry(el, claimed, used_in.get(el.id, [])) for el in self._chunks[page.file]]

    def _entry(self, el: Element, claimed: dict[str, set[str]], views: list) -> Entry:
        outgoing = list(self.model.outgoing(el.id))
        incoming = list(self.model.incoming(el.id))
        limit = RELATIONSHIPS_PER_ENTRY
        self._unlisted.update(rel.id for rel in outgoing[limit:])
        return Entry(
            element=el,
            properties=self.model.properties_of(el),
            outgoing=[_link(rel, rel.target) for rel in outgoing[:limit]],
            incoming=[_link(rel, rel.source) for rel in incoming[:limit]],
            outgoing_more=max(0, len(outgoing) - limit),
            incoming_more=max(0, len(incoming) - limit),
            plateaus=sorted(claimed.get(el.id, ())),
            views=views,
        )


def _link(rel: Relationship, other: str) -> Link:
    return Link(rel.id, rel.type, other, rel.access_type)


def _sort_name(name: LangString) -> str:
    return (name.get("th") or name.get("en") or next(iter(name.values()), "")).casefold()
