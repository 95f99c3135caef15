"""`ea gap`, `ea impact` and `ea trace` through the command line (CliRunner)."""

from __future__ import annotations

import json

import pytest
from _analysis_models import Builder, permit_model
from click.testing import CliRunner
from conftest import EXAMPLES

from catalog import bundled_model_path
from cli import main
from exporters import read_model, write_model


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def permit_file(tmp_path):
    path = tmp_path / "permit.xml"
    write_model(permit_model(), path)
    return path


def _run(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


# ---- ea gap --------------------------------------------------------------------------------------


def test_gap_between_two_plateaus_json(runner, permit_file):
    result = _run(
        runner, "gap", permit_file, "--baseline", "Baseline", "--target", "สถาปัตยกรรมเป้าหมาย", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["layers"]["Application"]["new"] == ["data", "oss", "oss-svc"]
    assert data["layers"]["Application"]["eliminated"] == ["legacy", "legacy-svc"]
    assert "proc" in [c["id"] for c in data["layers"]["Business"]["changed"]]
    delta = data["compliance_delta"]
    assert set(delta["outcomes"]) == {f"O{n}" for n in range(1, 8)} and delta["services"][0]["id"] == "svc"


def test_gap_text_in_one_language_and_without_the_compliance_delta(runner, permit_file):
    result = _run(
        runner, "gap", permit_file, "--baseline", "base", "--target", "tgt", "--lang", "en", "--no-compliance"
    )
    assert result.exit_code == 0, result.output
    assert "- eliminated  Legacy permit system  [ApplicationComponent legacy]" in result.output
    assert "ระบบอนุญาตเดิม" not in result.output and "Compliance delta" not in result.output
    with_delta = _run(runner, "gap", permit_file, "--baseline", "base", "--target", "tgt")
    assert "Compliance delta (Digital Government Act outcomes)" in with_delta.output


def test_gap_fail_on_dangling(runner, tmp_path):
    m = permit_model()
    m.remove_relationship("r-oss-serves")  # the process loses its e-service with nothing in its place
    path = tmp_path / "m.xml"
    write_model(m, path)
    result = _run(runner, "gap", path, "--baseline", "base", "--target", "tgt", "--no-compliance", "--fail-on-dangling")
    assert result.exit_code == 1
    assert "⚠ still needed by" in result.output


def test_gap_between_two_files_emits_gaps_into_the_target(runner, tmp_path):
    from ea_model.plateaus import plateau_model

    m = permit_model()
    before, after, out = tmp_path / "before.xml", tmp_path / "after.xml", tmp_path / "gaps.xml"
    write_model(plateau_model(m, "base"), before)
    write_model(plateau_model(m, "tgt"), after)
    result = _run(runner, "gap", before, after, "--format", "json", "--emit", out)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["layers"]["Application"]["eliminated"] == ["legacy", "legacy-svc"]
    assert "Gap elements" in result.stderr
    emitted = read_model(out)
    gaps = list(emitted.elements(type="Gap"))
    assert gaps and "legacy" in emitted  # eliminated elements copied in, aggregated by the baseline plateau
    assert {p.label("en") for p in emitted.elements(type="Plateau")} >= {"Baseline: before.xml", "Target: after.xml"}
    valid = _run(runner, "validate", "--xsd", out)
    assert valid.exit_code == 0, valid.output
    again = _run(
        runner,
        "gap",
        out,
        "--baseline",
        "Baseline: before.xml",
        "--target",
        "Target: after.xml",
        "--format",
        "json",
        "--no-compliance",
    )
    assert json.loads(again.output)["layers"]["Application"]["eliminated"] == ["legacy", "legacy-svc"]


def test_gap_defaults_to_the_models_migration_plan(runner, permit_file):
    result = _run(runner, "gap", permit_file, "--format", "json", "--no-compliance")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["baseline"]["plateau"] == "base" and data["target"]["plateau"] == "tgt"


def test_gap_usage_errors_are_one_line_exit_2(runner, permit_file):
    result = _run(runner, "gap", str(EXAMPLES / "archi_Sample1.xml"))
    assert result.exit_code == 2 and "name the plateaus to compare" in result.stderr
    assert "(plateaus: none)" in result.stderr
    result = _run(runner, "gap", permit_file, "--baseline", "Transition", "--target", "tgt")
    assert result.exit_code == 2 and "no plateau 'Transition'" in result.stderr
    result = _run(runner, "gap", permit_file, "--baseline", "base", "--target", "tgt", "--emit", permit_file)
    assert result.exit_code == 2 and "would overwrite an input model" in result.stderr
    result = _run(runner, "gap", permit_file, permit_file, permit_file)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_gap_on_the_bundled_model(runner):
    if not bundled_model_path().exists():
        pytest.skip("the bundled BMA model is not built yet")
    ids = [p.id for p in read_model(bundled_model_path()).elements(type="Plateau")]
    assert len(ids) >= 2
    result = _run(runner, "gap", "--baseline", ids[0], "--target", ids[1], "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["layers"]["Business"]["changed"] and data["compliance_delta"]["services"]
    assert sum(o["closed"] for o in data["compliance_delta"]["outcomes"].values()) > 0


# ---- ea impact -----------------------------------------------------------------------------------


def test_impact_json_and_depth(runner, permit_file):
    result = _run(runner, "impact", permit_file, "ระบบอนุญาตเดิม", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["element"]["id"] == "legacy"
    assert data["dependents"][0]["id"] == "svc"  # the citizen service first
    assert data["dependents"][0]["path"] == ["legacy", "legacy-svc", "proc", "svc"]
    shallow = json.loads(_run(runner, "impact", permit_file, "legacy", "--depth", "1", "--format", "json").output)
    assert {d["id"] for d in shallow["dependents"]} == {"legacy-svc", "base"}


def test_impact_ambiguous_name_lists_candidates(runner, tmp_path):
    m = permit_model()
    Builder(m).el("legacy-2", "Node", "Legacy permit system")
    path = tmp_path / "m.xml"
    write_model(m, path)
    result = _run(runner, "impact", path, "Legacy permit system")
    assert result.exit_code == 2
    assert "give the id: legacy (ApplicationComponent" in result.stderr and "legacy-2 (Node" in result.stderr
    assert _run(runner, "impact", path, "nothing-like-this").exit_code == 2


def test_impact_on_the_bundled_model_with_one_argument(runner):
    if not bundled_model_path().exists():
        pytest.skip("the bundled BMA model is not built yet")
    m = read_model(bundled_model_path())
    gdx = next(el for el in m.elements(type="ApplicationComponent") if m.property_value(el, "platform") == "gdx")
    result = _run(runner, "impact", gdx.id)
    assert result.exit_code == 0, result.output
    assert "Citizen services affected:" in result.output


# ---- ea trace ------------------------------------------------------------------------------------


def test_trace_json_and_strict(runner, tmp_path):
    m = permit_model()
    b = Builder(m)
    b.el("svc3", "BusinessService", "Street vending licence")
    b.rel("r-svc3-citizen", "Serving", "svc3", "citizen")
    path = tmp_path / "m.xml"
    write_model(m, path)
    result = _run(runner, "trace", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["unlinked_services"] == ["svc3"]
    svc = next(s for s in data["services"] if s["id"] == "svc")
    assert [g["strategy"] for g in svc["strategies"]] == ["B9-9"]
    assert _run(runner, "trace", path, "--strict").exit_code == 1
    text = _run(runner, "trace", path, "--lang", "en").output
    assert "Services with no strategic link: 1" in text


def test_help_for_every_analysis_command(runner):
    for command in ("gap", "impact", "trace"):
        result = _run(runner, command, "--help")
        assert result.exit_code == 0 and "--format" in result.output
