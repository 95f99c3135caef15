"""The notation key: every ArchiMate 3.2 element type drawn as the diagrams draw it, layer by layer,
each named in Thai and English (`ea diagram --legend`; docs/notation.png is this diagram)."""

from __future__ import annotations

import graphviz

from ea_model import metamodel
from ea_model.metamodel import JUNCTION_TYPES
from ea_model.model import Model
from ea_model.objects import Element, lang_string
from exporters.diagrams.graph import cluster_id, element_node, new_graph, pair
from exporters.diagrams.labels import plain
from exporters.diagrams.notation import FONT_SIZE, LAYER_LABEL, SMALL_FONT_SIZE, TYPE_LABEL

PER_ROW = 5
KEY_WIDTH = 160  # points: every type's box as wide, so the columns line up


def notation_key(*, lang: str = "th", per_row: int = PER_ROW) -> graphviz.Digraph:
    """Every element type in its box notation (its outline, corners, colour and icon), by layer in
    ArchiMate's order, the type's name as the element's name."""
    g = new_graph("notation", pair(lang, "สัญลักษณ์ ArchiMate 3.2 ที่ใช้ในแผนภาพ", "ArchiMate 3.2 notation in the diagrams"))
    model = Model()
    previous: str | None = None
    for layer in metamodel.LAYER_ORDER:
        types = metamodel.elements_in_layer(layer)
        if not types:
            continue
        th, en = LAYER_LABEL[layer]
        with g.subgraph(name=cluster_id(f"key_{layer.value}")) as cluster:
            cluster.attr(
                label=plain(pair(lang, "ชั้น" + th, en + " layer")),
                labeljust="l",
                style="rounded,dashed",
                color="#9e9e9e",
                fontsize=str(FONT_SIZE),
                fontcolor="#555555",
                margin="10",
            )
            for start in range(0, len(types), per_row):
                with cluster.subgraph() as row:
                    row.attr(rank="same")
                    left: str | None = None
                    for type_name in types[start : start + per_row]:
                        key_th, key_en = TYPE_LABEL[type_name]
                        el = Element(id=f"key-{type_name}", type=type_name, name=lang_string(th=key_th, en=key_en))
                        model.add_element(el)
                        element_node(row, model, el, lang, box=(KEY_WIDTH, 0))
                        if left is not None:  # keeps the specification's order left to right
                            row.edge(left, el.id, style="invis")
                        left = el.id
                        if type_name in JUNCTION_TYPES:  # a junction has no label of its own: name it beside
                            row.node(
                                f"key-{type_name}-name",
                                shape="plaintext",
                                label=plain(pair(lang, key_th, key_en)),
                                fontsize=str(SMALL_FONT_SIZE + 1),
                            )
                            row.edge(el.id, f"key-{type_name}-name", style="invis", minlen="0")
                            left = f"key-{type_name}-name"
                first = f"key-{types[start]}"
                if previous is not None:
                    g.edge(previous, first, style="invis")
                previous = first
    return g
