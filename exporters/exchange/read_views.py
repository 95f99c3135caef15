"""Reading views, viewpoint definitions and organizations (private; part of the exchange reader).

A mixin of `ExchangeReader`: it uses the reader's `identifier`, `warn`, `error`, `unexpected`,
`lang_text` and `properties`. References that may point forward (a Label to a later view, an
organization item to a view) are recorded and checked once the whole file has been read.
"""

from __future__ import annotations

from ea_model.construct import fast_constructor
from ea_model.objects import (
    Bounds,
    Color,
    Element,
    Font,
    OrganizationItem,
    Point,
    Relationship,
    Style,
    View,
    ViewConnection,
    ViewNode,
)
from exporters.exchange.common import (
    ARCHIMATE_NS,
    CONNECTION_TYPES,
    FONT_STYLES,
    NODE_TYPES,
    XSI_TYPE,
    tag,
)

T_NAME, T_LABEL, T_DOCUMENTATION, T_PROPERTIES = tag("name"), tag("label"), tag("documentation"), tag("properties")
T_NODE, T_CONNECTION, T_STYLE, T_VIEW_REF = tag("node"), tag("connection"), tag("style"), tag("viewRef")
T_ITEM, T_ORGANIZATIONS = tag("item"), tag("organizations")
T_SOURCE_ATTACHMENT, T_BENDPOINT, T_TARGET_ATTACHMENT = (
    tag("sourceAttachment"),
    tag("bendpoint"),
    tag("targetAttachment"),
)
T_FILL, T_LINE, T_FONT, T_COLOR = tag("fillColor"), tag("lineColor"), tag("font"), tag("color")

_new_item = fast_constructor(OrganizationItem, dict(id=None, label={}, documentation={}, ref="x", items=[]))
_new_bounds = fast_constructor(Bounds, dict(x=0, y=0, w=1, h=1))


