"""Plateaus (convention 11), the gap matrix, the compliance delta and Gap elements written back."""

from __future__ import annotations

import pytest
from _analysis_models import Builder, permit_model

from catalog.dga import load_dga_catalog
from ea_model import Bounds, EaError, Layer, View, ViewConnection, ViewNode
from ea_model.gap import gap_between_models, gap_between_plateaus
from ea_model.gap.delta import compliance_delta
from ea_model.gap.emit import emit_gaps
from ea_model.gap.text import render_gap_text
from ea_model.plateaus import find_plateau, plateau_members, plateau_model, plateaus

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument

# ---- plateaus ------------------------------------------------------------------------------------


def test_plateau_holds_what_it_aggregates_and_what_no_plateau_claims():
    m = permit_model()
    base, target = plateau_members(m, "Baseline"), plateau_members(m, "tgt")
    assert {"legacy", "legacy-svc", "copy"} <= set(base.elements)
    assert not {"oss", "oss-svc", "data"} & set(base.elements)
    assert {"oss", "oss-svc", "data"} <= set(target.elements)
    assert {"svc", "proc", "doc", "node"} <= set(base.elements) & set(target.elements)  # unclaimed: in both
    assert "tgt" not in base.elements and "base" in base.elements  # other plateaus are left out
    # Relationships: aggregated ones only in their plateau, and only with both ends present.
    assert "r-legacy-serves" in base.relationships and "r-legacy-serves" not in target.relationships
    assert "r-data-real" in target.relationships and "r-data-real" not in base.relationships
    assert "r-proc-real" in base.relationships and "r-proc-real" in target.relationships


def test_unclaimed_relationship_to_a_claimed_element_follows_its_ends():
    m = permit_model()
    Builder(m).rel("r-free", "Serving", "legacy-svc", "svc")  # not aggregated, but legacy-svc is baseline-only
    assert "r-free" in plateau_members(m, "base").relationships
    assert "r-free" not in plateau_members(m, "tgt").relationships


def test_relationship_on_a_relationship_needs_its_end_in_the_plateau():
    m = permit_model()
    b = Builder(m)
    b.el("note", "BusinessObject", "Consent")
    b.rel("r-on-rel", "Association", "note", "r-legacy-serves")
    assert "r-on-rel" in plateau_members(m, "base").relationships
    assert "r-on-rel" not in plateau_members(m, "tgt").relationships


def test_find_plateau_by_thai_name_and_errors_name_the_candidates():
    m = permit_model()
    assert find_plateau(m, "สถาปัตยกรรมเป้าหมาย").id == "tgt"
    assert find_plateau(m, "  baseline ").id == "base"
    assert [p.id for p in plateaus(m)] == ["base", "tgt"]
    with pytest.raises(EaError, match=r"no plateau 'Transition'.*base \(สถาปัตยกรรมปัจจุบัน / Baseline\)"):
        find_plateau(m, "Transition")
    Builder(m).el("tgt2", "Plateau", "Target")
    with pytest.raises(EaError, match="ambiguous: tgt .*tgt2"):
        find_plateau(m, "Target")


def test_plateau_model_filters_relationships_views_and_folders():
    m = permit_model()
    m.views.append(
        View(
            id="v1",
            name={"en": "Permit"},
            nodes=[
                ViewNode(id="n-proc", element_ref="proc", bounds=Bounds(x=0, y=0, w=120, h=55)),
                ViewNode(id="n-legacy-svc", element_ref="legacy-svc", bounds=Bounds(x=0, y=100, w=120, h=55)),
            ],
            connections=[
                ViewConnection(id="c1", relationship_ref="r-legacy-serves", source="n-legacy-svc", target="n-proc")
            ],
        )
    )
    m.views.append(
        View(
            id="v2",
            name={"en": "Legacy only"},
            nodes=[ViewNode(id="n2", element_ref="legacy", bounds=Bounds(x=0, y=0, w=120, h=55))],
        )
    )
    target = plateau_model(m, "Target")
    assert "oss" in target and "legacy" not in target and "r-legacy-serves" not in target
    assert "r-oss-serves" in target and "tgt" in target and "base" not in target
    (view,) = target.views  # v2 showed only baseline elements: dropped
    assert [n.id for n in view.nodes] == ["n-proc"] and view.connections == []
    assert len(m.views[0].nodes) == 2  # the source model is untouched


