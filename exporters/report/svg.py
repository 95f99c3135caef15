"""Graphviz SVG made fit to inline into the report's HTML.

The diagrams escape model names already (`exporters.diagrams.labels`); this is the second wall, since
an SVG inlined into HTML runs what it carries: only drawing elements and attributes are kept (no
script, no foreignObject, no event handler, no link leaving the report), every id gets a per-diagram
prefix so several diagrams can share a page, and the node or edge of a model concept links to its
entry in the element index (`data-ref` keeps the concept's id).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from ea_model.errors import EaError
from exporters.xmlsafe import safe_parser

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_ALLOWED = frozenset(
    {
        "svg",
        "g",
        "a",
        "title",
        "desc",
        "text",
        "tspan",
        "path",
        "polygon",
        "polyline",
        "ellipse",
        "circle",
        "rect",
        "line",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
    }
)
_URL_REF = re.compile(r"url\(#([^)]+)\)")


def inline_svg(data: bytes, prefix: str, link: Callable[[str], str | None], *, source: str = "") -> str:
    """The SVG document `data` as an `<svg>` element to inline into HTML.

    `prefix` makes the ids unique within a page; `link(concept_id)` gives the URL of a concept's
    entry in the element index (None: no link).
    """
    root = _cleaned(data, prefix, link, source)
    _size(root)
    return etree.tostring(root, encoding="unicode")


def clean_svg_document(data: bytes, link: Callable[[str], str | None], *, source: str = "") -> bytes:
    """The same cleaning for an SVG file of its own (natural size kept; links as `link` gives them)."""
    root = _cleaned(data, "", link, source)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _cleaned(data: bytes, prefix: str, link: Callable[[str], str | None], source: str) -> etree._Element:
    try:
        root = etree.fromstring(data, safe_parser(remove_comments=True, remove_pis=True))
    except etree.XMLSyntaxError as exc:
        raise EaError(f"Graphviz wrote SVG the report cannot read: {exc.msg}", file=source or None) from None
    if etree.QName(root).localname != "svg":
        raise EaError("not an SVG document", file=source or None)
    _clean(root)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for el in root.iter():
        _rename_ids(el, prefix, ids)
    for group in root.iter(f"{{{SVG_NS}}}g"):
        kind = group.get("class")
        ref = group.get("data-ref")
        if kind in ("node", "edge") and ref:
            url = link(ref)
            if url:
                _link_group(group, url)
    return root


def _clean(root: etree._Element) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions, entities
            _drop(el)
            continue
        qname = etree.QName(el)
        if qname.namespace != SVG_NS or qname.localname not in _ALLOWED:
            _drop(el)
            continue
        for attr in list(el.attrib):
            name = etree.QName(attr)
            value = el.attrib[attr]
            if name.localname.lower().startswith("on") or name.localname == "style" and "url(" in value:
                del el.attrib[attr]
            elif name.localname == "href" and not value.startswith("#"):
                del el.attrib[attr]
            elif name.namespace not in (None, XLINK_NS):
                del el.attrib[attr]
    etree.cleanup_namespaces(root)


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:  # keep text that followed the dropped element
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _rename_ids(el: etree._Element, prefix: str, ids: set[str]) -> None:
    own = el.get("id")
    if own:
        if el.get("class") in ("node", "edge"):
            el.set("data-ref", own)
        el.set("id", f"{prefix}{own}")
    for attr, value in list(el.attrib.items()):
        if attr in ("id", "data-ref"):
            continue
        if etree.QName(attr).localname == "href" and value.startswith("#") and value[1:] in ids:
            el.set(attr, f"#{prefix}{value[1:]}")
        elif "url(#" in value:
            el.set(attr, _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})" if m.group(1) in ids else "none", value))


def _link_group(group: etree._Element, url: str) -> None:
    """Point the group's own <a> (Graphviz writes one for the tooltip) at `url`, or wrap it in one."""
    anchor = next((a for a in group.iter(f"{{{SVG_NS}}}a")), None)
    if anchor is None:
        anchor = etree.SubElement(group, f"{{{SVG_NS}}}a")
        for child in list(group):
            if child is not anchor and etree.QName(child).localname != "title":
                anchor.append(child)
    anchor.set("href", url)  # SVG 2 href: no xlink prefix needed


def _size(root: etree._Element) -> None:
    """The natural size (px) as the width, no fixed height: CSS (`max-width: 100%; height: auto`) scales
    the drawing down to the page and keeps its proportions."""
    width = root.get("width", "")
    try:
        px = float(width[:-2]) * 4 / 3 if width.endswith("pt") else float(width.removesuffix("px"))
        root.set("width", f"{px:.0f}")
    except ValueError:
        root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    root.set("role", "img")
