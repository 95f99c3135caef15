"""The report's trend: the scorecard per revision of the model file in git, and a small line chart per
outcome (services passing and failing), drawn here as SVG markup, no script.

The chart reads in grey print: the two lines differ by dash and marker (circle: pass, square: fail),
each point carries its number, and the legend is in the drawing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup, escape

from ea_model.compliance.criteria import DgaCatalog
from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.trend import Trend, check_revisions
from exporters.history import model_history, repository_of

REVISIONS_SHOWN = 12  # the most recent commits a report charts
WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 24, 22, 30
# verdict -> (label, dash pattern, marker)
LINES = (("pass", "", "circle"), ("fail", "5 3", "square"))


def model_trend(model: Model, catalog: DgaCatalog, today: dt.date | None = None) -> Trend | None:
    """The trend of the file `model` was read from, when it is committed in a git work tree with two
    revisions or more; None otherwise (no file, no git, one revision, a revision that does not read)."""
    if not model.source or not Path(model.source).is_file() or repository_of(model.source) is None:
        return None
    try:
        history = model_history(model.source, max_count=REVISIONS_SHOWN)
        trend = check_revisions(history, catalog=catalog, today=today)
    except EaError:
        return None
    return trend if len(trend.points) >= 2 else None


def trend_chart(trend: Trend, goal: str) -> Markup:
    """A line chart of the services passing and failing `goal`, per revision (oldest left)."""
    points = trend.points
    top = max([1] + [p.services for p in points])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + i * step, 1)

    def y(n: int) -> float:
        return round(TOP + plot_h - plot_h * n / top, 1)

    title = f"{goal}: services passing and failing per revision"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" data-goal="{escape(goal)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{y(0)}" x2="{WIDTH - RIGHT}" y2="{y(0)}" stroke="#555" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{y(0)}" stroke="#555" stroke-width="1"/>',
        f'<text x="{LEFT - 4}" y="{y(0) + 4}" text-anchor="end" font-size="10">0</text>',
        f'<text x="{LEFT - 4}" y="{y(top) + 4}" text-anchor="end" font-size="10">{top}</text>',
    ]
    for i, p in enumerate(points):
        label = escape(p.revision.short)
        parts.append(f'<text x="{x(i)}" y="{HEIGHT - 12}" text-anchor="middle" font-size="9">{label}</text>')
    for n, (verdict, dash, marker) in enumerate(LINES):
        parts += _series(trend.series(goal, verdict), verdict, dash, marker, x, y)
        lx = LEFT + n * 80
        parts.append(_marker(marker, lx + 4, 10, verdict))
        parts.append(f'<text x="{lx + 12}" y="{14}" font-size="10">{verdict}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _series(values: list[int], verdict: str, dash: str, marker: str, x, y) -> list[str]:
    coords = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    out = [
        f'<polyline class="trend-{verdict}" data-verdict="{verdict}" points="{coords}" fill="none" '
        f'stroke="#222" stroke-width="1.5"{dashed}/>'
    ]
    for i, v in enumerate(values):
        out.append(_marker(marker, x(i), y(v), verdict))
        dy = -6 if verdict == "pass" else 13
        out.append(
            f'<text x="{x(i)}" y="{round(y(v) + dy, 1)}" text-anchor="middle" font-size="9" '
            f'data-verdict="{verdict}">{v}</text>'
        )
    return out


def _marker(kind: str, cx: float, cy: float, verdict: str) -> str:
    if kind == "circle":
        return f'<circle cx="{cx}" cy="{cy}" r="3" fill="#fff" stroke="#222" data-verdict="{verdict}"/>'
    return f'<rect x="{cx - 3}" y="{cy - 3}" width="6" height="6" fill="#222" data-verdict="{verdict}"/>'
