"""The governance review pack: everything an EA Governance meeting takes, for one model, in one folder.

    review/
      summary.json            the headline numbers (also printed by `ea review`)
      validation.json         metamodel errors and hygiene findings
      compliance-<state>.json/.csv/.txt   the DGA check, per plateau (or for the whole model)
      gap.json, gap.txt       baseline vs target gap matrix and compliance delta (two plateaus)
      traceability.json       services to BMA strategies and National Strategy pillars
      report/index.html       the static site the board opens in a browser
      report/diagrams/*.svg   per-service review diagrams (today and planned), landscape, strategy map
      report/pack.html        with a PDF asked for: the page printed to it (exporters/report/pdf.py)

The analyses and their order are `ea_model.review`; this module writes their results, and the report,
as the pipeline's last step.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path

from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.formatting import format_csv, format_table
from ea_model.gap.text import render_gap_text
from ea_model.governance.waivers import review_waivers
from ea_model.model import Model
from ea_model.review import Progress, Review, ReviewSummary, run_review
from ea_model.traceability import StrategyKind
from exporters.atomic import atomic_write_text
from exporters.report.governance import Registers
from exporters.report.pdf import PackPage, print_pack
from exporters.report.pdf import Progress as PdfProgress
from exporters.report.site import write_report

WRITE_STEP = "drawing the diagrams and writing the governance report"
PDF_STEP = "printing the review pack to PDF with Chromium"


def _write_json(path: Path, data) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_pack(
    review: Review, out_dir: str | os.PathLike, governance: Registers | None = None, *, pack_page: bool = False
) -> ReviewSummary:
    """Write the results of `review` and the governance report into `out_dir`; returns the summary,
    with the files it names. `governance` (the registers beside the model) adds the report's governance
    page, waived findings and decision records; `pack_page` the report's `pack.html` (see `write_pdf`)."""
    out, lang, summary = Path(out_dir), review.lang, review.summary
    out.mkdir(parents=True, exist_ok=True)
    findings = [f.as_json() for f in review.findings]
    _write_json(out / "validation.json", {"findings": findings, "summary": summary.validation})
    summary.files["validation"] = "validation.json"
    for label, result in review.compliance.items():
        _write_json(out / f"compliance-{label}.json", result.to_json(lang))
        atomic_write_text(out / f"compliance-{label}.csv", format_csv(result, lang, _waived(result, governance)))
        atomic_write_text(out / f"compliance-{label}.txt", format_table(result, lang) + "\n")
        summary.files[f"compliance-{label}"] = f"compliance-{label}.json"
    if review.gap is not None:
        _write_json(out / "gap.json", review.gap.as_json(lang))
        atomic_write_text(out / "gap.txt", render_gap_text(review.gap, lang) + "\n")
        summary.files["gap"] = "gap.json"
    _write_json(out / "traceability.json", review.traced.as_json(review.model, lang))
    summary.files["traceability"] = "traceability.json"
    index = write_report(
        review.model,
        out / "report",
        lang=lang,
        today=review.today,
        governance=governance,
        pack=pack_page,
        findings=review.findings,
    )
    summary.files["report"] = str(Path(index).relative_to(out))
    diagrams = sorted((out / "report" / "diagrams").glob("*.svg"))
    summary.files["diagrams"] = f"report/diagrams/ ({len(diagrams)} SVG)"
    _write_json(out / "summary.json", summary.as_json())
    return summary


def _waived(result, governance: Registers | None) -> dict[int, str]:
    """Finding position -> the waiver covering it, as of the registers' day (for the CSV's waiver column)."""
    if governance is None or not governance.waivers:
        return {}
    keys = [(f.criterion, f.service) if f.verdict in ("fail", "warn", "unknown") else None for f in result.findings]
    return review_waivers(keys, governance.waivers, governance.as_of).waived


def write_pdf(
    summary: ReviewSummary, out_dir: str | os.PathLike, pdf: str | os.PathLike, progress: PdfProgress | None = None
) -> list[PackPage]:
    """Print the pack `write_pack(..., pack_page=True)` wrote in `out_dir` to the file `pdf` (one A4 page per
    section: the executive summary, each citizen service, the gap matrix, the roadmap) and name it in
    `summary.json`. Returns the pages printed."""
    out = Path(out_dir)
    pages = print_pack(out / "report" / "pack.html", pdf, progress=progress)
    summary.files["pdf"] = f"{pdf} ({len(pages)} A4 pages)"
    _write_json(out / "summary.json", summary.as_json())
    return pages


def write_review_pack(
    model: Model,
    out_dir: str | os.PathLike,
    *,
    catalog: DgaCatalog,
    strategy_kinds: Mapping[str, StrategyKind],
    lang: str = "th",
    progress: Progress | None = None,
    today: dt.date | None = None,
    governance: Registers | None = None,
    pdf: str | os.PathLike | None = None,
    pdf_progress: PdfProgress | None = None,
) -> ReviewSummary:
    """The whole pipeline: `ea_model.review.run_review`, then `write_pack` as its last step. `today` is the
    date the checks evaluate as of (and the report's date), so the same model and day give the same pack.
    `governance`: the registers beside the model, for the report (see `write_pack`). `pdf`: also print the
    pack to this PDF file (`write_pdf`, after the report), `pdf_progress` following the printing."""
    steps = [(WRITE_STEP, lambda review: write_pack(review, out_dir, governance, pack_page=pdf is not None))]
    if pdf is not None:
        steps.append((PDF_STEP, lambda review: write_pdf(review.summary, out_dir, pdf, pdf_progress)))
    review = run_review(
        model,
        catalog=catalog,
        strategy_kinds=strategy_kinds,
        lang=lang,
        progress=progress,
        then=steps,
        today=today,
    )
    return review.summary


def format_governance_note(registers: Registers, out_dir: str | os.PathLike) -> str:
    """One line for the `ea review` summary: what the report's governance page shows."""
    expired = sum(1 for w in registers.waivers if w.expires < registers.as_of)
    return (
        f"governance: {len(registers.waivers)} waivers ({expired} expired), {len(registers.lifecycle)} lifecycle "
        f"entries, {len(registers.decisions)} decision records -> {Path(out_dir) / 'report' / 'governance.html'}"
    )
