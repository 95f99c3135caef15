"""The Digital Government Act scorecard over a model's history: one scorecard per revision.

Where the revisions come from (git, for `ea trend`) is the caller's business: this module takes
(revision, model) or (revision, result) pairs, oldest first, and returns data.

    >>> trend = check_revisions(history, catalog=load_dga_catalog())  # doctest: +SKIP
    >>> [p.scorecard["O6"]["fail"] for p in trend.points]  # doctest: +SKIP
    [0, 1, 1]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.evaluation import GOAL_VERDICTS, ComplianceResult, check_model
from ea_model.model import Model
from ea_model.plateaus import default_plateau

# the verdict columns of the text table, with their one-letter headings
TABLE_VERDICTS = (("fail", "F"), ("warn", "W"), ("unknown", "U"), ("pass", "P"))
_SUBJECT_WIDTH = 40


@dataclass(frozen=True)
class Revision:
    """One revision of a model file: a commit id, its date (ISO 8601), author and subject line."""

    id: str
    date: str
    author: str = ""
    subject: str = ""

    @property
    def short(self) -> str:
        return self.id[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass(frozen=True)
class TrendPoint:
    """The scorecard of one revision: {goal: {verdict: number of services}}."""

    revision: Revision
    services: int
    scorecard: dict[str, dict[str, int]]
    plateau: str | None = None  # the plateau the revision was checked as of (its baseline), if any

    def to_json(self) -> dict[str, Any]:
        r = self.revision
        return {
            "revision": r.id,
            "short": r.short,
            "date": r.date,
            "author": r.author,
            "subject": r.subject,
            "plateau": self.plateau,
            "services": self.services,
            "scorecard": self.scorecard,
        }


@dataclass(frozen=True)
class Trend:
    """Scorecards per revision, oldest first."""

    goals: list[str]
    points: list[TrendPoint]

    def series(self, goal: str, verdict: str) -> list[int]:
        """The number of services with `verdict` on `goal`, per revision."""
        return [p.scorecard.get(goal, {}).get(verdict, 0) for p in self.points]

    def to_json(self) -> dict[str, Any]:
        return {"goals": self.goals, "verdicts": list(GOAL_VERDICTS), "revisions": [p.to_json() for p in self.points]}


def build_trend(checked: Iterable[tuple[Revision, ComplianceResult]]) -> Trend:
    """The trend of already-checked revisions (oldest first)."""
    points: list[TrendPoint] = []
    goals: list[str] = []
    for revision, result in checked:
        goals = goals or list(result.goals)
        points.append(TrendPoint(revision, len(result.services), result.scorecard(), result.plateau))
    return Trend(goals, points)


def check_revisions(
    history: Iterable[tuple[Revision, Model]],
    *,
    catalog: DgaCatalog,
    goals: list[str] | None = None,
    today: dt.date | None = None,
) -> Trend:
    """Check each revision's model (as of its baseline plateau when it has a migration plan, else whole)
    and return the trend. `today` is the date every revision is evaluated as of."""
    return build_trend(
        (revision, check_model(m, goals=goals, catalog=catalog, plateau=default_plateau(m), today=today))
        for revision, m in history
    )


def format_trend_table(trend: Trend) -> str:
    """One row per revision, oldest first: short id, date, services, and per outcome fail/warn/unknown/pass."""
    key = "/".join(letter for _, letter in TABLE_VERDICTS)
    cells = {p.revision.id: [_cell(p, g) for g in trend.goals] for p in trend.points}
    widths = [max([len(g)] + [len(cells[p.revision.id][i]) for p in trend.points]) for i, g in enumerate(trend.goals)]
    header = ["revision", "date      ", "services"] + [g.ljust(w) for g, w in zip(trend.goals, widths, strict=True)]
    lines = ["  ".join(header + ["subject"])]
    for p in trend.points:
        row = [p.revision.short.ljust(8), p.revision.day.ljust(10), str(p.services).rjust(8)]
        row += [c.ljust(w) for c, w in zip(cells[p.revision.id], widths, strict=True)]
        lines.append("  ".join(row + [_shorten(p.revision.subject)]).rstrip())
    lines += ["", f"per outcome: services {key} (fail/warn/unknown/pass); n/a not counted"]
    return "\n".join(lines) + "\n"


def _cell(point: TrendPoint, goal: str) -> str:
    counts = point.scorecard.get(goal, {})
    return "/".join(str(counts.get(v, 0)) for v, _ in TABLE_VERDICTS)


def _shorten(text: str) -> str:
    return text if len(text) <= _SUBJECT_WIDTH else text[: _SUBJECT_WIDTH - 1] + "…"