# ---- the gap matrix between two plateaus ---------------------------------------------------------


def test_gap_between_plateaus_gives_the_togaf_matrix_per_layer():
    report = gap_between_plateaus(permit_model(), "Baseline", "Target")
    app = report.layers[Layer.APPLICATION]
    assert app.new == ["data", "oss", "oss-svc"]
    assert app.eliminated == ["legacy", "legacy-svc"]
    business = report.layers[Layer.BUSINESS]
    assert business.eliminated == ["copy"]
    changed = {c.id: c for c in business.changed}
    assert set(changed) == {"proc", "doc"}  # their relationships changed, nothing else
    assert [r.id for r in changed["proc"].relationships_added] == ["r-oss-serves"]
    assert [r.id for r in changed["proc"].relationships_removed] == ["r-legacy-serves"]
    assert changed["proc"].what() == ["relationships"]
    assert "svc" in business.kept and "citizen" in business.kept
    tech = report.layers[Layer.TECHNOLOGY]
    assert [c.id for c in tech.changed] == ["node"]  # it no longer serves the legacy system
    # Plateaus are the plan's scaffolding, not part of either side.
    assert not any({"base", "tgt"} & set(g.kept + g.new + g.eliminated) for g in report.layers.values())
    assert set(report.relationships_new) == {"r-oss-real", "r-oss-serves", "r-data-real"}


def test_eliminated_element_still_needed_is_flagged_unless_something_takes_its_place():
    m = permit_model()
    report = gap_between_plateaus(m, "base", "tgt")
    dangling = {(d.eliminated, d.dependent): d for d in report.dangling()}
    assert dangling[("legacy-svc", "proc")].replaced_by == ["oss-svc"]
    assert dangling[("copy", "doc")].replaced_by == ["data"]
    assert all(d.resolved for d in dangling.values())
    # Without the new e-service, the process is left without the serving it had.
    m.remove_relationship("r-oss-serves")
    unresolved = [d for d in gap_between_plateaus(m, "base", "tgt").dangling() if not d.resolved]
    assert [(d.eliminated, d.dependent, d.relationship_type) for d in unresolved] == [("legacy-svc", "proc", "Serving")]
    text = render_gap_text(gap_between_plateaus(m, "base", "tgt"))
    assert "⚠ still needed by พิจารณาคำขออนุญาต / Handle permit (Serving)" in text


def test_same_plateau_twice_is_an_error():
    with pytest.raises(EaError, match="same plateau"):
        gap_between_plateaus(permit_model(), "Target", "tgt")


def test_gap_json_has_the_documented_keys():
    data = gap_between_plateaus(permit_model(), "base", "tgt").as_json()
    business = data["layers"]["Business"]
    assert set(business) == {"kept", "changed", "new", "eliminated", "dangling_dependencies"}
    proc = next(c for c in business["changed"] if c["id"] == "proc")
    assert proc["what"] == ["relationships"]
    assert proc["relationships"]["added"] == [
        {"id": "r-oss-serves", "type": "Serving", "direction": "in", "other": "oss-svc"}
    ]
    assert data["summary"]["Application"]["new"] == 3
    assert data["baseline"]["plateau"] == "base"


def test_text_matrix_names_things_in_thai_and_english_or_one_language():
    report = gap_between_plateaus(permit_model(), "base", "tgt")
    both = render_gap_text(report)
    assert "Gap analysis: สถาปัตยกรรมปัจจุบัน / Baseline  →  สถาปัตยกรรมเป้าหมาย / Target" in both
    assert "- eliminated  ระบบอนุญาตเดิม / Legacy permit system  [ApplicationComponent legacy]" in both
    assert "+ Serving ← รับคำขอออนไลน์ / Online intake" in both
    thai = render_gap_text(report, "th")
    assert "- eliminated  ระบบอนุญาตเดิม  [ApplicationComponent legacy]" in thai
    assert "Legacy permit system" not in thai
    assert "= kept" not in both and "= kept        ขออนุญาตก่อสร้าง / Building permit" in render_gap_text(
        report, show_kept=True
    )


