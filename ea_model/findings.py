"""A finding: one thing a check (or a tolerant reader) has to say about a model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning", "advice"]
SEVERITY_RANK: dict[str, int] = {"advice": 0, "warning": 1, "error": 2}


class Finding(BaseModel):
    severity: Severity
    rule: str
    id: str | None = None
    name: str = ""
    message: str
    line: int | None = None  # where the reader found it, when it came from a file
    file: str | None = None  # the file that line is in, when a model is several files (an Archi CSV set)

    def as_json(self) -> dict:
        return {"severity": self.severity, "rule": self.rule, "id": self.id, "name": self.name, "message": self.message}
