#!/usr/bin/env python3
"""Speed and memory of ea on large generated models, step by step, each step in a fresh process.

    python scripts/benchmark.py                                  # 20,000 and 200,000 elements
    python scripts/benchmark.py --sizes 20000 --steps parse,import
    python scripts/benchmark.py --out docs/benchmark.md          # also write the markdown report

For each size it generates a model with scripts/generate_model.py (cached in --workdir) and runs
every step as a user would: a new Python process that imports what it needs, reads the file
(untimed, when the step is not the reading itself), then times the step alone with
`time.perf_counter`. The child reports its wall time and its peak RSS (VmHWM: `ru_maxrss` would
include the parent's, which Linux carries across fork + exec); "net" memory subtracts the RSS the
same process had after its imports (interpreter + libraries), so lxml and ea are each charged only
for their own data. tracemalloc is not used: it cannot see libxml2's memory, so RSS is the only
measure that compares the two fairly. Progress goes to stderr, the tables to stdout.

Steps and targets (at 200,000 elements):
  parse      raw `lxml.etree.parse` of the file                    (reference)
  extract    only pull out the file's values, through lxml's fastest interface (a parser target)
  extract-iter  the same through iterparse, as ea's reader streams (it alone gives each line)
  build      the model's objects and graph from those values, no checks    (these three are
             references: floors of any reader on lxml; see scripts/bench_floor.py)
  import     `exporters.exchange.read_exchange`                     <= 1.5 x parse; peak net RSS <= parse's
  serialise  lxml `tree.write` of the parsed tree to a file, fsync  (reference)
  export     `exporters.exchange.write_exchange` of the imported model   <= 2 x serialise
  check      `ea_model.compliance.check_model`                      <= 2 s
  gap        `ea_model.gap.gap_between_plateaus` baseline -> target <= 5 s
  impact     `ea_model.impact.impact` of a data-exchange platform   <= 1 s
  validate   `ea_model.validation.validate_model`                   (reported)
  diagrams   `ea diagram --out DIR` on the bundled BMA model        <= 30 s (whole command, once)

Timings are the best of --repeat runs of every step (the machine is shared; the minimum is the
least disturbed run), run in rounds so that load hits ours and raw lxml alike. Two runs by default:
20,000 + 200,000 elements take about ten minutes on 2 cores. A step whose module or
function does not exist is reported as "not available yet".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmark_report import (  # noqa: E402
    IMPACT_PLATFORM,
    PEERS,
    SizeResult,
    StepResult,
    machine_info,
    print_summary,
    readme_table,
    replace_readme_table,
    report,
)

GENERATOR_FILES = ("generate_model.py", "synthetic_landscape.py", "synthetic_vocabulary.py")  # the cache key
MODEL_STEPS = ("parse", "parse-cold", "extract", "extract-iter", "build", "import", "serialise", "export")
MODEL_STEPS += ("check", "gap", "impact", "validate")
ALL_STEPS = (*MODEL_STEPS, "diagrams")
CHILD_TIMEOUT = 900


class Unavailable(Exception):
    """The module or function a step needs has not been written yet."""


# ---- the child side: one step in this (fresh) process ---------------------------------------


def _available_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _status_mb(field_name: str) -> float | None:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux's `ru_maxrss` carries the parent's peak across fork + exec, so the
    per-image high-water mark VmHWM is used where /proc has it (it is the same measure, started at exec)."""
    hwm = _status_mb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    rss = _status_mb("VmRSS")
    return rss if rss is not None else _peak_rss_mb()


def _need(module: str, name: str):
    try:
        mod = __import__(module, fromlist=[name])
    except ImportError as exc:
        raise Unavailable(f"{module} not available yet ({exc})") from None
    if not hasattr(mod, name):
        raise Unavailable(f"{module}.{name} not available yet")
    return getattr(mod, name)


def _plateau_ids(model) -> tuple[str, str]:
    plateaus = _need("ea_model.plateaus", "plateaus")(model)
    by_name = {p.label("en"): p.id for p in plateaus}
    baseline = next(pid for name, pid in by_name.items() if name.startswith("Baseline"))
    target = next(pid for name, pid in by_name.items() if name.startswith("Target"))
    return baseline, target


