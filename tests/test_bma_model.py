"""The bundled BMA reference model: built from catalog/bma/*.yaml, shipped as catalog/model/bma.xml."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from catalog import bundled_model_path
from catalog.bma_model import BMA_DIR, build_bma_model, element_id
from catalog.dga import load_dga_catalog
from catalog.strategies import strategy_kinds
from ea_model.compliance import check_model, citizen_services
from ea_model.errors import EaError
from ea_model.plateaus import plateau_model
from ea_model.traceability import trace
from ea_model.validation import validate_model

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument

EXPECTED = yaml.safe_load((BMA_DIR / "expected_outcomes.yaml").read_text(encoding="utf-8"))
BASELINE, TARGET = "id-plateau-baseline", "id-plateau-target"


@pytest.fixture(scope="module")
def model():
    return build_bma_model()


@pytest.fixture(scope="module")
def verdicts(model):
    return {
        "baseline": check_model(model, plateau=BASELINE, catalog=DGA),
        "target": check_model(model, plateau=TARGET, catalog=DGA),
    }


@pytest.fixture(scope="module")
def shipped():
    from exporters.exchange import read_exchange

    return read_exchange(bundled_model_path(), strict=True)


def prop(model, ref, name):
    return model.property_value(model.concept(ref), name)


# ---- the file that ships --------------------------------------------------------------------------


def test_bma_xml_is_what_the_yaml_builds(model):
    """A stale bma.xml fails: run `python scripts/build_bma_model.py` after editing catalog/bma/*.yaml.
    (The file was written by another process, so this also shows the build is deterministic.)"""
    from exporters.exchange import generate_exchange

    assert bundled_model_path().read_bytes() == generate_exchange(model)


def test_shipped_file_is_schema_valid():
    from exporters.exchange.schema import validate_xsd

    assert validate_xsd(bundled_model_path()) == []


def test_shipped_file_round_trips(model, shipped):
    assert shipped.counts() == model.counts()
    assert not shipped.load_findings
    assert {e.id: e.name for e in shipped.elements()} == {e.id: e.name for e in model.elements()}
    built = {r.id: (r.type, r.source, r.target, r.access_type) for r in model.relationships()}
    assert {r.id: (r.type, r.source, r.target, r.access_type) for r in shipped.relationships()} == built
    for ref in ("id-svc-bldg-permit", "id-actor-bma-district-1050", "id-data-food-premises-register"):
        assert shipped.properties_of(shipped.element(ref)) == model.properties_of(model.element(ref))
    assert [v.id for v in shipped.views] == [v.id for v in model.views]


def test_shipped_file_gives_the_same_check_results(shipped, verdicts):
    again = check_model(shipped, plateau=TARGET, catalog=DGA)
    assert again.to_json()["services"] == verdicts["target"].to_json()["services"]


def test_validates_without_errors(model, shipped):
    for m in (model, shipped):
        errors = [f for f in validate_model(m) if f.severity == "error"]
        assert errors == []


# ---- content --------------------------------------------------------------------------------------


def test_at_least_30_citizen_services(model):
    services = citizen_services(model, catalog=DGA)
    assert len(services) >= 30
    parties = Counter(
        prop(model, r.target, "party")
        for s in services
        for r in model.outgoing(s.id, {"Serving"})
        if model.type_of(r.target) == "BusinessRole"
    )
    assert parties["citizen"] >= 20 and parties["business"] >= 10


def test_every_service_has_owner_process_channel_and_strategy(model):
    for service in citizen_services(model, catalog=DGA):
        kinds = Counter(model.type_of(r.source) for r in model.incoming(service.id, {"Assignment"}))
        assert kinds["BusinessActor"] >= 1, service.id
        assert any(model.type_of(r.source) == "BusinessProcess" for r in model.incoming(service.id, {"Realization"}))
        channels = [
            r
            for r in model.incoming(service.id, {"Assignment", "Serving"})
            if model.type_of(r.source) in ("BusinessInterface", "ApplicationInterface")
        ]
        assert channels, service.id
        assert any(model.type_of(r.target) == "Goal" for r in model.outgoing(service.id, {"Realization"})), service.id


def test_fifty_districts_with_dopa_codes(model):
    districts = [e for e in model.elements(type="BusinessActor") if prop(model, e.id, "dopa_code")]
    codes = sorted(prop(model, e.id, "dopa_code") for e in districts)
    assert codes == [str(code) for code in range(1001, 1051)]
    collective = element_id("actor", "BMA-DISTRICTS")
    assert {r.target for r in model.outgoing(collective, {"Composition"})} >= {e.id for e in districts}
    assert model.element("id-actor-bma-district-1004").name == {
        "th": "สำนักงานเขตบางรัก",
        "en": "Bang Rak District Office",
    }


def test_organisation_is_composed_from_the_bma_down(model):
    root = element_id("actor", "BMA")
    actors = [
        e.id for e in model.elements(type="BusinessActor") if (prop(model, e.id, "agency") or "").startswith("BMA")
    ]
    for actor in actors:
        assert actor == root or model.path(root, actor, {"Composition", "Aggregation"}), actor
    departments = [a for a in actors if any(r.source == root for r in model.incoming(a, {"Composition"}))]
    assert len(departments) >= 20  # Council, Governor, offices, 15 departments, the district offices


def test_every_element_and_view_is_named_in_thai_and_english(model):
    for element in model.elements():
        if element.type in ("AndJunction", "OrJunction"):
            assert not element.name, element.id  # nameless, as Archi draws them
            continue
        assert element.name.get("th") and element.name.get("en"), element.id
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in element.name["th"]) or element.type in (
            "ApplicationComponent",
            "ApplicationService",
            "ApplicationInterface",
        ), element.id
    for view in model.views:
        assert view.name.get("th") and view.name.get("en"), view.id


def test_catalog_ids_resolve(model):
    catalog = load_dga_catalog()
    for actor in model.elements(type="BusinessActor"):
        assert catalog.agency_kind(prop(model, actor.id, "agency")), actor.id
    platforms = {prop(model, e.id, "platform") for e in model.elements() if prop(model, e.id, "platform")}
    assert all(catalog.platform(p) for p in platforms)
    assert {
        "thaid",
        "dga-digital-id",
        "gdx",
        "dopa-linkage",
        "dga-epayment",
        "promptpay",
        "tang-rat",
        "biz-portal",
        "bma-oss",
        "traffy-fondue",
        "data-go-th",
        "data-bangkok",
        "gd-catalog",
    } <= platforms
    assert check_model(model, catalog=DGA).problems == []


def test_uncertain_facts_carry_source_and_confidence(model):
    for concept in [*model.elements(), *model.relationships()]:
        confidence = prop(model, concept.id, "confidence")
        assert confidence in (None, "high", "medium", "low"), concept.id
        if confidence in ("medium", "low"):
            assert prop(model, concept.id, "source") or prop(model, concept.id, "uncertain_fields"), concept.id
    food = "id-svc-food-premises"
    assert prop(model, food, "confidence") == "low" and "fee" in prop(model, food, "uncertain_fields")
    assert prop(model, "id-actor-bma-bud", "confidence") == "low"


def test_strategy_traceability(model):
    result = trace(model, catalog=DGA, strategy_kinds=strategy_kinds())
    assert result.unlinked_services == []
    assert result.bma_strategies_without_pillar == []
    goals = {prop(model, g.id, "strategy") for g in model.elements(type="Goal")}
    assert goals == {f"B9-{n}" for n in range(1, 10)} | {f"NS-{n}" for n in range(1, 7)}


# ---- plateaus -------------------------------------------------------------------------------------


def test_plateaus_hold_what_changes(model):
    baseline, target = plateau_model(model, "baseline"), plateau_model(model, "target")
    # The building permit reads registries through GDX only in the target; paper copies only in the baseline.
    gdx_links = {r.source for r in target.incoming("id-proc-bldg-permit", {"Serving"})}
    assert {"id-as-gdx-dopa", "id-as-gdx-dbd", "id-as-gdx-dol", "id-as-gdx-professional"} <= gdx_links
    assert not any(r.source.startswith("id-as-gdx") for r in baseline.incoming("id-proc-bldg-permit", {"Serving"}))
    assert "id-copy-id-card" in baseline and "id-copy-id-card" not in target
    assert "id-copy-police-daily-report" in baseline and "id-copy-police-daily-report" in target
    assert "id-step-bldg-permit-submit-online" in target and "id-step-bldg-permit-submit-online" not in baseline
    # Counter-only services gain DGA e-Payment.
    payers = {r.source for r in target.incoming("id-svc-food-premises", {"Serving"})}
    assert "id-as-dga-epayment-collection" in payers
    assert "id-as-dga-epayment-collection" not in {r.source for r in baseline.incoming("id-svc-food-premises")}
    # Shared concepts are in both.
    for ref in ("id-svc-bldg-permit", "id-actor-bma-district-1001", "id-goal-b9-7"):
        assert ref in baseline and ref in target


def test_every_work_package_realizes_the_target(model):
    packages = list(model.elements(type="WorkPackage"))
    assert len(packages) >= 5
    for wp in packages:
        assert TARGET in {r.target for r in model.outgoing(wp.id, {"Realization"})}
        assert any(model.type_of(r.target) == "BusinessService" for r in model.outgoing(wp.id, {"Association"}))


def _expectations(section: str):
    for key, entries in EXPECTED[section].items():
        for entry in entries:
            for service in entry["services"]:
                yield pytest.param(key, service, entry["baseline"], entry["target"], id=f"{key}-{service}")


@pytest.mark.parametrize(("goal", "service", "baseline", "target"), list(_expectations("goals")))
def test_documented_goal_verdicts(verdicts, goal, service, baseline, target):
    sid = element_id("svc", service)
    assert (verdicts["baseline"].goal_verdict(sid, goal), verdicts["target"].goal_verdict(sid, goal)) == (
        baseline,
        target,
    )


@pytest.mark.parametrize(("criterion", "service", "baseline", "target"), list(_expectations("criteria")))
def test_documented_criterion_verdicts(verdicts, criterion, service, baseline, target):
    sid = element_id("svc", service)
    got = []
    for plateau in ("baseline", "target"):
        found = [f.verdict for f in verdicts[plateau].findings_for(sid) if f.criterion == criterion]
        got.append(found[0] if found else "n/a")
    assert tuple(got) == (baseline, target)


def test_target_fails_less_than_baseline(verdicts):
    before = verdicts["baseline"].summary()["by_verdict"]["fail"]
    after = verdicts["target"].summary()["by_verdict"]["fail"]
    assert after < before / 4


# ---- views ----------------------------------------------------------------------------------------


def test_views_needed_for_a_governance_meeting(model):
    viewpoints = Counter(v.viewpoint for v in model.views)
    ids = {v.id for v in model.views}
    assert viewpoints["Organization"] >= 1 and viewpoints["Application Cooperation"] >= 1
    assert {"id-view-strategy", "id-view-migration", "id-view-organisation", "id-view-landscape-target"} <= ids
    assert sum(1 for v in ids if v.startswith("id-view-svc-")) >= 6


def test_views_are_grids_with_valid_connections(model):
    for view in model.views:
        boxes = []
        for node in view.iter_nodes():
            b = node.bounds
            assert min(b.x, b.y) >= 0 and b.w > 0 and b.h > 0, node.id
            boxes.append((b.x, b.y, b.x + b.w, b.y + b.h))
        for i, a in enumerate(boxes):
            for c in boxes[i + 1 :]:
                assert a[2] <= c[0] or c[2] <= a[0] or a[3] <= c[1] or c[3] <= a[1], view.id
        element_of = {n.id: n.element_ref for n in view.iter_nodes()}
        for conn in view.connections:
            rel = model.relationship(conn.relationship_ref)
            assert (element_of[conn.source], element_of[conn.target]) == (rel.source, rel.target), conn.id


def test_every_concept_and_view_sits_in_one_folder(model):
    refs: list[str] = []
    stack = list(model.organizations)
    while stack:
        item = stack.pop()
        refs += [item.ref] if item.ref else []
        stack.extend(item.items)
    everything = [e.id for e in model.elements()] + [r.id for r in model.relationships()] + [v.id for v in model.views]
    assert sorted(refs) == sorted(everything)


def test_plateau_views_show_only_their_plateau(model):
    baseline = plateau_model(model, "baseline")
    view = model.view("id-view-svc-bldg-permit-baseline")
    shown = {n.element_ref for n in view.iter_nodes()} | {c.relationship_ref for c in view.connections}
    assert all(ref in baseline for ref in shown)
    assert "id-copy-title-deed" in shown and "id-as-gdx-dol" not in shown


# ---- bad input ------------------------------------------------------------------------------------


@pytest.fixture
def source_copy(tmp_path) -> Path:
    target = tmp_path / "bma"
    shutil.copytree(BMA_DIR, target)
    return target


def test_broken_yaml_names_the_file_and_line(source_copy):
    path = source_copy / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - key: [unclosed\n", encoding="utf-8")
    with pytest.raises(EaError) as err:
        build_bma_model(source_copy, views=False)
    assert "services.yaml" in str(err.value) and err.value.line


def test_a_change_no_work_package_moves_is_refused(source_copy):
    path = source_copy / "services.yaml"
    data = path.read_text(encoding="utf-8")
    path.write_text(
        data.replace(
            "    channels: [hotline-199]\n",
            "    channels: [hotline-199]\n  target:\n    channels: [hotline-199, traffy-line]\n",
        ),
        encoding="utf-8",
    )
    with pytest.raises(EaError, match="emergency-199"):
        build_bma_model(source_copy, views=False)


def test_an_unknown_key_is_refused(source_copy):
    path = source_copy / "services.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("documents: [police-daily-report,", "documents: [police-report,"),
        encoding="utf-8",
    )
    with pytest.raises(EaError, match="police-report"):
        build_bma_model(source_copy, views=False)


def test_a_platform_path_is_drawn_through_a_junction_and_still_counts(model):
    """The bundled model draws DGA e-Payment's Serving to two market services through an And junction; the
    check reads it as a Serving to each (the expected outcomes above hold with it)."""
    junctions = [e for e in model.elements() if e.type in ("AndJunction", "OrJunction")]
    assert junctions
    [junction] = junctions
    sources = {r.source for r in model.incoming(junction.id)}
    targets = {r.target for r in model.outgoing(junction.id)}
    assert {model.type_of(s) for s in sources} == {"ApplicationService"}
    assert targets == {"id-svc-market", "id-svc-street-vending"}
    assert not any(r.source in sources for t in targets for r in model.incoming(t, {"Serving"}))  # no direct path
    result = check_model(model, catalog=load_dga_catalog(), plateau="id-plateau-target")
    for service in targets:
        [finding] = [f for f in result.findings if f.service == service and f.criterion == "O6-C1"]
        assert finding.verdict == "pass" and junction.id in finding.evidence
