"""An ArchiMate view drawn as the model has it: every node at its own bounds (nested nodes inside
their parents), every connection along its bendpoints. Graphviz only renders (`neato -n2`: positions
given in points, nothing moved); with `relayout=True` the view is first laid out by
`exporters.diagrams.layout.layout_view`.

Exchange coordinates are pixels with y pointing down and are absolute for nested nodes; Graphviz
points have y pointing up, so y is flipped against the view's height."""

from __future__ import annotations

import graphviz

from ea_model.metamodel import JUNCTION_TYPES
from ea_model.model import Model
from ea_model.objects import Color, View, ViewConnection, ViewNode, text_in
from ea_model.text_wrap import wrap_label
from exporters.diagrams.graph import TOOLTIP_MAX, pair, tooltip
from exporters.diagrams.labels import element_label, esc, plain
from exporters.diagrams.layout import keep_positions, layout_view
from exporters.diagrams.notation import FONT, RELATIONSHIP_LABEL, SMALL_FONT_SIZE, edge_style, node_attrs

ARROW = 9.0  # arrowhead length in points
Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, w, h in view pixels


class PinnedDigraph(graphviz.Digraph):
    """A graph whose nodes and edges carry their own positions: rendered with `neato -n2` (nothing moves)."""

    def pipe(self, *args, **kwargs):
        kwargs.setdefault("neato_no_op", 2)
        return super().pipe(*args, **kwargs)

    def render(self, *args, **kwargs):
        kwargs.setdefault("neato_no_op", 2)
        return super().render(*args, **kwargs)


def _hex(color: Color | None) -> str | None:
    return f"#{color.r:02x}{color.g:02x}{color.b:02x}" if color is not None else None


def _clip(rect: Rect, toward: Point) -> Point:
    """Where the line from the rectangle's centre toward `toward` leaves the rectangle."""
    x, y, w, h = rect
    cx, cy = x + w / 2, y + h / 2
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(w / 2 / abs(dx) if dx else float("inf"), h / 2 / abs(dy) if dy else float("inf"))
    scale = min(scale, 1.0)
    return cx + dx * scale, cy + dy * scale