# ---- two models ----------------------------------------------------------------------------------


def _two_files():
    before, after = Builder(), Builder()
    for b in (before, after):
        b.el("svc", "BusinessService", "Building permit", "ขออนุญาตก่อสร้าง", fee_thb="100")
        b.el("proc", "BusinessProcess", "Handle permit")
        b.rel("r1", "Realization", "proc", "svc")
    after.model.set_property(after.model.element("svc"), "fee_thb", "0")
    before.el("old-app", "ApplicationComponent", "Permit system")
    after.el("app-2", "ApplicationComponent", "permit system")  # another id, same type and name: matched
    after.model.element("proc").name["en"] = "Handle a permit online"
    before.el("gone", "Node", "Old server")
    after.el("fresh", "Node", "New server")
    before.rel("r2", "Serving", "gone", "old-app")
    after.rel("r9", "Serving", "fresh", "app-2")
    return before.model, after.model


def test_gap_between_models_matches_by_id_then_by_type_and_name():
    report = gap_between_models(*_two_files(), "before.xml", "after.xml")
    assert report.matched_by_name == [("old-app", "app-2")]
    business = {c.id: c for c in report.layers[Layer.BUSINESS].changed}
    assert business["svc"].properties == {"fee_thb": ("100", "0")}
    assert business["proc"].name == ("Handle permit", "Handle a permit online")
    app = report.layers[Layer.APPLICATION]
    assert [c.id for c in app.changed] == ["app-2"] and app.changed[0].baseline_id == "old-app"
    assert app.new == [] and app.eliminated == []
    tech = report.layers[Layer.TECHNOLOGY]
    assert tech.new == ["fresh"] and tech.eliminated == ["gone"]
    data = report.as_json()
    assert data["layers"]["Business"]["changed"][0]["properties"] == {"fee_thb": {"from": "100", "to": "0"}}


# ---- compliance delta (the real DGA check) --------------------------------------------------------


def test_compliance_delta_between_plateaus():
    m = permit_model()
    delta = compliance_delta(m, m, baseline_plateau="base", target_plateau="tgt", catalog=DGA)
    (service,) = delta["services"]  # the internal service serves no citizen: not checked
    assert service["id"] == "svc" and service["status"] == "kept"
    assert set(delta["outcomes"]) == {f"O{n}" for n in range(1, 8)}
    for goal, verdicts in service["goals"].items():
        assert verdicts["baseline"] in {"pass", "fail", "warn", "unknown", "n/a"}, goal
    o3 = delta["outcomes"]["O3"]
    assert o3["closed"] + o3["remaining"] + o3["opened"] + o3["retired"] <= 1
    moved = set(service["closed"]) | set(service["remaining"]) | set(service["opened"])
    assert all(c.startswith("O") and "-C" in c for c in moved)


def test_compliance_delta_counts_a_gap_the_target_closes():
    """A service with no digital channel gains one in the target: the O1/O2 gap it had closes."""
    m = permit_model()
    b = Builder(m)
    b.el("web", "ApplicationInterface", "BMA OSS website", channel="web", platform="bma-oss")
    b.rel("r-web", "Serving", "web", "svc")
    b.rel("g-web", "Aggregation", "tgt", "web")
    b.rel("g-web-r", "Aggregation", "tgt", "r-web")
    delta = compliance_delta(m, m, baseline_plateau="base", target_plateau="tgt", catalog=DGA)
    service = delta["services"][0]
    assert service["closed"], service
    for goal, outcome in delta["outcomes"].items():
        closed = [c for c in service["closed"] if c.startswith(f"{goal}-")]
        assert outcome["criteria"]["closed"] == len(closed)


# ---- writing Gap elements back ------------------------------------------------------------------


