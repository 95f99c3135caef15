"""Automatic layout of ArchiMate views with Graphviz, written back as view coordinates.

Archi has no automatic layout (archi issues 501, 818, 1123); this lays a view out with `dot` and
returns a copy whose nodes have new bounds and whose connections have new bendpoints, so the view
opens laid out in Archi after `write_model`.

- Nodes keep their size (120x55, Archi's default, when a view has none); nodes with children become
  Graphviz clusters, so children stay inside their parents, and the parent's bounds are the cluster's
  box (room for its label on top). Exchange coordinates are absolute, nested nodes included.
- Elements are layered in ArchiMate's order (motivation and strategy on top, then business,
  application, technology): each relationship is laid downward from the higher layer, elements of one
  kind at one level share a row, and the arrowheads stay where the notation has them.
- Graphviz's y axis points up; the view's points down: y is flipped against the drawing's box. All
  coordinates are non-negative integers with a margin of `MARGIN` pixels.
- Connections get the interior vertices of Graphviz's polyline route as bendpoints (source to
  target order); stale attachment points are dropped so Archi recomputes them.

`generate_service_views` builds a new layered view per citizen service (the same content as the
service review diagram: `exporters.diagrams.scope.service_support`), with one group per layer.

`keep_positions` makes a new layout stable against the previous run's (`ea layout --keep-from OLD`):
what OLD had keeps its bounds and bendpoints, only new nodes are placed.

    >>> laid_out = layout_view(model, model.view("id-view-1"))  # doctest: +SKIP
    >>> layout_problems(laid_out)                               # doctest: +SKIP
    []
"""

from __future__ import annotations

import json
import math
import re
import subprocess
from collections.abc import Iterable, Mapping

import graphviz

from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.objects import Bounds, Point, View, ViewConnection, ViewNode, text_in
from exporters.diagrams.notation import FONT
from exporters.diagrams.rendering import require_dot
from exporters.diagrams.scope import CONSUMER_TIER, tier_of

DEFAULT_W, DEFAULT_H = 120, 55  # Archi's default element size
MARGIN = 12
ROW_LIMIT = 10  # more nodes of one kind than this in one container are not forced into one row
_PT_PER_INCH = 72.0
_CONSUMER_TYPES = frozenset({"BusinessRole", "BusinessActor", "BusinessCollaboration", "Stakeholder"})