def _shorten(a: Point, b: Point, by: float) -> Point:
    """Point b moved back toward a by `by`."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length <= by:
        return a
    return b[0] - dx / length * by, b[1] - dy / length * by


def view_diagram(
    model: Model, view: View, *, lang: str = "th", relayout: bool = False, keep_from: View | None = None
) -> graphviz.Digraph:
    """The view as Archi shows it (or re-laid out first), in ArchiMate notation. With `relayout` and
    `keep_from` (the same view from a previous run), the new layout keeps its positions (`keep_positions`)."""
    if relayout:
        view = layout_view(model, view)
        if keep_from is not None:
            view = keep_positions(view, keep_from)
    nodes = list(view.iter_nodes())
    height = max((n.bounds.y + n.bounds.h for n in nodes), default=0) + 10
    name = text_in(view.name, lang) or view.id
    g = PinnedDigraph(name=f"view-{view.id}", engine="neato")
    g.attr(charset="UTF-8", fontname=FONT, label=plain(name), labelloc="t", labeljust="l", fontsize="14")
    g.attr(outputorder="nodesfirst", pad="0.25", tooltip=plain(name))
    g.attr("node", fontname=FONT, fontsize=str(SMALL_FONT_SIZE + 1), fixedsize="true", margin="0.02")
    g.attr("edge", fontname=FONT, fontsize=str(SMALL_FONT_SIZE), color="#333333", arrowsize="0.8")
    rects: dict[str, Rect] = {}

    def to_gv(p: Point) -> str:
        return f"{p[0]:.1f},{height - p[1]:.1f}"

    for node in nodes:
        b = node.bounds
        rects[node.id] = (b.x, b.y, b.w, b.h)
        _add_node(g, model, node, lang, pos=to_gv((b.x + b.w / 2, b.y + b.h / 2)))
    paths: dict[str, list[Point]] = {}
    pending = list(view.connections)
    for _ in range(3):  # connections on connections need the other connection's path first
        later = []
        for conn in pending:
            ends = [_end_rect(rects, paths, g, ref, to_gv) for ref in (conn.source, conn.target)]
            if None in ends:
                later.append(conn)
                continue
            paths[conn.id] = _draw_connection(g, model, conn, ends[0], ends[1], lang, to_gv)
        pending = later
    return g


def _end_rect(rects: dict[str, Rect], paths: dict[str, list[Point]], g: graphviz.Digraph, ref, to_gv) -> Rect | None:
    if ref in rects:
        return rects[ref]
    if ref in paths:  # a connection ending on a connection: attach to the middle of that one
        mid = _middle(paths[ref])
        rects[ref] = (mid[0] - 2, mid[1] - 2, 4, 4)
        g.node(ref, shape="point", width="0.06", label="", pos=to_gv(mid), color="#333333")
        return rects[ref]
    return None


def _middle(path: list[Point]) -> Point:
    """The middle vertex of a polyline, or the middle of its middle segment."""
    half = len(path) // 2
    if len(path) % 2:
        return path[half]
    (ax, ay), (bx, by) = path[half - 1], path[half]
    return (ax + bx) / 2, (ay + by) / 2


def _add_node(g: graphviz.Digraph, model: Model, node: ViewNode, lang: str, *, pos: str) -> None:
    b = node.bounds
    attrs = {"id": node.id, "pos": pos, "width": f"{b.w / 72:.3f}", "height": f"{b.h / 72:.3f}"}
    wrap_at = max(8, int(b.w / 6.5))
    element = model.get_element(node.element_ref) if node.element_ref else None
    if element is not None:
        attrs.update(node_attrs(element.type))
        attrs.update(width=f"{b.w / 72:.3f}", height=f"{b.h / 72:.3f}", fixedsize="true", margin="0.02")
        attrs["tooltip"] = tooltip(model, element, lang)
        name = node.label or element.name
        if element.type not in JUNCTION_TYPES:
            attrs["label"] = element_label(element.type, name, lang, width=wrap_at, box=(b.w, b.h))
    else:
        text = text_in(node.label, lang)
        lines = "<BR/>".join(esc(line) for line in wrap_label(text, wrap_at)) if text else " "
        if node.children:  # a group's name sits at its top left, as in Archi
            lines = f'<TABLE BORDER="0" WIDTH="{max(1, b.w - 8)}"><TR><TD ALIGN="LEFT">{lines}</TD></TR></TABLE>'
        attrs.update(label=f"<{lines}>", tooltip=plain(text[:TOOLTIP_MAX]) or node.type)
        if node.type == "Label":
            attrs.update(shape="note", style="filled", fillcolor="#ffffff")
        else:
            attrs.update(shape="box", style="filled", fillcolor="#f0f0f0")
    if node.children:
        attrs["labelloc"] = "t"
        if attrs.get("shape") not in ("box", "box3d", "component", "tab", "folder"):
            # a nesting parent is drawn as Archi draws it: a box (a stretched arrow or ellipse reads badly)
            attrs["shape"] = "box"
    if node.style is not None:
        # a junction keeps its notation (And filled, Or hollow) whatever fill the view gives it
        if node.style.fill_color is not None and (element is None or element.type not in JUNCTION_TYPES):
            attrs["fillcolor"] = _hex(node.style.fill_color)
        if node.style.line_color is not None:
            attrs["color"] = _hex(node.style.line_color)
    g.node(node.id, **attrs)


def _draw_connection(
    g: graphviz.Digraph, model: Model, conn: ViewConnection, source: Rect, target: Rect, lang: str, to_gv
) -> list[Point]:
    bends = [(p.x, p.y) for p in conn.bendpoints]
    centre = lambda r: (r[0] + r[2] / 2, r[1] + r[3] / 2)  # noqa: E731
    start = _clip(source, bends[0] if bends else centre(target))
    end = _clip(target, bends[-1] if bends else centre(source))
    points = [start, *bends, end]
    rel = model.get_relationship(conn.relationship_ref) if conn.relationship_ref else None
    style = edge_style(rel.type, rel.access_type, rel.is_directed) if rel else edge_style("Association")
    head, tail = style["arrowhead"] != "none", style["arrowtail"] != "none"
    line = list(points)
    if head:
        line[-1] = _shorten(line[-2], line[-1], ARROW)
    if tail:
        line[0] = _shorten(line[1], line[0], ARROW)
    spline = [line[0]]
    for a, b in zip(line, line[1:], strict=False):
        spline += [a, b, b]  # a straight cubic segment per polyline segment
    # Graphviz reads the start arrow point ("s,") before the end arrow point ("e,").
    ends = ([f"s,{to_gv(points[0])}"] if tail else []) + ([f"e,{to_gv(points[-1])}"] if head else [])
    pos = " ".join(ends + [to_gv(p) for p in spline])
    attrs = {
        "id": conn.id,
        "pos": pos,
        "dir": "both",
        "arrowhead": style["arrowhead"],
        "arrowtail": style["arrowtail"],
        "style": style["style"],
    }
    if rel is not None:
        th, en = RELATIONSHIP_LABEL.get(rel.type, (rel.type, rel.type))
        attrs["tooltip"] = pair(lang, th, en)
        name = text_in(conn.label, lang) or text_in(rel.name, lang)
        if name:
            attrs.update(label=plain(name), lp=to_gv(_middle(points)))
    if conn.style is not None and conn.style.line_color is not None:
        attrs["color"] = _hex(conn.style.line_color)
    g.edge(conn.source, conn.target, **attrs)
    return points
