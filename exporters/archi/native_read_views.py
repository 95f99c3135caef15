"""Archi diagrams -> exchange-style views: the view part of the native reader (see
`_archi_native_read`). Archi keeps a nested node's bounds relative to its parent and each
bendpoint as offsets from the two ends' centres; the model has absolute coordinates."""

from __future__ import annotations

from lxml import etree

from ea_model.errors import EaError
from ea_model.objects import Bounds, Font, LangString, Point, Style, View, ViewConnection, ViewNode
from exporters.archi.common import VIEWPOINT_NAMES
from exporters.archi.geometry import DEFAULT_SIZES, absolute_bendpoints, alpha_to_percent, parse_color, parse_font

ARCHI_NS = "http://www.archimatetool.com/archimate"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"

# Attributes of diagram objects and connections that the model carries; any other is an
# Archi-only appearance setting, counted in the "not carried" advice.
_CARRIED_ATTRIBUTES = {
    "id",
    XSI_TYPE,
    "archimateElement",
    "archimateRelationship",
    "model",
    "name",
    "source",
    "target",
    "targetConnections",
    "fillColor",
    "alpha",
    "lineColor",
    "lineWidth",
    "font",
    "fontColor",
}


def local_type(type_value: str | None) -> str:
    return (type_value or "").rpartition(":")[2]


def text_of(value: str | None) -> LangString:
    return {"": value} if value else {}


class ViewReader:
    """The view-reading half of NativeReader (which provides claim, ids, model, properties...)."""

    # ---- views ---------------------------------------------------------------------------------

    def read_view(self, el: etree._Element) -> None:
        mid = self.ids[el.get("id")]
        viewpoint = None
        if el.get("viewpoint"):
            viewpoint = VIEWPOINT_NAMES.get(el.get("viewpoint"))
            if viewpoint is None:
                self.not_carried["viewpoints the exchange format does not name"] += 1
        scene = _Scene()
        nodes = [n for child in el.findall("child") if (n := self.node(child, 0, 0, scene)) is not None]
        connections = self.connections(el, scene)
        _shift_to_positive(nodes, connections)
        view = View(
            id=mid,
            name=text_of(el.get("name")),
            documentation=text_of(self.documentation(el)),
            properties=self.properties(el),
            viewpoint=viewpoint,
            nodes=nodes,
            connections=connections,
        )
        if el.findall("feature"):
            self.not_carried["view features"] += len(el.findall("feature"))
        self.model.views.append(view)

    def node(self, el: etree._Element, ox: int, oy: int, scene: _Scene) -> ViewNode | None:
        kind = local_type(el.get(XSI_TYPE))
        mid = self.claim(el, "diagram object")
        if mid is None:
            return None
        fields: dict = {}
        if kind == "DiagramObject":
            ref = self.ids.get(el.get("archimateElement") or "")
            if ref is None or self.model.get_element(ref) is None:
                self.p.error(
                    "dangling-reference",
                    f"diagram object {mid!r} refers to missing element {el.get('archimateElement')!r}",
                    line=el.sourceline,
                    ref=mid,
                )
                return None
            fields = {"type": "Element", "element_ref": ref}
        elif kind == "Group":
            fields = {
                "type": "Container",
                "label": text_of(el.get("name")),
                "documentation": text_of(self.documentation(el)),
            }
            fields["properties"] = self.properties(el)
        elif kind == "Note":
            fields = {
                "type": "Label",
                "label": text_of(self.documentation(el, "content")),
                "properties": self.properties(el),
            }
        elif kind == "DiagramModelReference":
            target = self.diagrams.get(el.get("model") or "")
            if target is None:
                self.p.error(
                    "dangling-reference",
                    f"view reference {mid!r} refers to missing view {el.get('model')!r}",
                    line=el.sourceline,
                    ref=mid,
                )
                return None
            fields = {"type": "Label", "label": text_of(target[1])}
            if target[0] == "ArchimateDiagramModel":
                fields["view_ref"] = self.ids[el.get("model")]
        elif kind == "DiagramModelImage":
            self.not_carried["images on views"] += 1
            return None
        else:
            self.p.error(
                "unknown-type", f"unknown diagram object type {kind or '(none)'!r}", line=el.sourceline, ref=mid
            )
            return None
        bounds = self.bounds(el, kind, ox, oy)
        self.count_appearance(el)
        scene.add(el.get("id"), mid, bounds)
        children = [
            n for child in el.findall("child") if (n := self.node(child, bounds.x, bounds.y, scene)) is not None
        ]
        return ViewNode(id=mid, bounds=bounds, style=self.style(el, node=True), children=children, **fields)

    def bounds(self, el: etree._Element, kind: str, ox: int, oy: int) -> Bounds:
        b = el.find("bounds")
        get = (lambda name, default: b.get(name, default)) if b is not None else (lambda name, default: default)
        try:
            x, y, w, h = (int(get(n, d)) for n, d in (("x", "0"), ("y", "0"), ("width", "-1"), ("height", "-1")))
        except ValueError:
            raise EaError(
                "bounds are not whole numbers", file=self.p.file, line=el.sourceline, ref=el.get("id")
            ) from None
        dw, dh = DEFAULT_SIZES.get(kind, (120, 55))
        return Bounds(x=ox + x, y=oy + y, w=w if w > 0 else dw, h=h if h > 0 else dh)

    def count_appearance(self, el: etree._Element) -> None:
        for attr in el.attrib:
            if attr not in _CARRIED_ATTRIBUTES:
                self.appearance[attr] += 1
        for feature in el.findall("feature"):
            if feature.get("name") != "lineAlpha":
                self.appearance[feature.get("name") or "feature"] += 1

    def style(self, el: etree._Element, *, node: bool) -> Style | None:
        fill = self.color(el, "fillColor")
        if fill is not None and el.get("alpha"):
            fill.a = alpha_to_percent(self.number(el, "alpha"))
        elif el.get("alpha") and el.get("alpha") != "255":
            self.not_carried["transparency of default fill colours"] += 1
        line = self.color(el, "lineColor")
        line_alpha = next((f.get("value") for f in el.findall("feature") if f.get("name") == "lineAlpha"), None)
        if line is not None and line_alpha and node:
            try:
                line.a = alpha_to_percent(int(line_alpha))
            except ValueError:
                self.p.warning(
                    "bad-value", f"unreadable lineAlpha {line_alpha!r}", line=el.sourceline, ref=el.get("id")
                )
        font = parse_font(el.get("font"))
        if el.get("font") and font is None:
            self.p.warning("bad-value", f"unreadable font {el.get('font')!r}", line=el.sourceline, ref=el.get("id"))
        font_color = self.color(el, "fontColor")
        if font_color is not None:
            font = font or Font(name=None, size=None, style=None, color=None)
            font.color = font_color
        width = self.number(el, "lineWidth") if el.get("lineWidth") else None
        if fill is None and line is None and font is None and width is None:
            return None
        return Style(fill_color=fill, line_color=line, font=font, line_width=width)

    def color(self, el: etree._Element, attr: str):
        value = el.get(attr)
        color = parse_color(value)
        if value and color is None:
            self.p.warning("bad-value", f"unreadable colour {attr}={value!r}", line=el.sourceline, ref=el.get("id"))
        return color

    def number(self, el: etree._Element, attr: str) -> int:
        try:
            return int(el.get(attr))
        except (TypeError, ValueError):
            raise EaError(
                f"{attr} is not a whole number", file=self.p.file, line=el.sourceline, ref=el.get("id")
            ) from None

    def connections(self, view_el: etree._Element, scene: _Scene) -> list[ViewConnection]:
        els = list(view_el.iter("sourceConnection"))
        for el in els:
            mid = self.claim(el, "connection")
            if mid is not None:
                scene.add(el.get("id"), mid, None)
        out = []
        for el in els:
            conn = self.connection(el, scene)
            if conn is not None:
                out.append(conn)
        return out

    def connection(self, el: etree._Element, scene: _Scene) -> ViewConnection | None:
        mid = self.ids.get(el.get("id") or "")
        if mid is None or mid not in scene.claimed:
            return None
        kind = local_type(el.get(XSI_TYPE)) or "DiagramModelConnection"
        ends = [scene.ids.get(el.get(attr) or "") for attr in ("source", "target")]
        if None in ends:
            missing = el.get("source") if ends[0] is None else el.get("target")
            self.p.error(
                "dangling-reference",
                f"connection {mid!r} refers to {missing!r}, which is not on its view",
                line=el.sourceline,
                ref=mid,
            )
            return None
        fields: dict = {"type": "Line", "label": text_of(el.get("name"))}
        if kind == "Connection":
            rel = self.ids.get(el.get("archimateRelationship") or "")
            if rel is None or self.model.get_relationship(rel) is None:
                self.p.error(
                    "dangling-reference",
                    f"connection {mid!r} refers to missing relationship {el.get('archimateRelationship')!r}",
                    line=el.sourceline,
                    ref=mid,
                )
                return None
            fields = {"type": "Relationship", "relationship_ref": rel}
        elif kind != "DiagramModelConnection":
            self.p.error("unknown-type", f"unknown connection type {kind!r}", line=el.sourceline, ref=mid)
            return None
        self.count_appearance(el)
        relative = [
            tuple(int(bp.get(a, "0")) for a in ("startX", "startY", "endX", "endY")) for bp in el.findall("bendpoint")
        ]
        source_bounds, target_bounds = scene.bounds.get(ends[0]), scene.bounds.get(ends[1])
        bendpoints: list[Point] = []
        if relative and source_bounds and target_bounds:
            bendpoints = absolute_bendpoints(relative, source_bounds, target_bounds)
        elif relative:
            self.not_carried["bendpoints of connections attached to connections"] += len(relative)
        return ViewConnection(
            id=mid,
            source=ends[0],
            target=ends[1],
            documentation=text_of(self.documentation(el)),
            properties=self.properties(el),
            style=self.style(el, node=False),
            bendpoints=bendpoints,
            **fields,
        )


