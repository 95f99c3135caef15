"""Results, verdicts and the markdown report of scripts/benchmark.py (docs/benchmark.md)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPACT_PLATFORM = "dopa-linkage"
# Absolute targets in seconds (at 200,000 elements; diagrams on the bundled model).
TARGETS = {"check": 2.0, "gap": 5.0, "impact": 1.0, "diagrams": 30.0}
DESCRIPTIONS = {
    "parse": "raw `lxml.etree.parse`",
    "extract": "values only, parser target (floor)",
    "extract-iter": "values only, iterparse (floor)",
    "build": "objects + graph, no checks (floor)",
    "import": "`read_exchange` (ours)",
    "serialise": "raw lxml `tree.write` + fsync",
    "export": "`write_exchange` (ours)",
    "check": "`compliance.check_model`",
    "gap": "`gap_between_plateaus`",
    "impact": f"`impact` of the {IMPACT_PLATFORM} platform",
    "validate": "`validate_model`",
    "diagrams": "`ea diagram --out DIR`, whole command",
}

FLOOR_LABELS = {
    "extract": "(reference) extract: the values alone, fastest lxml interface",
    "extract-iter": "(reference) extract-iter: the values alone, streamed with lines",
    "build": "(reference) build: the model's objects and graph, no checks",
}


@dataclass
class StepResult:
    step: str
    runs: list[dict] = field(default_factory=list)
    skipped: str | None = None
    error: str | None = None

    @property
    def best(self) -> dict | None:
        return min(self.runs, key=lambda r: r["seconds"]) if self.runs else None

    @property
    def seconds(self) -> float | None:
        return self.best["seconds"] if self.runs else None

    @property
    def peak(self) -> float | None:
        return max(r["peak_rss_mb"] for r in self.runs) if self.runs else None

    @property
    def net(self) -> float | None:
        """Peak RSS above the interpreter and imports: the step's data (and its setup's, where it has one)."""
        return max(r["peak_rss_mb"] - r["import_rss_mb"] for r in self.runs) if self.runs else None

    @property
    def why_not(self) -> str:
        return self.skipped or self.error or "no run"


@dataclass
class SizeResult:
    n: int
    counts: dict
    repeat: int
    steps: dict[str, StepResult]


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def verdicts(results: dict[str, StepResult]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target the results can judge; verdict PASS, MISS or why not."""
    rows = []

    def ratio(ours: str, ref: str, limit: float, label: str) -> None:
        a, b = results.get(ours), results.get(ref)
        if a and b and a.runs and b.runs:
            value = a.seconds / b.seconds
            rows.append((label, f"{value:.2f}× ({a.seconds:.2f} s vs {b.seconds:.2f} s)", _verdict(value <= limit)))
        elif a or b:
            rows.append((label, "—", "not measured: " + (a.why_not if a and not a.runs else b.why_not if b else "")))

    ratio("import", "parse", 1.5, "import ≤ 1.5 × raw parse")
    parse = results.get("parse")
    for step, label in FLOOR_LABELS.items():
        floor = results.get(step)
        if floor and parse and floor.runs and parse.runs:
            value = floor.seconds / parse.seconds
            rows.append((label, f"{value:.2f}× ({floor.seconds:.2f} s vs {parse.seconds:.2f} s)", "floor"))
    ratio("export", "serialise", 2.0, "export ≤ 2 × raw serialisation")
    ours, ref = results.get("import"), results.get("parse")
    if ours and ref and ours.runs and ref.runs:
        measured = f"{ours.net:.0f} MB vs {ref.net:.0f} MB"
        rows.append(("import peak memory ≤ the parsed lxml tree's (net RSS)", measured, _verdict(ours.net <= ref.net)))
    for step, limit in TARGETS.items():
        res = results.get(step)
        if res is None:
            continue
        label = f"{step} ≤ {limit:g} s"
        if res.runs:
            rows.append((label, f"{res.seconds:.2f} s", _verdict(res.seconds <= limit)))
        else:
            rows.append((label, "—", "not measured: " + res.why_not))
    return rows


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _detail(res: StepResult) -> str:
    return ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in res.best["detail"].items())