class _Graph:
    """The view as a Graphviz graph, with the bookkeeping to read positions back."""

    def __init__(self, model: Model, view: View, layered: bool, tiers: Mapping[str, int] | None = None):
        self.model = model
        self.tiers = tiers or {}
        self.view = view
        self.layered = layered
        self.parent: dict[str, str | None] = {}
        self.nodes: dict[str, ViewNode] = {}
        for top in view.nodes:
            self._index(top, None)
        self.g = graphviz.Digraph(name=f"layout-{view.id}", engine="dot")
        self.g.attr(
            rankdir="TB",
            newrank="true",
            compound="true",
            splines="polyline",
            nodesep="0.45",
            ranksep="0.65",
            fontname=FONT,
            fontsize="10",
        )
        self.g.attr("node", shape="box", fixedsize="true", label="")
        self.flipped: dict[str, bool] = {}
        self.consumers = self._consumers()

    def _consumers(self) -> set[str]:
        """View nodes of the roles and actors the view's services serve, and the actors assigned to those."""
        typed = []
        for conn in self.view.connections:
            rel = self.model.get_relationship(conn.relationship_ref) if conn.relationship_ref else None
            if rel is not None:
                typed.append((rel.type, conn.source, conn.target))
        served = {target for kind, _, target in typed if kind == "Serving" and self._is_consumer_type(target)}
        assigned = {s for kind, s, t in typed if kind == "Assignment" and t in served and self._is_consumer_type(s)}
        return served | assigned

    def _is_consumer_type(self, node_id: str) -> bool:
        node = self.nodes.get(node_id)
        element = self.model.get_element(node.element_ref) if node is not None and node.element_ref else None
        return element is not None and element.type in _CONSUMER_TYPES

    def _index(self, node: ViewNode, parent: str | None) -> None:
        self.parent[node.id] = parent
        self.nodes[node.id] = node
        for child in node.children:
            self._index(child, node.id)

    # ---- building ---------------------------------------------------------------------------

    def tier(self, node: ViewNode) -> int | None:
        if not self.layered or node.element_ref is None:
            return None
        if node.element_ref in self.tiers:
            return self.tiers[node.element_ref]
        element = self.model.get_element(node.element_ref)
        if element is None:
            return None
        if node.id in self.consumers:
            return CONSUMER_TIER  # the roles a view's services serve go on top, as in a layered view
        return tier_of(element.type)

    def size(self, node: ViewNode) -> tuple[int, int]:
        b = node.bounds
        return (b.w if b.w > 0 else DEFAULT_W, b.h if b.h > 0 else DEFAULT_H)

    def build(self) -> None:
        self.rows: dict[int, list[str]] = {}  # tier -> leaves, across containers (to stack the tiers)
        self._add_children(self.g, self.view.nodes, None)
        # Every element sits below the row of the layer kind above it (weight 0: a constraint, not a pull).
        ordered = sorted(self.rows)
        for upper, lower in zip(ordered, ordered[1:], strict=False):
            for ref in self.rows[lower]:
                self.g.edge(self.rows[upper][0], ref, style="invis", weight="0")
        for conn in self.view.connections:
            self._add_connection(conn)

    def _add_children(self, container: graphviz.Digraph, children: list[ViewNode], parent: str | None) -> None:
        rows: dict[int, list[str]] = {}
        for node in children:
            if node.children:
                with container.subgraph(name=f"cluster_{node.id}") as cluster:
                    label = text_in(node.label, None) or self._element_name(node)
                    cluster.attr(label=label.replace("\\", "\\\\"), labelloc="t", margin="14")
                    self._add_children(cluster, node.children, node.id)
                continue
            w, h = self.size(node)
            container.node(node.id, width=f"{w / _PT_PER_INCH:.4f}", height=f"{h / _PT_PER_INCH:.4f}")
            tier = self.tier(node)
            if tier is not None:
                rows.setdefault(tier, []).append(node.id)
                self.rows.setdefault(tier, []).append(node.id)
        self._stack_bands(container, children)
        for tier in sorted(rows):
            if len(rows[tier]) > ROW_LIMIT:
                continue  # a very long row reads worse than a few rows: let dot spread them
            if parent is not None and self._linked_within(rows[tier]):
                # dot does not keep the left-to-right order of edges within a row inside a cluster
                # (they come out drawn backwards or arched over the row): let such a flow run downward.
                continue
            with container.subgraph() as row:
                row.attr(rank="same")
                for ref in rows[tier]:
                    row.node(ref)

    def _span(self, node: ViewNode) -> tuple[int, int, str, str] | None:
        """(lowest tier, highest tier, a leaf at the lowest, a leaf at the highest) over the node's leaves."""
        if not node.children:
            tier = self.tier(node)
            return None if tier is None else (tier, tier, node.id, node.id)
        spans = [span for child in node.children if (span := self._span(child)) is not None]
        if not spans:
            return None
        top = min(spans, key=lambda sp: sp[0])
        bottom = max(spans, key=lambda sp: sp[1])
        return top[0], bottom[1], top[2], bottom[3]

    def _stack_bands(self, container: graphviz.Digraph, children: list[ViewNode]) -> None:
        """Siblings (groups included) whose layers do not overlap are stacked top to bottom, so a view of
        layer groups comes out as horizontal bands; overlapping ones may sit side by side."""
        bands: list[list] = []
        for span in sorted(sp for child in children if (sp := self._span(child)) is not None):
            low, high, top_leaf, bottom_leaf = span
            if bands and low <= bands[-1][1]:
                if high > bands[-1][1]:
                    bands[-1][1], bands[-1][3] = high, bottom_leaf
                continue
            bands.append([low, high, top_leaf, bottom_leaf])
        for upper, lower in zip(bands, bands[1:], strict=False):
            container.edge(upper[3], lower[2], style="invis", weight="0")

    def _linked_within(self, refs: list[str]) -> bool:
        members = set(refs)
        return any(c.source in members and c.target in members for c in self.view.connections)

    def _element_name(self, node: ViewNode) -> str:
        element = self.model.get_element(node.element_ref) if node.element_ref else None
        return text_in(element.name, None) if element is not None else ""

    def _ancestors(self, ref: str) -> list[str]:
        out = []
        while (ref := self.parent.get(ref)) is not None:
            out.append(ref)
        return out

    def _leaf(self, node: ViewNode) -> str:
        """The node an edge attaches to: the node itself, or for a parent, a leaf inside it (the edge is
        then clipped at the parent's box with lhead/ltail)."""
        while node.children:
            node = node.children[0]
        return node.id

    def _add_connection(self, conn: ViewConnection) -> None:
        source, target = conn.source, conn.target
        if source not in self.nodes or target not in self.nodes or source == target:
            return  # a connection on a connection, or a loop: Archi routes it
        if source in self._ancestors(target) or target in self._ancestors(source):
            return  # a parent and its own child: nesting shows it
        ts, tt = self.tier(self.nodes[source]), self.tier(self.nodes[target])
        flipped = ts is not None and tt is not None and ts > tt
        tail, head = (target, source) if flipped else (source, target)
        attrs = {"id": conn.id}
        if self.nodes[tail].children:
            attrs["ltail"] = f"cluster_{tail}"
        if self.nodes[head].children:
            attrs["lhead"] = f"cluster_{head}"
        self.flipped[conn.id] = flipped
        self.g.edge(self._leaf(self.nodes[tail]), self._leaf(self.nodes[head]), **attrs)

    # ---- reading back -----------------------------------------------------------------------

    def run(self) -> dict:
        try:
            return json.loads(self.g.pipe(format="json", quiet=True))
        except (graphviz.ExecutableNotFound, FileNotFoundError):
            require_dot()
            raise
        except (graphviz.CalledProcessError, subprocess.CalledProcessError) as exc:
            message = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise EaError(
                f"Graphviz could not lay out view {self.view.id!r}: {message[-1] if message else exc}"
            ) from None


