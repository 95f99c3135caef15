"""What any exchange reader on lxml has to pay, for the benchmark's reference steps.

Three floors, each lower than the reader, each doing part of its work:

- `extract_values(path)`, step `extract`: lxml's fastest Python interface, a parser *target*
  (libxml2 calls `start`/`end`/`data`; no tree, no element proxies), pulling out every value a
  model needs (ids, types, endpoints and relationship attributes, each name, documentation and
  property value with its language, each organization item's reference and label) into plain
  tuples. What a raw parse costs plus the least Python a reader can do per value.
- `extract_values_iterparse(path)`, step `extract-iter`: the same values through `iterparse`, as ea's
  reader streams (each concept cleared once read). It is the slower interface, but the only streaming
  one that knows each element's line, which every error and warning of the reader names.
- `build_model(path)`, step `build`: the parser target again, and from its values the model's own
  objects (the reader's constructors, without validation) and its graph (`Model.add_concepts_from`):
  what the model itself costs, with no checks, no line numbers and no messages.

The cyclic collector is paused in each and what was built is then frozen, as ea's reader does for a
large model (`read_source`): otherwise the first collection after the step walks its millions of
new objects, and whether the timer sees that depends on luck. ea's modules are imported here,
not inside the timed functions, so no step is charged for loading them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.objects import ModelInfo
from exporters.exchange.common import ELEMENT_TYPE_OF, RELATIONSHIP_TYPE_OF
from exporters.exchange.read import _new_element, _new_relationship
from exporters.exchange.read_base import _new_property
from exporters.exchange.read_sections import _new_item

NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ELEMENT, RELATIONSHIP, ITEM = NS + "element", NS + "relationship", NS + "item"
NAME, DOCUMENTATION, LABEL = NS + "name", NS + "documentation", NS + "label"
PROPERTIES, PROPERTY, VALUE = NS + "properties", NS + "property", NS + "value"
TEXTS = frozenset({NAME, DOCUMENTATION, LABEL, VALUE})
PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)  # as the reader


class _Values:
    """A parser target collecting the values as tuples; `close()` returns the counts."""

    def __init__(self):
        self.elements: list[tuple] = []
        self.relationships: list[tuple] = []
        self.items: list[tuple] = []
        self.texts: list[tuple] = []  # of the concept or item being read (else a scratch list)
        self.properties: list[tuple] = []
        self.values: list[tuple] = []
        self.attrib: dict = {}
        self.item_stack: list[tuple[dict, list]] = [({}, [])]  # (attributes, texts) of each open item
        self.in_text = False
        self.lang = None
        self.chunks: list[str] = []

    def start(self, tag, attrib):
        if tag in TEXTS:
            self.in_text, self.lang, self.chunks = True, attrib.get(XML_LANG), []
        elif tag == PROPERTY:
            self.values = []
            self.ref = attrib.get("propertyDefinitionRef")
        elif tag == ELEMENT or tag == RELATIONSHIP:
            self.attrib, self.texts, self.properties = attrib, [], []
        elif tag == ITEM:
            self.texts = []
            self.item_stack.append((attrib, self.texts))

    def data(self, data):
        if self.in_text:
            self.chunks.append(data)

    def end(self, tag):
        if tag in TEXTS:
            self.in_text = False
            text = "".join(self.chunks)
            if tag == VALUE:
                self.values.append((self.lang, text))
            else:
                self.texts.append((tag, self.lang, text))
        elif tag == PROPERTY:
            self.properties.append((self.ref, self.values))
        elif tag == ELEMENT:
            get = self.attrib.get
            self.elements.append((get("identifier"), get(XSI_TYPE), self.texts, self.properties))
            self.texts, self.properties = [], []
        elif tag == RELATIONSHIP:
            get = self.attrib.get
            extra = (get("accessType"), get("isDirected"), get("modifier"))
            self.relationships.append(
                (get("identifier"), get(XSI_TYPE), get("source"), get("target"), extra, self.texts, self.properties)
            )
            self.texts, self.properties = [], []
        elif tag == ITEM:
            attrib, texts = self.item_stack.pop()
            self.items.append((attrib.get("identifierRef"), texts))
            self.texts = self.item_stack[-1][1]

    def close(self):
        return {"elements": len(self.elements), "relationships": len(self.relationships), "items": len(self.items)}


@contextmanager
def _as_the_reader() -> Iterator[None]:
    with paused_gc():
        yield
        gc.freeze()


def extract_values(path: str) -> dict[str, int]:
    """Every value, through the parser-target interface. Counts of what was read."""
    with _as_the_reader():
        return etree.parse(path, etree.XMLParser(target=_Values(), **PARSER_OPTIONS))


def _texts_and_properties(el) -> tuple[list, list]:
    texts, properties = [], []
    for child in el:
        if child.tag == PROPERTIES:
            for prop in child:
                values = [(value.get(XML_LANG), value.text) for value in prop]
                properties.append((prop.get("propertyDefinitionRef"), values))
        else:
            texts.append((child.tag, child.get(XML_LANG), child.text))
    return texts, properties


def extract_values_iterparse(path: str) -> dict[str, int]:
    """Every value, streamed with iterparse as ea's reader streams. Counts of what was read."""
    with _as_the_reader():
        return _extract_iterparse(path)


