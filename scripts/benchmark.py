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
    SizeResult,
    StepResult,
    machine_info,
    print_summary,
    report,
)

GENERATOR_FILES = ("generate_model.py", "synthetic_landscape.py", "synthetic_vocabulary.py")  # the cache key
MODEL_STEPS = ("parse", "extract", "extract-iter", "build", "import", "serialise", "export")
MODEL_STEPS += ("check", "gap", "impact", "validate")
ALL_STEPS = (*MODEL_STEPS, "diagrams")
CHILD_TIMEOUT = 900


class Unavailable(Exception):
    """The module or function a step needs has not been written yet."""


# ---- the child side: one step in this (fresh) process ---------------------------------------


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


FLOORS = {"extract": "extract_values", "extract-iter": "extract_values_iterparse", "build": "build_model"}


def _prepare(step: str, path: str, scratch: str, imported):
    """Imports, then `imported()` (the memory floor is taken there), then untimed setup.

    Returns the timed callable and a function describing its result.
    """
    if step in ("parse", "serialise"):
        from lxml import etree

        imported()
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
    if step in ("parse", "import"):
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


def run_step(step: str, path: Path, scratch: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, str(path), str(scratch)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {CHILD_TIMEOUT} s"}
    finally:
        if scratch.is_dir():
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            scratch.unlink(missing_ok=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"error": f"exit {done.returncode}: {last}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


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


def benchmark_size(n: int, steps: list[str], repeat: int, seed: int, workdir: Path) -> SizeResult:
    path, counts = ensure_model(n, seed, workdir)
    results = {step: StepResult(step) for step in steps if step in MODEL_STEPS}
    schedule = list(results) * repeat  # rounds of every step: load on the machine hits them all alike
    for i, step in enumerate(schedule, 1):
        res = results[step]
        if res.skipped or res.error:
            continue
        progress(f"[{n:,}] {step} ({i}/{len(schedule)}) …")
        out = run_step(step, path, workdir / f"scratch-{step}.xml")
        if "skipped" in out:
            res.skipped = out["skipped"]
            progress(f"[{n:,}] {step}: skipped, {res.skipped}")
        elif "error" in out:
            res.error = out["error"]
            progress(f"[{n:,}] {step}: ERROR {res.error}")
        else:
            res.runs.append(out)
            progress(f"[{n:,}] {step}: {out['seconds']:.2f} s, peak {out['peak_rss_mb']:.0f} MB")
    return SizeResult(n, counts, repeat, results)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(*argv[1:4])
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[2:]),
    )
    parser.add_argument("--sizes", default="20000,200000", help="comma-separated model sizes (default 20000,200000)")
    parser.add_argument(
        "--steps", default=",".join(ALL_STEPS), help=f"comma-separated subset of: {', '.join(ALL_STEPS)}"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs of each step per size; the best counts (default 2)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ea-benchmark",
        help="where generated models are cached and scratch files written",
    )
    parser.add_argument("--out", type=Path, help="also write the markdown report here (e.g. docs/benchmark.md)")
    args = parser.parse_args(argv)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = sorted(set(steps) - set(ALL_STEPS))
    if unknown:
        parser.error(f"unknown steps: {', '.join(unknown)}")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    measured = []
    for n in sizes if any(s in MODEL_STEPS for s in steps) else []:
        repeat = args.repeat or 2
        measured.append(benchmark_size(n, steps, repeat, args.seed, args.workdir))
        print_summary(f"{n:,} elements", measured[-1].steps)
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
        print_summary("diagrams (bundled BMA model)", {"diagrams": diagrams})
    minutes = (time.perf_counter() - started) / 60
    progress(f"benchmark finished in {minutes:.1f} min")
    if args.out:
        from exporters.atomic import atomic_write_text

        atomic_write_text(args.out, report(machine_info(), measured, diagrams, minutes) + "\n")
        progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
