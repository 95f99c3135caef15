#!/usr/bin/env python3
"""Speed and memory of `ea diff` and `ea merge` on a large generated model, each step in a fresh process.

    python scripts/bench_diff.py --size 200000

Generates the model (scripts/generate_model.py, cached as scripts/benchmark.py caches it), then two
edited versions ("ours" and "theirs", each changing 1% of the elements in disjoint places: a Thai name,
a new property, a removed element, a new element and relationship). Steps, best of --repeat:

  import   `exporters.read_model` of the base file                         (the unit)
  diff     `ea diff BASE OURS --format json --no-compliance` (whole command)  target <= 1.5 x 2 imports
  diff+dga the same with the DGA verdict delta                              (reported)
  merge    `ea merge BASE OURS THEIRS --out OUT` (whole command)             target <= 2 x 3 imports

Peak memory is the child's VmHWM; the target is <= 3 imported models (3 x the import's peak net RSS).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.benchmark import ensure_model  # noqa: E402

CHILD = r"""
import json, sys, time
from pathlib import Path
def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
import cli, exporters, exporters.exchange, ea_model.diff, ea_model.gap.delta  # imports outside the timing
step, args = sys.argv[1], sys.argv[2:]
before = status("VmRSS")
start = time.perf_counter()
if step == "import":
    exporters.read_model(args[0])
else:
    try:
        cli.main(args, standalone_mode=False)
    except SystemExit:
        pass
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": status("VmHWM"), "base_mb": before}))
"""


def edit_versions(base: Path, out_dir: Path) -> tuple[Path, Path]:
    from ea_model import Element, Relationship
    from exporters import read_model, write_model

    paths = []
    for part, name in ((0, "ours"), (1, "theirs")):
        m = read_model(base)
        ids = m.element_ids()
        step = 100
        picked = [eid for n, eid in enumerate(ids) if n % step == part * 50 and m.element(eid).type != "Plateau"]
        for k, eid in enumerate(picked):
            el = m.element(eid)
            if k % 4 == 0:
                el.name["th"] = f"แก้ไข {name} {k}"
            elif k % 4 == 1:
                m.set_property(el, f"bench-{name}", str(k))
            elif k % 4 == 2:
                m.remove_element(eid)
                for view in m.views:  # a removed element leaves its views too
                    view.nodes = [n for n in view.nodes if n.element_ref != eid]
            else:
                m.add_element(Element(id=f"new-{name}-{k}", type=el.type, name={"en": f"New {k}"}))
                m.add_relationship(
                    Relationship(id=f"rel-{name}-{k}", type="Association", source=eid, target=f"new-{name}-{k}")
                )
        path = out_dir / f"{name}.xml"
        write_model(m, path)
        paths.append(path)
    return paths[0], paths[1]


def run(step: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, step, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{step} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ea-benchmark")
    opts = parser.parse_args()
    opts.workdir.mkdir(parents=True, exist_ok=True)
    base, counts = ensure_model(opts.size, 1, opts.workdir)
    ours, theirs = opts.workdir / f"ours-{opts.size}.xml", opts.workdir / f"theirs-{opts.size}.xml"
    if not ours.exists() or not theirs.exists():
        made = edit_versions(base, opts.workdir)
        made[0].rename(ours)
        made[1].rename(theirs)
    out = opts.workdir / f"merged-{opts.size}.xml"
    steps = {
        "import": ("import", str(base)),
        "diff": ("cmd", "diff", str(base), str(ours), "--format", "json", "--no-compliance"),
        "diff+dga": ("cmd", "diff", str(base), str(ours), "--format", "json"),
        "merge": ("cmd", "merge", str(base), str(ours), str(theirs), "--out", str(out)),
    }
    best: dict[str, dict] = {}
    for _ in range(opts.repeat):
        for name, args in steps.items():
            r = run(*args)
            print(f"{name}: {r['seconds']:.2f} s, peak {r['peak_mb']:.0f} MB", file=sys.stderr)
            if name not in best or r["seconds"] < best[name]["seconds"]:
                best[name] = r
    imp = best["import"]
    unit_mb = imp["peak_mb"] - imp["base_mb"]
    size = f"{opts.size:,} elements ({counts['relationships']:,} relationships)"
    print(f"| {size} | seconds | × imports | peak net MB | × model |")
    print("|---|---:|---:|---:|---:|")
    for name, n in (("import", 1), ("diff", 2), ("diff+dga", 2), ("merge", 3)):
        r = best[name]
        net = r["peak_mb"] - r["base_mb"]
        ratio = r["seconds"] / (n * imp["seconds"])
        print(f"| {name} | {r['seconds']:.2f} | {ratio:.2f} of {n} | {net:.0f} | {net / unit_mb:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
