"""The ArchiMate 3.2 type icons the diagrams draw in an element's top-right corner, drawn for ea from
the specification's descriptions (stick figure, role cylinder, lollipop, process arrow, ...).

Each icon is a small SVG (`svg/<icon>.svg`, a 16 x 16 view box, black lines) and a PNG rendered from
it (`png/<icon>.png`, by scripts/build_icons.py). A node's label names the PNG in an HTML-like `<IMG>`
cell, which is what Graphviz draws into PNG and PDF (its cairo renderer loads PNG only). In SVG
output Graphviz writes an `<image>` that points at that file; `inline_icons` replaces it with the
icon's own vector paths, so an SVG diagram is self-contained (the report inlines it, file:// works)
and only uses elements the report's SVG cleaner keeps.

    >>> png_path("actor").name
    'actor.png'
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from lxml import etree

from ea_model.errors import EaError
from exporters.xmlsafe import safe_parser

ICON_DIR = Path(__file__).resolve().parent
MANIFEST = ICON_DIR / "manifest.json"
VIEW_BOX = 16.0  # every icon's view box is 0 0 16 16
PIXELS = 64  # the PNG copies' size (about 330 dpi at ICON_SIZE)
ICON_SIZE = 14  # points: how large a diagram draws an icon

SVG_NS = "http://www.w3.org/2000/svg"
# What an icon may contain: drawing elements the report's SVG cleaner keeps, nothing that links or runs.
_DRAWING = frozenset({"g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon"})
_ATTRIBUTES = frozenset(
    {
        "d",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "width",
        "height",
        "points",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "transform",
    }
)
_PRESENTATION = ("fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin")


def svg_path(icon: str) -> Path:
    return ICON_DIR / "svg" / f"{icon}.svg"


def png_path(icon: str) -> Path:
    return ICON_DIR / "png" / f"{icon}.png"


@cache
def icon_ids() -> frozenset[str]:
    """The icons shipped (one SVG each)."""
    return frozenset(p.stem for p in (ICON_DIR / "svg").glob("*.svg"))


def check_icon_svg(data: bytes, name: str) -> etree._Element:
    """The icon's root element, or an error naming the file when it is not a plain 16 x 16 drawing."""
    try:
        root = etree.fromstring(data, safe_parser(remove_comments=True))
    except etree.XMLSyntaxError as exc:
        raise EaError(f"icon {name} is not well-formed SVG: {exc.msg}") from None
    if root.tag != f"{{{SVG_NS}}}svg" or root.get("viewBox") != "0 0 16 16":
        raise EaError(f"icon {name}: the root must be an SVG <svg> with viewBox='0 0 16 16'")
    for el in root.iterdescendants():
        local = etree.QName(el).localname if isinstance(el.tag, str) else str(el.tag)
        if not isinstance(el.tag, str) or etree.QName(el).namespace != SVG_NS or local not in _DRAWING:
            raise EaError(f"icon {name}: <{local}> is not a drawing element (allowed: {', '.join(sorted(_DRAWING))})")
        unknown = set(el.attrib) - _ATTRIBUTES
        if unknown:
            raise EaError(f"icon {name}: <{local}> has attributes an icon does not need: {', '.join(sorted(unknown))}")
    return root


@cache
def _vector(icon: str) -> tuple[str, str]:
    """The icon's presentation attributes (as XML attribute text) and its drawing, for inlining."""
    path = svg_path(icon)
    root = check_icon_svg(path.read_bytes(), path.name)
    attrs = " ".join(f'{key}="{html.escape(root.get(key), quote=True)}"' for key in _PRESENTATION if root.get(key))
    body = "".join(etree.tostring(child, encoding="unicode", with_tail=False) for child in root)
    body = body.replace(f' xmlns="{SVG_NS}"', "")
    return attrs, body


_IMAGE = re.compile(rb"<image\b([^>]*?)/>")
_ATTR = re.compile(rb'([\w:-]+)="([^"]*)"')
_ICON_FILE = re.compile(r"(?:^|[\\/])icons[\\/]png[\\/]([a-z0-9-]+)\.png$")


def inline_icons(svg: bytes) -> bytes:
    """Graphviz SVG with every `<image>` of one of these icons replaced by the icon's vector drawing."""
    if b"<image" not in svg:
        return svg

    def vector(match: re.Match[bytes]) -> bytes:
        attrs = {k.decode(): html.unescape(v.decode("utf-8")) for k, v in _ATTR.findall(match.group(1))}
        href = attrs.get("xlink:href") or attrs.get("href") or ""
        found = _ICON_FILE.search(href)
        if found is None or found.group(1) not in icon_ids():
            return match.group(0)
        icon = found.group(1)
        try:
            x, y = float(attrs["x"]), float(attrs["y"])
            w, h = (float(attrs[k].removesuffix("px")) for k in ("width", "height"))
        except (KeyError, ValueError):
            return match.group(0)
        scale = min(w, h) / VIEW_BOX
        presentation, body = _vector(icon)
        return (
            f'<g class="icon" data-icon="{icon}" transform="translate({x:g},{y:g}) scale({scale:.4g})" '
            f"{presentation}>{body}</g>"
        ).encode()

    return _IMAGE.sub(vector, svg)
