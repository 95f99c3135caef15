#!/usr/bin/env python3
"""The governance report at scale: generate a model (scripts/generate_model.py), build its report with
`ea report` in a fresh process, and measure in headless Chromium (the tests' DevTools driver,
exporters/chromium.py) what a reader waits for, opened from file:// as a reader opens it:

- first contentful paint of the overview (`index.html`), the first and the largest element index page,
  and a view page (best of `--runs`, each a fresh navigation);
- search as you type in the model-wide search box: a Thai word typed one character at a time, the time
  from each keystroke (the `input` event) to the results drawn (the next frame after the list changes);
  no page loads the search index before the reader focuses the box, so the first keystroke, typed right
  after focusing, includes most of loading it;
- the report folder's size (files, MB, the largest page, the search index).

    python scripts/bench_report.py --size 50000 --readme README.md

`--readme` writes the figures between the report-bench markers in README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.chromium import Chromium, ChromiumError, chromium_path  # noqa: E402

README_START = "<!-- report-bench:start (scripts/bench_report.py --readme README.md writes what is between) -->"
README_END = "<!-- report-bench:end -->"
QUERY_CHARS = 8  # keystrokes typed
PARTS = {  # what the folder's megabytes are, by the first part of a file's name
    "elements": "the element index",
    "service": "the service pages",
    "diagrams/": "diagrams/ (the SVG files)",
    "print.html": "print.html",
    "gap.html": "gap.html",
    "search": "the search index",
}

FIRST_PAINT = """(() => {
  const paint = performance.getEntriesByType('paint');
  const fcp = paint.find(p => p.name === 'first-contentful-paint') || paint.find(p => p.name === 'first-paint');
  const nav = performance.getEntriesByType('navigation')[0];
  return {fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
})()"""

# Stamp each keystroke as it arrives (capture phase, before the search box's own handler).
STAMP = """(() => { window.__keyAt = null;
  document.addEventListener('input', () => { window.__keyAt = performance.now(); }, true); })()"""

# After a keystroke: wait until the list shows the box's text, then for the frame that draws it.
SHOWN = """new Promise(resolve => {
  const form = document.getElementById('ea-search'), input = form.elements.q;
  (function poll() {
    if (form.dataset.query === input.value.trim()) {
      requestAnimationFrame(() => setTimeout(() => resolve({ms: performance.now() - window.__keyAt,
        total: Number(form.dataset.total), shown: document.querySelectorAll('#ea-search-results li').length})));
    } else setTimeout(poll, 1);
  })();
})"""


def run(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, **kwargs)
    return time.perf_counter() - start


def folder_size(folder: Path) -> dict:
    files = [p for p in folder.rglob("*") if p.is_file()]
    sizes = {p: p.stat().st_size for p in files}
    pages = {p: s for p, s in sizes.items() if p.suffix == ".html"}
    largest = max(pages, key=pages.get)
    index = folder / "assets" / "search-index.js"
    parts = {name: 0.0 for name in PARTS.values()}
    for path, bytes_ in sizes.items():
        kind = "diagrams/" if path.parent.name == "diagrams" else path.name.split("-")[0]
        parts[PARTS.get(kind, "the rest")] = parts.get(PARTS.get(kind, "the rest"), 0.0) + bytes_ / 1e6
    return {
        "parts": parts,
        "files": len(files),
        "pages": len(pages),
        "mb": sum(sizes.values()) / 1e6,
        "largest_page": largest.name,
        "largest_page_mb": pages[largest] / 1e6,
        "search_index_mb": index.stat().st_size / 1e6,
        "element_pages": sorted(p.name for p in pages if p.name.startswith("elements-")),
        "view_pages": sorted(p.name for p in pages if p.name.startswith("view-")),
    }


def first_paint(chrome: Chromium, page: Path, runs: int) -> dict:
    seen = []
    for _ in range(runs):
        chrome.open_blank()
        chrome.open(page)
        time.sleep(0.2)  # paint entries are queued just after load
        seen.append(chrome.js(FIRST_PAINT))
    best = min(seen, key=lambda r: r["fcp"] or float("inf"))
    return {"page": page.name, "mb": page.stat().st_size / 1e6, **best}


def thai_query(folder: Path) -> str:
    """A Thai word many names share: the most frequent first word of the Thai names."""
    text = (folder / "assets" / "search-index.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") : text.rindex("}") + 1])
    words: dict[str, int] = {}
    for item in data["items"]:
        first = item[1].split(" ")[0]
        if first and any("\u0e00" <= ch <= "\u0e7f" for ch in first):
            words[first] = words.get(first, 0) + 1
    return max(words, key=lambda w: (words[w], w))[:QUERY_CHARS]


def search_as_you_type(chrome: Chromium, index_page: Path, query: str, runs: int) -> dict:
    firsts, later, hits = [], [], None
    for _ in range(runs):
        chrome.open_blank()
        chrome.open(index_page)
        chrome.js(STAMP)
        if chrome.js("window.eaSearchIndex !== undefined"):
            raise SystemExit(f"{index_page.name} loaded the search index before the reader searched")
        # the reader clicks into the box (which starts loading the index) and types at once
        chrome.js("document.querySelector('#ea-search input').focus() || true")
        for n, ch in enumerate(query):
            chrome.call("Input.insertText", text=ch)
            shown = chrome.js(SHOWN)
            (firsts if n == 0 else later).append(shown["ms"])
            hits = shown
    return {
        "query": query,
        "first_ms": min(firsts),
        "keystroke_median_ms": statistics.median(later),
        "keystroke_max_ms": max(later),
        "hits": hits["total"],
        "shown": hits["shown"],
    }


def measure_browser(folder: Path, runs: int) -> dict:
    try:
        chromium_path()
    except ChromiumError as exc:
        raise SystemExit(str(exc)) from None
    size = folder_size(folder)
    pages = [folder / "index.html", folder / size["element_pages"][0]]
    largest = max(size["element_pages"], key=lambda name: (folder / name).stat().st_size)
    if largest != size["element_pages"][0]:
        pages.append(folder / largest)
    if size["view_pages"]:
        pages.append(folder / max(size["view_pages"], key=lambda name: (folder / name).stat().st_size))
    with tempfile.TemporaryDirectory(prefix="ea-bench-chromium-") as profile:
        chrome = Chromium(Path(profile))
        try:
            paints = [first_paint(chrome, page, runs) for page in pages]
            search = search_as_you_type(chrome, folder / "index.html", thai_query(folder), runs)
            heap = chrome.js("performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null")
        finally:
            chrome.close()
    return {"size": size, "paints": paints, "search": search, "heap_mb": heap}


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    try:
        chromium = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True)
    except ChromiumError:
        chromium = subprocess.CompletedProcess([], 1, "", "")
    return (
        f"{os.cpu_count()} cores, load average {load:.1f}, Python {platform.python_version()}, "
        f"{chromium.stdout.strip() or 'Chromium'}; commit {commit.stdout.strip()}, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )


def markdown(n: int, build_s: float, result: dict, about: str) -> str:
    size, search = result["size"], result["search"]
    lines = [
        f"**The report of a {n:,}-element model** (`python scripts/bench_report.py --size {n}`; {about}): "
        f"`ea report` took {build_s:.0f} s and wrote {size['files']:,} files, **{size['mb']:,.0f} MB** "
        f"({size['pages']:,} pages; the largest, `{size['largest_page']}`, {size['largest_page_mb']:.1f} MB; "
        f"the search index {size['search_index_mb']:.1f} MB, loaded only when the reader searches). "
        "Of the megabytes: "
        + ", ".join(f"{name} {mb:,.0f}" for name, mb in sorted(size["parts"].items(), key=lambda kv: -kv[1]))
        + ". In headless Chromium from file://, best of the runs:",
        "",
        "| page | size | first contentful paint | DOM ready | loaded |",
        "|---|---:|---:|---:|---:|",
    ]
    for p in result["paints"]:
        lines.append(
            f"| `{p['page']}` | {p['mb']:.1f} MB | {p['fcp']:.0f} ms | {p['dcl']:.0f} ms | {p['load']:.0f} ms |"
        )
    lines += [
        "",
        f"Search as you type (`{search['query']}`, {len(search['query'])} keystrokes, {search['hits']:,} matches, "
        f"the first {search['shown']} listed): the first keystroke, typed right after focusing the box, "
        f"{search['first_ms']:.0f} ms (loading the index included), each further one "
        f"{search['keystroke_median_ms']:.0f} ms (median; at most "
        f"{search['keystroke_max_ms']:.0f} ms), from the keystroke to the results drawn.",
    ]
    return "\n".join(lines)


def replace_readme(path: Path, table: str) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    path.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=50_000, help="elements in the generated model (default 50000)")
    parser.add_argument("--runs", type=int, default=3, help="navigations per measurement (best is kept)")
    parser.add_argument("--work", type=Path, help="folder for the model and the report (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="keep a model and report already in --work")
    parser.add_argument("--readme", type=Path, help="write the figures between the markers in this README")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ea-bench-report-") as temp:
        work = args.work or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        model, report = work / f"model-{args.size}.xml", work / f"report-{args.size}"
        if not (args.reuse and model.exists()):
            run([sys.executable, "scripts/generate_model.py", str(args.size), str(model), "--quiet"])
        timing = work / f"report-{args.size}.seconds"  # the build's time, for a --reuse run
        if not (args.reuse and (report / "index.html").exists() and timing.exists()):
            build_s = run([sys.executable, "-m", "cli", "report", str(model), "--out", str(report)])
            timing.write_text(f"{build_s:.1f}\n")
        build_s = float(timing.read_text())
        about = machine()
        result = measure_browser(report, args.runs)
    text = markdown(args.size, build_s, result, about)
    print(text)
    print(json.dumps({k: v for k, v in result.items() if k != "size"} | {"build_s": build_s}, indent=1))
    if args.readme:
        replace_readme(args.readme, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
