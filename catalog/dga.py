"""The Digital Government Act catalog: outcomes, criteria, platforms, agencies and message texts.

The data lives in YAML under ``catalog/dga/`` (and BMA units in ``catalog/bma/agencies.yaml``) so an
architect can read and extend it without Python. This module validates it once, on load, into frozen
pydantic objects; code that uses the catalog trusts the types.

    >>> from catalog.dga import load_dga_catalog
    >>> cat = load_dga_catalog()
    >>> cat.outcome("O3").name_en
    'No copies of official documents'
    >>> cat.agency_kind("DOPA")
    'state'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from catalog.paths import CATALOG_DIR
from ea_model.compliance.criteria import (
    Agency,
    AgencyKind,
    BiText,
    Capability,
    Criterion,
    DgaCatalog,
    Outcome,
    Platform,
    Severity,
)
from ea_model.errors import EaError

DGA_DIR = CATALOG_DIR / "dga"
BMA_AGENCIES = CATALOG_DIR / "bma" / "agencies.yaml"

# ---- loading -----------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise EaError("catalog file is missing", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise EaError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=str(path), line=line) from None


def _entries(path: Path, data: Any, key: str, model: type[BaseModel]) -> list:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise EaError(f"expected a top-level list `{key}:`", file=str(path))
    out = []
    for n, raw in enumerate(data[key], start=1):
        label = raw.get("id", f"entry {n}") if isinstance(raw, dict) else f"entry {n}"
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "entry"
            raise EaError(f"{key} {label}: {where}: {err['msg']}", file=str(path)) from None
    return out


def _check(condition: bool, path: Path, message: str) -> None:
    if not condition:
        raise EaError(message, file=str(path))


def _unique(items: list, path: Path, what: str) -> None:
    seen: set[str] = set()
    for item in items:
        _check(item.id not in seen, path, f"duplicate {what} id {item.id!r}")
        seen.add(item.id)


def load_dga_catalog_from(directory: Path, bma_agencies: Path | None = None) -> DgaCatalog:
    """Load and cross-check the catalog in `directory` (and BMA units from `bma_agencies` when it exists)."""
    outcomes_path = directory / "outcomes.yaml"
    outcomes_data = _read_yaml(outcomes_path)
    outcomes = _entries(outcomes_path, outcomes_data, "outcomes", Outcome)
    act = outcomes_data.get("act", {})
    act_name = BiText(th=act.get("name_th", ""), en=act.get("name_en", ""))

    platforms_path = directory / "platforms.yaml"
    platforms_data = _read_yaml(platforms_path)
    capabilities_raw = platforms_data.get("capabilities") if isinstance(platforms_data, dict) else None
    _check(isinstance(capabilities_raw, dict), platforms_path, "expected a `capabilities:` mapping")
    try:
        capabilities = {k: Capability.model_validate(v) for k, v in capabilities_raw.items()}
    except ValidationError as exc:
        raise EaError(f"capabilities: {exc.errors()[0]['msg']}", file=str(platforms_path)) from None
    platforms = _entries(platforms_path, platforms_data, "platforms", Platform)

    agencies_path = directory / "agencies.yaml"
    agencies = _entries(agencies_path, _read_yaml(agencies_path), "agencies", Agency)
    if bma_agencies is not None and bma_agencies.exists():
        agencies += _entries(bma_agencies, _read_yaml(bma_agencies), "agencies", Agency)

    criteria_path = directory / "criteria.yaml"
    criteria = _entries(criteria_path, _read_yaml(criteria_path), "criteria", Criterion)

    messages_path = directory / "messages.yaml"
    messages_data = _read_yaml(messages_path)
    _check(isinstance(messages_data, dict), messages_path, "expected `messages:` and `terms:` mappings")
    try:
        messages = {k: BiText.model_validate(v) for k, v in (messages_data.get("messages") or {}).items()}
        terms = {k: BiText.model_validate(v) for k, v in (messages_data.get("terms") or {}).items()}
    except ValidationError as exc:
        raise EaError(f"messages: {exc.errors()[0]['msg']}", file=str(messages_path)) from None

    _unique(outcomes, outcomes_path, "outcome")
    _unique(platforms, platforms_path, "platform")
    _unique(agencies, agencies_path, "agency")
    _unique(criteria, criteria_path, "criterion")
    outcome_ids = {o.id for o in outcomes}
    agency_ids = {a.id for a in agencies}
    for p in platforms:
        _check(
            p.operator in agency_ids, platforms_path, f"platform {p.id}: operator {p.operator!r} is not an agency id"
        )
        for cap in p.provides:
            _check(cap in capabilities, platforms_path, f"platform {p.id}: unknown capability {cap!r}")
        for o in p.satisfies:
            _check(o in outcome_ids, platforms_path, f"platform {p.id}: unknown outcome {o!r}")
    for a in agencies:
        _check(a.parent is None or a.parent in agency_ids, agencies_path, f"agency {a.id}: unknown parent {a.parent!r}")
        _check(a.kind is not None or a.parent is not None, agencies_path, f"agency {a.id}: needs a kind or a parent")
    for c in criteria:
        _check(c.outcome in outcome_ids, criteria_path, f"criterion {c.id}: unknown outcome {c.outcome!r}")
        _check(
            c.outcome != "O7" or c.severity != "fail",
            criteria_path,
            f"criterion {c.id}: O7 rests on s.7(5), a power and not a duty; its criteria are warn or info",
        )
        _check(
            c.outcome != "O7" or bool(c.rationale),
            criteria_path,
            f"criterion {c.id}: O7 criteria must say why (rationale)",
        )

    catalog = DgaCatalog(
        act_name=act_name,
        outcomes=outcomes,
        criteria=criteria,
        capabilities=capabilities,
        platforms=platforms,
        agencies=agencies,
        messages=messages,
        terms=terms,
    )
    for a in agencies:
        _check(catalog.agency_kind(a.id) is not None, agencies_path, f"agency {a.id}: its kind cannot be resolved")
    return catalog


@cache
def load_dga_catalog() -> DgaCatalog:
    """The bundled catalog, loaded and validated once per process."""
    return load_dga_catalog_from(DGA_DIR, BMA_AGENCIES)


__all__ = [
    "Agency",
    "AgencyKind",
    "BiText",
    "Capability",
    "Criterion",
    "DgaCatalog",
    "Outcome",
    "Platform",
    "Severity",
    "load_dga_catalog",
    "load_dga_catalog_from",
]
