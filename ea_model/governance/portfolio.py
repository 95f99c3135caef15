"""The application portfolio: TIME (tolerate, invest, migrate, eliminate) per application.

An ApplicationComponent states `time`, or gives `functional_fit` and `technical_fit` (1 poor … 4 excellent;
docs/governance.md) from which TIME follows (Gartner's quadrants, 3 and 4 counting as high):

    ================  =====================  =====================
                      technical fit 1-2      technical fit 3-4
    ================  =====================  =====================
    functional 3-4    migrate                invest
    functional 1-2    eliminate              tolerate
    ================  =====================  =====================

    >>> derive_time(4, 2), derive_time(2, 4), derive_time(1, 1), derive_time(3, 3)
    ('migrate', 'tolerate', 'eliminate', 'invest')

Findings against the migration plan: `portfolio-eliminate-kept` (an application marked eliminate that the
target plateau still keeps), `portfolio-invest-dropped` (marked invest but not in the target), and
`portfolio-invalid-fit` (a fit that is not 1-4, or a `time` that is no TIME category).
"""

from __future__ import annotations

from dataclasses import dataclass

from ea_model.governance.registers import GovernanceFinding
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import LangString
from ea_model.plateaus import plateau_members

TIME_CATEGORIES = ("tolerate", "invest", "migrate", "eliminate")
FIT_PROPERTIES = ("functional_fit", "technical_fit")
RULES = ("portfolio-eliminate-kept", "portfolio-invest-dropped", "portfolio-invalid-fit")
TIME_TH = {"tolerate": "คงไว้", "invest": "ลงทุนเพิ่ม", "migrate": "ย้ายระบบ", "eliminate": "ยกเลิก"}


def derive_time(functional: int, technical: int) -> str:
    high_f, high_t = functional >= 3, technical >= 3
    if high_f:
        return "invest" if high_t else "migrate"
    return "tolerate" if high_t else "eliminate"


@dataclass(frozen=True)
class PortfolioEntry:
    id: str
    names: LangString
    functional_fit: int | None
    technical_fit: int | None
    time: str | None
    basis: str  # "stated", "derived" or why there is none
    problems: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        """The name in `lang`; "both": Thai and English side by side (`display_name`)."""
        return display_name(self.names, lang) or self.id

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name_th": self.names.get("th", ""),
            "name_en": self.names.get("en", "") or self.names.get("", ""),
            "functional_fit": self.functional_fit,
            "technical_fit": self.technical_fit,
            "time": self.time,
            "basis": self.basis,
        }


def portfolio_of(model: Model) -> list[PortfolioEntry]:
    """The ApplicationComponents with a stated TIME or fit scores, in model order."""
    out = []
    for el in model.elements(type="ApplicationComponent"):
        props = model.properties_of(el)
        if not any(p in props for p in ("time", *FIT_PROPERTIES)):
            continue
        problems: list[str] = []
        fits = [_fit(props.get(p), p, problems) for p in FIT_PROPERTIES]
        stated = (props.get("time") or "").strip().casefold() or None
        if stated is not None and stated not in TIME_CATEGORIES:
            problems.append(f"time {props['time']!r} is not one of {', '.join(TIME_CATEGORIES)}")
            stated = None
        if stated:
            time, basis = stated, "stated"
        elif fits[0] is not None and fits[1] is not None:
            time, basis = derive_time(fits[0], fits[1]), "derived"
        else:
            time, basis = None, "no TIME: give functional_fit and technical_fit (1-4) or time"
        out.append(PortfolioEntry(el.id, el.name, fits[0], fits[1], time, basis, tuple(problems)))
    return out


def _fit(raw: str | None, name: str, problems: list[str]) -> int | None:
    if raw is None:
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if not 1 <= value <= 4:
        problems.append(f"{name} {raw!r} is not 1, 2, 3 or 4")
        return None
    return value


def portfolio_findings(
    model: Model, *, baseline: str, target: str, entries: list[PortfolioEntry] | None = None
) -> list[GovernanceFinding]:
    """Consistency of TIME with the plan from `baseline` to `target` (plateau ids)."""
    entries = portfolio_of(model) if entries is None else entries
    kept = plateau_members(model, target).elements
    out = []
    for e in entries:
        found = [("portfolio-invalid-fit", problem) for problem in e.problems]
        in_target = e.id in kept
        if e.time == "eliminate" and in_target:
            found.append(
                (
                    "portfolio-eliminate-kept",
                    f"is marked eliminate ({e.basis}) but the target plateau keeps "
                    "it: plan its retirement or revise its TIME",
                )
            )
        if e.time == "invest" and not in_target:
            found.append(
                (
                    "portfolio-invest-dropped",
                    f"is marked invest ({e.basis}) but the target plateau drops "
                    "it: keep it in the target or revise its TIME",
                )
            )
        for rule, text in found:
            sep = ": " if rule == "portfolio-invalid-fit" else " "
            out.append(
                GovernanceFinding(rule=rule, severity="warning", element=e.id, message=f"{e.name('en')}{sep}{text}")
            )
    return out
