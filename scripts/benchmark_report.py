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
PEERS = ("pyarchimate", "etcion")  # the Python peers (scripts/bench_peers.sh, scripts/bench_peer_child.py)
PEER_NAMES = {"pyarchimate": "pyArchimate", "etcion": "etcion"}
MIB_PER_GB = 1024  # memory targets in GB are read as GiB; RSS is reported in MiB ("MB")

# The targets of issue 19 ("a lean model core"), by model size. Every figure is from a fresh process.
BASE_N = 200_000
LINEAR = 5.5  # "linear in size" from 200,000 to 1,000,000 elements: at most 5.5x the 200,000 figure
TARGETS_BY_SIZE = {
    200_000: {"import_cold": 2.0, "peak_mb": 1100, "check": 1.2, "gap": 3.0, "export_serialise": 1.5, "impact": 1.0},
    1_000_000: {"import_linear": LINEAR, "peak_mb": 6 * MIB_PER_GB, "check": 6.0, "gap": 15.0, "export_linear": LINEAR},
    2_500_000: {"complete": ("import", "export", "check", "gap"), "peak_mb": 16 * MIB_PER_GB},
}
TARGETS = {"diagrams": 30.0}  # on the bundled BMA model, the whole command
EA_STEPS = ("import", "export", "check", "gap", "impact", "validate")  # whose peak is "ea's peak memory"
DESCRIPTIONS = {
    "parse": "raw `lxml.etree.parse`, file in the page cache",
    "parse-cold": "raw `lxml.etree.parse`, file evicted from the page cache (cold)",
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
PEER_DESCRIPTIONS = {
    "pyarchimate:import": "pyArchimate `Model().read(path)`",
    "pyarchimate:export": "pyArchimate `Model.write(path)` (exchange format)",
    "etcion:import": "etcion `serialization.xml.read_model(path)`",
    "etcion:export": "etcion `serialization.xml.write_model(model, path)`",
}

FLOOR_LABELS = {
    "extract": "(reference) extract: the values alone, fastest lxml interface",
    "extract-iter": "(reference) extract-iter: the values alone, streamed with lines",
    "build": "(reference) build: the model's objects and graph, no checks",
}


def describe(step: str) -> str:
    return DESCRIPTIONS.get(step) or PEER_DESCRIPTIONS.get(step) or step


@dataclass
class StepResult:
    step: str
    runs: list[dict] = field(default_factory=list)
    skipped: str | None = None
    error: str | None = None
    memory_stop: bool = False

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
    seed: int = 1
    peers: dict[str, dict[str, StepResult]] = field(default_factory=dict)  # "full" / "variant" -> step -> result
    peer_versions: dict[str, str] = field(default_factory=dict)
    variant_removed: dict | None = None


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def ea_peak(results: dict[str, StepResult]) -> tuple[float | None, str]:
    """The highest whole-process peak RSS of ea's steps that ran, and which step it was."""
    ran = [(res.peak, step) for step, res in results.items() if step in EA_STEPS and res.runs]
    return max(ran) if ran else (None, "")


def _targets_for(n: int) -> tuple[dict, bool]:
    """The targets at n, and whether they are another size's shown for reference."""
    if n in TARGETS_BY_SIZE:
        return TARGETS_BY_SIZE[n], False
    return TARGETS_BY_SIZE[BASE_N], True


def verdicts(results: dict[str, StepResult], n: int = BASE_N, base: dict[str, StepResult] | None = None):
    """(target, measured, verdict) for each target the results can judge; verdict PASS, MISS or why not.

    `base` is the same run's results at 200,000 elements, for the targets "linear in size"."""
    rows = []
    targets, _ = _targets_for(n)

    def not_measured(*names: str) -> str:
        for name in names:
            res = results.get(name)
            if res is None:
                return f"not measured: {name} was not in --steps"
            if not res.runs:
                return "not measured: " + res.why_not
        return "not measured"

    def ratio(ours: str, ref: str, limit: float, label: str) -> None:
        a, b = results.get(ours), results.get(ref)
        if a and b and a.runs and b.runs:
            value = a.seconds / b.seconds
            rows.append((label, f"{value:.2f}× ({a.seconds:.2f} s vs {b.seconds:.2f} s)", _verdict(value <= limit)))
        elif a or b:
            rows.append((label, "—", not_measured(ours, ref)))

    def linear(step: str, limit: float) -> None:
        label = f"{step} linear in size: ≤ {limit:g}× its time at {BASE_N:,}"
        a, b = results.get(step), (base or {}).get(step)
        if a and a.runs and b and b.runs:
            value = a.seconds / b.seconds
            rows.append((label, f"{value:.2f}× ({a.seconds:.1f} s vs {b.seconds:.1f} s)", _verdict(value <= limit)))
        elif a and a.runs:
            rows.append((label, f"{a.seconds:.1f} s", f"not measured: {BASE_N:,} was not in the same run"))
        elif a:
            rows.append((label, "—", not_measured(step)))

    if "import_cold" in targets:
        ratio("import", "parse-cold", targets["import_cold"], f"import ≤ {targets['import_cold']:g} × cold raw parse")
        ratio("import", "parse", targets["import_cold"], "(reference) import / warm raw parse")
    if "import_linear" in targets:
        linear("import", targets["import_linear"])
    parse = results.get("parse")
    for step, label in FLOOR_LABELS.items():
        floor = results.get(step)
        if floor and parse and floor.runs and parse.runs:
            value = floor.seconds / parse.seconds
            rows.append((label, f"{value:.2f}× ({floor.seconds:.2f} s vs {parse.seconds:.2f} s)", "floor"))
    if "export_serialise" in targets:
        limit = targets["export_serialise"]
        ratio("export", "serialise", limit, f"export ≤ {limit:g} × raw serialisation")
    if "export_linear" in targets:
        linear("export", targets["export_linear"])
    if "peak_mb" in targets:
        label = f"peak memory ≤ {targets['peak_mb']:,} MB (highest whole-process RSS of ea's steps)"
        peak, step = ea_peak(results)
        stopped = [s for s, r in results.items() if s in EA_STEPS and r.memory_stop]
        if stopped:
            rows.append((label, f"> {results[stopped[0]].error.split(' GB')[0].split()[-1]} GB", "MISS"))
        elif peak is not None:
            rows.append((label, f"{peak:,.0f} MB ({step})", _verdict(peak <= targets["peak_mb"])))
        elif any(s in results for s in EA_STEPS):
            rows.append((label, "—", not_measured(*[s for s in EA_STEPS if s in results])))
    for step in ("check", "gap", "impact"):
        if step in targets and step in results:
            res, limit = results[step], targets[step]
            label = f"{step} ≤ {limit:g} s"
            if res.runs:
                rows.append((label, f"{res.seconds:.2f} s", _verdict(res.seconds <= limit)))
            else:
                rows.append((label, "—", not_measured(step)))
    for step in targets.get("complete", ()):
        if step in results:
            res = results[step]
            if res.runs:
                rows.append((f"{step} completes", f"{res.seconds:.1f} s", "PASS"))
            else:
                rows.append((f"{step} completes", "—", "MISS: " + res.why_not if res.error else not_measured(step)))
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


def peer_rows(size: SizeResult) -> list[tuple[str, str, str, str]]:
    """(file, comparison, ea / peer, verdict): ea must be ahead (ratio below 1) on every step."""
    rows = []
    for which, table in size.peers.items():
        ours = size.steps if which == "full" else table
        for peer in PEERS:
            for step in ("import", "export"):
                theirs, mine = table.get(f"{peer}:{step}"), ours.get(step)
                if theirs is None:
                    continue
                name = PEER_NAMES[peer]
                if not theirs.runs:
                    rows.append((which, f"{step} time vs {name}", "—", f"{name} not measured: {theirs.why_not}"))
                    continue
                if not mine or not mine.runs:
                    rows.append((which, f"{step} time vs {name}", "—", "ea not measured"))
                    continue
                value = mine.seconds / theirs.seconds
                measured = f"{value:.2f}× ({mine.seconds:.2f} s vs {theirs.seconds:.2f} s)"
                rows.append((which, f"{step} time vs {name}", measured, _verdict(value < 1)))
                value = mine.peak / theirs.peak
                measured = f"{value:.2f}× ({mine.peak:,.0f} MB vs {theirs.peak:,.0f} MB)"
                rows.append((which, f"{step} peak memory vs {name}", measured, _verdict(value < 1)))
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
                f"| {step} | {describe(step)} | {res.seconds:.2f} | {_fmt(res.peak, '.0f')} | "
                f"{_fmt(res.net, '.0f')} | {len(res.runs)} | {_detail(res)} |"
            )
        else:
            lines.append(f"| {step} | {describe(step)} | — | — | — | 0 | {res.why_not} |")
    return lines


