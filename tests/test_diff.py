"""`ea diff`: semantic compare of two models (ea_model.diff and the command)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog import bundled_model_path, load_dga_catalog
from cli import main
from ea_model import Element, Model, Relationship
from ea_model.diff import diff_models, render_markdown, render_text
from ea_model.gap.delta import compliance_delta
from exporters import read_model, write_model

DATA = Path(__file__).parent / "data" / "archimate"


@pytest.fixture(scope="module")
def bma() -> Model:
    return read_model(bundled_model_path())


def test_same_model_has_no_differences(bma: Model) -> None:
    assert diff_models(bma, read_model(bundled_model_path())).empty


def test_field_by_field(bma: Model, tmp_path: Path) -> None:
    new = read_model(bundled_model_path())
    new.element("id-svc-bldg-permit").name["th"] = "ชื่อใหม่"
    new.set_property(new.element("id-actor-bma"), "owner", "x")
    new.views[0].nodes[0].bounds.x += 10
    d = diff_models(bma, new)
    changed = {c.id: c for c in d.changed}
    assert [f.field for f in changed["id-svc-bldg-permit"].fields] == ["name[th]"]
    assert changed["id-svc-bldg-permit"].fields[0].new == "ชื่อใหม่"
    assert [(f.field, f.old, f.new) for f in changed["id-actor-bma"].fields] == [("property owner", None, "x")]
    assert changed[new.views[0].id].fields[0].field == "nodes moved or resized"
    assert d.summary()["Business"] == {"added": 0, "changed": 2, "removed": 0}
    text = render_text(d)
    assert text.index("Plan:") < text.index("Business") < text.index("~ element")
    assert "| Business | 0 | 2 | 0 |" in render_markdown(d)


def test_language_tag_and_whitespace_are_no_change() -> None:
    a, b = Model(), Model()
    a.add_element(Element(id="e", type="BusinessActor", name={"": "Clerk"}, documentation={"en": "Does  things"}))
    b.add_element(Element(id="e", type="BusinessActor", name={"en": "Clerk "}, documentation={"en": "Does  things\n"}))
    assert diff_models(a, b).empty


def test_id_change_matched_by_type_and_name_and_risks() -> None:
    a, b = Model(), Model()
    for m, suffix in ((a, ""), (b, "-2")):
        m.add_element(Element(id="actor" + suffix, type="BusinessActor", name={"en": "Clerk"}))
        m.add_element(Element(id="role", type="BusinessRole", name={"en": "Registrar"}))
    a.add_element(Element(id="gone", type="BusinessObject", name={"en": "Form"}))
    a.add_relationship(Relationship(id="acc", type="Association", source="role", target="gone"))
    b.add_element(Element(id="data", type="DataObject", name={"en": "Record"}))
    b.add_relationship(Relationship(id="bad", type="Serving", source="data", target="role"))  # not allowed
    d = diff_models(a, b)
    renamed = [c for c in d.changed if c.old_id]
    assert [(c.old_id, c.id) for c in renamed] == [("actor", "actor-2")]
    kinds = {r.kind: r for r in d.risks}
    assert "Registrar" in kinds["removed-still-referenced"].message
    assert kinds["relationship-not-allowed"].id == "bad"


def test_dga_verdict_changes_are_risks(bma: Model) -> None:
    new = read_model(bundled_model_path())
    for rel in [r for r in new.relationships() if r.source == "id-svc-bldg-permit" or r.target == "id-svc-bldg-permit"]:
        if rel.id in new:
            new.remove_relationship(rel.id)
    d = diff_models(bma, new, dga_delta=lambda a, b: compliance_delta(a, b, catalog=load_dga_catalog()))
    assert any(r.kind == "dga-verdict" for r in d.risks)


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    path = str(bundled_model_path())
    assert _run("diff", path, path, "--no-compliance").exit_code == 0
    m = read_model(path)
    m.element("id-actor-bma").name["en"] = "BMA"
    m.remove_element("id-actor-bma-council")
    write_model(m, tmp_path / "new.xml")
    done = _run("diff", path, str(tmp_path / "new.xml"), "--format", "json", "--no-compliance")
    assert done.exit_code == 1
    data = json.loads(done.output)
    assert {"id": "id-actor-bma-council", "type": "BusinessActor", "kind": "element"}.items() <= data["removed"][
        0
    ].items()
    assert any(c["id"] == "id-actor-bma" and c["fields"][0]["field"] == "name[en]" for c in data["changed"])
    assert data["risks"][0]["kind"] == "removed-still-referenced"
    bad = _run("diff", path, str(tmp_path / "missing.xml"))
    assert bad.exit_code == 2 and "ea: error:" in bad.output and "Traceback" not in bad.output


def test_across_formats_lists_what_the_format_cannot_carry(tmp_path: Path) -> None:
    sample = read_model(DATA / "archi-native" / "Archisurance.archimate")
    write_model(sample, tmp_path / "a.xml")
    again = read_model(tmp_path / "a.xml")
    d = diff_models(sample, again)
    assert not d.added and not d.removed
    write_model(sample, str(tmp_path / "csv") + "/")
    csv = diff_models(sample, read_model(tmp_path / "csv"))
    assert {c.kind for c in csv.removed} <= {"view", "organization", "property-definition"}  # no views, folders
    assert not [c for c in csv.added if c.kind in ("element", "relationship")]