def _platform_element(model, platform_id: str) -> str:
    for el in model.elements(type="ApplicationComponent"):
        if model.property_value(el, "platform") == platform_id:
            return el.id
    raise RuntimeError(f"no element with platform={platform_id} in the model")


def evict_from_page_cache(path: str) -> str:
    """Drop the file's pages from the kernel's page cache, so the next read comes from the disk: the
    "cold" in "cold raw parse". Only this file's clean pages go (fsync first, then
    posix_fadvise(DONTNEED)); nothing else on the machine is touched and no privileges are needed."""
    if not hasattr(os, "posix_fadvise"):
        return "no (posix_fadvise not available: measured warm)"
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    return "yes"


FLOORS = {"extract": "extract_values", "extract-iter": "extract_values_iterparse", "build": "build_model"}


def _prepare(step: str, path: str, scratch: str, imported):
    """Imports, then `imported()` (the memory floor is taken there), then untimed setup.

    Returns the timed callable and a function describing its result.
    """
    if step in ("parse", "parse-cold", "serialise"):
        from lxml import etree

        imported()
        if step == "parse-cold":
            evicted = evict_from_page_cache(path)
            return lambda: etree.parse(path), lambda tree: {"nodes": sum(1 for _ in tree.iter()), "evicted": evicted}
        if step == "parse":
            return lambda: etree.parse(path), lambda tree: {"nodes": sum(1 for _ in tree.iter())}
        tree = etree.parse(path)

        def serialise():
            with open(scratch, "wb") as handle:
                tree.write(handle, encoding="utf-8", xml_declaration=True)
                handle.flush()
                os.fsync(handle.fileno())  # write_exchange saves atomically (fsync); charge lxml the same

        return serialise, lambda _: {"bytes": os.path.getsize(scratch)}
    if step == "diagrams":
        cli = _need("cli", "main")
        imported()
        if "diagram" not in cli.commands:
            raise Unavailable("`ea diagram` not available yet")

        def diagrams():
            try:
                cli.main(["diagram", "--out", scratch], standalone_mode=False)
            except SystemExit as exc:  # click may exit 1 when there are findings; that is still a run
                if exc.code not in (0, 1, None):
                    raise

        def describe(_):
            files = [p for p in Path(scratch).rglob("*") if p.is_file()]
            return {"files": len(files), "svg": sum(1 for p in files if p.suffix == ".svg")}

        return diagrams, describe
    if step in FLOORS:
        from scripts import bench_floor

        floor = getattr(bench_floor, FLOORS[step])
        imported()
        if step == "build":
            return lambda: floor(path), lambda m: {"elements": m.counts()["elements"], "relationships": len(m._edge_of)}
        return lambda: floor(path), lambda counts: counts
    read = _need("exporters.exchange", "read_exchange")
    if step == "import":
        imported()
        return lambda: read(path), lambda m: {
            "elements": sum(1 for _ in m.elements()),
            "relationships": len(m._edge_of),
        }
    module, name = {
        "export": ("exporters.exchange", "write_exchange"),
        "check": ("ea_model.compliance", "check_model"),
        "gap": ("ea_model.gap", "gap_between_plateaus"),
        "impact": ("ea_model.impact", "impact"),
        "validate": ("ea_model.validation", "validate_model"),
    }[step]
    function = _need(module, name)
    imported()
    model = read(path)
    if step == "export":
        return lambda: function(model, scratch), lambda _: {"bytes": os.path.getsize(scratch)}
    if step == "check":
        catalog = _need("catalog.dga", "load_dga_catalog")()
        return lambda: function(model, catalog=catalog), _check_summary
    if step == "gap":
        baseline, target = _plateau_ids(model)
        return lambda: function(model, baseline, target), _gap_summary
    if step == "impact":
        start = _platform_element(model, IMPACT_PLATFORM)
        return lambda: function(model, start), lambda result: {"start": IMPACT_PLATFORM, "dependents": _count(result)}
    return lambda: function(model), lambda findings: {"findings": _count(findings)}