def _sec(res: StepResult | None, base: StepResult | None = None) -> str:
    if not res or not res.runs:
        return "—"
    text = f"{res.seconds:.2f} s" if res.seconds < 1 else f"{res.seconds:.1f} s"
    if base and base.runs:
        text += f" ({res.seconds / base.seconds:.1f}×)"
    return text


def summary_table(sizes: list[SizeResult]) -> list[str]:
    """One row per size: the figures the README quotes."""
    lines = [
        "| elements | relationships | file | raw parse warm / cold | import (× cold parse) | raw serialise "
        "| export (× serialise) | ea's peak memory | check | gap | impact | validate |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        r = size.steps
        peak, _ = ea_peak(r)
        stopped = any(r[s].memory_stop for s in r if s in EA_STEPS)
        memory = "over the limit" if stopped and peak is None else _fmt(peak, ",.0f") + " MB" if peak else "—"
        lines.append(
            f"| {size.n:,} | {size.counts['relationships']:,} | {size.counts['bytes'] / 1e6:,.0f} MB "
            f"| {_sec(r.get('parse'))} / {_sec(r.get('parse-cold'))} "
            f"| {_sec(r.get('import'), r.get('parse-cold'))} | {_sec(r.get('serialise'))} "
            f"| {_sec(r.get('export'), r.get('serialise'))} | {memory} "
            f"| {_sec(r.get('check'))} | {_sec(r.get('gap'))} | {_sec(r.get('impact'))} | {_sec(r.get('validate'))} |"
        )
    return lines


def peer_table(sizes: list[SizeResult]) -> list[str]:
    """ea and each peer on the same file: import and export time, and their peak memory."""
    lines = [
        "| elements | file | tool | import | export | peak memory (import / export) |",
        "|---:|---|---|---:|---:|---:|",
    ]
    any_row = False
    for size in sizes:
        for which, table in size.peers.items():
            ours = size.steps if which == "full" else table
            label = "generated" if which == "full" else "variant¹"
            tools = [("ea", ours.get("import"), ours.get("export"))]
            tools += [(PEER_NAMES[p], table.get(f"{p}:import"), table.get(f"{p}:export")) for p in PEERS]
            for name, imp, exp in tools:
                if imp is None:
                    continue
                any_row = True
                if not imp.runs:
                    why = imp.why_not.replace("|", "/").replace("\n", " ")
                    lines.append(f"| {size.n:,} | {label} | {name} | cannot read it: {why[:160]} | — | — |")
                    continue
                mem = f"{_fmt(imp.peak, ',.0f')} / {_fmt(exp.peak if exp else None, ',.0f')} MB"
                lines.append(f"| {size.n:,} | {label} | {name} | {_sec(imp)} | {_sec(exp)} | {mem} |")
    return lines if any_row else []


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
Measured by `python scripts/benchmark.py --sizes ... --out docs/benchmark.md --readme README.md` (the run
took {minutes:.1f} minutes here); rerun it to reproduce. Every step runs in a fresh Python process, as a user
runs it: the process imports what the step needs, reads the model where the step is not the reading itself
(untimed), then `time.perf_counter` times the step alone. **Time** is the best of the runs. **Peak RSS** is the
process's high-water mark (`VmHWM`, the same measure as `ru_maxrss`, which Linux however carries over from the
parent across fork + exec). **Net RSS** subtracts the RSS the process had after its imports and before touching
the file, so it is the memory the data took. tracemalloc is not used: it cannot see libxml2's memory, so RSS is
the only fair comparison. `serialise` fsyncs its output because `write_exchange` saves atomically.

