"""Waivers: which findings the board has excused, as of a day.

A waiver covers a finding when it is in force that day (from `granted` to `expires`, both included) and
selects the finding's criterion (or validation rule) and element. A covered finding is *waived*: it is still
reported, with the waiver id, and does not gate. From the day after `expires` the finding gates again and
the expired waiver is itself reported; a waiver in force that covers nothing is *stale*.

    >>> import datetime as dt
    >>> from ea_model.governance.registers import Waiver
    >>> w = Waiver.model_validate({"id": "W1", "selects": {"criterion": "O5-C1", "elements": ["svc"]},
    ...     "justification": {"th": "รอ", "en": "waiting"}, "approved_by": "board", "decision": "ADR-1",
    ...     "granted": "2025-01-01", "expires": "2025-06-30"})
    >>> review = review_waivers([("O5-C1", "svc"), ("O5-C1", "other")], [w], dt.date(2025, 6, 30))
    >>> review.waived
    {0: 'W1'}
    >>> [f.rule for f in review_waivers([("O5-C1", "svc")], [w], dt.date(2025, 7, 1)).findings]
    ['waiver-expired']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ea_model.governance.registers import GovernanceFinding, Waiver

# A finding's key: (criterion id or validation rule, element id), or None when it cannot be waived (a pass).
FindingKey = tuple[str, str | None] | None


@dataclass
class WaiverReview:
    """The outcome of applying a register: `waived` maps a finding's position to the waiver id covering it."""

    as_of: dt.date
    waivers: dict[str, Waiver]
    waived: dict[int, str] = field(default_factory=dict)
    findings: list[GovernanceFinding] = field(default_factory=list)  # expired, stale, not yet in force
    would_cover: dict[str, int] = field(default_factory=dict)  # expired waiver id -> findings it selects

    def waiver_of(self, position: int) -> Waiver | None:
        wid = self.waived.get(position)
        return self.waivers[wid] if wid is not None else None

    def as_json(self, position: int) -> dict | None:
        waiver = self.waiver_of(position)
        if waiver is None:
            return None
        return {
            "id": waiver.id,
            "expires": waiver.expires.isoformat(),
            "days_left": waiver.days_left(self.as_of),
            "decision": waiver.decision,
            "approved_by": waiver.approved_by,
            "justification_th": waiver.justification.th,
            "justification_en": waiver.justification.en,
        }


def review_waivers(keys: Sequence[FindingKey], waivers: Sequence[Waiver], as_of: dt.date) -> WaiverReview:
    """Apply `waivers` to findings given by their keys (one per finding, in order) as of `as_of`.

    One pass over the findings with the waivers indexed by criterion and element: 10,000 waivers over
    400,000 findings stay linear. A finding two waivers cover is waived by the one that expires last.
    """
    review = WaiverReview(as_of=as_of, waivers={w.id: w for w in waivers})
    # (criterion or rule, element) -> waivers naming the element; criterion -> waivers of all elements
    by_element: dict[tuple[str, str], list[Waiver]] = defaultdict(list)
    for_all: dict[str, list[Waiver]] = defaultdict(list)
    for w in waivers:
        if w.selects.elements == "all":
            for_all[w.selects.key].append(w)
        else:
            for el in dict.fromkeys(w.selects.elements):
                by_element[(w.selects.key, el)].append(w)
    used: dict[str, int] = defaultdict(int)
    for position, key in enumerate(keys):
        if key is None:
            continue
        candidates = by_element.get(key, ()) if key[1] is not None else ()
        everywhere = for_all.get(key[0], ())
        if not candidates and not everywhere:
            continue
        best: Waiver | None = None
        for w in (*candidates, *everywhere):
            used[w.id] += 1
            if w.in_force(as_of) and (best is None or w.expires > best.expires):
                best = w
        if best is not None:
            review.waived[position] = best.id
    for w in waivers:
        review.findings.extend(_register_findings(w, as_of, used[w.id], review))
    return review


def _register_findings(w: Waiver, as_of: dt.date, selected: int, review: WaiverReview) -> list[GovernanceFinding]:
    where = {"file": w.file, "line": w.line, "register_id": w.id}
    what = f"{w.selects.key} for {'all elements' if w.selects.elements == 'all' else ', '.join(w.selects.elements)}"
    if as_of > w.expires:
        review.would_cover[w.id] = selected
        ago = (as_of - w.expires).days
        gates = f"; the {selected} finding(s) it selected gate again" if selected else ""
        return [
            GovernanceFinding(
                rule="waiver-expired",
                severity="warning",
                message=f"waiver {w.id} ({what}) expired on {w.expires} ({ago} days ago){gates}: renew it "
                "with a board decision or remove it",
                **where,
            )
        ]
    if as_of < w.granted:
        return [
            GovernanceFinding(
                rule="waiver-not-in-force",
                severity="advice",
                message=f"waiver {w.id} ({what}) is granted from {w.granted}; it waives nothing yet",
                **where,
            )
        ]
    if not selected:
        return [
            GovernanceFinding(
                rule="waiver-stale",
                severity="warning",
                message=f"waiver {w.id} ({what}) selects no finding: the gap is closed or the selection is wrong; "
                "remove the waiver or correct it",
                **where,
            )
        ]
    return []
