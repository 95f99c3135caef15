"""Views -> Archi diagrams: the view part of the native writer (see `_archi_native_write`).
Absolute coordinates become Archi's parent-relative bounds and centre-relative bendpoints; each
connection is written inside its source object, as Archi stores it."""

from __future__ import annotations

from collections import defaultdict

from lxml import etree

from ea_model.objects import Bounds, Style, View, ViewNode
from exporters.archi.common import VIEWPOINT_IDS
from exporters.archi.geometry import color_string, font_string, percent_to_alpha, relative_bendpoint
from exporters.archi.native_read_views import XSI_TYPE


class ViewWriter:
    """The view-writing half of NativeWriter (which provides m, text, dropped, add_properties...)."""

    # ---- views ---------------------------------------------------------------------------------

    def view_xml(self, view: View) -> etree._Element:
        x = etree.Element("element")
        x.set(XSI_TYPE, "archimate:ArchimateDiagramModel")
        name = self.label_text(view.name)
        if name:
            x.set("name", name)
        x.set("id", view.id)
        if view.viewpoint:
            if view.viewpoint in VIEWPOINT_IDS:
                x.set("viewpoint", VIEWPOINT_IDS[view.viewpoint])
            else:
                self.dropped["viewpoints Archi does not map"] += 1
        bounds = {n.id: n.bounds for n in view.iter_nodes()}
        outgoing, incoming = self.connections_xml(view, bounds)
        for node in view.nodes:
            child = self.node_xml(node, None, outgoing, incoming)
            if child is not None:
                x.append(child)
        self.add_documentation(x, view.documentation)
        self.add_properties(x, view.properties)
        return x

    def connections_xml(self, view: View, bounds: dict[str, Bounds]):
        """Connection elements grouped by source (Archi nests a connection in its source object)."""
        ids = set(bounds) | {c.id for c in view.connections}
        xml: dict[str, etree._Element] = {}
        outgoing: dict[str, list[etree._Element]] = defaultdict(list)
        incoming: dict[str, list[str]] = defaultdict(list)
        for conn in view.connections:
            if conn.type == "NestingRelationship":
                self.dropped["nesting connections"] += 1
                continue
            if conn.source not in ids or conn.target not in ids:
                self.dropped["view connections whose ends are not on the view"] += 1
                continue
            x = etree.Element("sourceConnection")
            if conn.type == "Relationship":
                if self.m.get_relationship(conn.relationship_ref or "") is None:
                    self.dropped["view connections to missing relationships"] += 1
                    continue
                x.set(XSI_TYPE, "archimate:Connection")
            x.set("id", conn.id)
            label = self.label_text(conn.label)
            if label and conn.type == "Line":
                x.set("name", label)
            elif label:
                self.dropped["labels on relationship connections"] += 1
            self.style_attributes(x, conn.style, node=False)
            x.set("source", conn.source)
            x.set("target", conn.target)
            if conn.type == "Relationship":
                x.set("archimateRelationship", conn.relationship_ref)
            if conn.source_attachment or conn.target_attachment:
                self.dropped["connection attachment points"] += 1
            if conn.bendpoints and conn.source in bounds and conn.target in bounds:
                for point in conn.bendpoints:
                    sx, sy, ex, ey = relative_bendpoint(point, bounds[conn.source], bounds[conn.target])
                    bp = etree.SubElement(x, "bendpoint")
                    for attr, value in (("startX", sx), ("startY", sy), ("endX", ex), ("endY", ey)):
                        if value:
                            bp.set(attr, str(value))
            elif conn.bendpoints:
                self.dropped["bendpoints of connections attached to connections"] += len(conn.bendpoints)
            self.add_documentation(x, conn.documentation)
            self.add_properties(x, conn.properties)
            xml[conn.id] = x
            outgoing[conn.source].append(x)
            incoming[conn.target].append(conn.id)
        for conn_id, x in xml.items():
            x.extend(outgoing.get(conn_id, []))
            if incoming.get(conn_id):
                x.set("targetConnections", " ".join(incoming[conn_id]))
        return outgoing, incoming

    def node_xml(self, node: ViewNode, parent: Bounds | None, outgoing, incoming) -> etree._Element | None:
        x = etree.Element("child")
        if node.type == "Element":
            if self.m.get_element(node.element_ref or "") is None:
                self.dropped["view nodes of missing elements"] += 1
                return None
            x.set(XSI_TYPE, "archimate:DiagramObject")
            x.set("id", node.id)
            x.set("archimateElement", node.element_ref)
            self.count_unsupported(node, label=True, documentation=True, properties=True)
        elif node.type == "Container":
            x.set(XSI_TYPE, "archimate:Group")
            x.set("id", node.id)
            x.set("name", self.label_text(node.label))
            self.count_unsupported(node)
        elif node.view_ref and node.view_ref in self.view_ids:
            x.set(XSI_TYPE, "archimate:DiagramModelReference")
            x.set("id", node.id)
            x.set("model", node.view_ref)
            self.count_unsupported(node, documentation=True, properties=True)
        else:
            if node.view_ref:
                self.dropped["view references to missing views"] += 1
            x.set(XSI_TYPE, "archimate:Note")
            x.set("id", node.id)
            self.count_unsupported(node, documentation=True)
        if incoming.get(node.id):
            x.set("targetConnections", " ".join(incoming[node.id]))
        self.style_attributes(x, node.style, node=True)
        b = node.bounds
        ox, oy = (parent.x, parent.y) if parent else (0, 0)
        etree.SubElement(x, "bounds", x=str(b.x - ox), y=str(b.y - oy), width=str(b.w), height=str(b.h))
        x.extend(outgoing.get(node.id, []))
        if node.type == "Label" and x.get(XSI_TYPE) == "archimate:Note":
            self.add_documentation(x, node.label, tag="content")
        if node.type == "Container":
            self.add_documentation(x, node.documentation)
        if node.type in ("Container", "Label") and x.get(XSI_TYPE) != "archimate:DiagramModelReference":
            self.add_properties(x, node.properties)
        if node.children and x.get(XSI_TYPE) in ("archimate:Note", "archimate:DiagramModelReference"):
            self.dropped["nodes nested in notes or view references"] += sum(1 for _ in _descendants(node))
            return x
        for child in node.children:
            child_xml = self.node_xml(child, node.bounds, outgoing, incoming)
            if child_xml is not None:
                x.append(child_xml)
        return x

    def count_unsupported(self, node: ViewNode, *, label=False, documentation=False, properties=False) -> None:
        if label and node.label:
            self.dropped["labels on element nodes"] += 1
        if documentation and node.documentation:
            self.dropped["documentation on element nodes, notes and view references"] += 1
        if properties and node.properties:
            self.dropped["properties on element nodes and view references"] += len(node.properties)
        if node.concept_ref or node.xpath_part:
            self.dropped["label nodes' concept references"] += 1

    def style_attributes(self, x: etree._Element, style: Style | None, *, node: bool) -> None:
        if style is None:
            return
        if style.fill_color is not None:
            if node:
                x.set("fillColor", color_string(style.fill_color))
                if style.fill_color.a is not None and percent_to_alpha(style.fill_color.a) != 255:
                    x.set("alpha", str(percent_to_alpha(style.fill_color.a)))
            else:
                self.dropped["fill colours of connections"] += 1
        if style.line_color is not None:
            x.set("lineColor", color_string(style.line_color))
            a = style.line_color.a
            if a is not None and percent_to_alpha(a) != 255:
                if node:
                    etree.SubElement(x, "feature", name="lineAlpha", value=str(percent_to_alpha(a)))
                else:
                    self.dropped["line transparency of connections"] += 1
        font = style.font
        if font is not None:
            if font.name or font.size or font.style:
                x.set("font", font_string(font))
                if font.style and "underline" in font.style.split():
                    self.dropped["underlined fonts"] += 1
            if font.color is not None:
                x.set("fontColor", color_string(font.color))
        if style.line_width is not None:
            x.set("lineWidth", str(style.line_width))


def _descendants(node: ViewNode):
    for child in node.children:
        yield child
        yield from _descendants(child)