**Cold raw parse** (`parse-cold`, the reference of the import target): a fresh process imports lxml, then drops
the file's pages from the kernel's page cache (`os.fsync`, then `os.posix_fadvise(fd, 0, 0,
POSIX_FADV_DONTNEED)`: only that file, no privileges), then times `lxml.etree.parse(path)`, so the parse reads
the file from the disk. `parse` is the same with the file in the page cache (warm). Every other step, ours and
the peers', reads a file in the page cache.

**Memory guard**: the parent polls each child's RSS every 0.1 s and stops a child that passes the limit
(`--max-rss-gb`, default 80% of the memory available at the start); a step that would need more than 1.25× the
limit, scaled linearly from the size before, is not run. Targets in GB are read as GiB (MB here is MiB)."""

_MODELS = """\
The models come from `python scripts/generate_model.py N FILE --seed 1`: every ArchiMate layer, Thai and
English names, about four properties and three relationships per element (all allowed by the relationship
table), nested organization folders, five views, and about 5% of the elements a citizen-service landscape
built by the modelling conventions (services with owners, processes, documents and their issuers, channels,
fees, e-payment, identity providers, produced and published data, platforms tagged with catalog ids, strategy
goals, and baseline/target plateaus). The file is streamed with lxml, not written by ea; the generator's own
peak RSS is in each size's heading (it keeps ids as 16 bytes each, not the file)."""

