"""`ea merge`: three-way merge by concept and by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog import bundled_model_path
from cli import main
from ea_model import Element, Model, Relationship
from ea_model.diff import diff_models, merge_models
from exporters import read_model, write_model
from exporters.exchange.schema import validate_xsd


def three():
    return tuple(read_model(bundled_model_path()) for _ in range(3))


def test_one_sided_and_same_changes() -> None:
    base, ours, theirs = three()
    ours.element("id-actor-bma").name["th"] = "กทม."
    theirs.element("id-actor-bma").name["en"] = "BMA"  # the same concept, another language: no conflict
    for m in (ours, theirs):
        m.element("id-actor-bma-governor").documentation["en"] = "Elected."  # the same change twice
    theirs.views[1].nodes[0].bounds.w += 20
    result = merge_models(base, ours, theirs)
    assert result.clean
    merged = result.model
    assert merged.element("id-actor-bma").name == {"th": "กทม.", "en": "BMA"}
    assert merged.element("id-actor-bma-governor").documentation["en"] == "Elected."
    assert merged.views[1].nodes[0].bounds.w == base.views[1].nodes[0].bounds.w + 20
    assert diff_models(merged, merge_models(base, theirs, ours).model).empty


def test_conflicts_take_ours_or_theirs() -> None:
    base, ours, theirs = three()
    ours.element("id-actor-bma").name["en"] = "ours"
    theirs.element("id-actor-bma").name["en"] = "theirs"
    result = merge_models(base, ours, theirs)
    [c] = result.conflicts
    assert (c.id, c.field, c.ours, c.theirs) == ("id-actor-bma", "name[en]", "ours", "theirs")
    assert result.model.element("id-actor-bma").name["en"] == "ours"
    assert merge_models(base, ours, theirs, prefer="theirs").model.element("id-actor-bma").name["en"] == "theirs"


def test_modified_here_deleted_there_and_dangling_references() -> None:
    base = Model()
    base.add_element(Element(id="a", type="BusinessActor", name={"en": "Clerk"}))
    base.add_element(Element(id="r", type="BusinessRole", name={"en": "Registrar"}))
    ours, theirs = Model(), Model()
    for m in (ours, theirs):
        m.add_element(Element(id="a", type="BusinessActor", name={"en": "Clerk"}))
    ours.add_element(Element(id="r", type="BusinessRole", name={"en": "Registrar"}))
    ours.add_relationship(Relationship(id="ar", type="Assignment", source="a", target="r"))  # theirs deleted r
    result = merge_models(base, ours, theirs)
    assert "r" in result.model and "ar" in result.model  # restored from ours, and said so
    assert any(c.id == "ar" and "deleted" in c.reason for c in result.conflicts)
    result = merge_models(base, ours, theirs, prefer="theirs")
    assert "r" not in result.model and "ar" not in result.model


def test_merge_that_breaks_a_rule_takes_ours() -> None:
    base = Model()
    base.add_element(Element(id="a", type="BusinessActor", name={"en": "Clerk"}))
    base.add_element(Element(id="r", type="BusinessRole", name={"en": "Registrar"}))
    base.add_relationship(Relationship(id="ar", type="Assignment", source="a", target="r"))
    ours, theirs = (Model(), Model())
    for m in (ours, theirs):
        m.add_element(Element(id="a", type="BusinessActor", name={"en": "Clerk"}))
    ours.add_element(Element(id="r", type="BusinessRole", name={"en": "Registrar"}))
    theirs.add_element(Element(id="r", type="BusinessObject", name={"en": "Registrar"}))  # retyped: breaks ar
    theirs.add_relationship(Relationship(id="ar", type="Association", source="a", target="r"))
    ours.add_relationship(Relationship(id="ar", type="Assignment", source="a", target="r"))
    result = merge_models(base, ours, theirs)
    from ea_model import metamodel

    rel = result.model.relationship("ar")
    ends = [result.model.element(e).type for e in (rel.source, rel.target)]
    assert metamodel.is_allowed(rel.type, *ends)


def test_cli_merge_writes_valid_files(tmp_path: Path) -> None:
    base, ours, theirs = three()
    ours.element("id-actor-bma").name["en"] = "ours"
    theirs.element("id-actor-bma").name["en"] = "theirs"
    theirs.element("id-svc-bldg-permit").name["th"] = "ใหม่"
    paths = []
    for name, m in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths.append(str(tmp_path / f"{name}.archimate"))
        write_model(m, paths[-1])
    out, conflicts = tmp_path / "out.xml", tmp_path / "conflicts.json"
    done = CliRunner().invoke(main, ["merge", *paths, "--out", str(out), "--conflicts", str(conflicts)])
    assert done.exit_code == 1, done.output
    assert "CONFLICT element id-actor-bma" in done.output
    assert json.loads(conflicts.read_text())[0]["field"].startswith("name")
    assert validate_xsd(out) == []
    assert read_model(out).element("id-svc-bldg-permit").name


def disjoint_edits_written(tmp_path: Path) -> list[str]:
    """base, ours (an English name) and theirs (a Thai name elsewhere) of the bundled model, as files."""
    base, ours, theirs = three()
    ours.element("id-actor-bma").name["en"] = "ours only"
    theirs.element("id-svc-bldg-permit").name["th"] = "ชื่อจากอีกฝั่ง"
    paths = []
    for name, m in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths.append(str(tmp_path / f"{name}.xml"))
        write_model(m, paths[-1])
    return paths


def test_a_merged_model_the_schema_refuses_is_not_written(tmp_path: Path, monkeypatch) -> None:
    """Should the merged document fail the XSD check, OUT gets ours (read again from its file, as the
    merge no longer holds it) and the refusal is a conflict: exit 1, one line."""
    import exporters.exchange.identity as identity

    paths = disjoint_edits_written(tmp_path)
    real = identity.check_document
    monkeypatch.setattr(
        identity, "check_document", lambda data: ["refused"] if "ชื่อจากอีกฝั่ง".encode() in data else real(data)
    )
    out = tmp_path / "out.xml"
    done = CliRunner().invoke(main, ["merge", *paths, "--out", str(out)])
    assert done.exit_code == 1, done.output
    assert "(the merged model)" in done.output and "refused" in done.output
    written = read_model(out)
    assert written.element("id-actor-bma").name["en"] == "ours only"
    assert written.element("id-svc-bldg-permit").name["th"] != "ชื่อจากอีกฝั่ง"


def test_cli_merge_clean_keeps_format(tmp_path: Path) -> None:
    path = str(bundled_model_path())
    out = tmp_path / "m.archimate"
    done = CliRunner().invoke(main, ["merge", path, path, path, "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_bytes()[:2] == b"PK" or out.read_bytes().lstrip().startswith(b"<?xml")
    bad = CliRunner().invoke(main, ["merge", path, path, str(tmp_path / "nope.xml"), "--out", str(out)])
    assert bad.exit_code == 2 and "ea: error:" in bad.output


@pytest.mark.parametrize("prefer", ["ours", "theirs"])
def test_duplicate_ids_are_resolved(prefer: str) -> None:
    base, ours, theirs = Model(), Model(), Model()
    ours.add_element(Element(id="x", type="BusinessActor", name={"en": "A"}))
    theirs.add_element(Element(id="y", type="BusinessActor", name={"en": "B"}))
    theirs.add_element(Element(id="z", type="BusinessActor", name={"en": "C"}))
    theirs.add_relationship(Relationship(id="x", type="Association", source="y", target="z"))
    result = merge_models(base, ours, theirs, prefer=prefer)
    assert any(c.field == "id" for c in result.conflicts)
    assert "x" in result.model


def test_merging_leaves_no_cyclic_garbage_for_the_paused_collector() -> None:
    """merge_models runs with the collector paused (a large model is millions of objects), so anything
    cyclic it drops stays in memory until the merge ends: at 200,000 elements that was over 10 GB."""
    import gc

    base, ours, theirs = (read_model(bundled_model_path()) for _ in range(3))
    el = next(iter(ours.elements()))
    el.name["th"] = "ชื่อใหม่"
    gc.collect()
    gc.disable()
    try:
        result = merge_models(base, ours, theirs)
        assert result.model.element(el.id).name["th"] == "ชื่อใหม่"
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_large_merge_is_checked_in_a_second_process_and_written(tmp_path: Path, monkeypatch) -> None:
    """Above BACKGROUND_CHECK_ABOVE the schema check runs beside the read-back (here: every merge)."""
    import ea_cli.versioning as versioning

    monkeypatch.setattr(versioning, "BACKGROUND_CHECK_ABOVE", 0)
    paths = disjoint_edits_written(tmp_path)
    out = tmp_path / "out.xml"
    done = CliRunner().invoke(main, ["merge", *paths, "--out", str(out)])
    assert done.exit_code == 0, done.output
    written = read_model(out)
    assert written.element("id-actor-bma").name["en"] == "ours only"
    assert written.element("id-svc-bldg-permit").name["th"] == "ชื่อจากอีกฝั่ง"
    assert validate_xsd(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.xml", "ours.xml", "out.xml", "theirs.xml"]


def test_the_background_check_reports_what_the_schemas_refuse(tmp_path: Path) -> None:
    from exporters.exchange.identity import BackgroundCheck

    good = tmp_path / "good.xml"
    write_model(read_model(bundled_model_path()), good)
    bad = tmp_path / "bad.xml"
    data = good.read_bytes()
    first = data.index(b'source="') + len(b'source="')
    bad.write_bytes(data[:first] + b"id-nowhere" + data[data.index(b'"', first) :])
    assert BackgroundCheck(good).result() == []
    problems = BackgroundCheck(bad).result()
    assert problems and all("id-nowhere" in p for p in problems)
