"""What a finding tells a board beyond its verdict: the fact to record when the model does not say
(`render_record`), the elements a failed criterion concerns (`with_concerned`), and why to verify before
recording a breach (`finding_caveats`: facts the catalog marks uncertain, paths through an Or junction).

Texts are catalog messages (catalog/dga/messages.yaml): `record_<note>` for each note an unknown can rest
on, optionally specialised by the collection, the expected kind of value or the listed values
(`record_<note>_<variant>`); `caveat_*` and `concerns`.
"""

from __future__ import annotations

from typing import Any

from ea_model.compliance.predicates import render_notes
from ea_model.compliance.vocabulary import Cap, El, Plat
from ea_model.objects import LangString

_LANGS = ("th", "en")
_MAX_CONCERNED = 6


def render_record(notes: list[tuple[str, dict]], index, service: str) -> LangString | None:
    """The facts to record, one per note that has a `record_*` text; None when no note has one."""
    wanted: list[tuple[str, dict]] = []
    for key, params in notes:
        template = _record_key(index.catalog, key, params)
        if template is not None:
            wanted.append((template, {**params, "service": El(service)}))
    if not wanted:
        return None
    return {lang: render_notes(wanted, lang, index) for lang in _LANGS}


def _record_key(catalog, key: str, params: dict[str, Any]) -> str | None:
    variants = [str(params[name]) for name in ("prop", "coll", "kind") if name in params]
    for candidate in [*(f"record_{key}_{v}" for v in variants), f"record_{key}"]:
        if candidate in catalog.messages:
            return candidate
    return None


def with_concerned(remedy: LangString, notes: list[tuple[str, dict]], index, service: str) -> LangString:
    """The criterion's remedy followed by the elements its failing notes name (not the service itself)."""
    concerned = list(dict.fromkeys(v for _, params in notes for v in _flat(params) if isinstance(v, El)))
    concerned = [c for c in concerned if c != service][:_MAX_CONCERNED]
    if not concerned:
        return dict(remedy)
    tail = {lang: render_notes([("concerns", {"els": concerned})], lang, index) for lang in _LANGS}
    return {lang: f"{remedy.get(lang, '')} ({tail[lang]})".strip() for lang in _LANGS}


def finding_caveats(criterion, verdict: str, notes: list[tuple[str, dict]], evidence: list[str], index) -> list:
    """Why this verdict needs checking before it is recorded: the criterion rests on a secondary source,
    a platform or agency fact it used is not confirmed by a primary one, or its path passes an Or junction."""
    found: list[tuple[str, dict]] = []
    if criterion.uncertain and verdict != "pass":
        found.append(("caveat_criterion", {}))
    capabilities = _capabilities(criterion, index)
    uncertain_platforms, uncertain_agencies = index.uncertain_platforms, index.uncertain_agencies
    for _key, params in notes:
        platform_id = params.get("platform")
        if isinstance(platform_id, Plat) and platform_id in uncertain_platforms:
            platform = index.catalog.platform(platform_id)
            used = {str(v) for v in _flat(params) if isinstance(v, Cap)} | capabilities
            if "attr" in params:
                used.add(str(params["attr"]).lower())
            uncertain = [f for f in platform.uncertain_fields if f in used]
            if uncertain:
                found.append(("caveat_platform", {"platform": params["platform"], "fields": ", ".join(uncertain)}))
        agency = params.get("agency")
        if isinstance(agency, str) and agency in uncertain_agencies:
            found.append(("caveat_agency", {"agency": params["agency"]}))
    or_derived = index.or_derived
    junctions = [j for ref in evidence if ref in or_derived for j in _or_junctions(index, ref)] if or_derived else []
    if junctions:
        found.append(("caveat_or_junction", {"junctions": list(dict.fromkeys(junctions))}))
    caveats, seen = [], set()
    for key, params in found:
        text = {lang: render_notes([(key, params)], lang, index) for lang in _LANGS}
        if text["en"] not in seen:
            seen.add(text["en"])
            caveats.append(text)
    return caveats


def _capabilities(criterion, index) -> frozenset[str]:
    """The capabilities a criterion's expressions name, worked out once per criterion and run."""
    cache = index.criterion_capabilities
    found = cache.get(criterion.id)
    if found is None:
        named = [*_named(criterion.test, "provides"), *_named(criterion.applies_to, "provides")]
        found = cache[criterion.id] = frozenset(named)
    return found


def _named(expression: Any, argument: str):
    """Every value of `argument` anywhere in a criterion expression."""
    if isinstance(expression, dict):
        for key, value in expression.items():
            if key == argument:
                yield from (value if isinstance(value, list) else [value])
            else:
                yield from _named(value, argument)
    elif isinstance(expression, list):
        for item in expression:
            yield from _named(item, argument)


def _or_junctions(index, derived_id: str) -> list[El]:
    return [El(p) for p in index.derived_parts.get(derived_id, ()) if index.type_of(p) == "OrJunction"]


def _flat(params: dict[str, Any]):
    for value in params.values():
        if isinstance(value, list | tuple):
            yield from value
        else:
            yield value