_PEERS = """\
The Python peers read and write the same exchange file, each in its own virtual environment
(`.venv-peers-<name>`, built by `bash scripts/bench_peers.sh`, never the project's locks), one step per fresh
process like ours (`scripts/bench_peer_child.py`): **import** is their documented reader into their model
(pyArchimate `Model().read(path)`; etcion `serialization.xml.read_model(path)`), **export** writes that model
back as an exchange file (pyArchimate `Model.write(path)`; etcion `write_model(model, path)`). Ratios are
ea / peer: below 1 means ea is ahead.

¹ etcion 0.14 cannot read the generated file: its reader builds each element from its name and properties
alone, and its Interaction and Collaboration classes require two or more assigned active-structure elements
at construction, its Gap class both plateaus, so the first such element fails ("BusinessInteraction requires
>= 2 assigned ActiveStructureElement instances, got 0", a pydantic ValidationError) — whatever the size and
whatever the file's Assignment relationships say. So ea and every peer are also measured on a **variant**:
the same file less those seven element types and what refers to them (`scripts/bench_variant.py`)."""


def _label_line(label: str) -> list[str]:
    return [f"**{label}**", ""] if label else []


def report(info: dict, sizes: list[SizeResult], diagrams: StepResult | None, minutes: float, label: str = "") -> str:
    lines = [
        "# Benchmark: speed and memory on large models",
        "",
        *_label_line(label),
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
        "Times in seconds (best run); ratios to the raw lxml step in brackets. Targets (issue 19), at 200,000",
        "elements: import ≤ 2.0× the cold raw parse, ea's peak memory ≤ 1,100 MB, check ≤ 1.2 s, gap ≤ 3 s, export",
        "≤ 1.5× raw serialisation (and impact ≤ 1 s); at 1,000,000: import and export linear in size (≤ 5.5× their",
        "200,000 time), peak memory ≤ 6 GB, check ≤ 6 s, gap ≤ 15 s; at 2,500,000: every step completes, peak",
        "memory ≤ 16 GB. All service diagrams of the bundled model ≤ 30 s.",
        "",
        *summary_table(sizes),
        "",
    ]
    peers = peer_table(sizes)
    if peers:
        versions = next((s.peer_versions for s in sizes if s.peer_versions), {})
        lines += [
            "## Python peers",
            "",
            _PEERS,
            "",
            "Versions: " + "; ".join(f"{PEER_NAMES[p]}: {v}" for p, v in versions.items()) + ".",
            "",
            *peers,
            "",
        ]
    base = next((s.steps for s in sizes if s.n == BASE_N), None)
    for size in sizes:
        c = size.counts
        generated = (
            f", generated in {c['seconds']} s at a peak RSS of {c['peak_rss_mb']:,} MB" if "peak_rss_mb" in c else ""
        )
        _, reference = _targets_for(size.n)
        lines += [
            f"## {size.n:,} elements",
            "",
            f"File: {c['bytes'] / 1e6:,.1f} MB; {c['elements']:,} elements, {c['relationships']:,} relationships, "
            f"{c['views']} views, {c['property_definitions']} property definitions{generated}. Runs: {size.repeat} of "
            "each step, in rounds; times are the best run, memory the highest.",
            "",
            *step_table(size.steps),
            "",
            "`retained_mb`: what the parsed tree or the loaded model still holds once read.",
            "",
            *(["Targets (set for 200,000 elements; shown at this size for reference):", ""] if reference else []),
            "| target | measured | verdict |",
            "|---|---|---|",
            *[f"| {t} | {value} | {verdict} |" for t, value, verdict in verdicts(size.steps, size.n, base)],
            "",
        ]
        if size.peers:
            removed = size.variant_removed
            lines += [
                f"Peers at {size.n:,} elements (ea / peer; ea must be ahead, below 1):",
                "",
                *(
                    [
                        f"The variant¹ has {removed['elements_removed']:,} fewer elements and "
                        f"{removed['relationships_removed']:,} fewer relationships.",
                        "",
                    ]
                    if removed
                    else []
                ),
                "| file | comparison | ea / peer | verdict |",
                "|---|---|---|---|",
                *[f"| {w} | {c_} | {m} | {v.replace('|', '/')[:200]} |" for w, c_, m, v in peer_rows(size)],
                "",
            ]
            for which, table in size.peers.items():
                lines += [f"Peer steps on the {'generated file' if which == 'full' else 'variant¹'}:", ""]
                lines += [*step_table(table), ""]
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
            *[f"| {t} | {value} | {verdict} |" for t, value, verdict in verdicts({"diagrams": diagrams})],
            "",
        ]
    return "\n".join(lines)


