"""The DGA catalog as the compliance engine takes it: outcomes, criteria, capabilities, platforms,
agencies and message texts, as frozen pydantic objects. `catalog.dga` reads the YAML into these and
cross-checks it; the engine trusts the types and never reads a file.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

AgencyKind = Literal["bma", "state", "private"]
Severity = Literal["fail", "warn", "info"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BiText(_Frozen):
    """Thai and English text side by side."""

    th: str
    en: str

    def in_lang(self, lang: str) -> str:
        return self.th if lang == "th" else self.en

    def as_lang_string(self) -> dict[str, str]:
        return {"th": self.th, "en": self.en}


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Outcome(_Frozen):
    id: str
    name_th: str
    name_en: str
    legal_basis: list[str]
    related_law: list[str] = Field(default_factory=list)
    standards: list[str] = Field(default_factory=list)
    duty: bool = True
    note: str | None = None

    def name(self, lang: str) -> str:
        return self.name_th if lang == "th" else self.name_en


class Capability(_Frozen):
    name_th: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_th if lang == "th" else self.name_en


class Platform(_Frozen):
    id: str
    name_th: str
    name_en: str
    operator: str
    partners: list[str] = Field(default_factory=list)
    provides: list[str]
    satisfies: list[str] = Field(default_factory=list)
    ial: float | None = None
    aal: float | None = None
    url: str | None = None
    note: str | None = None
    source: str
    uncertain_fields: list[str] = Field(default_factory=list)

    def name(self, lang: str) -> str:
        return self.name_th if lang == "th" else self.name_en


class Agency(_Frozen):
    """An agency id the model's `agency` properties refer to. Extra keys (a unit's type, a DOPA code,
    a confidence note) are kept for other tools and ignored by the checks."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    name_th: str
    name_en: str
    kind: AgencyKind | None = None
    parent: str | None = None
    note: str | None = None
    source: str | None = None
    uncertain: bool = False

    def name(self, lang: str) -> str:
        return self.name_th if lang == "th" else self.name_en


class Criterion(_Frozen):
    """One check. `applies_to` and `test` are expressions in the predicate vocabulary (docs/criteria.md);
    `ea_model.compliance.predicates.compile_expression` turns them into callables."""

    id: str
    outcome: str
    severity: Severity
    legal_basis: list[str]
    title: BiText
    checks: BiText
    remedy: BiText
    rationale: dict[str, str] = Field(default_factory=dict)
    applies_to: Any = None
    test: Any
    uncertain: bool = False

    @field_validator("legal_basis", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)


class DgaCatalog(_Frozen):
    """Everything `ea check` needs from the catalog, cross-checked (ids resolve, capabilities exist)."""

    act_name: BiText
    outcomes: list[Outcome]
    criteria: list[Criterion]
    capabilities: dict[str, Capability]
    platforms: list[Platform]
    agencies: list[Agency]
    messages: dict[str, BiText]
    terms: dict[str, BiText]

    _outcomes: dict[str, Outcome] = PrivateAttr(default_factory=dict)
    _platforms: dict[str, Platform] = PrivateAttr(default_factory=dict)
    _agencies: dict[str, Agency] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        self._outcomes = {o.id: o for o in self.outcomes}
        self._platforms = {p.id: p for p in self.platforms}
        self._agencies = {a.id: a for a in self.agencies}

    def outcome(self, outcome_id: str) -> Outcome:
        return self._outcomes[outcome_id]

    def platform(self, platform_id: str) -> Platform | None:
        return self._platforms.get(platform_id)

    def agency(self, agency_id: str) -> Agency | None:
        return self._agencies.get(agency_id)

    def agency_kind(self, agency_id: str) -> AgencyKind | None:
        """The agency's kind, inherited from its parent when the entry gives none; None for an unknown id."""
        seen: set[str] = set()
        agency = self._agencies.get(agency_id)
        while agency is not None and agency.id not in seen:
            if agency.kind is not None:
                return agency.kind
            seen.add(agency.id)
            agency = self._agencies.get(agency.parent) if agency.parent else None
        return None

    def platforms_providing(self, capability: str) -> list[Platform]:
        return [p for p in self.platforms if capability in p.provides]

    def criteria_for(self, outcome_id: str) -> list[Criterion]:
        return [c for c in self.criteria if c.outcome == outcome_id]

    def message(self, key: str) -> BiText:
        return self.messages[key]

    def term(self, key: str) -> BiText | None:
        return self.terms.get(key)