def _extract_iterparse(path: str) -> dict[str, int]:
    elements, relationships, items = [], [], []
    context = etree.iterparse(path, events=("end",), tag=(ELEMENT, RELATIONSHIP, ITEM), **PARSER_OPTIONS)
    for _, el in context:
        tag = el.tag
        get = el.get
        if tag == RELATIONSHIP:
            attributes = (get("accessType"), get("isDirected"), get("modifier"))
            texts, properties = _texts_and_properties(el) if len(el) else ((), ())
            relationships.append(
                (get("identifier"), get(XSI_TYPE), get("source"), get("target"), attributes, texts, properties)
            )
        elif tag == ELEMENT:
            texts, properties = _texts_and_properties(el)
            elements.append((get("identifier"), get(XSI_TYPE), texts, properties))
        else:
            label = [(child.get(XML_LANG), child.text) for child in el if child.tag != ITEM]
            items.append((get("identifierRef"), label))
            el.getparent().remove(el)
            continue
        el.clear()
    return {"elements": len(elements), "relationships": len(relationships), "items": len(items)}


class _Builder:
    """A parser target building the model's objects as ea's reader builds them, with no checks."""

    def __init__(self):
        self.element_type, self.relationship_type = ELEMENT_TYPE_OF, RELATIONSHIP_TYPE_OF
        self.new_element, self.new_relationship = _new_element, _new_relationship
        self.new_property, self.new_item = _new_property, _new_item
        self.elements: list = []
        self.relationships: list = []
        self.item_stack: list[tuple[dict, list, dict]] = [({}, [], {})]  # (attributes, children, texts) per open item
        self.texts: dict[str, dict[str, str]] = {}  # tag -> the texts of the concept or item being read
        self.properties: list | None = None  # of the concept being read
        self.value: dict[str, str] = {}
        self.attrib: dict = {}
        self.in_text = False
        self.lang = ""
        self.chunks: list[str] = []

    def start(self, tag, attrib):
        if tag in TEXTS:
            self.in_text, self.lang, self.chunks = True, attrib.get(XML_LANG, ""), []
        elif tag == PROPERTY:
            self.value, self.ref = {}, attrib.get("propertyDefinitionRef")
        elif tag == ELEMENT or tag == RELATIONSHIP:
            self.attrib, self.texts, self.properties = attrib, {NAME: {}, DOCUMENTATION: {}}, []
        elif tag == ITEM:
            self.texts = {LABEL: {}, DOCUMENTATION: {}}
            self.item_stack.append((attrib, [], self.texts))

    def data(self, data):
        if self.in_text:
            self.chunks.append(data)

    def end(self, tag):
        if tag in TEXTS:
            self.in_text = False
            text = "".join(self.chunks)
            if tag == VALUE:
                self.value[self.lang] = text
            elif text or self.lang:
                texts = self.texts.get(tag)
                if texts is not None:
                    texts[self.lang] = text
        elif tag == PROPERTY:
            if self.properties is not None:
                self.properties.append(self.new_property({"definition_ref": self.ref, "value": self.value}))
        elif tag == ELEMENT:
            get, texts = self.attrib.get, self.texts
            fields = {"id": get("identifier"), "type": self.element_type[get(XSI_TYPE)], "name": texts[NAME]}
            fields |= {"documentation": texts[DOCUMENTATION], "properties": self.properties}
            self.elements.append(self.new_element(fields))
            self.texts, self.properties = {}, None
        elif tag == RELATIONSHIP:
            self.relationships.append(self._relationship())
            self.texts, self.properties = {}, None
        elif tag == ITEM:
            attrib, children, texts = self.item_stack.pop()
            item = {"id": attrib.get("identifier"), "label": texts[LABEL], "documentation": texts[DOCUMENTATION]}
            item |= {"ref": attrib.get("identifierRef"), "items": children}
            self.item_stack[-1][1].append(self.new_item(item))
            self.texts = self.item_stack[-1][2]

    def _relationship(self):
        get, texts = self.attrib.get, self.texts
        rel_type = self.relationship_type[get(XSI_TYPE)]
        directed = get("isDirected")
        fields = {"id": get("identifier"), "type": rel_type, "name": texts[NAME]}
        fields |= {"documentation": texts[DOCUMENTATION], "properties": self.properties}
        fields |= {"source": get("source"), "target": get("target"), "access_type": get("accessType")}
        fields |= {"is_directed": None if directed is None else directed in ("true", "1"), "modifier": get("modifier")}
        return self.new_relationship(fields)

    def close(self):
        model = Model(ModelInfo())
        model.add_concepts_from(self.elements, self.relationships, checked=True)
        model.organizations = self.item_stack[0][1]
        return model


def build_model(path: str) -> Model:
    """The model's objects and graph from the file's values, with no checks."""
    with _as_the_reader():
        return etree.parse(path, etree.XMLParser(target=_Builder(), **PARSER_OPTIONS))