README_START = "<!-- benchmark:start (scripts/benchmark.py --readme README.md writes what is between) -->"
README_END = "<!-- benchmark:end -->"


def readme_table(info: dict, sizes: list[SizeResult], label: str = "") -> str:
    """The README's short table: ea per size, then ea against the peers."""
    head = f"{info['nproc']} cores, {info['memory']} RAM (a shared machine), Python {info['python']}; commit "
    head += f"{info['commit']}, {info['date']}; best of the runs"
    lines = [*_label_line(label), head + ":", "", *summary_table(sizes), ""]
    base = next((s.steps for s in sizes if s.n == BASE_N), None)
    for size in sizes:
        if size.n in TARGETS_BY_SIZE:
            rows = [(t, v) for t, _, v in verdicts(size.steps, size.n, base) if not t.startswith("(reference)")]
            lines.append(f"Targets at {size.n:,}: " + "; ".join(f"{t}: **{v.split(':')[0]}**" for t, v in rows) + ".")
            lines.append("")
    peers = peer_table(sizes)
    if peers:
        lines += ["Against the Python peers on the same file (details in docs/benchmark.md):", "", *peers, ""]
        lines.append(
            "¹ etcion 0.14 cannot read any file with an interaction, collaboration or gap (its classes require "
            "their assignments at construction); the variant is the same file without those seven element types."
        )
        lines.append("")
    return "\n".join(lines)


def replace_readme_table(text: str, table: str) -> str:
    if README_START not in text or README_END not in text:
        raise ValueError(f"the README has no {README_START!r} ... {README_END!r} markers")
    before, rest = text.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    return f"{before}{README_START}\n{table}\n{README_END}{after}"


def print_summary(title: str, size: SizeResult, sizes: list[SizeResult]) -> None:
    results = size.steps
    print(f"\n== {title}")
    print(f"{'step':<12} {'time s':>9} {'peak MB':>9} {'net MB':>9}  detail")
    tables = [("", results)] + [(f"{w}:", t) for w, t in size.peers.items()]
    for prefix, table in tables:
        for step, res in table.items():
            name = f"{prefix}{step}" if prefix else step
            if res.runs:
                peak, net = _fmt(res.peak, ".0f"), _fmt(res.net, ".0f")
                print(f"{name:<12} {res.seconds:>9.2f} {peak:>9} {net:>9}  {_detail(res)}")
            else:
                print(f"{name:<12} {'—':>9} {'—':>9} {'—':>9}  {res.why_not[:200]}")
    base = next((s.steps for s in sizes if s.n == BASE_N), None)
    _, reference = _targets_for(size.n) if size.n else ({}, False)
    if reference and size.n:
        print(f"  (targets set for {BASE_N:,} elements, shown for reference)")
    for label, value, verdict in verdicts(results, size.n or BASE_N, base):
        if verdict in ("PASS", "MISS", "floor"):
            print(f"  {verdict:<5} {label}: {value}")
        else:
            print(f"  {'—':<5} {label}: {verdict[:200]}")
    for which, comparison, value, verdict in peer_rows(size):
        v = verdict if verdict in ("PASS", "MISS") else "—"
        print(f"  {v:<5} ea {comparison} ({which} file): {value if v != '—' else verdict[:200]}")
