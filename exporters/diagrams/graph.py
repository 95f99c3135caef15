"""Building blocks shared by the diagrams: a graph with the house style, element nodes and
relationship edges in ArchiMate notation, layer bands stacked top to bottom, and the legend."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping

import graphviz

from ea_model import metamodel
from ea_model.metamodel import JUNCTION_TYPES, Layer
from ea_model.model import Model
from ea_model.objects import Element, Relationship, text_in
from exporters.diagrams.labels import bilingual, element_label, esc, legend_label, plain
from exporters.diagrams.notation import (
    FONT,
    FONT_SIZE,
    RELATIONSHIP_LABEL,
    SMALL_FONT_SIZE,
    edge_style,
    node_attrs,
)

TOOLTIP_MAX = 400
ROW_WIDTH = 5  # nodes per row before a row of one kind wraps: a band a page wide, the picture taller than wide
# The spine: an invisible node in each row, the nodes one above the other (a heavy edge keeps them in one
# column), so the layer bands stack top to bottom around it instead of drifting sideways into a staircase
# (edges that skip a band go round it, and without the spine they push the bands apart).
SPINE_WEIGHT = "1000"
ROW_PULL = "10"  # how hard a row's nodes are kept near the spine (a relationship pulls with 1)
_SPINE_NODE = {"shape": "point", "width": "0", "height": "0", "style": "invis", "label": ""}
# Layered diagrams: right-angled lines, a little tighter than the house style.
LAYERED_LAYOUT = {"nodesep": "0.25", "ranksep": "0.35"}
# Printed at 100 %, a layered diagram fits A3 portrait inside 10 mm margins (inches): `dot` scales a
# larger drawing down to this size, never a smaller one up (`paper_for` says which sheet it needs).
A3_PRINTABLE = (10.9, 15.7)
A4_PRINTABLE = (7.4, 10.9)


def paper_for(width_pt: float, height_pt: float) -> str | None:
    """The smallest portrait sheet (A4, A3) a drawing of this size fits at 100 % inside 10 mm margins."""
    for paper, (w, h) in (("A4", A4_PRINTABLE), ("A3", A3_PRINTABLE)):
        if width_pt <= w * 72 + 1 and height_pt <= h * 72 + 1:
            return paper
    return None


def pair(lang: str, th: str, en: str) -> str:
    """Thai and English side by side, the chosen language first."""
    return f"{th} / {en}" if lang.startswith("th") else f"{en} / {th}"


def new_graph(name: str, title: str, *, rankdir: str = "TB") -> graphviz.Digraph:
    g = graphviz.Digraph(name=name, engine="dot")
    g.attr(
        charset="UTF-8",
        rankdir=rankdir,
        label=plain(title),
        labelloc="t",
        labeljust="l",
        fontname=FONT,
        fontsize="16",
        nodesep="0.3",
        ranksep="0.45",
        outputorder="edgesfirst",
        newrank="true",
        pad="0.25",
        tooltip=plain(title),
    )
    g.attr("node", fontname=FONT, fontsize=str(FONT_SIZE), margin="0.10,0.05", color="#333333", penwidth="1.0")
    g.attr("edge", fontname=FONT, fontsize=str(SMALL_FONT_SIZE), color="#333333", arrowsize="0.8")
    return g


def tooltip(model: Model, el: Element, lang: str) -> str:
    primary, secondary = bilingual(el.name, lang)
    text = f"«{el.type}» {primary}" + (f" / {secondary}" if secondary else "")
    doc = text_in(el.documentation, lang)
    if doc:
        text += "\n\n" + doc
    return plain(text[:TOOLTIP_MAX])


def element_node(
    container: graphviz.Digraph,
    model: Model,
    el: Element,
    lang: str,
    *,
    badge: str | None = None,
    name: str | None = None,
    box: tuple[float, float] | None = None,
    **extra: str,
) -> None:
    """An element as a node in ArchiMate's box notation: outline, corners, layer colour, icon, bilingual name
    (`box`: the node's size in points, see `labels.element_label`)."""
    attrs = node_attrs(el.type)
    attrs.update(id=extra.pop("id", el.id), tooltip=tooltip(model, el, lang))
    if el.type not in JUNCTION_TYPES:
        attrs["label"] = element_label(el.type, el.name, lang, badge=badge, box=box)
    attrs.update(extra)
    container.node(name or el.id, **attrs)


def relationship_edge(
    container: graphviz.Digraph,
    rel: Relationship,
    lang: str,
    *,
    flipped: bool = False,
    label_attr: str = "label",
    tail: str | None = None,
    head: str | None = None,
    **extra: str,
) -> None:
    """A relationship as an edge in ArchiMate notation. `flipped` draws it from target to source (so the
    layout puts the target on top) while keeping its arrowheads where the notation wants them. `label_attr`
    "xlabel" puts the name beside the line (orthogonal lines take no `label`)."""
    style = edge_style(rel.type, rel.access_type, rel.is_directed)
    arrowhead, arrowtail = style["arrowhead"], style["arrowtail"]
    source, target = tail or rel.source, head or rel.target
    if flipped:
        source, target = target, source
        arrowhead, arrowtail = arrowtail, arrowhead
    th, en = RELATIONSHIP_LABEL.get(rel.type, (rel.type, rel.type))
    title = pair(lang, th, en)
    name = text_in(rel.name, lang)
    if rel.type == "Access" and rel.access_type:
        title += f" ({rel.access_type})"
    if name:
        title += f": {name}"
    label = name or (rel.modifier or "")
    attrs = {
        "id": rel.id,
        "dir": "both",
        "arrowhead": arrowhead,
        "arrowtail": arrowtail,
        "style": style["style"],
        "tooltip": plain(title),
    }
    if label:
        attrs[label_attr] = plain(label)
    attrs.update(extra)
    container.edge(source, target, **attrs)


def cluster_id(text: str) -> str:
    return "cluster_" + re.sub(r"[^A-Za-z0-9_]", "_", text)


def layered(
    g: graphviz.Digraph,
    model: Model,
    element_ids: list[str],
    relationship_ids: Iterable[str],
    *,
    tier: Callable[[str], int],
    band: Callable[[str], str],
    band_title: Mapping[str, str],
    add_node: Callable[[graphviz.Digraph, str], None],
    lang: str,
) -> str | None:
    """Draw elements in bands (one cluster per band, e.g. per layer), each band in rows by tier, the rows
    stacked top to bottom in tier order; relationships are drawn downward so they never fight the rows,
    with right-angled lines (`LAYERED_LAYOUT`; `rendering.render` falls back to straight segments when
    Graphviz's orthogonal router fails). Returns a node on the lowest row (to hang the legend under), or
    None when there is nothing."""
    g.attr(**LAYERED_LAYOUT)
    # in the graph's header, where `render` finds them (to fall back, to raise a PNG's resolution); no
    # device margin, which would add half an inch a side to a PDF page
    g.graph_attr.update(splines="ortho", size=f"{A3_PRINTABLE[0]},{A3_PRINTABLE[1]}", margin="0")
    tiers: dict[str, int] = {}
    loose: list[str] = []
    for ref in element_ids:
        if model.element(ref).type in JUNCTION_TYPES:
            loose.append(ref)
        else:
            tiers[ref] = tier(ref)
    rows: dict[int, list[str]] = {}
    for ref, t in tiers.items():
        rows.setdefault(t, []).append(ref)
    bands: dict[str, list[int]] = {}
    lines: list[str] = []  # an invisible node left of each row, top to bottom (the spine)
    last: str | None = None
    for t in sorted(rows):
        bands.setdefault(band(rows[t][0]), []).append(t)
    for band_name, band_tiers in bands.items():
        with g.subgraph(name=cluster_id(band_name)) as cluster:
            cluster.attr(
                label=plain(band_title.get(band_name, band_name)),
                labeljust="l",
                style="rounded,dashed",
                color="#9e9e9e",
                fontsize=str(FONT_SIZE),
                fontcolor="#555555",
                margin="12",
            )
            for t in band_tiers:
                for chunk in _wrap_row(rows[t]):
                    spine = f"spine-{len(lines)}"
                    with cluster.subgraph() as row:
                        row.attr(rank="same")
                        row.node(spine, **_SPINE_NODE)
                        for ref in chunk:
                            add_node(row, ref)
                            row.edge(spine, ref, style="invis", weight=ROW_PULL)
                    lines.append(spine)
                    last = chunk[0]
    for ref in loose:
        add_node(g, ref)
    for upper, lower in zip(lines, lines[1:], strict=False):
        g.edge(upper, lower, style="invis", weight=SPINE_WEIGHT)
    for rel_id in relationship_ids:
        rel = model.relationship(rel_id)
        ts, tt = tiers.get(rel.source), tiers.get(rel.target)
        flipped = ts is not None and tt is not None and ts > tt
        extra = {"constraint": "false"} if ts is not None and ts == tt else {}
        relationship_edge(g, rel, lang, flipped=flipped, label_attr="xlabel", **extra)
    return last


def _wrap_row(refs: list[str]) -> list[list[str]]:
    """A row of more than ROW_WIDTH nodes as several balanced rows (a poster, not a ribbon)."""
    count = math.ceil(len(refs) / ROW_WIDTH)
    size = math.ceil(len(refs) / count)
    return [refs[i : i + size] for i in range(0, len(refs), size)]


SAMPLES_PER_ROW = 4
_LEGEND_SAMPLES = (
    "Composition",
    "Aggregation",
    "Assignment",
    "Realization",
    "Serving",
    "Access",
    "Influence",
    "Triggering",
    "Flow",
    "Specialization",
    "Association",
)


def legend(
    g: graphviz.Digraph,
    anchor: str | None,
    *,
    layers: Iterable[Layer],
    relationship_types: Iterable[str],
    lang: str,
    verdicts: bool = False,
    platforms: bool = False,
    goal_names: Mapping[str, tuple[str, str]] | None = None,
    element_types: Iterable[str] = (),
) -> None:
    """A legend under the diagram: layer colours, the element types drawn (their icons), verdict colours, and a
    sample of each relationship drawn."""
    used = set(relationship_types)
    samples = [t for t in _LEGEND_SAMPLES if t in used]
    order = {layer: i for i, layer in enumerate(metamodel.LAYER_ORDER)}
    key = legend_label(
        sorted(set(layers), key=order.__getitem__),
        lang,
        platforms=platforms,
        verdicts=verdicts,
        goal_names=goal_names,
        element_types=element_types,
    )
    with g.subgraph(name="cluster_legend") as c:
        c.attr(label="", style="rounded", color="#bdbdbd", margin="6")
        c.node("legend-key", id="legend-key", shape="plain", label=key)
        previous = "legend-key"
        # Samples in rows of SAMPLES_PER_ROW: point -> point, then the relationship's name.
        for start in range(0, len(samples), SAMPLES_PER_ROW):
            with c.subgraph() as row:
                row.attr(rank="same")
                left = None
                for i, rel_type in enumerate(samples[start : start + SAMPLES_PER_ROW], start):
                    a, b, text = f"legend-{i}-a", f"legend-{i}-b", f"legend-{i}-text"
                    th, en = RELATIONSHIP_LABEL[rel_type]
                    row.node(a, shape="point", width="0.05", color="#777777", label="")
                    row.node(b, shape="point", width="0.05", color="#777777", label="")
                    row.node(text, shape="plaintext", label=esc(pair(lang, th, en)), fontsize=str(SMALL_FONT_SIZE))
                    sample = Relationship(
                        id=f"legend-{rel_type}",
                        type=rel_type,
                        source=a,
                        target=b,
                        access_type="Write" if rel_type == "Access" else None,
                    )
                    relationship_edge(row, sample, lang, minlen="2")
                    row.edge(b, text, style="invis", minlen="0")
                    if left is not None:
                        row.edge(left, a, style="invis")
                    left = text
            c.edge(previous, f"legend-{start}-a", style="invis")
            previous = f"legend-{start}-a"
    if anchor is not None:
        g.edge(anchor, "legend-key", style="invis")


def layers_of(model: Model, element_ids: Iterable[str]) -> list[Layer]:
    return sorted(
        {metamodel.layer_of(model.element(ref).type) for ref in element_ids},
        key=metamodel.LAYER_ORDER.index,
    )
