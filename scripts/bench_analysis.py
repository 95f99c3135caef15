#!/usr/bin/env python3
"""Time gap analysis, impact and traceability on a large model.

    python scripts/bench_analysis.py 200000                      # a model built in code (below)
    python scripts/bench_analysis.py --file /tmp/bma-200k.xml    # e.g. from scripts/generate_model.py

Each step is timed after the model is loaded (and moved out of the garbage collector's way with
`gc.freeze()`, as the `ea` commands do); wall and CPU seconds are printed, best of --repeat runs.

The model is a landscape of "stacks", ten elements each, modelled by the project's conventions:
a citizen service served to the citizen role, its process, owner, document, the application
component and service behind it, the data it writes, the technology node and service under it,
and an artifact; each stack's application service also serves the next stack's process, so
dependencies run long. Every fifth stack replaces its application between the baseline and the
target plateau; every stack realizes one of nine BMA strategy goals, which influence National
Strategy pillars. One data-centre node serves every technology service: the worst case for
`impact` (everything depends on it).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ea_model import Element, Model, Relationship  # noqa: E402

STACK = 10


def build_model(n_elements: int) -> Model:
    m = Model()
    ids = iter(range(10**9))

    def el(type_: str, th: str, en: str) -> str:
        eid = f"id-{next(ids)}"
        m.add_element(
            Element.model_construct(id=eid, type=type_, name={"th": th, "en": en}, documentation={}, properties=[])
        )
        return eid

    def rel(type_: str, source: str, target: str, **extra) -> str:
        rid = f"id-{next(ids)}"
        m.add_relationship(
            Relationship.model_construct(
                id=rid,
                type=type_,
                source=source,
                target=target,
                name={},
                documentation={},
                properties=[],
                access_type=extra.get("access_type"),
                is_directed=None,
                modifier=None,
            )
        )
        return rid

    baseline = el("Plateau", "สถาปัตยกรรมปัจจุบัน", "Baseline")
    target = el("Plateau", "สถาปัตยกรรมเป้าหมาย", "Target")
    citizen = el("BusinessRole", "ประชาชน", "Citizen")
    m.set_property(m.element(citizen), "party", "citizen")
    datacentre = el("Node", "ศูนย์ข้อมูล กทม.", "BMA data centre")
    pillars = []
    for i in range(6):
        pillar = el("Goal", f"ยุทธศาสตร์ชาติ {i + 1}", f"National Strategy {i + 1}")
        m.set_property(m.element(pillar), "strategy", f"NS-{i + 1}")
        pillars.append(pillar)
    goals = []
    for i in range(9):
        goal = el("Goal", f"ด้านที่ {i + 1}", f"BMA strategy {i + 1}")
        m.set_property(m.element(goal), "strategy", f"B9-{i + 1}")
        rel("Influence", goal, pillars[i % 6])
        goals.append(goal)
    previous_app_service = None
    for s in range((n_elements - len(m)) // STACK):
        svc = el("BusinessService", f"บริการ {s}", f"Service {s}")
        rel("Serving", svc, citizen)
        proc = el("BusinessProcess", f"กระบวนการ {s}", f"Process {s}")
        rel("Realization", proc, svc)
        owner = el("BusinessActor", f"สำนักงานเขต {s}", f"District office {s}")
        rel("Assignment", owner, svc)
        doc = el("BusinessObject", f"เอกสาร {s}", f"Document {s}")
        rel("Access", proc, doc, access_type="Read")
        app = el("ApplicationComponent", f"ระบบ {s}", f"System {s}")
        app_svc = el("ApplicationService", f"บริการระบบ {s}", f"System service {s}")
        r_real = rel("Realization", app, app_svc)
        r_serv = rel("Serving", app_svc, proc)
        if previous_app_service is not None:
            rel("Serving", previous_app_service, proc)
        data = el("DataObject", f"ข้อมูล {s}", f"Data {s}")
        rel("Access", app_svc, data, access_type="Write")
        node = el("Node", f"เครื่องแม่ข่าย {s}", f"Server {s}")
        tech = el("TechnologyService", f"บริการโครงสร้าง {s}", f"Hosting {s}")
        rel("Realization", node, tech)
        rel("Serving", tech, app)
        rel("Serving", datacentre, node)
        artifact = el("Artifact", f"ชุดติดตั้ง {s}", f"Package {s}")
        rel("Realization", artifact, app)
        if s % 5 == 0:  # replaced between baseline and target
            for concept in (app, app_svc, r_real, r_serv):
                rel("Aggregation", baseline, concept)
            new_app = el("ApplicationComponent", f"ระบบใหม่ {s}", f"New system {s}")
            new_svc = el("ApplicationService", f"บริการระบบใหม่ {s}", f"New system service {s}")
            for concept in (new_app, new_svc, rel("Realization", new_app, new_svc), rel("Serving", new_svc, proc)):
                rel("Aggregation", target, concept)
        rel("Realization", svc, goals[s % 9])
        previous_app_service = app_svc
    return m


REPEAT = 1


def timed(label: str, fn, repeat: int | None = None):
    best, result = (float("inf"), float("inf")), None
    for _ in range(repeat or REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    print(f"{label:<48}{best[0]:8.2f} s wall {best[1]:8.2f} s cpu", flush=True)
    return result


def _plateau(model: Model, prefix: str) -> str:
    return next(p.id for p in model.elements(type="Plateau") if p.label("en").startswith(prefix))


def main() -> None:
    global REPEAT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("elements", type=int, nargs="?", default=200_000)
    parser.add_argument("--file", help="time on this exchange file instead of a model built in code")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per step")
    args = parser.parse_args()
    REPEAT = args.repeat
    from catalog import load_dga_catalog, strategy_kinds
    from ea_model.gap import gap_between_plateaus
    from ea_model.impact import impact
    from ea_model.traceability import trace

    if args.file:
        from exporters.exchange import read_exchange

        model = timed(f"read {args.file}", lambda: read_exchange(args.file), 1)
    else:
        model = timed(f"build model ({args.elements:,} elements)", lambda: build_model(args.elements), 1)
    dga, kinds = load_dga_catalog(), strategy_kinds()
    gc.freeze()
    print(f"  {model!r}")
    baseline, target = _plateau(model, "Baseline"), _plateau(model, "Target")
    report = timed("gap Baseline → Target", lambda: gap_between_plateaus(model, baseline, target))
    print("  " + ", ".join(f"{k.value}: {v.counts()}" for k, v in report.layers.items()))
    timed("gap as JSON", lambda: report.as_json())
    starts = {"typical": _typical_start(model), "the first Node of the model": _first_node(model)}
    for label, start in starts.items():
        result = timed(f"impact of {label}", lambda start=start: impact(model, start))
        print(f"  {len(result.dependents):,} dependents, {len(result.citizen_services):,} citizen services")
    traced = timed("trace (every citizen service)", lambda: trace(model, catalog=dga, strategy_kinds=kinds))
    print(f"  {len(traced.services):,} services, {len(traced.unlinked_services)} unlinked")


def _typical_start(model: Model) -> str:
    """A data-exchange platform (what the project benchmark asks about), else one server."""
    for el in model.elements(type="ApplicationComponent"):
        if model.property_value(el, "platform") == "gdx":
            return el.id
    return next(el.id for el in model.elements(type="Node") if el.label("en") == "Server 5")


def _first_node(model: Model) -> str:
    return next(el.id for el in model.elements(type="Node"))


if __name__ == "__main__":
    main()