def test_emit_adds_gaps_associated_with_both_plateaus_and_the_elements():
    m = permit_model()
    report = gap_between_plateaus(m, "base", "tgt")
    gaps = emit_gaps(report)
    assert {g.type for g in gaps} == {"Gap"}
    app_gap = next(g for g in gaps if g.id.endswith("-application"))
    ends = {r.target: r.name["en"] for r in m.outgoing(app_gap.id, {"Association"})}
    assert ends == {
        "base": "baseline",
        "tgt": "target",
        "oss": "new",
        "oss-svc": "new",
        "data": "new",
        "legacy": "eliminated",
        "legacy-svc": "eliminated",
    }
    assert m.property_value(app_gap, "gap_new") == "3"
    assert "Eliminated:\n  - ระบบอนุญาตเดิม / Legacy permit system" in app_gap.documentation["en"]
    assert any(v.name["en"].startswith("Gap analysis") for v in m.views)
    # Emitting again replaces the gaps instead of adding more; the analysis itself is unchanged.
    before = gap_between_plateaus(m, "base", "tgt").as_json()
    emit_gaps(gap_between_plateaus(m, "base", "tgt"))
    assert sum(1 for _ in m.elements(type="Gap")) == len(gaps)
    assert gap_between_plateaus(m, "base", "tgt").as_json()["layers"] == before["layers"]


def test_emit_between_two_models_builds_the_plateaus_in_the_target():
    before, after = _two_files()
    report = gap_between_models(before, after, "before.xml", "after.xml")
    emit_gaps(report)
    base_p, target_p = find_plateau(after, "Baseline: before.xml"), find_plateau(after, "Target: after.xml")
    assert "gone" in after and "r2" in after  # the eliminated concepts are copied in...
    # ...so the two new plateaus reproduce the comparison inside one model.
    again = gap_between_plateaus(after, base_p.id, target_p.id)
    assert again.layers[Layer.TECHNOLOGY].new == ["fresh"]
    assert again.layers[Layer.TECHNOLOGY].eliminated == ["gone"]
    assert after.property_definition_named("fee_thb") is not None


def test_one_rule_finds_baseline_and_target_for_every_command():
    """`ea check`, `ea gap`, `ea review` and the report all read the migration plan through one function."""
    from ea_model import Element, Model, Relationship
    from ea_model.plateaus import baseline_and_target

    m = Model()
    for pid in ("p-target", "p-now", "p-later"):
        m.add_element(Element(id=pid, type="Plateau", name={"en": pid}))
    m.add_element(Element(id="wp", type="WorkPackage", name={"en": "Go digital"}))
    m.add_relationship(Relationship(id="r1", type="Realization", source="wp", target="p-target"))
    assert baseline_and_target(m) == ("p-now", "p-target")  # work packages realize the target
    m.add_relationship(Relationship(id="t1", type="Triggering", source="p-now", target="p-target"))
    m.add_relationship(Relationship(id="t2", type="Triggering", source="p-target", target="p-later"))
    assert baseline_and_target(m) == ("p-now", "p-later")  # an explicit chain of plateaus wins


def test_two_tools_versions_of_archisurance_differ_only_where_the_model_does(tmp_path):
    """Archi's exchange export tags names xml:lang="en"; its native file does not. Same words, same name."""
    from conftest import ARCHIMATE, EXAMPLES

    from ea_model.gap import gap_between_models
    from exporters import read_model

    exported = read_model(EXAMPLES / "archi_archisurance_with-dc-metadata.xml")
    native = read_model(ARCHIMATE / "archi-native" / "Archisurance.archimate")
    report = gap_between_models(exported, native).as_json()
    layers = report["layers"]
    assert sum(len(layer["kept"]) for layer in layers.values()) >= 110
    assert [c for layer in layers.values() for c in layer["changed"] if "name" in c["what"]] == []
    new_types = sorted(native.element(i).type for layer in layers.values() for i in layer["new"])
    assert new_types == ["Grouping", "Resource"]


def test_same_text_ignores_tags_only_when_the_words_agree():
    from ea_model.objects import same_text

    assert same_text({"en": "Customer "}, {"": "Customer"})
    assert same_text({"th": "ลูกค้า", "en": "Customer"}, {"en": "Customer", "th": "ลูกค้า"})
    assert not same_text({"th": "ลูกค้า", "en": "Customer"}, {"th": "ลูกค้า", "en": "Client"})
    assert not same_text({"en": "Customer"}, {"": "Client"})
