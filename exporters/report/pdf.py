"""The review pack as one PDF: the report's `pack.html` printed by headless Chromium.

    >>> from exporters.report.pdf import print_pack
    >>> pages = print_pack("review/report/pack.html", "review.pdf")    # doctest: +SKIP
    >>> [p.section for p in pages][:2]                                  # doctest: +SKIP
    ['summary', 'service']

Each section of `pack.html` is one A4 page (report.css, `@media print`). Before printing, the page is
laid out as on paper (print media, the width of A4 inside its margins) and a section whose text leaves
its diagrams too little room, or that is simply long, is scaled down (CSS zoom) until it fits its page,
so the PDF has exactly one page per section and nothing is cut. Fonts are embedded by Chromium (the
Thai text in the report's font stack: the TLWG fonts on a machine set up by scripts/install.sh).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ea_model.errors import EaError
from exporters.atomic import atomic_write_bytes
from exporters.chromium import Chromium

__all__ = ["PackPage", "print_pack"]

Progress = Callable[[int, int, str], None]  # (done, total, what is being done)

MM = 96 / 25.4  # CSS pixels per millimetre
PRINT_WIDTH_MM = 210 - 2 * 12  # A4 less report.css's @page side margins
PRINT_TIMEOUT = 180.0  # printing the BMA pack takes a few seconds; a slow machine gets room

_READY = """(async () => {
  await document.fonts.ready;
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  return [...document.querySelectorAll('[data-pack-section]')].map(
    s => s.dataset.packSection + (s.dataset.service ? ':' + s.dataset.service : ''));
})()"""

# Two diagrams side by side or one above the other, whichever draws the smaller of them larger.
_ARRANGE = """(() => {
  for (const fill of document.querySelectorAll('.pack-fill')) {
    const images = [...fill.querySelectorAll('img')].filter(img => img.naturalWidth && img.naturalHeight);
    if (images.length !== 2) continue;
    const w = fill.clientWidth, h = fill.clientHeight;
    const smallest = (boxW, boxH) => Math.min(...images.map(
      img => Math.min(boxW / img.naturalWidth, boxH / img.naturalHeight)));
    fill.classList.toggle('stacked', smallest(w, h / 2) > smallest(w / 2, h));
  }
})()"""

# Section `i` at the largest zoom (CSS zoom, so the text re-flows) at which its content fits its page,
# found by bisection; its height is kept at one page in the zoomed units. Returns the zoom and whether
# the section fits.
_FIT = """((i) => {
  const s = document.querySelectorAll('[data-pack-section]')[i];
  const page = s.offsetHeight;
  const fits = () => s.scrollHeight <= s.clientHeight + 1;
  const scale = (z) => { s.style.zoom = String(z); s.style.height = `${page / z}px`; };
  if (fits()) return {zoom: 1, fits: true};
  let lo = 0.05, hi = 1;
  for (let round = 0; round < 12; round++) {
    const mid = (lo + hi) / 2;
    scale(mid);
    if (fits()) lo = mid; else hi = mid;
  }
  scale(lo);
  return {zoom: lo, fits: fits()};
})"""


@dataclass(frozen=True)
class PackPage:
    """One page of the PDF: the section it shows (`summary`, `service`, `gap`, `roadmap`), the service's
    id for a service page, and the scale it was printed at (1.0: as designed)."""

    section: str
    service: str | None
    zoom: float


def print_pack(
    pack_html: str | os.PathLike, out_pdf: str | os.PathLike, *, progress: Progress | None = None
) -> list[PackPage]:
    """Print `pack_html` (written by `write_report(..., pack=True)`) to `out_pdf`, atomically; returns
    the pages in order. Raises EaError when Chromium is missing (saying how to install it) or fails."""
    page_file = Path(pack_html)
    if not page_file.is_file():
        raise EaError("the review pack page is missing (write the report with pack=True)", file=str(page_file))
    tell = progress or (lambda done, total, what: None)
    with Chromium.started(timeout=PRINT_TIMEOUT) as browser:
        tell(0, 1, "opening the review pack in Chromium")
        browser.open(page_file)
        browser.call("Emulation.setEmulatedMedia", media="print")
        width = round(PRINT_WIDTH_MM * MM)
        browser.call("Emulation.setDeviceMetricsOverride", width=width, height=1100, deviceScaleFactor=1, mobile=False)
        sections = browser.js(_READY)
        browser.js(_ARRANGE)
        total = len(sections) + 1
        pages = []
        for i, label in enumerate(sections):
            tell(i + 1, total, f"fitting page {i + 1} of {len(sections)}")
            fitted = browser.js(f"{_FIT}({i})")
            if not fitted["fits"]:
                raise EaError(
                    f"page {i + 1} ({label}) of the review pack does not fit one A4 page", file=str(page_file)
                )
            section, _, service = label.partition(":")
            pages.append(PackPage(section, service or None, round(fitted["zoom"], 3)))
        tell(total - 1, total, "printing to PDF")
        data = browser.pdf()
    try:
        atomic_write_bytes(out_pdf, data)
    except OSError as exc:
        raise EaError(f"cannot write the PDF: {exc.strerror or exc}", file=str(out_pdf)) from None
    tell(total, total, f"wrote {Path(out_pdf).name}")
    return pages
