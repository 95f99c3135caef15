#!/usr/bin/env python3
"""Where an imported model's bytes go (issue 19): reads a model and sizes what it holds, by part.

    python scripts/memory_breakdown.py MODEL.xml

Every object reachable from the model is counted once (`sys.getsizeof`, shared objects counted where
first met, in the order below), so the parts add up to the model's own bytes; the process's resident
growth is printed beside them (the difference is the allocator's free lists and fragmentation).
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import BaseModel  # noqa: E402

from exporters import read_model  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Sizer:
    def __init__(self) -> None:
        self.seen: set[int] = set()

    def own(self, obj) -> int:
        """The bytes of `obj` itself, once."""
        if id(obj) in self.seen:
            return 0
        self.seen.add(id(obj))
        return sys.getsizeof(obj)

    def deep(self, obj) -> int:
        """`obj` and everything it holds that is not counted yet (pydantic objects by their fields)."""
        total, stack = 0, [obj]
        while stack:
            item = stack.pop()
            if id(item) in self.seen or item is None or isinstance(item, (bool, int, float)):
                continue
            total += self.own(item)
            if isinstance(item, BaseModel):
                total += self.own(item.__dict__) + self.own(item.__pydantic_fields_set__)
                stack.extend(item.__dict__.values())
            elif isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, (list, tuple, set, frozenset)):
                stack.extend(item)
        return total


def shell(s: Sizer, obj: BaseModel) -> int:
    """A pydantic object without what its fields hold: the instance, its __dict__ and fields set."""
    return s.own(obj) + s.own(obj.__dict__) + s.own(obj.__pydantic_fields_set__)


def breakdown(model) -> dict[str, int]:
    s = Sizer()
    concepts = [*model.elements(), *model.relationships()]
    parts = {
        "concept objects (instance + __dict__)": sum(shell(s, c) for c in concepts),
        "ids": sum(s.own(c.id) for c in concepts),
        "type strings": sum(s.own(c.type) for c in concepts),
        "names (dicts + strings)": sum(s.deep(c.name) for c in concepts),
        "documentation (dicts + strings)": sum(s.deep(c.documentation) for c in concepts),
        "property lists": sum(s.own(c.properties) for c in concepts),
        "property objects": sum(shell(s, p) for c in concepts for p in c.properties),
        "property values (dicts + strings)": sum(s.deep(p.value) for c in concepts for p in c.properties),
        "relationship endpoints and attributes": sum(
            s.deep([r.source, r.target, r.access_type, r.modifier]) for r in model.relationships()
        ),
    }
    graph = model.graph
    parts["graph (networkx dicts)"] = s.deep(graph._node) + s.deep(graph._succ) + s.deep(graph._pred) + s.deep(graph)
    parts["id -> edge index"] = s.deep(model._edge_of)
    parts["views"] = s.deep(model.views)
    parts["organizations"] = s.deep(model.organizations)
    parts["the rest (definitions, info)"] = s.deep(model.property_definitions) + s.deep(model.info)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    args = parser.parse_args(argv)
    gc.collect()
    before = rss_mb()
    model = read_model(args.model)
    gc.collect()
    grown = rss_mb() - before
    elements = len(model.element_ids())
    parts = breakdown(model)
    total = sum(parts.values())
    print(f"{args.model.name}: {elements:,} elements, {len(model.relationship_ids()):,} relationships")
    print(f"{'part':<42} {'MB':>8} {'B/element':>10} {'share':>6}")
    for name, size in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"{name:<42} {size / 1e6:8.1f} {size / elements:10.0f} {size / total:6.1%}")
    print(f"{'counted':<42} {total / 1e6:8.1f} {total / elements:10.0f}")
    print(f"{'resident growth (VmRSS)':<42} {grown * 1.048576:8.1f} {grown * 1048576 / elements:10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
