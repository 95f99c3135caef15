"""Compliance delta: what the move from baseline to target does to the Digital Government Act outcomes.

For each citizen-facing service and each DGA outcome, the verdict (`ea_model.compliance`) in the
baseline and in the target; for each service, the criteria whose gaps the target *closes*, those
that *remain*, and those it *opens*; per outcome, how many services close, keep or open a gap
(and, under `criteria`, how many service-criterion gaps) — the headline a governance board reads.

A *gap* is a criterion (or an outcome) that fails or warns. A service only in the baseline takes
its gaps away with it (`retired`); a service only in the target brings its gaps (`opened`).
Services are matched as the gap matrix matches elements: by id, then by name.

    >>> delta = compliance_delta(  # doctest: +SKIP
    ...     model, model, catalog=catalog, baseline_plateau="Baseline", target_plateau="Target"
    ... )
    >>> delta["outcomes"]["O3"]["closed"]  # doctest: +SKIP
    12
"""

from __future__ import annotations

import datetime as dt

from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.evaluation import check_model
from ea_model.gap.match import match_elements
from ea_model.gap.matrix import GapReport
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import text_in

GAP_VERDICTS = frozenset({"fail", "warn"})
OK_VERDICTS = frozenset({"pass", "info"})


def compliance_delta(
    baseline_model: Model,
    target_model: Model,
    *,
    catalog: DgaCatalog,
    baseline_plateau: str | None = None,
    target_plateau: str | None = None,
    baseline_label: str = "baseline",
    target_label: str = "target",
    lang: str | None = None,
    today: dt.date | None = None,
) -> dict:
    """Run the DGA check on both sides and compare them (JSON-ready); `today` is the date review-age
    criteria compare with (`--as-of`).

    Two plateaus of one model: pass the same model twice with `baseline_plateau`/`target_plateau`
    (ids or names). Two models: leave the plateaus out.
    """
    before = check_model(baseline_model, catalog=catalog, plateau=baseline_plateau, today=today)
    after = check_model(target_model, catalog=catalog, plateau=target_plateau, today=today)
    goals = list(dict.fromkeys([*before.goals, *after.goals]))
    b_services = {s.id: s for s in before.services}
    t_services = {s.id: s for s in after.services}
    to_base = match_elements(b_services, t_services)
    gaps_before, gaps_after = _criterion_gaps(before), _criterion_gaps(after)

    services = []
    for t_id, service in t_services.items():
        b_id = to_base.get(t_id)
        services.append(_service_entry(service, t_id, b_id, goals, before, after, gaps_before, gaps_after, lang))
    matched = set(to_base.values())
    for b_id, service in b_services.items():
        if b_id not in matched:
            services.append(_service_entry(service, None, b_id, goals, before, after, gaps_before, gaps_after, lang))

    return {
        "baseline": baseline_label,
        "target": target_label,
        "outcomes": {g: _outcome_summary(g, services, before, after) for g in goals},
        "services": services,
    }


def attach_compliance_delta(
    report: GapReport, lang: str | None = None, *, catalog: DgaCatalog, today: dt.date | None = None
) -> dict:
    """Run `compliance_delta` for the two sides of a gap report and keep it on the report."""
    base, target = report.baseline, report.target
    report.compliance = compliance_delta(
        base.model,
        target.model,
        catalog=catalog,
        baseline_plateau=base.plateau.id if base.plateau is not None else None,
        target_plateau=target.plateau.id if target.plateau is not None else None,
        baseline_label=base.label,
        target_label=target.label,
        lang=lang,
        today=today,
    )
    return report.compliance


def _criterion_gaps(result) -> dict[str, set[str]]:
    """Service id -> the criteria that fail or warn for it."""
    out: dict[str, set[str]] = {}
    for finding in result.findings:
        if finding.verdict in GAP_VERDICTS:
            out.setdefault(finding.service, set()).add(finding.criterion)
    return out


