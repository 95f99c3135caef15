"""`ea trend` and the report's trend: the DGA scorecard per revision of a model file in a real git
repository (three commits of the bundled model, each edit changing known verdicts)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog import bundled_model_path, load_dga_catalog
from cli import main
from ea_model.trend import Revision, build_trend, format_trend_table
from exporters import read_model, write_model
from exporters.report import write_report
from exporters.report.trend import trend_chart

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")

# The edits, as the check reads the baseline plateau: the PromptPay QR no longer serves the waste-fee
# service (O6 e-Payment: a warn becomes a fail), then the LandsMaps app no longer serves the land and
# building tax (O1 better services: a warn becomes a fail).
EDITS = [
    ("the bundled model", None),
    ("waste fee: no PromptPay QR", "id-rel-2d832d5cf7ec"),
    ("land tax: no LandsMaps app channel", "id-rel-e58eb456c1d3"),
]
DATES = ["2024-01-01T10:00:00+00:00", "2024-02-01T10:00:00+00:00", "2024-03-01T10:00:00+00:00"]


def _git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Architect",
        "GIT_AUTHOR_EMAIL": "architect@example.org",
        "GIT_COMMITTER_NAME": "Architect",
        "GIT_COMMITTER_EMAIL": "architect@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A git repository with three commits of the bundled model, in models/bma.xml."""
    root = tmp_path_factory.mktemp("history")
    _git(root, "init", "-q", "-b", "main")
    (root / "models").mkdir()
    path = root / "models" / "bma.xml"
    model = read_model(bundled_model_path())
    for (subject, removed), date in zip(EDITS, DATES, strict=True):
        if removed:
            model.remove_relationship(removed)
        write_model(model, path)
        _git(root, "add", "models/bma.xml")
        _git(root, "commit", "-q", "-m", subject, date=date)
    return root


def _trend(*args: str) -> dict:
    result = CliRunner().invoke(main, ["trend", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_three_commits_give_three_scorecards_that_differ_as_the_commits_do(repo):
    data = _trend(str(repo / "models" / "bma.xml"))
    revisions = data["revisions"]
    assert [r["subject"] for r in revisions] == [subject for subject, _ in EDITS]  # oldest first
    assert [r["date"][:10] for r in revisions] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert all(r["author"] == "Architect" and len(r["revision"]) == 40 for r in revisions)
    assert {r["plateau"] for r in revisions} == {"id-plateau-baseline"}  # each checked as of its baseline
    assert {r["services"] for r in revisions} == {33}
    first, second, third = (r["scorecard"] for r in revisions)
    assert (second["O6"]["fail"], second["O6"]["warn"]) == (first["O6"]["fail"] + 1, first["O6"]["warn"] - 1)
    assert {g for g in first if first[g] != second[g]} == {"O6"}
    assert (third["O1"]["fail"], third["O1"]["warn"]) == (second["O1"]["fail"] + 1, second["O1"]["warn"] - 1)
    assert {g for g in second if second[g] != third[g]} == {"O1"}
    assert data["goals"] == [f"O{n}" for n in range(1, 8)]


def test_rev_and_since_select_commits(repo):
    path = str(repo / "models" / "bma.xml")
    assert [r["subject"] for r in _trend(path, "--rev", "HEAD~1..HEAD")["revisions"]] == [EDITS[2][0]]
    assert [r["subject"] for r in _trend(path, "--since", "2024-01-15")["revisions"]] == [EDITS[1][0], EDITS[2][0]]
    only = _trend(path, "--goal", "o6", "--rev", "HEAD~2..HEAD~1")
    assert only["goals"] == ["O6"] and list(only["revisions"][0]["scorecard"]) == ["O6"]


def test_text_table_has_a_row_per_revision(repo):
    result = CliRunner().invoke(main, ["trend", str(repo / "models" / "bma.xml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["revision", "date", "services", "O1"]
    rows = [line for line in lines[1:4]]
    assert [row.split()[1] for row in rows] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert rows[2].endswith("land tax: no LandsMaps app channel")


@pytest.mark.parametrize(
    ("where", "args", "message"),
    [
        ("outside", [], "not in a git repository"),
        ("repo", ["--rev", "nosuch..HEAD"], "git log: "),
        ("uncommitted", [], "no commit touched this file"),
    ],
)
def test_errors_are_one_line_naming_the_file(repo, tmp_path, where, args, message):
    if where == "outside":
        path = tmp_path / "bma.xml"
        shutil.copy(bundled_model_path(), path)
    elif where == "uncommitted":
        path = repo / "models" / "draft.xml"
        shutil.copy(bundled_model_path(), path)
    else:
        path = repo / "models" / "bma.xml"
    try:
        result = CliRunner().invoke(main, ["trend", str(path), *args])
    finally:
        if where == "uncommitted":
            path.unlink()
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], result.output


def test_the_library_builds_and_renders_a_trend():
    class Result:  # what build_trend reads of a ComplianceResult
        def __init__(self, fails: int) -> None:
            self.goals, self.services, self.plateau = ["O6"], [object()] * 4, None
            self.fails = fails

        def scorecard(self):
            return {"O6": {"fail": self.fails, "warn": 0, "unknown": 0, "pass": 4 - self.fails, "n/a": 0}}

    revisions = [
        Revision("a" * 40, "2024-01-01T00:00:00+00:00", "A", "one"),
        Revision("b" * 40, "2024-02-01", "B", "two"),
    ]
    trend = build_trend(zip(revisions, [Result(1), Result(3)], strict=True))
    assert trend.series("O6", "fail") == [1, 3] and trend.series("O6", "pass") == [3, 1]
    assert trend.to_json()["revisions"][1]["short"] == "bbbbbbb"
    table = format_trend_table(trend)
    assert "aaaaaaa   2024-01-01" in table and "1/0/0/3" in table and "3/0/0/1" in table
    svg = str(trend_chart(trend, "O6"))
    assert svg.count("<circle") == 2 + 1 and svg.count("<rect") == 2 + 1  # a marker per point, and the legend's
    assert 'stroke-dasharray="5 3"' in svg and ">aaaaaaa<" in svg


def test_the_report_shows_the_trend_when_the_model_is_in_git(repo, tmp_path):
    write_report(read_model(repo / "models" / "bma.xml"), tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="trend" id="trend" data-revisions="3"' in html
    outcomes = [o.id for o in load_dga_catalog().outcomes]
    for goal in outcomes:
        assert f'<figure class="trend-chart" data-goal="{goal}">' in html
    assert html.count('class="trend-svg"') == len(outcomes)


def test_the_report_has_no_trend_outside_git(tmp_path):
    path = tmp_path / "bma.xml"
    shutil.copy(bundled_model_path(), path)
    write_report(read_model(path), tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="trend"' not in html and "trend-svg" not in html
