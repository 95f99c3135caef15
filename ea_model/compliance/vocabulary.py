"""The words DGA criteria and their predicates share: verdict statuses, the Result a predicate returns,
the typed note parameters, the registry `@predicate` fills, and the base of every predicate's arguments.

`predicates` (the logic and the compiler) and the named predicates in `library` and `properties` all
build on this module; it imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from ea_model.compliance.index import ServiceContext

PASS, FAIL, UNKNOWN, NA = "pass", "fail", "unknown", "n/a"


class El(str):
    """A note parameter naming an element or relationship (shown by its name in the chosen language)."""


class Plat(str):
    """A platform id (shown by its catalog name)."""


class Cap(str):
    """A capability id (shown by its catalog name)."""


class Term(str):
    """A key in messages.yaml `terms` (collections, kinds, parties)."""


@dataclass(slots=True)
class Result:
    status: str
    notes: list[tuple[str, dict]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


Predicate = Callable[[ServiceContext, str], Result]


@dataclass(frozen=True)
class PredicateSpec:
    args: type[BaseModel]
    build: Callable[[Any], Predicate]
    service_level: bool  # ignores the subject: its result is memoised per service
    scalar_arg: str | None = None  # `name: value` is short for `name: {scalar_arg: value}`


PREDICATES: dict[str, PredicateSpec] = {}


def predicate(name: str, args: type[BaseModel], *, service_level: bool = False, scalar_arg: str | None = None):
    """Register a predicate builder under `name` (the key criteria.yaml uses)."""

    def register(build: Callable[[Any], Predicate]) -> Callable[[Any], Predicate]:
        PREDICATES[name] = PredicateSpec(args, build, service_level, scalar_arg)
        return build

    return register


class PredicateArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def as_text(value: Any) -> str:
    """YAML may give true/1 where the model has the strings "true"/"1"; compare as case-folded text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().casefold()


def as_number(raw: str) -> float | None:
    text = raw.strip()
    if text[:3].casefold() in ("ial", "aal"):
        text = text[3:].strip()
    try:
        return float(text)
    except ValueError:
        return None
