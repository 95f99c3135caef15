"""The least an lxml-based exchange reader has to do, for the benchmark's `extract` reference step.

`extract_values(path)` streams the file exactly as ea's reader does (lxml `iterparse`, end events for
concepts and organization items, each cleared once read) and pulls out every value a model needs:
identifiers, types, endpoints and relationship attributes, each name, documentation and property
value with its language, and each organization item's reference and label. It keeps them as plain
tuples: no validation, no pydantic objects, no graph, no checks, no messages, and the collector
paused as in ea's reader. Whatever ea's import
costs above this is the model itself; what this costs above a raw `etree.parse` is the floor of any
reader on lxml's Python API that keeps memory below the parsed tree's.
"""

from __future__ import annotations

import gc

from lxml import etree

NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ELEMENT, RELATIONSHIP, ITEM = NS + "element", NS + "relationship", NS + "item"
PROPERTIES = NS + "properties"


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


def extract_values(path: str) -> dict[str, int]:
    """Counts of what was read. The cyclic collector is paused, as ea's reader pauses it."""
    gc.disable()
    try:
        return _extract(path)
    finally:
        gc.enable()


def _extract(path: str) -> dict[str, int]:
    elements, relationships, items = [], [], []
    context = etree.iterparse(
        path, events=("end",), tag=(ELEMENT, RELATIONSHIP, ITEM), resolve_entities=False, no_network=True
    )
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