def step_table(results: dict[str, StepResult]) -> list[str]:
    lines = [
        "| step | what | time (s) | peak RSS (MB) | net RSS (MB) | runs | result |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for step, res in results.items():
        if res.runs:
            lines.append(
                f"| {step} | {DESCRIPTIONS[step]} | {res.seconds:.2f} | {_fmt(res.peak, '.0f')} | "
                f"{_fmt(res.net, '.0f')} | {len(res.runs)} | {_detail(res)} |"
            )
        else:
            lines.append(f"| {step} | {DESCRIPTIONS[step]} | — | — | — | 0 | {res.why_not} |")
    return lines


def summary_table(sizes: list[SizeResult]) -> list[str]:
    """One row per size: the figures the README quotes."""
    lines = [
        "| elements | relationships | file | raw parse | import | raw serialise | export | net RSS lxml tree / ours "
        "| check | gap | impact | validate |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def sec(step: str, results: dict[str, StepResult], ref: str | None = None) -> str:
        res = results.get(step)
        if not res or not res.runs:
            return "—"
        text = f"{res.seconds:.2f} s" if res.seconds < 1 else f"{res.seconds:.1f} s"
        base = results.get(ref) if ref else None
        if base and base.runs:
            text += f" ({res.seconds / base.seconds:.1f}×)"
        return text

    for size in sizes:
        r = size.steps
        parse, imp = r.get("parse"), r.get("import")
        memory = f"{_fmt(parse.net if parse else None, '.0f')} / {_fmt(imp.net if imp else None, '.0f')} MB"
        lines.append(
            f"| {size.n:,} | {size.counts['relationships']:,} | {size.counts['bytes'] / 1e6:.0f} MB "
            f"| {sec('parse', r)} "
            f"| {sec('import', r, 'parse')} | {sec('serialise', r)} | {sec('export', r, 'serialise')} | {memory} "
            f"| {sec('check', r)} | {sec('gap', r)} | {sec('impact', r)} | {sec('validate', r)} |"
        )
    return lines


def machine_info() -> dict:
    import lxml.etree as etree

    info = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "nproc": os.cpu_count()}
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        info["memory"] = f"{int(meminfo[0].split()[1]) / 2**20:.1f} GiB"
        cpu = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        info["cpu"] = cpu[0] if cpu else platform.processor()
        info["load"] = Path("/proc/loadavg").read_text().split()[2]  # 15-minute load average
    except OSError:
        info["memory"], info["cpu"], info["load"] = "?", platform.processor(), "?"
    info["python"] = platform.python_version()
    info["lxml"] = (
        ".".join(map(str, etree.LXML_VERSION[:3])) + " (libxml2 " + ".".join(map(str, etree.LIBXML_VERSION)) + ")"
    )
    from importlib.metadata import PackageNotFoundError, version

    for package in ("pydantic", "networkx"):
        try:
            info[package] = version(package)
        except PackageNotFoundError:
            info[package] = "?"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT)
    info["commit"] = (commit.stdout.strip() or "?") + (" + uncommitted changes" if dirty.stdout.strip() else "")
    return info


_METHOD = """\
Measured by `python scripts/benchmark.py --out docs/benchmark.md` (the run took {minutes:.1f} minutes here);
rerun it to reproduce. Every step runs in a fresh Python process, as a user runs it: the process imports what
the step needs, reads the model where the step is not the reading itself (untimed), then `time.perf_counter`
times the step alone. **Time** is the best of the runs. **Peak RSS** is the process's high-water mark (`VmHWM`,
the same measure as `ru_maxrss`, which Linux however carries over from the parent across fork + exec). **Net
RSS** subtracts the RSS the process had after its imports and before touching the file (the interpreter + lxml
for the raw lxml steps; the interpreter + lxml, pydantic, networkx and ea for ours), so it is the memory the
data took: the tree for `parse`, the model (and the reader's working memory) for `import`, and the loaded model
plus the step for the others. tracemalloc is not used: it cannot see libxml2's memory, so RSS is the only fair
comparison. `serialise` fsyncs its output because `write_exchange` saves atomically (write, fsync, rename)."""