class _Scene:
    """The objects of one view: native id -> model id, and absolute bounds of nodes."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.claimed: set[str] = set()
        self.bounds: dict[str, Bounds] = {}

    def add(self, native: str, mid: str, bounds: Bounds | None) -> None:
        self.ids[native] = mid
        self.claimed.add(mid)
        if bounds is not None:
            self.bounds[mid] = bounds


def _shift_to_positive(nodes: list[ViewNode], connections: list[ViewConnection]) -> None:
    """The exchange format forbids negative coordinates; Archi allows them. Shift the whole view
    as Archi's exchange exporter does (XMLExchangeUtils.getNegativeOffsetForDiagram)."""
    all_nodes = []
    stack = list(nodes)
    while stack:
        node = stack.pop()
        all_nodes.append(node)
        stack.extend(node.children)
    points = [p for c in connections for p in c.bendpoints]
    dx = min([0] + [n.bounds.x for n in all_nodes] + [p.x for p in points])
    dy = min([0] + [n.bounds.y for n in all_nodes] + [p.y for p in points])
    if dx == 0 and dy == 0:
        return
    for node in all_nodes:
        b = node.bounds
        node.bounds = Bounds(x=b.x - dx, y=b.y - dy, w=b.w, h=b.h)
    for conn in connections:
        conn.bendpoints = [Point(x=p.x - dx, y=p.y - dy) for p in conn.bendpoints]
