"""SVG of the portfolio matrix. x: technical fit 1-4, y: functional fit 1-4; quadrants per TIME."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from exporters.atomic import atomic_write_text

CELL, MARGIN = 150, 90
COLOURS = {"invest": "#2e7d32", "migrate": "#ef6c00", "tolerate": "#1565c0", "eliminate": "#c62828", None: "#757575"}
QUADRANTS = {  # (technical high, functional high) -> TIME
    (True, True): ("invest", "ลงทุนเพิ่ม"),
    (False, True): ("migrate", "ย้ายระบบ"),
    (True, False): ("tolerate", "คงไว้"),
    (False, False): ("eliminate", "ยกเลิก"),
}


def generate_portfolio_svg(entries: Sequence, *, lang: str = "th") -> str:
    """The matrix for `ea_model.governance.portfolio.PortfolioEntry`s with both fits; others are listed
    below it."""
    size = 4 * CELL
    width, height = size + 2 * MARGIN + 260, size + 2 * MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="Sarabun, Noto Sans Thai, sans-serif" font-size="12">',
        f"<title>{escape('แผนภาพกลุ่มระบบงาน (TIME) / Application portfolio (TIME)')}</title>",
    ]
    for (tech_high, func_high), (time, thai) in QUADRANTS.items():
        x = MARGIN + (2 * CELL if tech_high else 0)
        y = MARGIN + (0 if func_high else 2 * CELL)
        out.append(
            f'<rect x="{x}" y="{y}" width="{2 * CELL}" height="{2 * CELL}" fill="{COLOURS[time]}" fill-opacity="0.08" '
            'stroke="#9e9e9e"/>'
        )
        out.append(
            f'<text x="{x + 8}" y="{y + 18}" font-weight="bold" fill="{COLOURS[time]}">{escape(thai)} / {time}</text>'
        )
    for n in range(1, 5):
        cx = MARGIN + (n - 0.5) * CELL
        out.append(f'<text x="{cx}" y="{MARGIN + size + 20}" text-anchor="middle">{n}</text>')
        out.append(f'<text x="{MARGIN - 14}" y="{MARGIN + size - (n - 0.5) * CELL}" text-anchor="end">{n}</text>')
    out.append(
        f'<text x="{MARGIN + size / 2}" y="{MARGIN + size + 45}" text-anchor="middle">'
        f"{escape('ความเหมาะสมทางเทคนิค / technical fit')}</text>"
    )
    out.append(
        f'<text transform="translate({MARGIN - 50},{MARGIN + size / 2}) rotate(-90)" text-anchor="middle">'
        f"{escape('ความเหมาะสมทางการใช้งาน / functional fit')}</text>"
    )
    cells: dict[tuple[int, int], list] = defaultdict(list)
    unplaced = []
    for e in entries:
        if e.functional_fit and e.technical_fit:
            cells[(e.technical_fit, e.functional_fit)].append(e)
        else:
            unplaced.append(e)
    for (tf, ff), members in sorted(cells.items()):
        for k, e in enumerate(members):
            cx = MARGIN + (tf - 0.5) * CELL
            cy = MARGIN + size - (ff - 0.5) * CELL - (len(members) - 1) * 14 + k * 28
            colour = COLOURS.get(e.time, COLOURS[None])
            label = escape(e.name(lang))
            out.append(
                f"<g><title>{escape(e.id)}: {escape(e.time or '-')}</title>"
                f'<circle cx="{cx}" cy="{cy}" r="9" fill="{colour}" fill-opacity="0.75"/>'
                f'<text x="{cx + 13}" y="{cy + 4}">{label[:40]}</text></g>'
            )
    if unplaced:
        out.append(f'<text x="{MARGIN + size + 30}" y="{MARGIN + 10}" font-weight="bold">')
        out.append(f"{escape('ไม่มีคะแนนความเหมาะสม / no fit scores')}</text>")
        for k, e in enumerate(unplaced):
            out.append(
                f'<text x="{MARGIN + size + 30}" y="{MARGIN + 32 + 18 * k}">'
                f"{escape(e.name(lang)[:36])} ({escape(e.time or '-')})</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_portfolio_svg(entries: Sequence, path: str | Path, *, lang: str = "th") -> Path:
    target = Path(path)
    atomic_write_text(target, generate_portfolio_svg(entries, lang=lang))
    return target
