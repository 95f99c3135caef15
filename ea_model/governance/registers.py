"""The types of the governance registers (the documentation of their files: docs/governance.md).

Each entry keeps the file and line it was read from, so a finding about it points there.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LifecycleStatus = Literal["emerging", "current", "contained", "retired"]
TimeCategory = Literal["tolerate", "invest", "migrate", "eliminate"]
DecisionStatus = Literal["proposed", "accepted", "superseded", "deprecated", "rejected"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = ""
    line: int | None = None


class BiText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    th: str
    en: str

    def in_lang(self, lang: str) -> str:
        return self.th if lang == "th" else self.en


class WaiverSelection(BaseModel):
    """Which findings a waiver covers: one criterion id (DGA or an office rule) or one validation rule,
    for the listed element ids or for `all` elements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: str | None = None
    rule: str | None = None
    elements: list[str] | Literal["all"]

    @model_validator(mode="after")
    def _one_kind(self) -> WaiverSelection:
        if (self.criterion is None) == (self.rule is None):
            raise ValueError("give exactly one of `criterion` (a check criterion id) or `rule` (a validation rule)")
        if isinstance(self.elements, list) and not self.elements:
            raise ValueError("`elements` lists element ids, or is `all`")
        return self

    @property
    def key(self) -> str:
        return self.criterion or self.rule or ""

    def covers(self, key: str, element: str | None) -> bool:
        if key != self.key:
            return False
        return self.elements == "all" or (element is not None and element in self.elements)


class Waiver(_Entry):
    """An exception the board granted for a time: in force from `granted` to `expires`, both included."""

    id: str
    selects: WaiverSelection
    justification: BiText
    approved_by: str
    decision: str
    granted: dt.date
    expires: dt.date

    @model_validator(mode="after")
    def _dates_in_order(self) -> Waiver:
        if self.expires < self.granted:
            raise ValueError(f"expires ({self.expires}) is before granted ({self.granted})")
        return self

    def in_force(self, day: dt.date) -> bool:
        return self.granted <= day <= self.expires

    def days_left(self, day: dt.date) -> int:
        return (self.expires - day).days


class LifecycleEntry(_Entry):
    """A technology product and version with its lifecycle status and end of support."""

    id: str
    product: str
    version: str = ""
    vendor: str = ""
    status: LifecycleStatus
    end_of_support: dt.date | None = None
    source: str = ""
    note: str = ""

    @field_validator("id")
    @classmethod
    def _no_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an id may not be blank")
        return value


class DecisionRecord(_Entry):
    """An architecture decision: Markdown with front matter (id, date, status, elements, title)."""

    id: str
    title: str
    date: dt.date
    status: DecisionStatus
    elements: list[str] = Field(default_factory=list)
    supersedes: list[str] = Field(default_factory=list)
    body: str = ""
    element_lines: dict[str, int] = Field(default_factory=dict)  # element id -> its line in the front matter


class GovernanceFinding(BaseModel):
    """What a register check says: about a waiver, a lifecycle link, the portfolio or a decision record.
    `severity` follows validation (error, warning, advice); `verdict` is its `ea check` equivalent."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Literal["error", "warning", "advice"]
    message: str
    element: str | None = None
    file: str = ""
    line: int | None = None
    path: list[str] = Field(default_factory=list)
    register_id: str | None = None

    @property
    def verdict(self) -> str:
        return {"error": "fail", "warning": "warn", "advice": "info"}[self.severity]

    def as_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "verdict": self.verdict,
            "message": self.message,
            "element": self.element,
            "file": self.file,
            "line": self.line,
            "path": list(self.path),
            "register_id": self.register_id,
        }
