"""The synthetic-model generator (scripts/generate_model.py) behind the benchmark figures: its files
must be schema-valid, metamodel-valid, deterministic, and modelled by the conventions, or the
benchmark measures the wrong thing."""

from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from conftest import EXAMPLES
from lxml import etree

from catalog.dga import load_dga_catalog
from catalog.strategies import strategy_kinds
from ea_model import metamodel
from exporters.exchange.schema import validate_xsd
from scripts import generate_model
from scripts.generate_model import Generator

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument

NS = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
N = 200


class Parsed:
    """The generated file, indexed for the assertions below."""

    def __init__(self, path: Path):
        self.root = etree.parse(str(path)).getroot()
        self.elements = {e.get("identifier"): e for e in self.root.iterfind("a:elements/a:element", NS)}
        self.relationships = {r.get("identifier"): r for r in self.root.iterfind("a:relationships/a:relationship", NS)}
        self.definitions = {
            d.get("identifier"): d.findtext("a:name", namespaces=NS)
            for d in self.root.iterfind("a:propertyDefinitions/a:propertyDefinition", NS)
        }
        self.out: dict[str, list] = defaultdict(list)
        self.inc: dict[str, list] = defaultdict(list)
        for rel in self.relationships.values():
            self.out[rel.get("source")].append(rel)
            self.inc[rel.get("target")].append(rel)

    def type_of(self, ref: str) -> str:
        node = self.elements.get(ref)
        return (node if node is not None else self.relationships[ref]).get(XSI_TYPE)

    def props(self, ref: str) -> dict[str, str]:
        node = self.elements.get(ref, self.relationships.get(ref))
        return {
            self.definitions[p.get("propertyDefinitionRef")]: p.findtext("a:value", namespaces=NS)
            for p in node.iterfind("a:properties/a:property", NS)
        }

    def of_type(self, etype: str) -> list[str]:
        return [i for i, e in self.elements.items() if e.get(XSI_TYPE) == etype]

    def sources(self, target: str, rtype: str, source_type: str | None = None) -> list[str]:
        return [
            r.get("source")
            for r in self.inc[target]
            if r.get(XSI_TYPE) == rtype and (source_type is None or self.type_of(r.get("source")) == source_type)
        ]

    def targets(self, source: str, rtype: str, target_type: str | None = None) -> list[str]:
        return [
            r.get("target")
            for r in self.out[source]
            if r.get(XSI_TYPE) == rtype and (target_type is None or self.type_of(r.get("target")) == target_type)
        ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("generated") / "synthetic.xml"
    counts = Generator(N, seed=7).write(path)
    return path, counts


@pytest.fixture(scope="module")
def model(generated) -> Parsed:
    return Parsed(generated[0])


def test_the_file_is_valid_against_the_exchange_format_schema(generated):
    assert validate_xsd(generated[0]) == []


def test_it_has_exactly_n_elements_of_every_layer_and_about_three_relationships_each(generated, model):
    assert len(model.elements) == N == generated[1]["elements"]
    assert len(model.relationships) == generated[1]["relationships"]
    layers = {metamodel.layer_of(e.get(XSI_TYPE)) for e in model.elements.values()}
    assert layers == set(metamodel.Layer)
    # The bulk (all but the small service landscape) has about three relationships per element.
    bulk = set(Generator(N, seed=7).ids)
    outgoing = sum(1 for r in model.relationships.values() if r.get("source") in bulk)
    assert 2.5 * len(bulk) <= outgoing <= 3.5 * len(bulk)
    assert len(model.relationships) >= 1.5 * N


def test_every_relationship_is_allowed_by_the_archimate_table(model):
    for rel in model.relationships.values():
        source, target = model.type_of(rel.get("source")), model.type_of(rel.get("target"))
        assert metamodel.is_allowed(rel.get(XSI_TYPE), source, target), (rel.get(XSI_TYPE), source, target)


def test_names_are_thai_and_english_and_properties_are_declared_about_four_per_element(model):
    for element in model.elements.values():
        langs = [n.get(XML_LANG) for n in element.iterfind("a:name", NS)]
        assert langs == ["th", "en"]
    refs = [p.get("propertyDefinitionRef") for p in model.root.iterfind(".//a:property", NS)]
    assert set(refs) <= set(model.definitions)
    bulk = Generator(N, seed=7).ids
    per_element = sum(len(model.elements[i].findall("a:properties/a:property", NS)) for i in bulk) / len(bulk)
    assert 3.5 <= per_element <= 4.5


def test_organizations_file_every_element_and_relationship_once_in_nested_folders(model):
    refs = Counter(i.get("identifierRef") for i in model.root.iterfind("a:organizations//a:item[@identifierRef]", NS))
    assert set(refs) >= set(model.elements) | set(model.relationships)
    assert max(refs.values()) == 1
    assert model.root.find("a:organizations/a:item/a:item/a:item", NS) is not None
    views = model.root.findall("a:views/a:diagrams/a:view", NS)
    assert len(views) >= 3
    for view in views:  # nodes fit the view's viewpoint, connections join the nodes of their relationship's ends
        nodes = {n.get("identifier"): n.get("elementRef") for n in view.iterfind("a:node", NS)}
        for element in nodes.values():
            assert metamodel.viewpoint_allows(view.get("viewpoint") or "", model.type_of(element))
        for conn in view.iterfind("a:connection", NS):
            rel = model.relationships[conn.get("relationshipRef")]
            assert (nodes[conn.get("source")], nodes[conn.get("target")]) == (rel.get("source"), rel.get("target"))


def test_the_same_seed_gives_the_same_bytes_and_another_seed_another_model(tmp_path, generated):
    again = tmp_path / "again.xml"
    Generator(N, seed=7).write(again)
    assert again.read_bytes() == generated[0].read_bytes()
    other = tmp_path / "other.xml"
    Generator(N, seed=8).write(other)
    assert other.read_bytes() != generated[0].read_bytes()


def test_the_compact_generator_writes_the_same_bytes_as_before_at_20000_elements(tmp_path):
    # SHA-256 of `generate_model.py 20000 FILE --seed 1` as written before its ids and indexes were
    # made compact (commit ffa6365): the benchmark's 20k figures stay comparable across that change.
    # (At 200,000 the same was checked by hand: 372,834,510 identical bytes.)
    out = tmp_path / "20k.xml"
    Generator(20_000, seed=1).write(out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest == "750caeffdf91924f51ae670cb507b9f8eefd69379cea50ebb05d1e411403d443"


def test_citizen_services_follow_the_modelling_conventions(model):
    services = [
        s
        for s in model.of_type("BusinessService")
        if any(
            model.props(r).get("party") in ("citizen", "business") for r in model.targets(s, "Serving", "BusinessRole")
        )
    ]
    assert len(services) >= 3
    for service in services:
        owners = model.sources(service, "Assignment", "BusinessActor")
        assert owners and all(model.props(o).get("agency", "").startswith("BMA") for o in owners)
        processes = model.sources(service, "Realization", "BusinessProcess")
        assert len(processes) == 1
        steps = model.targets(processes[0], "Composition", "BusinessProcess")
        reads = [
            r
            for s in [processes[0], *steps]
            for r in model.out[s]
            if r.get(XSI_TYPE) == "Access" and r.get("accessType") == "Read"
        ]
        assert any(model.type_of(r.get("target")) == "BusinessObject" for r in reads)
        writes = [r.get("target") for s in steps for r in model.out[s] if r.get("accessType") == "Write"]
        assert any("data_category" in model.props(d) for d in writes)
        assert model.props(service)["fee_thb"].isdigit()
    # Some services are digital and some are not, so the DGA checks have both outcomes to report.
    web = [s for s in services if model.sources(s, "Serving", "ApplicationInterface")]
    assert 0 < len(web) < len(services)


def test_catalog_ids_used_by_the_generator_exist_in_the_catalog(model):
    catalog = load_dga_catalog()
    used = {"agency": set(), "platform": set(), "strategy": set()}
    for ref in model.elements:
        for name, value in model.props(ref).items():
            if name in used:
                used[name].add(value)
    assert used["agency"] and used["agency"] <= {a.id for a in catalog.agencies}
    assert used["platform"] and used["platform"] <= {p.id for p in catalog.platforms}
    assert used["strategy"] == set(strategy_kinds())
    # Every platform the checks look for is present, so they have real work on the big model.
    assert {"thaid", "gdx", "dopa-linkage", "dga-epayment", "bma-oss", "data-bangkok"} <= used["platform"]


def test_two_plateaus_aggregate_what_differs_and_nothing_is_in_neither(model):
    plateaus = model.of_type("Plateau")
    assert len(plateaus) == 2
    member = {p: set(model.targets(p, "Aggregation")) for p in plateaus}
    baseline, target = member.values()
    assert baseline and target and not baseline & target
    assert any(ref in model.relationships for ref in baseline | target)  # relationships are aggregated too
    exclusive = {ref: p for p, refs in member.items() for ref in refs}
    for rel_id, rel in model.relationships.items():
        ends = {exclusive.get(rel.get("source")), exclusive.get(rel.get("target"))} - {None}
        if rel.get("source") in plateaus:
            continue
        assert len(ends) <= 1, f"{rel_id} joins a baseline-only and a target-only concept"
        if ends:
            assert exclusive.get(rel_id) == ends.pop(), f"{rel_id} touches a plateau-only element but is not in it"
    assert model.sources(plateaus[1], "Realization", "WorkPackage") or model.sources(
        plateaus[0], "Realization", "WorkPackage"
    )


def test_the_command_line_writes_the_file_and_rejects_a_too_small_n(tmp_path, capsys):
    out = tmp_path / "cli.xml"
    assert generate_model.main(["200", str(out), "--seed", "3"]) == 0
    assert "200 elements" in capsys.readouterr().err and validate_xsd(out) == []
    with pytest.raises(SystemExit) as exited:
        generate_model.main(["10", str(tmp_path / "x.xml")])
    assert exited.value.code == 2 and "at least" in capsys.readouterr().err
    assert not (tmp_path / "x.xml").exists()


def test_the_benchmark_runs_each_step_in_a_child_and_reports_verdicts(tmp_path, capsys):
    from scripts import benchmark

    out = tmp_path / "benchmark.md"
    steps = "parse,parse-cold,extract,extract-iter,build,import"
    argv = ["--sizes", "200", "--steps", steps, "--repeat", "1", "--workdir", str(tmp_path), "--out", str(out)]
    argv += ["--peers", "none"]
    assert benchmark.main(argv) == 0
    printed = capsys.readouterr().out
    assert "import ≤ 2 × cold raw parse" in printed and ("PASS" in printed or "MISS" in printed)
    assert "peak memory ≤ 1,100 MB" in printed
    assert "extract: the values alone, fastest lxml interface" in printed
    assert "build: the model's objects and graph, no checks" in printed
    text = out.read_text(encoding="utf-8")
    assert "| 200 |" in text and f"{os.cpu_count()} cores" in text and "Python 3." in text
    assert "raw `lxml.etree.parse`" in text and "`read_exchange` (ours)" in text
    assert "| parse-cold |" in text and "evicted yes" in text
    assert "| extract | values only, parser target (floor) |" in text and "elements 200, relationships" in text
    assert "| extract-iter | values only, iterparse (floor) |" in text
    assert "| build | objects + graph, no checks (floor) |" in text


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.xml")))
def test_the_import_floors_read_every_concept_and_item_of_a_real_file(name):
    from exporters.exchange import read_exchange
    from scripts.bench_floor import extract_values, extract_values_iterparse

    path = EXAMPLES / name
    model = read_exchange(path)
    expected = {
        "elements": model.counts()["elements"],
        "relationships": model.counts()["relationships"],
        "items": sum(1 for _ in _all_items(model.organizations)),
    }
    assert extract_values(str(path)) == expected
    assert extract_values_iterparse(str(path)) == expected


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.xml")))
def test_the_model_floor_builds_what_the_reader_builds(name):
    """The `build` floor does the reader's work minus the checks: the same concepts and folders."""
    from exporters.exchange import read_exchange
    from scripts.bench_floor import build_model

    path = EXAMPLES / name
    _assert_same_concepts_and_folders(build_model(str(path)), read_exchange(path))


def test_the_model_floor_builds_what_the_reader_builds_on_a_generated_model(tmp_path):
    from exporters.exchange import read_exchange
    from scripts.bench_floor import build_model
    from scripts.generate_model import main as generate

    path = tmp_path / "m.xml"
    assert generate(["300", str(path), "--seed", "3", "--quiet"]) == 0
    _assert_same_concepts_and_folders(build_model(str(path)), read_exchange(path))


def _assert_same_concepts_and_folders(floor, ours):
    def by_id(concept):
        return concept.id

    assert sorted(floor.elements(), key=by_id) == sorted(ours.elements(), key=by_id)
    assert sorted(floor.relationships(), key=by_id) == sorted(ours.relationships(), key=by_id)
    assert floor.organizations == ours.organizations


def _all_items(items):
    for item in items:
        yield item
        yield from _all_items(item.items)


def test_ea_reads_it_cleanly_and_its_checks_find_the_deliberate_gaps(generated):
    from ea_model.compliance import check_model
    from ea_model.validation import validate_model
    from exporters.exchange import read_exchange

    model = read_exchange(generated[0], strict=True)
    assert not model.load_findings
    assert [f for f in validate_model(model) if f.severity == "error"] == []
    result = check_model(model, catalog=DGA)
    assert result.problems == []  # every catalog id the model uses is known
    assert len(result.services) >= 3
    verdicts = {f.verdict for f in result.findings}
    assert {"pass", "fail"} <= verdicts