_MODELS = """\
The models come from `python scripts/generate_model.py N FILE --seed 1`: every ArchiMate layer, Thai and
English names, about four properties and three relationships per element (all allowed by the relationship
table), nested organization folders, five views, and about 5% of the elements a citizen-service landscape
built by the modelling conventions (services with owners, processes, documents and their issuers, channels,
fees, e-payment, identity providers, produced and published data, platforms tagged with catalog ids, strategy
goals, and baseline/target plateaus). The file is streamed with lxml, not written by ea."""


def report(info: dict, sizes: list[SizeResult], diagrams: StepResult | None, minutes: float) -> str:
    lines = [
        "# Benchmark: speed and memory on large models",
        "",
        _METHOD.format(minutes=minutes),
        "",
        f"Machine: {info['cpu']}, {info['nproc']} cores, {info['memory']} RAM (shared; 15-minute load average "
        f"{info['load']} at the end of the run); Python {info['python']}, lxml {info['lxml']}, "
        f"pydantic {info['pydantic']}, networkx {info['networkx']}; commit {info['commit']}; {info['date']}.",
        "",
        _MODELS,
        "",
        "## Summary",
        "",
        "Times in seconds (best run); ratios to the raw lxml step in brackets. The targets are set for 200,000",
        "elements: import ≤ 1.5× raw parse, export ≤ 2× raw serialisation, import's net RSS ≤ the lxml tree's,",
        "check ≤ 2 s, gap ≤ 5 s, impact ≤ 1 s; and all service diagrams of the bundled model ≤ 30 s.",
        "",
        *summary_table(sizes),
        "",
    ]
    for size in sizes:
        c = size.counts
        lines += [
            f"## {size.n:,} elements",
            "",
            f"File: {c['bytes'] / 1e6:.1f} MB; {c['elements']:,} elements, {c['relationships']:,} relationships, "
            f"{c['views']} views, {c['property_definitions']} property definitions. Runs: {size.repeat} of each step, "
            "in rounds; times are the best run, memory the highest.",
            "",
            *step_table(size.steps),
            "",
            "`retained_mb`: what the parsed tree or the loaded model still holds once read.",
            "",
            *(
                []
                if size.n == 200_000
                else ["Targets (set for 200,000 elements; shown at this size for reference):", ""]
            ),
            "| target | measured | verdict |",
            "|---|---|---|",
            *[f"| {label} | {value} | {verdict} |" for label, value, verdict in verdicts(size.steps)],
            "",
        ]
    if diagrams is not None:
        lines += [
            "## Diagrams",
            "",
            "All per-service review diagrams of the bundled BMA model, timed as the whole command (start-up, loading",
            "and rendering with Graphviz).",
            "",
            *step_table({"diagrams": diagrams}),
            "",
            "| target | measured | verdict |",
            "|---|---|---|",
            *[f"| {label} | {value} | {verdict} |" for label, value, verdict in verdicts({"diagrams": diagrams})],
            "",
        ]
    return "\n".join(lines)


def print_summary(title: str, results: dict[str, StepResult]) -> None:
    print(f"\n== {title}")
    print(f"{'step':<10} {'time s':>9} {'peak MB':>9} {'net MB':>9}  detail")
    for step, res in results.items():
        if res.runs:
            peak, net = _fmt(res.peak, ".0f"), _fmt(res.net, ".0f")
            print(f"{step:<10} {res.seconds:>9.2f} {peak:>9} {net:>9}  {_detail(res)}")
        else:
            print(f"{step:<10} {'—':>9} {'—':>9} {'—':>9}  {res.why_not}")
    for label, value, verdict in verdicts(results):
        if verdict in ("PASS", "MISS", "floor"):
            print(f"  {verdict:<5} {label}: {value}")
        else:
            print(f"  {'—':<5} {label}: {verdict}")
