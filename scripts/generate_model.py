#!/usr/bin/env python3
"""Generate a synthetic ArchiMate 3.2 exchange file of N elements, for benchmarks and scale tests.

    python scripts/generate_model.py 200000 /tmp/bma-200k.xml --seed 1

What is in it: elements of every layer with Thai and English names, about four properties each
(all declared as property definitions) and about three relationships each, every one allowed by
the ArchiMate relationship table; nested organization folders; a few views. About 5% of the
elements are a BMA-like citizen-service landscape modelled by the project's conventions
(docs/modeling-conventions.md): services with owners, processes, required documents and their
issuers, digital and paper document paths, channels, fees and payment, identity providers,
produced (and published) data, strategy goals, platforms tagged with catalog ids, and two
plateaus (baseline and target) that aggregate what differs between them. Some services lack a
digital channel, e-payment or a document exchange on purpose, so checks and gaps have work.

The file is streamed with lxml's `etree.xmlfile`: at N=200,000 no tree is ever built, and the
generator only keeps ids (16 bytes each), type indexes and the service landscape (5% of N) in
memory: about 0.6 KB per element. It does not
use the project's own writer, so benchmarks can compare our reader with raw lxml on it. The same
N and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ea_model import metamodel  # noqa: E402
from exporters.atomic import atomic_open  # noqa: E402
from scripts.synthetic_landscape import (  # noqa: E402
    BASELINE,
    BOTH,
    TARGET,
    Landscape,
    Rel,
    build_landscape,
)
from scripts.synthetic_vocabulary import (  # noqa: E402
    GENERIC_LAYER_SHARE,
    GENERIC_PROPERTIES,
    LAYER_LABELS,
    NOT_GENERIC,
    TOPICS,
    TYPE_NOUNS,
    property_definitions,
)

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
XSI_TYPE = f"{{{XSI}}}type"
XML_LANG = "xml:lang"  # written literally: xmlfile would otherwise declare a prefix for the xml namespace
MIN_ELEMENTS = 150

# Generic relationships avoid these when the pair allows anything more specific.
_WEAK = frozenset({"Association", "Specialization"})
FOLDER_CHUNK = 2000  # organization folders hold at most this many references per sub-folder


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


class _Out:
    """Indented writing over an lxml xmlfile (the format is read by people too)."""

    def __init__(self, xf):
        self.xf = xf
        self.depth = 0

    def nl(self) -> None:
        self.xf.write("\n" + "  " * self.depth)

    def open(self, tag: str, attrs: dict | None = None):
        self.nl()
        return _Block(self, self.xf.element(_q(tag), attrs or {}))

    def leaf(self, tag: str, text: str | None = None, attrs: dict | None = None) -> None:
        self.nl()
        with self.xf.element(_q(tag), attrs or {}):
            if text:
                self.xf.write(text)

    def texts(self, tag: str, th: str | None, en: str | None) -> None:
        if th:
            self.leaf(tag, th, {XML_LANG: "th"})
        if en:
            self.leaf(tag, en, {XML_LANG: "en"})


class _Block:
    def __init__(self, out: _Out, ctx):
        self.out, self.ctx = out, ctx

    def __enter__(self):
        self.ctx.__enter__()
        self.out.depth += 1
        return self

    def __exit__(self, *exc):
        self.out.depth -= 1
        if exc[0] is None:
            self.out.nl()
        return self.ctx.__exit__(*exc)


def _write_properties(out: _Out, props: list[tuple[str, str, str]]) -> None:
    if not props:
        return
    with out.open("properties"):
        for name, value, lang in props:
            with out.open("property", {"propertyDefinitionRef": f"propid-{name}"}):
                out.leaf("value", value, {XML_LANG: lang} if lang else None)


def _write_element(out: _Out, eid: str, etype: str, th: str, en: str, doc, props) -> None:
    with out.open("element", {"identifier": eid, XSI_TYPE: etype}):
        out.texts("name", th, en)
        if doc:
            out.texts("documentation", *doc)
        _write_properties(out, props)


def _write_relationship(out: _Out, rel: Rel) -> None:
    attrs = {"identifier": rel.id, "source": rel.source, "target": rel.target, XSI_TYPE: rel.type}
    if rel.access_type:
        attrs["accessType"] = rel.access_type
    if rel.modifier:
        attrs["modifier"] = rel.modifier
    if rel.is_directed:
        attrs["isDirected"] = "true"
    if rel.name_th or rel.props:
        with out.open("relationship", attrs):
            out.texts("name", rel.name_th, rel.name_en)
            _write_properties(out, rel.props)
    else:
        out.leaf("relationship", None, attrs)


class _Ids:
    """Identifiers `id-<32 hex digits>` kept as two 64-bit halves (16 bytes, not a ~90-byte str each):
    the generator holds every bulk element's id and the plateau-restricted relationships' ids, which
    at 2.5 million elements would otherwise be the bulk of its memory. Reads back as the same strings."""

    __slots__ = ("_hi", "_lo")

    def __init__(self, values=()):
        self._hi, self._lo = array("Q"), array("Q")
        for value in values:
            self.append_int(value)

    def append_int(self, value: int) -> None:
        self._hi.append(value >> 64)
        self._lo.append(value & 0xFFFFFFFFFFFFFFFF)

    def append(self, ident: str) -> None:
        self.append_int(int(ident[3:], 16))

    def __len__(self) -> int:
        return len(self._hi)

    def __getitem__(self, i: int) -> str:
        return f"id-{self._hi[i]:016x}{self._lo[i]:016x}"

    def __iter__(self) -> Iterator[str]:
        for hi, lo in zip(self._hi, self._lo, strict=True):
            yield f"id-{hi:016x}{lo:016x}"


class Generator:
    """A deterministic synthetic model: the service landscape in memory, the bulk streamed."""

    def __init__(self, n: int, seed: int = 1):
        if n < MIN_ELEMENTS:
            raise ValueError(f"N must be at least {MIN_ELEMENTS} (the service landscape alone needs about 130)")
        self.n, self.seed = n, seed
        self.landscape: Landscape = build_landscape(n, seed)
        self.generic_count = n - len(self.landscape.elements)
        rng = random.Random(f"types-{seed}")
        layers = list(GENERIC_LAYER_SHARE)
        weights = [GENERIC_LAYER_SHARE[layer] for layer in layers]
        self.type_names = [
            t for layer in layers for t in TYPE_NOUNS if metamodel.layer_of(t) == layer and t not in NOT_GENERIC
        ]
        by_layer = {
            layer: [self.type_names.index(t) for t in self.type_names if metamodel.layer_of(t) == layer]
            for layer in layers
        }
        self.types = array(
            "B", (rng.choice(by_layer[layer]) for layer in rng.choices(layers, weights, k=self.generic_count))
        )
        self.ids = _Ids(rng.getrandbits(128) for _ in range(self.generic_count))
        self.plateau = self._generic_plateaus(rng)
        self._allowed: dict[tuple[int, int], tuple[str, ...]] = {}
        # Filled while writing: the relationships only one plateau holds, and their plateau.
        self.restricted_relationships, self.restricted_plateaus = _Ids(), bytearray()
        self.relationship_count = 0

    def _generic_plateaus(self, rng: random.Random) -> bytearray:
        """3% of the generic elements exist only in the baseline (retired), 3% only in the target (new)."""
        aggregatable = {i for i, t in enumerate(self.type_names) if metamodel.is_allowed("Aggregation", "Plateau", t)}
        out = bytearray(self.generic_count)
        for i, t in enumerate(self.types):
            if t in aggregatable:
                roll = rng.random()
                out[i] = BASELINE if roll < 0.03 else TARGET if roll < 0.06 else BOTH
        return out

    def _preferred(self, s: int, t: int) -> tuple[str, ...]:
        key = (s, t)
        found = self._allowed.get(key)
        if found is None:
            allowed = metamodel.allowed_relationships(self.type_names[s], self.type_names[t])
            strong = sorted(allowed - _WEAK)
            found = tuple(strong) if strong else tuple(sorted(allowed - {"Specialization"}))
            self._allowed[key] = found
        return found

    # ---- the streamed part ------------------------------------------------------------------

    def generic_elements(self) -> Iterator[tuple[str, str, str, str, tuple | None, list]]:
        rng = random.Random(f"elements-{self.seed}")
        prop_names = list(GENERIC_PROPERTIES)
        numbers = [0] * len(self.type_names)  # a running number per type keeps names distinct, as in a real model
        for i in range(self.generic_count):
            t = self.types[i]
            etype = self.type_names[t]
            noun_th, noun_en = TYPE_NOUNS[etype]
            topic_th, topic_en = rng.choice(TOPICS)
            numbers[t] += 1
            number = numbers[t]
            th = f"{noun_th}{topic_th} {number}"
            en = f"{topic_en.capitalize()} {noun_en.lower()} {number}"
            doc = None
            if rng.random() < 0.25:
                doc = (
                    f"{noun_th}ด้าน{topic_th} สำหรับการให้บริการของกรุงเทพมหานคร",
                    f"{noun_en} for {topic_en} in Bangkok Metropolitan Administration services.",
                )
            props = [
                (name, *GENERIC_PROPERTIES[name](rng)) for name in rng.sample(prop_names, rng.choice((3, 4, 4, 5)))
            ]
            yield self.ids[i], etype, th, en, doc, props

    def generic_relationships(self) -> Iterator[Rel]:
        """About three valid relationships from each generic element, mostly to near neighbours."""
        rng = random.Random(f"relationships-{self.seed}")
        g = self.generic_count
        for i in range(g):
            for _ in range(rng.choice((2, 3, 3, 4))):
                for _attempt in range(6):
                    j = rng.randrange(max(0, i - 300), min(g, i + 301)) if rng.random() < 0.7 else rng.randrange(g)
                    if j == i:
                        continue
                    pa, pb = self.plateau[i], self.plateau[j]
                    if pa and pb and pa != pb:
                        continue  # no plateau holds both ends
                    choices = self._preferred(self.types[i], self.types[j])
                    if choices and (choices[0] != "Association" or _attempt == 5):
                        break
                else:
                    continue
                rtype = rng.choice(choices)
                rel = Rel(f"id-{rng.getrandbits(128):032x}", rtype, self.ids[i], self.ids[j])
                if rtype == "Access":
                    rel.access_type = rng.choice(("Read", "Write", "ReadWrite", "Read"))
                elif rtype == "Influence" and rng.random() < 0.5:
                    rel.modifier = rng.choice(("+", "++", "-"))
                elif rtype == "Association" and rng.random() < 0.3:
                    rel.is_directed = True
                rel.plateau = pa or pb or (rng.choice((BASELINE, TARGET)) if rng.random() < 0.01 else BOTH)
                yield rel

    # ---- writing ----------------------------------------------------------------------------

    def write(self, path: str | Path, progress: bool = False) -> dict:
        """Write the file; returns counts (elements, relationships, views, property definitions)."""
        started = time.perf_counter()
        counts = {"elements": self.n, "relationships": 0}
        with atomic_open(path) as handle, etree.xmlfile(handle, encoding="utf-8") as xf:
            xf.write_declaration()
            out = _Out(xf)
            attrs = {"identifier": "id-synthetic-bma", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION}
            with xf.element(_q("model"), attrs, nsmap={None: NS, "xsi": XSI}):
                out.depth = 1
                out.texts(
                    "name",
                    f"แบบจำลองสังเคราะห์ กทม. ({self.n:,} องค์ประกอบ)",
                    f"Synthetic BMA model ({self.n:,} elements)",
                )
                out.texts(
                    "documentation",
                    "สร้างโดย scripts/generate_model.py สำหรับทดสอบประสิทธิภาพ",
                    f"Generated by scripts/generate_model.py (N={self.n}, seed={self.seed}) for benchmarks.",
                )
                self._write_elements(out, progress)
                counts["relationships"] = self._write_relationships(out, progress)
                self._write_organizations(out)
                self._write_property_definitions(out)
                self._write_views(out)
                out.depth = 0
                out.nl()
        counts["views"] = len(self.landscape.views)
        counts["property_definitions"] = len(property_definitions())
        counts["seconds"] = round(time.perf_counter() - started, 2)
        return counts

    def _write_elements(self, out: _Out, progress: bool) -> None:
        with out.open("elements"):
            for el in self.landscape.elements:
                _write_element(out, el.id, el.type, el.th, el.en, el.doc, el.props)
            for k, row in enumerate(self.generic_elements()):
                _write_element(out, *row)
                if progress and k % 50000 == 49999:
                    print(f"  elements: {k + 1 + len(self.landscape.elements):,}", file=sys.stderr)

    def _write_relationships(self, out: _Out, progress: bool) -> int:
        count = 0
        self.restricted_relationships, self.restricted_plateaus = _Ids(), bytearray()
        with out.open("relationships"):
            for rel in self.landscape.relationships:
                _write_relationship(out, rel)
                count += 1
            for rel in self.generic_relationships():
                _write_relationship(out, rel)
                if rel.plateau:
                    self.restricted_relationships.append(rel.id)
                    self.restricted_plateaus.append(rel.plateau)
                count += 1
                if progress and count % 200000 == 0:
                    print(f"  relationships: {count:,}", file=sys.stderr)
            for rel in self._plateau_aggregations():
                _write_relationship(out, rel)
                count += 1
        self.relationship_count = count
        return count

    def _plateau_aggregations(self) -> Iterator[Rel]:
        """Convention 11: each plateau aggregates the elements and relationships only it holds."""
        rng = random.Random(f"plateaus-{self.seed}")
        plateau_id = {BASELINE: self.landscape.baseline_id, TARGET: self.landscape.target_id}
        members = itertools.chain(
            ((el.id, el.plateau) for el in self.landscape.elements if el.plateau),
            ((rel.id, rel.plateau) for rel in self.landscape.relationships if rel.plateau),
            ((self.ids[i], p) for i, p in enumerate(self.plateau) if p),
            zip(self.restricted_relationships, self.restricted_plateaus, strict=True),
        )
        self.aggregation_ids = _Ids()
        for ref, which in members:
            rel = Rel(f"id-{rng.getrandbits(128):032x}", "Aggregation", plateau_id[which], ref)
            self.aggregation_ids.append(rel.id)
            yield rel

    def _write_organizations(self, out: _Out) -> None:
        # Per type: the landscape's ids, then the bulk's by index (4 bytes each, not a str per element).
        landscape_by_type: dict[str, list[str]] = {}
        for el in self.landscape.elements:
            landscape_by_type.setdefault(el.type, []).append(el.id)
        bulk_by_type: dict[str, array] = {}
        for i, t in enumerate(self.types):
            bulk_by_type.setdefault(self.type_names[t], array("I")).append(i)

        def folder(t: str) -> tuple[Iterator[str], int]:
            landscape, bulk = landscape_by_type.get(t, []), bulk_by_type.get(t, array("I"))
            return itertools.chain(landscape, (self.ids[i] for i in bulk)), len(landscape) + len(bulk)

        by_type = set(landscape_by_type) | set(bulk_by_type)
        with out.open("organizations"):
            for layer, (th, en) in LAYER_LABELS.items():
                types = [t for t in metamodel.ELEMENT_TYPES if metamodel.layer_of(t) == layer and t in by_type]
                if not types:
                    continue
                with out.open("item"):
                    out.texts("label", th, en)
                    for t in types:
                        self._write_folder(out, TYPE_NOUNS.get(t, (t, t))[0], t, *folder(t))
            bulk_by_type.clear()
            with out.open("item"):
                out.texts("label", "ความสัมพันธ์", "Relations")
                # Streamed again (same seed, same relationships) rather than kept: at 2.5 million
                # elements the ~8.5 million relationship ids would be the generator's largest holding.
                rel_ids = itertools.chain(
                    (rel.id for rel in self.landscape.relationships),
                    (rel.id for rel in self.generic_relationships()),
                    self.aggregation_ids,
                )
                self._write_chunks(out, rel_ids, self.relationship_count)
            with out.open("item"):
                out.texts("label", "มุมมอง", "Views")
                for view in self.landscape.views:
                    out.leaf("item", None, {"identifierRef": view.id})

    def _write_folder(self, out: _Out, th: str, en: str, ids: Iterator[str], total: int) -> None:
        with out.open("item"):
            out.texts("label", th, en)
            self._write_chunks(out, ids, total)

    def _write_chunks(self, out: _Out, ids: Iterator[str], total: int) -> None:
        """`total` references from `ids`, in sub-folders of FOLDER_CHUNK when there are more."""
        if total <= FOLDER_CHUNK:
            for ref in ids:
                out.leaf("item", None, {"identifierRef": ref})
            return
        for start in range(0, total, FOLDER_CHUNK):
            label = f"{start + 1:,}–{min(start + FOLDER_CHUNK, total):,}"
            with out.open("item"):
                out.texts("label", None, label)
                for ref in itertools.islice(ids, FOLDER_CHUNK):
                    out.leaf("item", None, {"identifierRef": ref})

    def _write_property_definitions(self, out: _Out) -> None:
        with out.open("propertyDefinitions"):
            for name, ptype in property_definitions().items():
                with out.open("propertyDefinition", {"identifier": f"propid-{name}", "type": ptype}):
                    out.leaf("name", name)

    def _write_views(self, out: _Out) -> None:
        if not self.landscape.views:
            return
        with out.open("views"), out.open("diagrams"):
            for view in self.landscape.views:
                attrs = {"identifier": view.id, XSI_TYPE: "Diagram"}
                if view.viewpoint:
                    attrs["viewpoint"] = view.viewpoint
                with out.open("view", attrs):
                    out.texts("name", view.th, view.en)
                    for node_id, element_id, (x, y, w, h) in view.nodes:
                        out.leaf(
                            "node",
                            None,
                            {
                                "identifier": node_id,
                                "elementRef": element_id,
                                XSI_TYPE: "Element",
                                "x": str(x),
                                "y": str(y),
                                "w": str(w),
                                "h": str(h),
                            },
                        )
                    for conn_id, rel_id, source, target in view.connections:
                        out.leaf(
                            "connection",
                            None,
                            {
                                "identifier": conn_id,
                                "relationshipRef": rel_id,
                                XSI_TYPE: "Relationship",
                                "source": source,
                                "target": target,
                            },
                        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help=f"number of elements (at least {MIN_ELEMENTS})")
    parser.add_argument("out", type=Path, help="the exchange file to write (.xml)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same N and seed, same file")
    parser.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    args = parser.parse_args(argv)
    try:
        generator = Generator(args.n, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    counts = generator.write(args.out, progress=not args.quiet)
    if not args.quiet:
        size = args.out.stat().st_size / 1e6
        print(
            f"wrote {args.out}: {counts['elements']:,} elements, {counts['relationships']:,} relationships, "
            f"{counts['views']} views, {size:.1f} MB in {counts['seconds']} s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