def _service_entry(service, t_id, b_id, goals, before, after, gaps_before, gaps_after, lang) -> dict:
    status = "kept" if t_id and b_id else "new" if t_id else "eliminated"
    had = gaps_before.get(b_id, set()) if b_id else set()
    has = gaps_after.get(t_id, set()) if t_id else set()
    entry = {
        "id": t_id or b_id,
        "name": display_name(service.name, lang),
        "name_th": text_in(service.name, "th"),
        "name_en": text_in(service.name, "en"),
        "status": status,
        "goals": {
            g: {
                "baseline": before.goal_verdict(b_id, g) if b_id else None,
                "target": after.goal_verdict(t_id, g) if t_id else None,
            }
            for g in goals
        },
        "closed": sorted(had - has) if t_id else [],
        "remaining": sorted(had & has),
        "opened": sorted(has - had),
        "retired": sorted(had) if not t_id else [],
    }
    if b_id and t_id and b_id != t_id:
        entry["baseline_id"] = b_id
    return entry


def _movement(baseline: str | None, target: str | None) -> str | None:
    """What happened to one service's outcome: closed, remaining, opened, retired (or None)."""
    was_gap, is_gap = baseline in GAP_VERDICTS, target in GAP_VERDICTS
    if target is None:
        return "retired" if was_gap else None
    if was_gap and is_gap:
        return "remaining"
    if was_gap and target in OK_VERDICTS:
        return "closed"
    if is_gap:
        return "opened"
    return None


def _outcome_summary(goal: str, services: list[dict], before, after) -> dict:
    counts = {"closed": 0, "remaining": 0, "opened": 0, "retired": 0}
    verdicts_before: dict[str, int] = {}
    verdicts_after: dict[str, int] = {}
    for s in services:
        v = s["goals"][goal]
        if v["baseline"] is not None:
            verdicts_before[v["baseline"]] = verdicts_before.get(v["baseline"], 0) + 1
        if v["target"] is not None:
            verdicts_after[v["target"]] = verdicts_after.get(v["target"], 0) + 1
        moved = _movement(v["baseline"], v["target"])
        if moved:
            counts[moved] += 1
    criteria = {
        key: sum(1 for s in services for c in s[key] if c.split("-")[0] == goal)
        for key in ("closed", "remaining", "opened", "retired")
    }
    catalog = after.catalog or before.catalog
    outcome = catalog.outcome(goal)
    return {
        "name_th": outcome.name_th if outcome else "",
        "name_en": outcome.name_en if outcome else goal,
        "baseline": verdicts_before,
        "target": verdicts_after,
        **counts,
        "criteria": criteria,
    }


def render_compliance_delta_text(delta: dict, lang: str | None = None) -> str:
    """The delta as a table per outcome, then the services whose gaps move."""
    lines = [f"Compliance delta (Digital Government Act outcomes): {delta['baseline']} → {delta['target']}"]
    header = f"  {'outcome':<44}{'pass':>6}{'fail':>6}{'warn':>6}{'unkn':>6}  →{'pass':>6}{'fail':>6}{'warn':>6}"
    header += f"{'unkn':>6}{'closed':>8}{'remain':>8}{'opened':>8}"
    lines.append(header)
    for goal, o in delta["outcomes"].items():
        name = o["name_th"] if lang == "th" else o["name_en"] if lang else f"{o['name_en']}"
        label = f"{goal} {name}"[:43]
        b, t = o["baseline"], o["target"]
        row = f"  {label:<44}" + "".join(f"{b.get(v, 0):>6}" for v in ("pass", "fail", "warn", "unknown"))
        row += "  →" + "".join(f"{t.get(v, 0):>6}" for v in ("pass", "fail", "warn", "unknown"))
        row += f"{o['closed']:>8}{o['remaining']:>8}{o['opened']:>8}"
        lines.append(row)
    moving = [s for s in delta["services"] if s["closed"] or s["opened"] or s["retired"]]
    if moving:
        lines.append("")
        lines.append("Services whose gaps move:")
    for s in moving:
        parts = []
        if s["closed"]:
            parts.append("closes " + ", ".join(s["closed"]))
        if s["opened"]:
            parts.append("opens " + ", ".join(s["opened"]))
        if s["remaining"]:
            parts.append("still open " + ", ".join(s["remaining"]))
        if s["retired"]:
            parts.append("retired with " + ", ".join(s["retired"]))
        status = "" if s["status"] == "kept" else f" ({s['status']})"
        name = s["name"] if lang else display_name({"th": s["name_th"], "en": s["name_en"]})
        lines.append(f"  {name}{status} [{s['id']}]: " + "; ".join(parts))
    return "\n".join(lines)
