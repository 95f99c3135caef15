"""Writing views and viewpoint definitions (private; part of the exchange writer).

A mixin of `ExchangeWriter`: it uses the writer's `parts`, `texts`, `text`, `attr`, `claim`,
`rename`, `note` and `properties`. Makes each view valid on the way out: identifiers unique in the
whole file, no negative coordinates, references only to what is written.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from ea_model import metamodel
from ea_model.objects import Color, Point, Style, View, ViewConnection, ViewNode, ViewpointDefinition
from exporters.exchange.common import FONT_STYLES

_FONT_SIZE = re.compile(r"[1-9][0-9]*(\.0|\.5)?")


class ViewWriting:
    def views(self, handle: BinaryIO) -> None:
        model = self.model
        if not model.views and not model.info.viewpoints:
            return
        emit = self.parts.append
        emit("  <views>\n")
        if model.info.viewpoints:
            emit("    <viewpoints>\n")
            for viewpoint in model.info.viewpoints:
                self._viewpoint(viewpoint)
            emit("    </viewpoints>\n")
        if model.views:
            self._view_ids = {view.id for view in model.views}
            emit("    <diagrams>\n")
            for view in model.views:
                self._view(view)
                self.flush(handle)
            emit("    </diagrams>\n")
        emit("  </views>\n")

    # ---- one view -----------------------------------------------------------------------------

    def _view(self, view: View) -> None:
        emit = self.parts.append
        ident = self.rename.get(view.id, view.id)
        attributes = f'identifier="{ident}" xsi:type="Diagram"'
        if view.viewpoint is not None:
            attributes += f' viewpoint="{self.attr(view.viewpoint)}"'
        if view.viewpoint_ref is not None:
            known = {vp.id for vp in self.model.info.viewpoints}
            if view.viewpoint_ref in known:
                attributes += f' viewpointRef="{self.rename.get(view.viewpoint_ref, view.viewpoint_ref)}"'
            else:
                self.note(
                    f"view {view.id!r} names viewpoint {view.viewpoint_ref!r}, which the model does not define; "
                    "left out"
                )
        emit(f"      <view {attributes}>\n")
        self.texts("        ", "name", view.name, required=True)
        self.texts("        ", "documentation", view.documentation)
        self.properties("        ", view.properties)
        self._local: dict[str, str] = {}  # node and connection ids of this view -> as written
        self._dx, self._dy = self._offset(view)
        self._concepts_on_view(view)
        for node in view.nodes:
            self._node(node, "        ", view)
        for connection in self._writable_connections(view):
            self._connection(connection, view)
        emit("      </view>\n")

    def _offset(self, view: View) -> tuple[int, int]:
        """How far to move the view so that no coordinate is negative (the schema forbids them)."""
        xs = [0]
        ys = [0]
        for node in view.iter_nodes():
            xs.append(node.bounds.x)
            ys.append(node.bounds.y)
        for connection in view.connections:
            for point in (connection.source_attachment, *connection.bendpoints, connection.target_attachment):
                if point is not None:
                    xs.append(point.x)
                    ys.append(point.y)
        dx, dy = -min(xs), -min(ys)
        if dx or dy:
            self.note(f"view {view.id!r} had negative coordinates; moved by ({dx}, {dy}) so that none is")
        return dx, dy

    def _concepts_on_view(self, view: View) -> None:
        """Claim the view's node and connection ids (unique in the whole file) before writing references."""
        for node in view.iter_nodes():
            self._local[node.id] = self.claim(node.id, f"node in view {view.id!r}")
        for connection in view.connections:
            self._local[connection.id] = self.claim(connection.id, f"connection in view {view.id!r}")

    def _writable_connections(self, view: View) -> list[ViewConnection]:
        """Connections whose ends are on this view: nodes, or connections that are themselves written."""
        written = {node.id for node in view.iter_nodes()}
        waiting = list(view.connections)
        progress = True
        while progress:
            progress = False
            for connection in list(waiting):
                if all(end is None or end in written for end in (connection.source, connection.target)):
                    waiting.remove(connection)
                    written.add(connection.id)
                    progress = True
        for connection in waiting:
            self.note(f"connection {connection.id!r} in view {view.id!r} joins something not on the view; left out")
        return [connection for connection in view.connections if connection.id in written]

    def _node(self, node: ViewNode, indent: str, view: View) -> None:
        emit = self.parts.append
        node_type = node.type
        attributes = f'identifier="{self._local[node.id]}"'
        if node_type == "Element":
            element_ref = node.element_ref or ""
            if self.model.get_element(element_ref) is None:
                self.note(
                    f"node {node.id!r} in view {view.id!r} shows element {node.element_ref!r}, which is not in the "
                    "model; written as a visual container"
                )
                node_type = "Container"
            else:
                attributes += f' xsi:type="Element" elementRef="{self.rename.get(element_ref, element_ref)}"'
        if node_type != "Element":
            attributes += f' xsi:type="{node_type}"'
        if node_type == "Label":
            if node.concept_ref is not None:
                if self.model.get_concept(node.concept_ref) is not None:
                    attributes += f' conceptRef="{self.rename.get(node.concept_ref, node.concept_ref)}"'
                else:
                    self.note(f"label {node.id!r} refers to concept {node.concept_ref!r}, which is not in the model")
            if node.xpath_part is not None and node.xpath_part.strip():
                attributes += f' xpathPart="{self.attr(node.xpath_part)}"'
        bounds = node.bounds
        w, h = bounds.w, bounds.h
        if w < 1 or h < 1:
            self.note(f"node {node.id!r} in view {view.id!r} has width or height below 1; written as at least 1")
            w, h = max(w, 1), max(h, 1)
        attributes += f' x="{bounds.x + self._dx}" y="{bounds.y + self._dy}" w="{w}" h="{h}"'
        if node.properties:
            self.note("properties of view nodes and connections are not part of the exchange format; left out")
        nested = node.children if node_type != "Label" else []
        lifted = node.children if node_type == "Label" else []
        if lifted:
            self.note(f"label {node.id!r} in view {view.id!r} holds nodes, which labels cannot; they follow it instead")
        inner = indent + "  "
        has_body = node.label or node.documentation or node.style is not None or node.view_ref or nested
        if not has_body:
            emit(f"{indent}<node {attributes}/>\n")
        else:
            emit(f"{indent}<node {attributes}>\n")
            self.texts(inner, "label", node.label)
            self.texts(inner, "documentation", node.documentation)
            self._style(node.style, inner, node.id)
            self._view_refs(node, inner)
            for child in nested:
                self._node(child, inner, view)
            emit(f"{indent}</node>\n")
        for child in lifted:
            self._node(child, indent, view)

    def _view_refs(self, obj: ViewNode | ViewConnection, indent: str) -> None:
        refs = ([obj.view_ref] if obj.view_ref is not None else []) + obj.extra_view_refs
        for ref in refs:
            if ref in self._view_ids:
                self.parts.append(f'{indent}<viewRef ref="{self.rename.get(ref, ref)}"/>\n')
            else:
                self.note(f"{obj.id!r} links to view {ref!r}, which is not in the model; link left out")

    def _connection(self, connection: ViewConnection, view: View) -> None:
        emit = self.parts.append
        local = self._local
        connection_type = connection.type
        relationship_ref = connection.relationship_ref
        source, target = connection.source, connection.target
        if connection_type != "Line":
            if self.model.get_relationship(relationship_ref or "") is None:
                self.note(
                    f"connection {connection.id!r} in view {view.id!r} shows relationship {relationship_ref!r}, "
                    "which is not in the model; written as a plain line"
                )
                connection_type = "Line"
            elif source is None or target is None:
                self.note(f"connection {connection.id!r} in view {view.id!r} has a loose end; written as a plain line")
                connection_type = "Line"
        attributes = f'identifier="{local[connection.id]}" xsi:type="{connection_type}"'
        if connection_type != "Line":
            attributes += f' relationshipRef="{self.rename.get(relationship_ref, relationship_ref)}"'
        if source is not None:
            attributes += f' source="{local[source]}"'
        if target is not None:
            attributes += f' target="{local[target]}"'
        if connection.properties:
            self.note("properties of view nodes and connections are not part of the exchange format; left out")
        points = (connection.source_attachment, connection.bendpoints, connection.target_attachment)
        if not (
            connection.label
            or connection.documentation
            or connection.style is not None
            or connection.view_ref
            or connection.extra_view_refs
            or any(points)
        ):
            emit(f"        <connection {attributes}/>\n")
            return
        emit(f"        <connection {attributes}>\n")
        inner = "          "
        self.texts(inner, "label", connection.label)
        self.texts(inner, "documentation", connection.documentation)
        self._style(connection.style, inner, connection.id)
        self._view_refs(connection, inner)
        if connection.source_attachment is not None:
            emit(self._point("sourceAttachment", connection.source_attachment, inner))
        for point in connection.bendpoints:
            emit(self._point("bendpoint", point, inner))
        if connection.target_attachment is not None:
            emit(self._point("targetAttachment", connection.target_attachment, inner))
        emit("        </connection>\n")

    def _point(self, name: str, point: Point, indent: str) -> str:
        return f'{indent}<{name} x="{point.x + self._dx}" y="{point.y + self._dy}"/>\n'

    # ---- style --------------------------------------------------------------------------------

    def _color(self, name: str, color: Color, indent: str, owner: str) -> str:
        values = []
        for channel, high in (("r", 255), ("g", 255), ("b", 255), ("a", 100)):
            value = getattr(color, channel)
            if value is None:
                continue
            if not 0 <= value <= high:
                self.note(f"a colour of {owner!r} is out of range ({channel}={value}); clamped to 0-{high}")
                value = min(max(value, 0), high)
            values.append(f'{channel}="{value}"')
        return f"{indent}<{name} {' '.join(values)}/>\n"

    def _style(self, style: Style | None, indent: str, owner: str) -> None:
        if style is None:
            return
        emit = self.parts.append
        attributes = ""
        if style.line_width is not None:
            width = style.line_width
            if width < 1:
                self.note(f"line width {width} of {owner!r} is below 1; written as 1")
                width = 1
            attributes = f' lineWidth="{width}"'
        if style.fill_color is None and style.line_color is None and style.font is None:
            emit(f"{indent}<style{attributes}/>\n")
            return
        emit(f"{indent}<style{attributes}>\n")
        inner = indent + "  "
        if style.fill_color is not None:
            emit(self._color("fillColor", style.fill_color, inner, owner))
        if style.line_color is not None:
            emit(self._color("lineColor", style.line_color, inner, owner))
        font = style.font
        if font is not None:
            attributes = ""
            if font.name is not None:
                attributes += f' name="{self.attr(font.name)}"'
            if font.size is not None:
                size = self._font_size(font.size, owner)
                if size is not None:
                    attributes += f' size="{size}"'
            if font.style is not None:
                words = [word for word in font.style.split() if word in FONT_STYLES]
                if len(words) != len(font.style.split()):
                    self.note(f"font style {font.style!r} of {owner!r}: only plain/bold/italic/underline are written")
                if words:
                    attributes += f' style="{" ".join(words)}"'
            if font.color is None:
                emit(f"{inner}<font{attributes}/>\n")
            else:
                emit(f"{inner}<font{attributes}>\n")
                emit(self._color("color", font.color, inner + "  ", owner))
                emit(f"{inner}</font>\n")
        emit(f"{indent}</style>\n")

    def _font_size(self, size: str, owner: str) -> str | None:
        if _FONT_SIZE.fullmatch(size):
            return size
        try:
            halves = max(2, round(float(size) * 2))
        except ValueError:
            self.note(f"font size {size!r} of {owner!r} is not a number; left out")
            return None
        fixed = str(halves // 2) if halves % 2 == 0 else f"{halves // 2}.5"
        self.note(f"font size {size!r} of {owner!r} written as {fixed} (whole or half points, at least 1)")
        return fixed

    # ---- viewpoint definitions ----------------------------------------------------------------

    def _viewpoint(self, viewpoint: ViewpointDefinition) -> None:
        emit = self.parts.append
        ident = self.rename.get(viewpoint.id, viewpoint.id)
        emit(f'      <viewpoint identifier="{ident}">\n')
        inner = "        "
        self.texts(inner, "name", viewpoint.name, required=True)
        self.texts(inner, "documentation", viewpoint.documentation)
        self.properties(inner, viewpoint.properties)
        for concern in viewpoint.concerns:
            emit(f"{inner}<concern>\n")
            self.texts(inner + "  ", "label", concern.label, required=True)
            self.texts(inner + "  ", "documentation", concern.documentation)
            if concern.stakeholders:
                emit(f"{inner}  <stakeholders>\n")
                for stakeholder in concern.stakeholders:
                    emit(f"{inner}    <stakeholder>\n")
                    self.texts(inner + "      ", "label", stakeholder, required=True)
                    emit(f"{inner}    </stakeholder>\n")
                emit(f"{inner}  </stakeholders>\n")
            emit(f"{inner}</concern>\n")
        if viewpoint.purpose:
            emit(f"{inner}<viewpointPurpose>{self.text(' '.join(viewpoint.purpose))}</viewpointPurpose>\n")
        if viewpoint.content:
            emit(f"{inner}<viewpointContent>{self.text(' '.join(viewpoint.content))}</viewpointContent>\n")
        for tag_name, allowed_types, known in (
            ("allowedElementType", viewpoint.allowed_element_types, metamodel.ELEMENT_TYPES),
            ("allowedRelationshipType", viewpoint.allowed_relationship_types, metamodel.RELATIONSHIP_TYPES),
        ):
            for allowed in allowed_types:
                if allowed in known:
                    emit(f'{inner}<{tag_name} type="{allowed}"/>\n')
                else:
                    self.note(
                        f"viewpoint {viewpoint.id!r} allows {allowed!r}, which is not an ArchiMate type; left out"
                    )
        for note in viewpoint.modeling_notes:
            note_type = f' type="{self.attr(note.type)}"' if note.type is not None else ""
            emit(f"{inner}<modelingNote{note_type}>\n")
            self.texts(inner + "  ", "documentation", note.documentation, required=True)
            emit(f"{inner}</modelingNote>\n")
        emit("      </viewpoint>\n")
