#!/usr/bin/env python3
"""Time `ea check` with and without governance registers on a large model.

    python scripts/bench_governance.py                 # 200,000 elements, 10,000 waivers, 1,000 products
    python scripts/bench_governance.py 20000 --waivers 1000 --products 100

The model is scripts/bench_analysis.py's landscape of stacks (a citizen service, its process, the
application and the server under it...). One server in ten links to a lifecycle entry (`lifecycle`
property); one entry in ten is past its end of support and one in ten ends within the 12-month horizon.
Waivers select DGA criteria for a few services each (and a tenth of them select nothing, so they are
stale; a tenth have expired). Both registers are written as YAML and read as `ea check` reads them
(with the file-and-line loaders). Printed: the DGA check alone, the governance step (reading the two
registers, the lifecycle walk, applying the waivers) and their ratio; best of --repeat runs, after the
model is built and moved out of the collector's way as the commands do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import build_model  # noqa: E402

from catalog import load_dga_catalog  # noqa: E402
from ea_model.compliance import check_model  # noqa: E402
from ea_model.governance.lifecycle import lifecycle_findings  # noqa: E402
from ea_model.governance.load import load_lifecycle, load_waivers  # noqa: E402
from ea_model.governance.waivers import review_waivers  # noqa: E402

AS_OF = dt.date(2026, 12, 3)


def write_registers(model, folder: Path, n_waivers: int, n_products: int) -> tuple[Path, Path]:
    servers = [e.id for e in model.elements(type="Node")][1:]  # [0] is the data centre everything uses
    for k, server in enumerate(servers[::10][:n_products]):
        model.set_property(model.element(server), "lifecycle", f"product-{k}")
    lines = ["products:"]
    for k in range(n_products):
        eos = AS_OF - dt.timedelta(days=30) if k % 10 == 0 else AS_OF + dt.timedelta(days=200 if k % 10 == 1 else 4000)
        lines.append(
            f"  - {{id: product-{k}, product: Product {k}, version: '{k % 7}', status: current, "
            f"end_of_support: {eos.isoformat()}, source: generated}}"
        )
    products = folder / "lifecycle.yaml"
    products.write_text("\n".join(lines) + "\n", encoding="utf-8")
    services = [e.id for e in model.elements(type="BusinessService")]
    criteria = ["O1-C1", "O3-C1", "O5-C1", "O6-C1", "O1-C4", "O2-C1"]
    lines = ["waivers:"]
    for k in range(n_waivers):
        stale = k % 10 == 9  # a server: no check finding is about it
        chosen = [servers[k % len(servers)]] if stale else [services[(k * 7 + j) % len(services)] for j in range(3)]
        expires = AS_OF - dt.timedelta(days=1) if k % 10 == 8 else AS_OF + dt.timedelta(days=90)
        lines += [
            f"  - id: W-{k}",
            f"    selects: {{criterion: {criteria[k % len(criteria)]}, elements: [{', '.join(chosen)}]}}",
            "    justification: {th: รอการย้ายระบบ, en: waiting for the migration}",
            "    approved_by: EA Governance Board",
            f"    decision: ADR-{k}",
            "    granted: 2026-01-01",
            f"    expires: {expires.isoformat()}",
        ]
    waivers = folder / "waivers.yaml"
    waivers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return waivers, products


def governance_step(model, result, waivers_path: Path, products_path: Path):
    criteria = {c.id for c in result.catalog.criteria}
    waivers = load_waivers(waivers_path, criteria=criteria, elements=model)
    entries = load_lifecycle([products_path])
    gov = lifecycle_findings(model, entries, as_of=AS_OF, horizon_months=12)
    keys = [(f.criterion, f.service) if f.verdict in ("fail", "warn", "unknown") else None for f in result.findings]
    keys += [(g.rule, g.element) for g in gov]
    return gov, review_waivers(keys, waivers, AS_OF)


def best_of(repeat: int, fn):
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("elements", type=int, nargs="?", default=200_000)
    parser.add_argument("--waivers", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    model = build_model(args.elements)
    with tempfile.TemporaryDirectory() as tmp:
        waivers_path, products_path = write_registers(model, Path(tmp), args.waivers, args.products)
        gc.collect()
        gc.freeze()
        check_s, result = best_of(args.repeat, lambda: check_model(model, catalog=load_dga_catalog(), today=AS_OF))
        gov_s, (gov, review) = best_of(args.repeat, lambda: governance_step(model, result, waivers_path, products_path))
    print(f"model: {len(model):,} elements and relationships; {args.waivers:,} waivers; {args.products:,} products")
    print(f"DGA check alone            {check_s:7.2f} s  ({len(result.findings):,} findings)")
    print(
        f"governance step            {gov_s:7.2f} s  ({len(gov):,} lifecycle findings, {len(review.waived):,} waived, "
        f"{sum(f.rule == 'waiver-stale' for f in review.findings):,} stale, "
        f"{sum(f.rule == 'waiver-expired' for f in review.findings):,} expired)"
    )
    print(f"ea check with registers    {check_s + gov_s:7.2f} s  = {(check_s + gov_s) / check_s:.2f}× the check alone")


if __name__ == "__main__":
    main()
