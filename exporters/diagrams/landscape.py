"""The application landscape: every application component, grouped by the department or unit that
owns it, the units nested as the organisation nests them, national platforms in a band of their own.

Who owns an application, in order:
1. a `BusinessActor` with an `Association` to or from the component, or the component's `owner`
   property naming an agency id (the actor whose `agency` property has that id);
2. otherwise the units that use it: the owners (`Assignment` → service) of the services the
   component serves through its application services and interfaces, and actors it serves directly.
   Several units share it: it goes to their closest common parent unit (below the BMA as a whole),
   or to "shared" when that is the BMA itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import graphviz

from ea_model.model import Model
from ea_model.objects import Element, Relationship
from exporters.diagrams.facts import is_bma_platform, platform_operator
from exporters.diagrams.graph import cluster_id, element_node, layers_of, legend, new_graph, pair, relationship_edge
from exporters.diagrams.labels import bilingual, plain
from exporters.diagrams.notation import FONT_SIZE
from exporters.diagrams.scope import platform_of

_COMPONENTS = ("ApplicationComponent", "ApplicationCollaboration")
_OWN_PARTS = ("Composition", "Aggregation", "Assignment", "Realization")
_UNIT_TYPES = ("BusinessActor", "BusinessCollaboration")
SHARED, UNASSIGNED, NATIONAL = "shared", "unassigned", "national"


def parent_unit(model: Model, actor_id: str) -> str | None:
    """The unit an actor belongs to (Composition/Aggregation from another actor), if any."""
    for rel in model.incoming(actor_id, ("Composition", "Aggregation")):
        parent = model.get_element(rel.source)
        if parent is not None and parent.type in _UNIT_TYPES:
            return parent.id
    return None


def unit_chain(model: Model, actor_id: str) -> list[str]:
    """The actor and its parents, top-most first."""
    chain = [actor_id]
    while (parent := parent_unit(model, chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    return chain[::-1]


def _direct_owners(model: Model, component: Element) -> list[str]:
    owners = [other.id for other in model.neighbours(component.id, ("Association",), "both", _UNIT_TYPES)]
    agency = model.property_value(component, "owner")
    if agency:
        owners += [a.id for a in model.elements("BusinessActor") if model.property_value(a, "agency") == agency]
    return list(dict.fromkeys(owners))


def _users(model: Model, component: Element) -> list[str]:
    """Units whose services, processes or selves the component serves (through its own services/interfaces)."""
    providers = [component.id] + [r.target for r in model.outgoing(component.id, _OWN_PARTS)]
    for ref in list(providers[1:]):  # a function assigned to the component realizes the service
        providers += [r.target for r in model.outgoing(ref, ("Realization",))]
    owners: list[str] = []
    for ref in providers:
        for rel in model.outgoing(ref, ("Serving",)):
            served = model.get_element(rel.target)
            if served is None:
                continue
            if served.type in _UNIT_TYPES:
                owners.append(served.id)
                continue
            behaviours = [served.id] + [r.target for r in model.outgoing(served.id, ("Realization",))]
            for behaviour in behaviours:
                owners += [a.id for a in model.neighbours(behaviour, ("Assignment",), "in", _UNIT_TYPES)]
    return list(dict.fromkeys(owners))


def owning_group(model: Model, component: Element) -> tuple[str, list[str]]:
    """(kind, unit chain): kind is 'unit' (chain = the owner's units top-down, the BMA as a whole left
    out), SHARED, UNASSIGNED or NATIONAL (chain = [operator agency id])."""
    platform = platform_of(model, component)
    if platform and not is_bma_platform(platform):
        return NATIONAL, [platform_operator(platform) or platform]
    owners = _direct_owners(model, component) or _users(model, component)
    if not owners:
        return UNASSIGNED, []
    chains = [unit_chain(model, owner) for owner in owners]
    if len(chains) == 1:
        chain = chains[0]
        return "unit", chain[1:] if len(chain) > 1 else chain
    common: list[str] = []
    for level in zip(*chains, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return ("unit", common[1:]) if len(common) > 1 else (SHARED, [])


def application_landscape(model: Model, *, lang: str = "th", columns: int = 3, per_row: int = 3) -> graphviz.Digraph:
    """Applications grouped by owning unit (nested as the organisation nests), national platforms apart."""
    g = new_graph("landscape", pair(lang, "ภูมิทัศน์แอปพลิเคชันตามหน่วยงาน", "Application landscape by unit"))
    components = list(model.elements(_COMPONENTS))
    groups: dict[tuple[str, ...], list[Element]] = {}
    for component in components:
        kind, chain = owning_group(model, component)
        key = tuple(chain) if kind == "unit" else (f"@{kind}", *chain)
        groups.setdefault(key, []).append(component)
    tree = _tree(groups)
    blocks = [
        _draw_group(g, model, key, tree[key], (key,), groups, lang, columns, per_row)
        for key in sorted(tree, key=lambda k: (k.startswith("@"), _sort_name(model, k, lang)))
    ]
    _stack(g, blocks, per_row, above=[])
    ids = {c.id for c in components}
    rels = [r for c in components for r in model.outgoing(c.id) if r.target in ids]
    for rel in rels:
        relationship_edge(g, rel, lang)
    derived = _derived_serving(model, components, ids)
    for rel, via in derived:
        relationship_edge(
            g, rel, lang, tooltip=pair(lang, "ใช้บริการผ่าน", "uses via") + f" {plain(via)}", color="#666666"
        )
    legend(
        g,
        None,
        layers=layers_of(model, ids) if ids else [],
        element_types={model.element(ref).type for ref in ids},
        relationship_types={r.type for r in rels} | {r.type for r, _ in derived},
        lang=lang,
    )
    return g


def _sort_name(model: Model, key: str, lang: str) -> str:
    el = model.get_element(key)
    return el.label(lang) if el is not None else key


def _tree(groups: dict[tuple[str, ...], list[Element]]) -> dict:
    tree: dict = {}
    for key in groups:
        node = tree
        for part in key:
            node = node.setdefault(part, {})
    return tree


def _group_title(model: Model, part: str, lang: str) -> str:
    if part == f"@{SHARED}":
        return pair(lang, "ใช้ร่วมกันหลายหน่วยงาน", "Shared by several units")
    if part == f"@{UNASSIGNED}":
        return pair(lang, "ไม่ระบุหน่วยงานเจ้าของ", "Owner not modelled")
    if part == f"@{NATIONAL}":
        return pair(lang, "แพลตฟอร์มกลางระดับชาติ", "National platforms")
    el = model.get_element(part)
    if el is None:  # an operator agency id: the actor that carries it, if the model has one
        el = next((a for a in model.elements("BusinessActor") if model.property_value(a, "agency") == part), None)
    if el is None:
        return part
    primary, secondary = bilingual(el.name, lang)
    return f"{primary} / {secondary}" if secondary else primary


Block = tuple[list[str], list[str]]  # a drawn group's top-row and bottom-row nodes


def _stack(g: graphviz.Digraph, blocks: list[Block], per_row: int, above: list[str]) -> None:
    """Arrange blocks in rows of `per_row`, the first row under the nodes `above` (invisible edges that
    constrain ranks and pull nothing), so the landscape grows down rather than into a ribbon."""
    for i, (tops, _) in enumerate(blocks):
        uppers = blocks[i - per_row][1] if i >= per_row else above
        for upper in uppers:
            for top in tops:
                g.edge(upper, top, style="invis", weight="0")


def _draw_group(
    g: graphviz.Digraph,
    model: Model,
    part: str,
    children: dict,
    path: tuple[str, ...],
    groups: dict[tuple[str, ...], list[Element]],
    lang: str,
    columns: int,
    per_row: int,
) -> Block:
    """A unit as a cluster: its applications in a grid of `columns`, its sub-units below in rows."""
    with g.subgraph(name=cluster_id("-".join(path))) as c:
        c.attr(
            label=plain(_group_title(model, part, lang)),
            labeljust="l",
            style="rounded",
            color="#9e9e9e",
            fontsize=str(FONT_SIZE),
            margin="10",
        )
        members = [m.id for m in groups.get(path, [])]
        for component in groups.get(path, []):
            element_node(c, model, component, lang, badge=platform_of(model, component))
        for i in range(columns, len(members)):
            c.edge(members[i - columns], members[i], style="invis")
        last_row = members[(len(members) - 1) // columns * columns :] if members else []
        blocks = [
            _draw_group(c, model, child, children[child], (*path, child), groups, lang, columns, per_row)
            for child in sorted(children, key=lambda k: _sort_name(model, k, lang))
        ]
        _stack(c, blocks, per_row, above=last_row)
    tops = members[:columns] or [t for block in blocks[:per_row] for t in block[0]]
    bottoms = [b for block in blocks[-per_row:] for b in block[1]] if blocks else last_row
    return tops, bottoms


def _derived_serving(model: Model, components: Iterable[Element], ids: set[str]) -> list[tuple[Relationship, str]]:
    """Component A serves component B through one of A's services or interfaces (A→X→B)."""
    out: list[tuple[Relationship, str]] = []
    seen: set[tuple[str, str]] = set()
    for component in components:
        for part_rel in model.outgoing(component.id, _OWN_PARTS):
            for rel in model.outgoing(part_rel.target, ("Serving", "Flow")):
                if rel.target in ids and rel.target != component.id and (component.id, rel.target) not in seen:
                    seen.add((component.id, rel.target))
                    via = model.get_element(part_rel.target)
                    derived = Relationship(
                        id=f"derived-{component.id}-{rel.target}", type=rel.type, source=component.id, target=rel.target
                    )
                    out.append((derived, via.label() if via is not None else part_rel.target))
    return out