def _count(result) -> int | None:
    for attr in ("dependents", "findings", "results"):
        if hasattr(result, attr):
            return len(getattr(result, attr))
    try:
        return len(result)
    except TypeError:
        return None


def _check_summary(result) -> dict:
    verdicts = {}
    for finding in getattr(result, "findings", ()):
        verdicts[finding.verdict] = verdicts.get(finding.verdict, 0) + 1
    summary = {"services": len(getattr(result, "services", ())), "findings": _count(result), **verdicts}
    if getattr(result, "problems", None):
        summary["catalog_problems"] = len(result.problems)
    return summary


def _gap_summary(report) -> dict:
    totals: dict[str, int] = {}
    for layer in (getattr(report, "layers", None) or {}).values():
        counts = layer.counts() if hasattr(layer, "counts") else {}
        for key in ("kept", "changed", "new", "eliminated"):
            totals[key] = totals.get(key, 0) + counts.get(key, 0)
    for key in ("relationships_new", "relationships_eliminated"):
        if hasattr(report, key):
            totals[key] = len(getattr(report, key))
    return totals


def run_child(step: str, path: str, scratch: str) -> dict:
    floor: list[float] = []
    try:
        timed, describe = _prepare(step, path, scratch, lambda: floor.append(_peak_rss_mb()))
    except Unavailable as exc:
        return {"skipped": str(exc)}
    setup_rss = _peak_rss_mb()
    started = time.perf_counter()
    result = timed()
    seconds = time.perf_counter() - started
    peak = _peak_rss_mb()
    detail = describe(result)
    if step in ("parse", "parse-cold", "import"):
        detail["retained_mb"] = round(_current_rss_mb() - floor[0])  # what the tree / the model keeps once read
    return {
        "seconds": seconds,
        "peak_rss_mb": peak,
        "import_rss_mb": floor[0],  # interpreter + the libraries the step imported (measured before any data)
        "setup_rss_mb": setup_rss,
        "detail": detail,
    }


def child_main(step: str, path: str, scratch: str) -> int:
    result = run_child(step, path, scratch)
    print(json.dumps(result))
    return 0


# ---- the parent side ------------------------------------------------------------------------


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


MEMORY_LIMIT_MB = [0.0]  # set by main(): a child whose RSS passes it is stopped (--max-rss-gb)


def _rss_of(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_command(command: list[str], scratch: Path) -> dict:
    """Run one child; stop it if its RSS passes the memory limit or it runs past CHILD_TIMEOUT."""
    started = time.perf_counter()
    limit = MEMORY_LIMIT_MB[0]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=ROOT)
        stopped = None
        try:
            while child.poll() is None:
                rss = _rss_of(child.pid) if limit else None
                if rss is not None and rss > limit:
                    stopped = f"stopped: its memory passed the {limit / 1024:.1f} GB limit (--max-rss-gb)"
                elif time.perf_counter() - started > CHILD_TIMEOUT:
                    stopped = f"timed out after {CHILD_TIMEOUT} s"
                if stopped:
                    child.kill()
                    child.wait()
                    break
                time.sleep(0.1)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            if scratch.is_dir():
                shutil.rmtree(scratch, ignore_errors=True)
            else:
                scratch.unlink(missing_ok=True)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if stopped:
        return {"error": f"{stopped} after {time.perf_counter() - started:.0f} s", "memory_stop": "memory" in stopped}
    if child.returncode != 0:
        last = (stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"error": f"exit {child.returncode}: {last}"}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def run_step(step: str, path: Path, scratch: Path) -> dict:
    return run_command(
        [sys.executable, str(Path(__file__).resolve()), "--child", step, str(path), str(scratch)], scratch
    )


def run_peer_step(peer: str, step: str, path: Path, scratch: Path) -> dict:
    python = ROOT / f".venv-peers-{peer}" / "bin" / "python"
    return run_command(
        [str(python), str(ROOT / "scripts" / "bench_peer_child.py"), peer, step, str(path), str(scratch)], scratch
    )


