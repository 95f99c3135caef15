"""The main job: `ea review` writes the governance review pack for the bundled BMA model."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from catalog import bundled_model_path
from cli import main
from ea_model.plateaus import baseline_and_target
from exporters import read_model


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    return out, result


def test_the_pack_holds_every_part(pack):
    out, _ = pack
    for name in (
        "summary.json",
        "validation.json",
        "compliance-baseline.json",
        "compliance-target.json",
        "compliance-baseline.csv",
        "gap.json",
        "gap.txt",
        "traceability.json",
        "report/index.html",
    ):
        assert (out / name).is_file(), name
    assert len(list((out / "report" / "diagrams").glob("service-*.svg"))) >= 30


def test_summary_matches_ea_check_for_both_plateaus(pack):
    out, _ = pack
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["validation"]["error"] == 0
    for state, plateau in zip(
        ("baseline", "target"), baseline_and_target(read_model(bundled_model_path())), strict=True
    ):
        checked = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", "--plateau", plateau])
        goals = json.loads(checked.stdout)["summary"]["goals"]
        for goal, card in summary["scorecards"][state].items():
            assert {k: v for k, v in card.items() if v} == {k: v for k, v in goals[goal]["services"].items() if v}


def test_the_target_closes_no_copies_gaps(pack):
    out, result = pack
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["gap"]["outcomes"]["O3"]["closed"] > 10
    assert summary["scorecards"]["baseline"]["O3"]["fail"] > summary["scorecards"]["target"]["O3"]["fail"]
    assert "No copies of official documents" in result.output
    assert "review pack:" in result.output


def test_review_of_a_model_without_plateaus(tmp_path):
    source = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"
    result = CliRunner().invoke(main, ["review", str(source), "--out", str(tmp_path / "r"), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["states"] == ["model"] and summary["gap"] is None
    assert (tmp_path / "r" / "report" / "index.html").is_file()


def test_review_of_a_missing_file_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["review", str(tmp_path / "nope.xml"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no such file" in result.output