def _floats(text: str) -> list[float]:
    return [float(v) for v in re.split(r"[ ,]+", text.strip()) if v]


def _spline_points(pos: str) -> list[tuple[float, float]]:
    """The on-curve points of a Graphviz edge `pos` (arrow endpoints dropped)."""
    coords = [tok for tok in pos.split() if not tok.startswith(("e,", "s,"))]
    points = [tuple(_floats(tok)) for tok in coords]
    return [p for i, p in enumerate(points) if i % 3 == 0]  # type: ignore[misc]


def _simplify(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop repeated and (nearly) collinear interior points."""
    out: list[tuple[int, int]] = []
    for p in points:
        if out and p == out[-1]:
            continue
        while len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            cross = (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)
            length = math.hypot(p[0] - ax, p[1] - ay) or 1.0
            if abs(cross) / length < 2.0:
                out.pop()
            else:
                break
        out.append(p)
    return out


def _inside(p: tuple[int, int], b: Bounds) -> bool:
    return b.x <= p[0] <= b.x + b.w and b.y <= p[1] <= b.y + b.h


def layout_view(model: Model, view: View, *, layered: bool = True, tiers: Mapping[str, int] | None = None) -> View:
    """A copy of `view` laid out by Graphviz: new bounds for every node, new bendpoints for every connection.

    `layered` stacks elements in ArchiMate's layer order (`tier_of`); `tiers` overrides the level of
    particular elements (element id -> level, smaller is higher)."""
    graph = _Graph(model, view, layered, tiers)
    graph.build()
    data = graph.run()
    llx, lly, urx, ury = _floats(data.get("bb", "0,0,0,0"))
    objects = data.get("objects", [])

    def to_view(x: float, y: float) -> tuple[float, float]:
        return x - llx + MARGIN, ury - y + MARGIN

    bounds: dict[str, Bounds] = {}
    for obj in objects:
        name = obj.get("name", "")
        if name.startswith("cluster_") and "bb" in obj:
            ref = name[len("cluster_") :]
            x0, y0, x1, y1 = _floats(obj["bb"])
            left, top = to_view(x0, y1)
            right, bottom = to_view(x1, y0)
            bounds[ref] = Bounds(
                x=math.floor(left), y=math.floor(top), w=math.ceil(right - left), h=math.ceil(bottom - top)
            )
        elif name in graph.nodes and "pos" in obj:
            cx, cy = to_view(*_floats(obj["pos"]))
            w, h = graph.size(graph.nodes[name])
            bounds[name] = Bounds(x=max(0, round(cx - w / 2)), y=max(0, round(cy - h / 2)), w=w, h=h)
    routes: dict[str, list[tuple[int, int]]] = {}
    for edge in data.get("edges", []):
        conn_id = edge.get("id")
        if conn_id in graph.flipped and "pos" in edge:
            pts = [to_view(x, y) for x, y in _spline_points(edge["pos"])]
            if graph.flipped[conn_id]:
                pts.reverse()
            routes[conn_id] = [(max(0, round(x)), max(0, round(y))) for x, y in pts]
    out = view.model_copy(deep=True)
    for node in out.iter_nodes():
        if node.id in bounds:
            node.bounds = bounds[node.id]
    placed = {n.id: n.bounds for n in out.iter_nodes()}
    for conn in out.connections:
        conn.source_attachment = None
        conn.target_attachment = None
        route = _simplify(routes.get(conn.id, []))
        inner = route[1:-1]
        src, tgt = placed.get(conn.source), placed.get(conn.target)
        conn.bendpoints = [
            Point(x=x, y=y)
            for x, y in inner
            if not (src and _inside((x, y), src)) and not (tgt and _inside((x, y), tgt))
        ]
    return out


def layout_problems(view: View) -> list[str]:
    """What is wrong with a view's geometry: negative or non-integer coordinates, overlapping nodes (other
    than a node and its own ancestors), children outside their parents. Empty when the layout is sound."""
    problems: list[str] = []
    parent: dict[str, ViewNode | None] = {}

    def walk(node: ViewNode, up: ViewNode | None) -> None:
        parent[node.id] = up
        for child in node.children:
            walk(child, node)

    for top in view.nodes:
        walk(top, None)
    nodes = list(view.iter_nodes())
    for node in nodes:
        b = node.bounds
        if min(b.x, b.y) < 0 or min(b.w, b.h) <= 0:
            problems.append(f"node {node.id}: bounds {b.x},{b.y} {b.w}x{b.h} are negative or empty")
        up = parent[node.id]
        if up is not None:
            p = up.bounds
            if b.x < p.x or b.y < p.y or b.x + b.w > p.x + p.w or b.y + b.h > p.y + p.h:
                problems.append(f"node {node.id} is not inside its parent {up.id}")
    ancestors = {n.id: _ancestor_ids(n.id, parent) for n in nodes}
    ordered = sorted(nodes, key=lambda n: n.bounds.x)
    for i, a in enumerate(ordered):  # sweep on x: only nodes whose x ranges overlap are compared
        for b in ordered[i + 1 :]:
            if b.bounds.x >= a.bounds.x + a.bounds.w:
                break
            if a.id in ancestors[b.id] or b.id in ancestors[a.id]:
                continue
            if _overlap(a.bounds, b.bounds):
                problems.append(f"nodes {a.id} and {b.id} overlap")
    for conn in view.connections:
        for p in conn.bendpoints:
            if p.x < 0 or p.y < 0:
                problems.append(f"connection {conn.id}: bendpoint {p.x},{p.y} is negative")
    return problems


def _ancestor_ids(ref: str, parent: dict[str, ViewNode | None]) -> set[str]:
    out = set()
    while (up := parent.get(ref)) is not None:
        out.add(up.id)
        ref = up.id
    return out


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def needs_layout(view: View) -> bool:
    """Whether a view has no layout of its own: two or more nodes and they all stand at one position (as
    tools that export a view without its diagram write them). A hand-drawn view is left as it is."""
    positions = {(n.bounds.x, n.bounds.y) for n in view.iter_nodes() if n.bounds is not None}
    count = sum(1 for _ in view.iter_nodes())
    return count >= 2 and len(positions) <= 1


KEEP_GAP = 20  # pixels between kept nodes and the new nodes placed next to them
_LABEL_ROOM = 30  # room for a container's label above new children placed in an empty kept parent


def _node_keys(view: View) -> dict[str, tuple[tuple, tuple | None]]:
    """node id -> (its key, its parent's key). A node's key is its element (Element nodes) or its own id
    (containers, labels), with the occurrence number when one element is drawn more than once."""
    seen: dict[tuple, int] = {}
    out: dict[str, tuple[tuple, tuple | None]] = {}

    def walk(node: ViewNode, parent_key: tuple | None) -> None:
        base = ("element", node.element_ref) if node.type == "Element" and node.element_ref else ("node", node.id)
        key = (*base, seen.get(base, 0))
        seen[base] = seen.get(base, 0) + 1
        out[node.id] = (key, parent_key)
        for child in node.children:
            walk(child, key)

    for top in view.nodes:
        walk(top, None)
    return out


def _connection_key(conn: ViewConnection, seen: dict[tuple, int]) -> tuple:
    base = ("rel", conn.relationship_ref) if conn.relationship_ref else ("conn", conn.id)
    key = (*base, seen.get(base, 0))
    seen[base] = seen.get(base, 0) + 1
    return key


def _shift(node: ViewNode, dx: int, dy: int) -> None:
    for n in [node, *_descendants(node)]:
        n.bounds = Bounds(x=n.bounds.x + dx, y=n.bounds.y + dy, w=n.bounds.w, h=n.bounds.h)


def _descendants(node: ViewNode) -> list[ViewNode]:
    out: list[ViewNode] = []
    stack = list(node.children)
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n.children)
    return out


def _extent(nodes: list[ViewNode]) -> tuple[int, int, int, int]:
    """left, top, right, bottom of `nodes` and everything inside them."""
    every = [b for n in nodes for b in (n.bounds, *(d.bounds for d in _descendants(n)))]
    return (
        min(b.x for b in every),
        min(b.y for b in every),
        max(b.x + b.w for b in every),
        max(b.y + b.h for b in every),
    )


def keep_positions(new_view: View, old_view: View) -> View:
    """A copy of the freshly laid-out `new_view` in which everything `old_view` (the same view from the
    previous run) already had stays where it was, so adding or removing an element moves nothing else.

    - A node is kept when `old_view` has a node for the same element (for containers and labels: the
      same node id) under the same parent: it gets the old bounds exactly (x, y, w, h; absolute, so a
      kept child keeps its place in its kept parent). A node whose parent changed counts as new.
    - A connection for the same relationship (for lines: the same id) between two kept nodes keeps its
      old bendpoints and attachment points; every other connection is drawn straight (no bendpoints),
      Archi routes it.
    - New nodes nested in a kept parent go in a row below the parent's kept children (each with its own
      new children), or, when the parent grown downward would overlap a node outside it, in a column to
      their right; the parent and its kept ancestors grow just enough to hold them - the only way a
      kept node's bounds change. When neither way is clear, the row below is taken and the top-level
      nodes below the grown group move down by as much as it grew.
    - New top-level nodes keep the arrangement of the fresh layout, shifted down by one common offset so
      the topmost sits `KEEP_GAP` pixels below the lowest kept node: they overlap no kept node.
    - A node of an element that is gone simply disappears; nothing else moves.

    With nothing in common, the fresh layout is returned as it is."""
    out = new_view.model_copy(deep=True)
    new_keys = _node_keys(out)
    old_keys = _node_keys(old_view)
    old_by_key = {key: (node_id, parent) for node_id, (key, parent) in old_keys.items()}
    old_nodes = {n.id: n for n in old_view.iter_nodes()}
    kept: dict[str, ViewNode] = {}  # new node id -> the old node it keeps the place of
    kept_keys: set[tuple] = set()
    for node in out.iter_nodes():  # parents before children
        key, parent = new_keys[node.id]
        match = old_by_key.get(key)
        if match is not None and match[1] == parent and (parent is None or parent in kept_keys):
            kept[node.id] = old_nodes[match[0]]
            kept_keys.add(key)
    if not kept:
        return out
    for node in out.iter_nodes():
        if node.id in kept:
            node.bounds = kept[node.id].bounds.model_copy()

    parent_of = {c.id: n for n in out.iter_nodes() for c in n.children}
    every = list(out.iter_nodes())
    above: dict[str, set[str]] = {}
    for n in every:
        up, chain = parent_of.get(n.id), set()
        while up is not None:
            chain.add(up.id)
            up = parent_of.get(up.id)
        above[n.id] = chain

    def clashes(moved: list[ViewNode]) -> set[tuple[str, str]]:
        return {
            (a.id, b.id)
            for a in moved
            for b in every
            if a.id != b.id and a.id not in above[b.id] and b.id not in above[a.id] and _overlap(a.bounds, b.bounds)
        }

    def place(node: ViewNode, fresh: list[ViewNode], mode: str) -> None:
        b = node.bounds
        staying = [c for c in node.children if c.id in kept]
        left, top, right, bottom = _extent(staying) if staying else (b.x, b.y + _LABEL_ROOM, b.x, b.y + _LABEL_ROOM)
        x, y = (b.x + KEEP_GAP, bottom + KEEP_GAP) if mode == "below" else (right + KEEP_GAP, top)
        for child in sorted(fresh, key=lambda c: (c.bounds.x, c.bounds.y)):
            c_left, c_top, c_right, c_bottom = _extent([child])
            _shift(child, x - c_left, y - c_top)
            if mode == "below":  # a row under the kept children
                x += c_right - c_left + KEEP_GAP
            else:  # a column to their right
                y += c_bottom - c_top + KEEP_GAP
        up: ViewNode | None = node
        while up is not None:  # the parent and its ancestors grow just enough to hold their children
            ub = up.bounds
            _, _, right, bottom = _extent(up.children)
            up.bounds = Bounds(
                x=ub.x, y=ub.y, w=max(ub.w, right + KEEP_GAP - ub.x), h=max(ub.h, bottom + KEEP_GAP - ub.y)
            )
            up = parent_of.get(up.id)

    def settle(node: ViewNode) -> None:  # children first, so a grown child is inside its grown parent
        for child in node.children:
            if child.id in kept:
                settle(child)
        fresh = [c for c in node.children if c.id not in kept]
        if not fresh:
            return
        moved = [node, *(n for n in every if n.id in above[node.id]), *fresh]
        moved += [d for c in fresh for d in _descendants(c)]
        before = {n.id: n.bounds for n in every}
        was = clashes(moved)
        for mode in ("below", "right"):
            place(node, fresh, mode)
            if clashes(moved) <= was:
                return
            for n in every:
                n.bounds = before[n.id]
        place(node, fresh, "below")  # no room either way: what lies below the grown group moves down
        outer = node
        while (up := parent_of.get(outer.id)) is not None:
            outer = up
        old_bottom = before[outer.id].y + before[outer.id].h
        growth = outer.bounds.y + outer.bounds.h - old_bottom
        for n in out.nodes:
            if n.id != outer.id and before[n.id].y >= old_bottom:
                _shift(n, 0, growth)

    for top in out.nodes:
        if top.id in kept:
            settle(top)
    staying = [n for n in out.nodes if n.id in kept]
    fresh = [n for n in out.nodes if n.id not in kept]
    if fresh:
        lowest = _extent(staying)[3]
        topmost = _extent(fresh)[1]
        for node in fresh:
            _shift(node, 0, lowest + KEEP_GAP - topmost)

    old_conns: dict[tuple, ViewConnection] = {}
    seen: dict[tuple, int] = {}
    for conn in old_view.connections:
        old_conns[_connection_key(conn, seen)] = conn
    seen = {}
    for conn in out.connections:
        old = old_conns.get(_connection_key(conn, seen))
        ends_kept = conn.source in kept and conn.target in kept
        if old is not None and ends_kept and old.source == kept[conn.source].id and old.target == kept[conn.target].id:
            conn.bendpoints = [p.model_copy() for p in old.bendpoints]
            conn.source_attachment = old.source_attachment.model_copy() if old.source_attachment else None
            conn.target_attachment = old.target_attachment.model_copy() if old.target_attachment else None
        else:
            conn.bendpoints = []
            conn.source_attachment = None
            conn.target_attachment = None
    return out


def layout_views(
    model: Model, view_ids: Iterable[str] | None = None, *, layered: bool = True, keep_from: Model | None = None
) -> list[View]:
    """Lay out the named views (all when None) in place in `model.views`; returns the laid-out views.

    With `keep_from` (the model of a previous run), a view it also has keeps its old positions:
    `keep_positions`."""
    wanted = set(view_ids) if view_ids is not None else None
    if wanted:
        for vid in wanted:
            model.view(vid)  # a one-line error for an unknown id
    done: list[View] = []
    for i, view in enumerate(model.views):
        if wanted is not None and view.id not in wanted:
            continue
        laid_out = layout_view(model, view, layered=layered)
        problems = layout_problems(laid_out)
        if problems:  # a bug in the layout, not in the user's model: say exactly what
            raise EaError(f"layout of view {view.id!r} is unsound: {problems[0]}", ref=view.id)
        previous = _view_in(keep_from, view.id)
        if previous is not None:  # kept positions are the user's (hand-tuned, maybe overlapping): not checked
            laid_out = keep_positions(laid_out, previous)
        model.views[i] = laid_out
        done.append(laid_out)
    return done


def _view_in(model: Model | None, view_id: str) -> View | None:
    if model is None:
        return None
    return next((v for v in model.views if v.id == view_id), None)
