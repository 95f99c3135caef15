"""Every command that evaluates dates takes --as-of, so a review pack can be rebuilt as it was on a day."""

from __future__ import annotations

import json

from click.testing import CliRunner
from compliance_builder import ServiceModel

from cli import main
from exporters import write_model


def reviewed_recently(path):
    b = ServiceModel()
    s = b.service("ต่อใบอนุญาต", fee_thb=0, last_reviewed="2025-06-01")
    b.owner(s)
    b.process(s)
    write_model(b.model, path)
    return path


def o1_c7(pack) -> str:
    report = json.loads((pack / "compliance-model.json").read_text(encoding="utf-8"))
    return next(f["verdict"] for f in report["findings"] if f["criterion"] == "O1-C7")


def test_review_as_of_a_day_evaluates_dates_as_of_that_day_and_dates_the_report(tmp_path):
    model = str(reviewed_recently(tmp_path / "m.xml"))
    runner = CliRunner()
    for day in ("2025-09-01", "2027-01-01"):
        result = runner.invoke(main, ["review", model, "--out", str(tmp_path / day), "--as-of", day])
        assert result.exit_code == 0, result.output
    assert o1_c7(tmp_path / "2025-09-01") == "pass"  # reviewed within 12 months of that day
    assert o1_c7(tmp_path / "2027-01-01") == "info"  # no longer
    index = (tmp_path / "2025-09-01" / "report" / "index.html").read_text(encoding="utf-8")
    assert "2025-09-01" in index


def test_the_same_day_gives_the_same_pack(tmp_path):
    model = str(reviewed_recently(tmp_path / "m.xml"))
    runner = CliRunner()
    packs = []
    for n in (1, 2):
        out = tmp_path / f"pack{n}"
        assert runner.invoke(main, ["review", model, "--out", str(out), "--as-of", "2025-09-01"]).exit_code == 0
        packs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert packs[0] == packs[1]


def test_report_and_check_take_as_of_and_refuse_a_bad_date(tmp_path):
    model = str(reviewed_recently(tmp_path / "m.xml"))
    runner = CliRunner()
    result = runner.invoke(main, ["report", model, "--out", str(tmp_path / "site"), "--as-of", "2025-09-01"])
    assert result.exit_code == 0, result.output
    for command in (["check", model], ["review", model, "--out", str(tmp_path / "x")], ["report", model, "--out", "y"]):
        bad = runner.invoke(main, [*command, "--as-of", "2025-13-01"])
        assert bad.exit_code == 2
        assert bad.output.strip().splitlines() == ["ea: error: --as-of '2025-13-01': expected a date YYYY-MM-DD"]
    assert not (tmp_path / "x").exists()
