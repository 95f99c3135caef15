"""Derive ea_model/data/relationships.json and viewpoints.json from Archi's reference files.

Usage: python scripts/build_metamodel_data.py [DIR]   (DIR holds Archi's reference files; default tests/data/archimate)

The reference (relationships.xml, relationships-keys.xml, viewpoints.xml, verbatim from Archi)
stays the source of truth; the JSON files are a compact copy the package ships, and
tests/test_metamodel.py checks every one of the 62x62 cells against the reference again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "tests" / "data" / "archimate"
KEY_SUFFIX = "Relationship"


def read_relationship_keys(source: Path) -> dict[str, str]:
    tree = etree.parse(str(source / "relationships-keys.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    return {key.get("char"): key.get("relationship").removesuffix(KEY_SUFFIX) for key in tree.iter("key")}


def read_relationship_table(source: Path) -> dict[str, dict[str, str]]:
    """{source concept: {target concept: 'letters'}} exactly as the reference has it."""
    tree = etree.parse(str(source / "relationships.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    return {
        src.get("concept"): {tgt.get("concept"): tgt.get("relations", "") for tgt in src.iter("target")}
        for src in tree.iter("source")
    }


def read_viewpoints(source: Path) -> dict[str, dict]:
    tree = etree.parse(str(source / "viewpoints.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    out = {}
    for vp in tree.iter("viewpoint"):
        name = vp.findtext("name")
        out[name] = {"id": vp.get("id"), "concepts": [c.text for c in vp.iter("concept")]}
    return out


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    data_dir = ROOT / "ea_model" / "data"
    table = {"keys": read_relationship_keys(source), "table": read_relationship_table(source)}
    (data_dir / "relationships.json").write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (data_dir / "viewpoints.json").write_text(
        json.dumps(read_viewpoints(source), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {data_dir / 'relationships.json'} and viewpoints.json from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
