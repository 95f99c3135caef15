#!/usr/bin/env python3
"""The benchmark's generated model without interactions, collaborations and gaps, for a peer that cannot read them.

    python scripts/bench_variant.py IN.xml OUT.xml

etcion 0.14 refuses every exchange file that holds a Business/Application/Technology Interaction or
Collaboration, or a Gap: its reader builds each element from its name and properties alone, and those
classes validate at construction that two or more active-structure elements are assigned
("BusinessInteraction requires >= 2 assigned ActiveStructureElement instances, got 0"), or require
the two plateaus of a gap ("Gap: plateau_a Field required"), so reading fails at the first one
whatever the model's relationships say. To still compare ea with it, scripts/benchmark.py measures
ea and every peer on this variant too: the same file less those elements, the
relationships that reach them (and, in turn, those that reach a removed relationship, such as the
plateaus' aggregations), their organization folder entries and their view nodes and connections.
It is still a valid exchange file (the tests check it against the schema).

Uses lxml with the project's safe parser settings on the whole tree: meant for the sizes the peers
are measured at (a 200,000-element file takes about 3 GB for a few seconds).
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exporters.atomic import atomic_open  # noqa: E402

NS = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
# What etcion 0.14 cannot construct from a file (each of its element classes tried with id and name):
REFUSED = frozenset(
    f"{layer}{kind}" for layer in ("Business", "Application", "Technology") for kind in ("Interaction", "Collaboration")
) | {"Gap"}


def _remove(nodes) -> None:
    for node in nodes:
        node.getparent().remove(node)


def strip_interactions(src: str | Path, dst: str | Path) -> dict:
    """Write `src` less the element types in REFUSED to `dst`; returns what was removed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)
    tree = etree.parse(str(src), parser)
    root = tree.getroot()
    gone_elements = [e for e in root.iterfind("a:elements/a:element", NS) if e.get(XSI_TYPE) in REFUSED]
    removed = {e.get("identifier") for e in gone_elements}
    _remove(gone_elements)
    relationships = list(root.iterfind("a:relationships/a:relationship", NS))
    gone_relationships = 0
    while True:  # a relationship to a removed relationship goes too, until nothing changes
        drop = [r for r in relationships if r.get("source") in removed or r.get("target") in removed]
        if not drop:
            break
        removed.update(r.get("identifier") for r in drop)
        dropped = set(map(id, drop))
        relationships = [r for r in relationships if id(r) not in dropped]
        _remove(drop)
        gone_relationships += len(drop)
    _remove(
        [
            i
            for i in root.iterfind(".//a:organizations//a:item[@identifierRef]", NS)
            if i.get("identifierRef") in removed
        ]
    )
    for view in root.iterfind("a:views/a:diagrams/a:view", NS):
        nodes = [n for n in view.iter(f"{{{NS['a']}}}node") if n.get("elementRef") in removed]
        gone_nodes = {n.get("identifier") for n in nodes}
        _remove(nodes)
        _remove(
            [
                c
                for c in view.iter(f"{{{NS['a']}}}connection")
                if c.get("relationshipRef") in removed or c.get("source") in gone_nodes or c.get("target") in gone_nodes
            ]
        )
    with atomic_open(dst) as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)
    return {"elements_removed": len(gone_elements), "relationships_removed": gone_relationships}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: bench_variant.py IN.xml OUT.xml", file=sys.stderr)
        return 2
    print(strip_interactions(*argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