def _local_type(el, allowed: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(type, raw) for a view-level xsi:type; type is None when missing or unknown."""
    raw = el.get(XSI_TYPE)
    if raw is None:
        return None, None
    local = raw
    if ":" in raw:
        prefix, local = raw.split(":", 1)
        if el.nsmap.get(prefix) != ARCHIMATE_NS:
            return None, raw
    return (local if local in allowed else None), raw


class ViewReading:
    # ---- numbers ----------------------------------------------------------------------------

    def _int(self, el, attribute: str, default: int, owner: str, *, minimum: int | None = None) -> int:
        raw = el.get(attribute)
        if raw is None:
            self.warn("invalid-value", f"{owner} has no {attribute}; read as {default}", line=el.sourceline)
            return default
        try:
            value = int(raw)
        except ValueError:
            try:
                value = round(float(raw))
            except ValueError:
                self.warn(
                    "invalid-value",
                    f"{owner}: {attribute}={raw!r} is not a number; read as {default}",
                    line=el.sourceline,
                )
                return default
            self.warn(
                "invalid-value", f"{owner}: {attribute}={raw!r} is not a whole number; rounded", line=el.sourceline
            )
        if minimum is not None and value < minimum:
            self.warn(
                "invalid-value",
                f"{owner}: {attribute}={raw} is below {minimum} "
                "(not valid in the exchange format; kept, fixed on export)",
                line=el.sourceline,
            )
        return value

    def _point(self, el, owner: str) -> Point:
        return Point(x=self._int(el, "x", 0, owner, minimum=0), y=self._int(el, "y", 0, owner, minimum=0))

    def _color(self, el, owner: str) -> Color | None:
        values = {}
        for channel in ("r", "g", "b", "a"):
            raw = el.get(channel)
            if raw is None:
                if channel != "a":
                    self.warn(
                        "invalid-value", f"a colour in {owner} has no {channel}; colour ignored", line=el.sourceline
                    )
                    return None
                continue
            high = 100 if channel == "a" else 255
            try:
                value = int(raw)
            except ValueError:
                self.warn(
                    "invalid-value", f"a colour in {owner} has {channel}={raw!r}; colour ignored", line=el.sourceline
                )
                return None
            if not 0 <= value <= high:
                self.warn(
                    "invalid-value", f"a colour in {owner} has {channel}={raw} (0-{high}); clamped", line=el.sourceline
                )
                value = min(max(value, 0), high)
            values[channel] = value
        return Color(**values)

    def _style(self, el, owner: str) -> Style:
        fill = line = font = None
        line_width = None
        if el.get("lineWidth") is not None:
            line_width = self._int(el, "lineWidth", 1, owner, minimum=1)
        for child in el:
            child_tag = child.tag
            if child_tag == T_FILL:
                fill = self._color(child, owner)
            elif child_tag == T_LINE:
                line = self._color(child, owner)
            elif child_tag == T_FONT:
                color = None
                for sub in child:
                    if sub.tag == T_COLOR:
                        color = self._color(sub, owner)
                    else:
                        self.unexpected(sub, "font")
                style = child.get("style")
                if style is not None and not set(style.split()) <= FONT_STYLES:
                    self.warn(
                        "invalid-value",
                        f"font style {style!r} in {owner} is not plain/bold/italic/underline",
                        line=child.sourceline,
                    )
                font = Font(name=child.get("name"), size=child.get("size"), style=style, color=color)
            else:
                self.unexpected(child, "style")
        return Style(fill_color=fill, line_color=line, font=font, line_width=line_width)

    # ---- views ------------------------------------------------------------------------------

    def read_view(self, el) -> None:
        ident = self.identifier(el, "view")
        if ident is None:
            return
        line = el.sourceline
        view_type, raw = _local_type(el, ("Diagram",))
        if raw is not None and view_type is None:
            self.warn("invalid-value", f"view {ident!r} has xsi:type {raw!r}; read as a Diagram", ref=ident, line=line)
        name: dict[str, str] = {}
        documentation: dict[str, str] = {}
        properties = []
        nodes: list[ViewNode] = []
        connections: list[ViewConnection] = []
        view = View(id=ident, viewpoint=el.get("viewpoint"), viewpoint_ref=el.get("viewpointRef"))
        if view.viewpoint_ref is not None:
            self.view_checks.append(("viewpoint", view, None, view, line))
        connection_lines: dict[str, int | None] = {}
        seen_connection = False
        for child in el:
            child_tag = child.tag
            if child_tag == T_NODE:
                if seen_connection:
                    self.warn_once(
                        "schema-order",
                        "node-after-connection",
                        "a <node> comes after a <connection>; the schema wants all nodes first",
                        child.sourceline,
                    )
                node = self._node(child, view, nodes)
                if node is not None:
                    nodes.append(node)
            elif child_tag == T_CONNECTION:
                seen_connection = True
                connection = self._connection(child, view, connections)
                if connection is not None:
                    connections.append(connection)
                    connection_lines[connection.id] = child.sourceline
            elif child_tag == T_NAME:
                self.lang_text(name, child, "view")
            elif child_tag == T_DOCUMENTATION:
                self.lang_text(documentation, child, "view")
            elif child_tag == T_PROPERTIES:
                properties = self.properties(child, "view")
            else:
                self.unexpected(child, "view")
        if not name:
            self.warn("missing-name", f"view {ident!r} has no name", ref=ident, line=line)
        view.name = name
        view.documentation = documentation
        view.properties = properties
        view.nodes = nodes
        view.connections = connections
        self._check_connection_ends(view, connection_lines)
        self.views.append(view)

    def _check_connection_ends(self, view: View, lines: dict[str, int | None]) -> None:
        """A connection joins nodes (or connections) of its own view; a Line may have a loose end."""
        known = {node.id for node in view.iter_nodes()} | {c.id for c in view.connections}
        dropped: set[str] = set()
        for connection in view.connections:
            for what in ("source", "target"):
                end = getattr(connection, what)
                if end is None or end in known:
                    continue
                problem = f"connection {connection.id!r} in view {view.id!r}: {what} {end!r} is not a node of this view"
                if connection.type == "Line":
                    self.error(
                        "dangling-reference",
                        problem + "; that end was left loose",
                        ref=connection.id,
                        line=lines.get(connection.id),
                    )
                    setattr(connection, what, None)
                else:
                    self.error("dangling-reference", problem, ref=connection.id, line=lines.get(connection.id))
                    dropped.add(connection.id)
                    break
        if dropped:
            self._drop_connections(view, dropped, report=False)

    def _view_concept_children(self, el, kind: str, fields: dict, view: View, allowed_extra: tuple) -> list:
        """label*, documentation*, style?, viewRef* (+ what `allowed_extra` names) of a node or connection."""
        extra = []
        label: dict[str, str] = fields["label"]
        documentation: dict[str, str] = fields["documentation"]
        for child in el:
            child_tag = child.tag
            if child_tag == T_LABEL:
                self.lang_text(label, child, kind)
            elif child_tag == T_DOCUMENTATION:
                self.lang_text(documentation, child, kind)
            elif child_tag == T_STYLE:
                fields["style"] = self._style(child, f"{kind} {fields['id']!r}")
            elif child_tag == T_VIEW_REF:
                ref = child.get("ref")
                if ref is None:
                    self.warn(
                        "invalid-value", f"a <viewRef> in {kind} {fields['id']!r} has no ref", line=child.sourceline
                    )
                elif fields.get("view_ref") is None:
                    fields["view_ref"] = ref
                else:
                    fields["extra_view_refs"].append(ref)
            elif child_tag == T_PROPERTIES:
                self.warn_once(
                    "unexpected-content",
                    f"{kind}/properties",
                    f"<properties> on a {kind} is not in the exchange format; kept, but not written back",
                    child.sourceline,
                )
                fields["properties"] = self.properties(child, kind)
            elif child_tag in allowed_extra:
                extra.append(child)
            else:
                self.unexpected(child, kind)
        return extra

    def _node(self, el, view: View, container: list) -> ViewNode | None:
        ident = self.identifier(el, "node")
        if ident is None:
            return None
        line = el.sourceline
        node_type, raw = _local_type(el, NODE_TYPES)
        element_ref = self.own_id(el.get("elementRef"))
        inferred = "Element" if element_ref is not None else "Container" if el.find(T_NODE) is not None else "Label"
        if node_type is None or (element_ref is not None) != (node_type == "Element"):
            self.warn(
                "invalid-value",
                f"node {ident!r} in view {view.id!r} has xsi:type {raw!r}"
                + (" and an elementRef" if element_ref is not None else "")
                + f"; read as {inferred}",
                ref=ident,
                line=line,
            )
            node_type = inferred
        owner = f"node {ident!r}"
        bounds = _new_bounds(
            {
                "x": self._int(el, "x", 0, owner, minimum=0),
                "y": self._int(el, "y", 0, owner, minimum=0),
                "w": self._int(el, "w", 120, owner, minimum=1),
                "h": self._int(el, "h", 55, owner, minimum=1),
            }
        )
        fields = {"id": ident, "type": node_type, "label": {}, "documentation": {}, "extra_view_refs": []}
        children = []
        for child in self._view_concept_children(el, "node", fields, view, (T_NODE,)):
            node = self._node(child, view, children)
            if node is not None:
                children.append(node)
        if children and node_type == "Label":
            self.warn(
                "invalid-value", f"Label node {ident!r} has nested nodes (only containers may)", ref=ident, line=line
            )
        node = ViewNode(
            bounds=bounds,
            element_ref=element_ref,
            concept_ref=el.get("conceptRef"),
            xpath_part=el.get("xpathPart"),
            children=children,
            **fields,
        )
        if element_ref is not None and not isinstance(self.concepts.get(element_ref), Element):
            self.view_checks.append(("element", node, container, view, line))
        if node.concept_ref is not None and node.concept_ref not in self.concepts:
            self.view_checks.append(("concept", node, container, view, line))
        if node.view_ref is not None:
            self.view_checks.append(("view", node, container, view, line))
        return node

    def _connection(self, el, view: View, container: list) -> ViewConnection | None:
        ident = self.identifier(el, "connection")
        if ident is None:
            return None
        line = el.sourceline
        connection_type, raw = _local_type(el, CONNECTION_TYPES)
        relationship_ref = self.own_id(el.get("relationshipRef"))
        if connection_type is None or (relationship_ref is None and connection_type != "Line"):
            inferred = "Relationship" if relationship_ref is not None else "Line"
            self.warn(
                "invalid-value",
                f"connection {ident!r} in view {view.id!r} has xsi:type {raw!r}; read as {inferred}",
                ref=ident,
                line=line,
            )
            connection_type = inferred
        fields = {"id": ident, "type": connection_type, "label": {}, "documentation": {}, "extra_view_refs": []}
        points = self._view_concept_children(
            el, "connection", fields, view, (T_SOURCE_ATTACHMENT, T_BENDPOINT, T_TARGET_ATTACHMENT)
        )
        source_attachment = target_attachment = None
        bendpoints = []
        owner = f"connection {ident!r}"
        for child in points:
            if child.tag == T_BENDPOINT:
                bendpoints.append(self._point(child, owner))
            elif child.tag == T_SOURCE_ATTACHMENT:
                source_attachment = self._point(child, owner)
            else:
                target_attachment = self._point(child, owner)
        connection = ViewConnection(
            relationship_ref=relationship_ref if connection_type != "Line" else None,
            source=el.get("source"),
            target=el.get("target"),
            source_attachment=source_attachment,
            bendpoints=bendpoints,
            target_attachment=target_attachment,
            **fields,
        )
        if connection_type == "Line" and relationship_ref is not None:
            self.warn("invalid-value", f"line {ident!r} has a relationshipRef; ignored", ref=ident, line=line)
        if connection.relationship_ref is not None and not isinstance(
            self.concepts.get(connection.relationship_ref), Relationship
        ):
            self.view_checks.append(("relationship", connection, container, view, line))
        if connection.view_ref is not None:
            self.view_checks.append(("view", connection, container, view, line))
        return connection