def ensure_peers(peers: list[str]) -> dict[str, str]:
    """Build the peers' virtual environments (scripts/bench_peers.sh); returns peer -> version line or why not."""
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "bench_peers.sh"), *peers], capture_output=True, text=True, cwd=ROOT
    )
    found = {}
    for line in done.stdout.splitlines():
        name, _, what = line.partition(": ")
        found[name] = what
    why = (done.stderr.strip().splitlines() or ["bench_peers.sh failed"])[-1]
    return {peer: found.get(peer) or f"not available: {why}" for peer in peers}


def generator_key() -> str:
    digest = hashlib.sha256()
    for name in GENERATOR_FILES:
        digest.update((ROOT / "scripts" / name).read_bytes())
    return digest.hexdigest()[:10]


def ensure_model(n: int, seed: int, workdir: Path) -> tuple[Path, dict]:
    """The generated model for (n, seed), reused while the generator is unchanged."""
    path = workdir / f"synthetic-{n}-s{seed}-{generator_key()}.xml"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        return path, json.loads(meta_path.read_text())
    progress(f"[{n:,}] generating {path.name} …")
    # In a child process, so the parent stays small (its children start from a copy of it).
    # The child reports its own peak RSS (VmHWM): the generator must not hold the file in memory.
    code = (
        "import json, sys; from scripts.generate_model import Generator; from scripts.benchmark import _peak_rss_mb; "
        f"counts = Generator({n}, {seed}).write({str(path)!r}, progress=True); "
        "counts['peak_rss_mb'] = round(_peak_rss_mb()); print(json.dumps(counts))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    counts["bytes"] = path.stat().st_size
    meta_path.write_text(json.dumps(counts))
    progress(
        f"[{n:,}] generated {counts['relationships']:,} relationships, {counts['bytes'] / 1e6:.0f} MB "
        f"in {counts['seconds']} s, peak RSS {counts['peak_rss_mb']:,} MB"
    )
    return path, counts


MODEL_NEEDING = ("export", "check", "gap", "impact", "validate")  # steps that read the model first, untimed


def _scaled_need(step: str, n: int, previous) -> float | None:
    """The peak RSS (MB) a step would need at n, scaled linearly from the largest smaller size run."""
    res = previous.steps.get(step) if previous else None
    if not res or not res.runs:
        return None
    return res.peak * n / previous.n


def _measure(res: StepResult, label: str, run, n: int, previous) -> None:
    if res.skipped or res.error:
        return
    need = _scaled_need(res.step, n, previous)
    limit = MEMORY_LIMIT_MB[0]
    if need and limit and need > 1.25 * limit:
        res.skipped = (
            f"not run: it would need about {need / 1024:.1f} GB ({res.step} at {previous.n:,} scaled), "
            f"over the {limit / 1024:.1f} GB limit (--max-rss-gb)"
        )
        progress(f"[{n:,}] {label}: {res.skipped}")
        return
    out = run()
    if "skipped" in out:
        res.skipped = out["skipped"]
        progress(f"[{n:,}] {label}: skipped, {res.skipped}")
    elif "error" in out:
        res.error = out["error"]
        res.memory_stop = bool(out.get("memory_stop"))
        progress(f"[{n:,}] {label}: ERROR {res.error}")
    else:
        res.runs.append(out)
        progress(f"[{n:,}] {label}: {out['seconds']:.2f} s, peak {out['peak_rss_mb']:.0f} MB")


def benchmark_size(n: int, steps: list[str], repeat: int, seed: int, workdir: Path, previous=None) -> SizeResult:
    path, counts = ensure_model(n, seed, workdir)
    results = {step: StepResult(step) for step in steps if step in MODEL_STEPS}
    schedule = list(results) * repeat  # rounds of every step: load on the machine hits them all alike
    for i, step in enumerate(schedule, 1):
        res = results[step]
        imp = results.get("import")
        if step in MODEL_NEEDING and imp is not None and imp.memory_stop and not res.runs:
            res.skipped = "not run: reading the model alone passed the memory limit (see import)"
            continue
        progress(f"[{n:,}] {step} ({i}/{len(schedule)}) …")
        _measure(res, step, lambda step=step: run_step(step, path, workdir / f"scratch-{step}.xml"), n, previous)
    return SizeResult(n, counts, repeat, results)


def benchmark_peers(size: SizeResult, peers: dict[str, str], repeat: int, workdir: Path, previous=None) -> None:
    """The peers' import and export on the same file, in rounds with ea's; a peer that cannot read the
    file is measured, with ea, on the variant without the element types it refuses (scripts/bench_variant.py)."""
    n = size.n
    path = workdir / f"synthetic-{n}-s{size.seed}-{generator_key()}.xml"
    runnable = [p for p, what in peers.items() if not what.startswith("not available")]
    for peer in peers:
        size.peer_versions[peer] = peers[peer]
    full = {f"{peer}:{step}": StepResult(f"{peer}:{step}") for peer in runnable for step in ("import", "export")}
    size.peers["full"] = full
    for round_ in range(repeat):
        for peer in runnable:
            for step in ("import", "export"):
                res = full[f"{peer}:{step}"]
                if step == "export" and full[f"{peer}:import"].error:
                    res.error = res.error or "not run: the peer cannot read the file (see import)"
                    continue
                progress(f"[{n:,}] {peer} {step} (round {round_ + 1}/{repeat}) …")
                _measure(
                    res,
                    f"{peer} {step}",
                    lambda p=peer, st=step: run_peer_step(p, st, path, workdir / f"peer-{p}.xml"),
                    n,
                    None,
                )
    refused = [p for p in runnable if full[f"{p}:import"].error and not full[f"{p}:import"].memory_stop]
    if not refused:
        return
    variant = workdir / f"{path.stem}-variant.xml"
    if not variant.exists():
        progress(f"[{n:,}] writing the variant without the element types {', '.join(refused)} refuses …")
        code = (
            "import json; from scripts.bench_variant import strip_interactions; "
            f"print(json.dumps(strip_interactions({str(path)!r}, {str(variant)!r})))"
        )
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            progress(f"[{n:,}] variant failed: {done.stderr.strip().splitlines()[-1:]}")
            return
        (variant.with_suffix(".json")).write_text(done.stdout.strip().splitlines()[-1])
    size.variant_removed = json.loads(variant.with_suffix(".json").read_text())
    table = {step: StepResult(step) for step in ("import", "export")}
    table.update({f"{peer}:{step}": StepResult(f"{peer}:{step}") for peer in runnable for step in ("import", "export")})
    size.peers["variant"] = table
    for round_ in range(repeat):
        for step in ("import", "export"):
            progress(f"[{n:,}] variant: ea {step} (round {round_ + 1}/{repeat}) …")
            _measure(
                table[step],
                f"variant ea {step}",
                lambda st=step: run_step(st, variant, workdir / f"scratch-{st}.xml"),
                n,
                None,
            )
        for peer in runnable:
            for step in ("import", "export"):
                res = table[f"{peer}:{step}"]
                if step == "export" and table[f"{peer}:import"].error:
                    res.error = res.error or "not run: the peer cannot read the file (see import)"
                    continue
                progress(f"[{n:,}] variant: {peer} {step} (round {round_ + 1}/{repeat}) …")
                _measure(
                    res,
                    f"variant {peer} {step}",
                    lambda p=peer, st=step: run_peer_step(p, st, variant, workdir / f"peer-{p}.xml"),
                    n,
                    None,
                )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(*argv[1:4])
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[2:]),
    )
    parser.add_argument(
        "--sizes",
        default="20000,200000",
        help="comma-separated model sizes (default 20000,200000; e.g. 200000,1000000,2500000)",
    )
    parser.add_argument(
        "--steps", default=",".join(ALL_STEPS), help=f"comma-separated subset of: {', '.join(ALL_STEPS)}"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs of each step per size; the best counts (default 2; 1 above 200,000 elements)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ea-benchmark",
        help="where generated models are cached and scratch files written",
    )
    parser.add_argument(
        "--peers",
        default=",".join(PEERS),
        help=f"Python peers to measure on the same file, comma-separated, or none (default {','.join(PEERS)}; "
        "their virtual environments are built by scripts/bench_peers.sh)",
    )
    parser.add_argument(
        "--peers-up-to",
        type=int,
        default=200_000,
        help="measure the peers only at sizes up to this (default 200000: they hold ~10x ea's memory)",
    )
    parser.add_argument(
        "--max-rss-gb",
        type=float,
        default=None,
        help="stop a step whose memory passes this, and skip one that would (default 80%% of the memory "
        "available at the start)",
    )
    parser.add_argument("--out", type=Path, help="also write the markdown report here (e.g. docs/benchmark.md)")
    parser.add_argument(
        "--readme",
        type=Path,
        help="also replace the summary table between the benchmark markers in this file (e.g. README.md)",
    )
    parser.add_argument(
        "--label", default="", help="a note printed with the figures, e.g. 'before the lean model core (issue 19)'"
    )
    args = parser.parse_args(argv)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = sorted(set(steps) - set(ALL_STEPS))
    if unknown:
        parser.error(f"unknown steps: {', '.join(unknown)}")
    peers = [] if args.peers.strip() in ("", "none") else [p.strip() for p in args.peers.split(",") if p.strip()]
    if set(peers) - set(PEERS):
        parser.error(f"unknown peers: {', '.join(sorted(set(peers) - set(PEERS)))} (use {', '.join(PEERS)} or none)")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    available = _available_mb()
    MEMORY_LIMIT_MB[0] = args.max_rss_gb * 1024 if args.max_rss_gb else 0.8 * available if available else 0.0
    progress(f"memory limit per step: {MEMORY_LIMIT_MB[0] / 1024:.1f} GB ({(available or 0) / 1024:.1f} GB available)")

    started = time.perf_counter()
    info = machine_info()  # the commit and date the figures are measured on: at the start of the run
    measured: list[SizeResult] = []
    peer_versions = ensure_peers(peers) if peers and any(n <= args.peers_up_to for n in sizes) else {}
    for n in sizes if any(s in MODEL_STEPS for s in steps) else []:
        repeat = args.repeat or (2 if n <= 200_000 else 1)
        previous = max((m for m in measured if m.n < n), key=lambda m: m.n, default=None)
        size = benchmark_size(n, steps, repeat, args.seed, args.workdir, previous)
        size.seed = args.seed
        if peer_versions and n <= args.peers_up_to:
            benchmark_peers(size, peer_versions, repeat, args.workdir)
        measured.append(size)
        print_summary(f"{n:,} elements", size, measured)
    diagrams = None
    if "diagrams" in steps:
        progress("diagrams: ea diagram --out DIR on the bundled BMA model …")
        from catalog import bundled_model_path

        out = run_step("diagrams", bundled_model_path(), args.workdir / "diagrams-out")
        if "seconds" in out:  # the whole command as a user waits for it: start-up, loading and rendering
            out["detail"]["in_command_s"] = round(out["seconds"], 2)
            out["seconds"] = out["process_seconds"]
        diagrams = StepResult(
            "diagrams", runs=[out] if "seconds" in out else [], skipped=out.get("skipped"), error=out.get("error")
        )
        print_summary("diagrams (bundled BMA model)", SizeResult(0, {}, 1, {"diagrams": diagrams}), [])
    minutes = (time.perf_counter() - started) / 60
    progress(f"benchmark finished in {minutes:.1f} min")
    if args.out:
        from exporters.atomic import atomic_write_text

        atomic_write_text(
            args.out, report({**info, "load": machine_info()["load"]}, measured, diagrams, minutes, args.label) + "\n"
        )
        progress(f"wrote {args.out}")
    if args.readme:
        from exporters.atomic import atomic_write_text

        text = args.readme.read_text(encoding="utf-8")
        atomic_write_text(args.readme, replace_readme_table(text, readme_table(info, measured, args.label)))
        progress(f"updated the benchmark table in {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
