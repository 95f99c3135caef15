"""The predicate vocabulary DGA criteria are written in (docs/criteria.md), and the compiler from YAML.

A criterion's `applies_to` and `test` are expressions: `{all: [...]}`, `{any: [...]}`, `{not: ...}`, the
quantifiers `{each: {...}}` / `{some: {...}}`, or one named predicate with its arguments. Each compiles to
a function `(ServiceContext, subject id) -> Result`. A Result is pass / fail / unknown / n/a with the
facts observed (notes: a message key from catalog/dga/messages.yaml and its parameters) and the ids of
the elements and relationships behind it. Notes state facts ("the citizen brings a paper copy R"), so
`not` only swaps pass and fail.

Logic is three-valued (Kleene): `all` fails if any part fails, else is unknown if any part is unknown;
`any` passes if any part passes, else is unknown if any is unknown. n/a (nothing in scope) is neutral.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ea_model.compliance import library, properties  # noqa: F401  (the named predicates register on import)
from ea_model.compliance.index import COLLECTIONS, DECLARABLE_EMPTY, ServiceContext
from ea_model.compliance.vocabulary import (
    FAIL,
    NA,
    PASS,
    PREDICATES,
    UNKNOWN,
    Cap,
    El,
    Plat,
    Predicate,
    Result,
    Term,
    predicate,
)
from ea_model.errors import EaError

MAX_ITEMS = 5  # notes listed per quantifier before "… and N more"
# ---- logic -------------------------------------------------------------------------------------


def _merge(results: list[Result], status: str) -> Result:
    out = Result(status)
    for r in results:
        out.notes.extend(r.notes)
        out.evidence.extend(r.evidence)
    return out


def _all(parts: list[Predicate]) -> Predicate:
    def run(ctx: ServiceContext, subject: str) -> Result:
        results = [p(ctx, subject) for p in parts]
        by = {s: [r for r in results if r.status == s] for s in (PASS, FAIL, UNKNOWN)}
        if by[FAIL]:
            return _merge(by[FAIL], FAIL)
        if by[UNKNOWN]:
            return _merge(by[UNKNOWN], UNKNOWN)
        if by[PASS]:
            return _merge(by[PASS], PASS)
        return _merge(results[:1], NA)

    return run


def _any(parts: list[Predicate]) -> Predicate:
    def run(ctx: ServiceContext, subject: str) -> Result:
        results = []
        for p in parts:
            r = p(ctx, subject)
            if r.status == PASS:
                return r
            results.append(r)
        unknown = [r for r in results if r.status == UNKNOWN]
        if unknown:
            return _merge(unknown, UNKNOWN)
        failed = [r for r in results if r.status == FAIL]
        return _merge(failed, FAIL) if failed else _merge(results[:1], NA)

    return run


def _not(part: Predicate) -> Predicate:
    swap = {PASS: FAIL, FAIL: PASS}

    def run(ctx: ServiceContext, subject: str) -> Result:
        r = part(ctx, subject)
        return Result(swap.get(r.status, r.status), r.notes, r.evidence)

    return run


# ---- quantifiers ---------------------------------------------------------------------------------


class QuantifierArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    in_: str = Field(alias="in")
    where: Any = None
    test: Any = None
    empty: str | None = None

    @field_validator("in_")
    @classmethod
    def _known_collection(cls, value: str) -> str:
        if value not in COLLECTIONS:
            raise ValueError(f"unknown collection {value!r}; one of {', '.join(COLLECTIONS)}")
        return value

    @field_validator("empty")
    @classmethod
    def _verdict(cls, value: str | None) -> str | None:
        if value is not None and value not in (PASS, FAIL, UNKNOWN, NA):
            raise ValueError("empty must be pass, fail, unknown or n/a")
        return value


def _items(ctx: ServiceContext, name: str, empty: str) -> tuple[list[tuple[str, list[str]]], Result | None]:
    """The collection's items, or the Result to return instead (no process, declared empty, empty)."""
    if ctx.collection_needs_process(name) and not ctx.processes:
        return [], Result(UNKNOWN, [("coll_no_process", {"coll": Term(name)})], [ctx.id])
    items = list(ctx.collection(name).items())
    if items:
        return items, None
    declared = DECLARABLE_EMPTY.get(name)
    if declared and ctx.prop(declared) == "none":
        return [], Result(NA, [("coll_declared_none", {"prop": declared})], [ctx.id])
    if declared:
        return [], Result(empty, [("coll_empty", {"coll": Term(name), "prop": declared})], [ctx.id])
    return [], Result(empty, [("coll_empty_plain", {"coll": Term(name)})], [ctx.id])


def _cap(results: list[Result], status: str) -> Result:
    out = _merge(results[:MAX_ITEMS], status)
    if len(results) > MAX_ITEMS:
        out.notes.append(("more", {"n": len(results) - MAX_ITEMS}))
        for r in results[MAX_ITEMS:]:
            out.evidence.extend(r.evidence)
    return out


def _quantifier(args: QuantifierArgs, where: str, every: bool) -> Predicate:
    scope = compile_expression(args.where, f"{where}.where") if args.where is not None else None
    test = compile_expression(args.test, f"{where}.test") if args.test is not None else None
    empty = args.empty or (UNKNOWN if every else FAIL)
    name = args.in_

    def run(ctx: ServiceContext, _subject: str) -> Result:
        items, early = _items(ctx, name, empty)
        if early is not None:
            return early
        results: list[Result] = []
        for item, via in items:
            if scope is not None:
                s = scope(ctx, item)
                if s.status in (FAIL, NA):
                    continue
                if s.status == UNKNOWN:
                    results.append(
                        Result(UNKNOWN, [("scope_unknown", {"item": El(item)}), *s.notes], [item, *s.evidence])
                    )
                    continue
            r = test(ctx, item) if test is not None else Result(PASS)
            results.append(Result(r.status, r.notes, [item, *via, *r.evidence]))
        by = {s: [r for r in results if r.status == s] for s in (PASS, FAIL, UNKNOWN)}
        if every:
            if by[FAIL]:
                return _cap(by[FAIL], FAIL)
            if by[UNKNOWN]:
                return _cap(by[UNKNOWN], UNKNOWN)
            if by[PASS]:
                return _cap(by[PASS], PASS)
        else:
            if by[PASS]:
                return _cap(by[PASS], PASS)
            if by[UNKNOWN]:
                return _cap(by[UNKNOWN], UNKNOWN)
            if by[FAIL]:
                return _cap(by[FAIL], FAIL)
        return Result(NA, [("none_in_scope", {"coll": Term(name)})], [ctx.id])

    return run


# ---- compiler ------------------------------------------------------------------------------------


def compile_expression(expr: Any, where: str) -> Predicate:
    """Compile one expression; `where` names it in errors (e.g. "criteria.yaml: O3-C1.test")."""
    if not isinstance(expr, dict) or len(expr) != 1:
        raise EaError(
            f"{where}: an expression is a mapping with exactly one key (a predicate, all, any, not, each, some)"
        )
    ((name, arg),) = expr.items()
    if name in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise EaError(f"{where}: `{name}` takes a non-empty list of expressions")
        parts = [compile_expression(e, f"{where}.{name}[{n}]") for n, e in enumerate(arg)]
        return _all(parts) if name == "all" else _any(parts)
    if name == "not":
        return _not(compile_expression(arg, f"{where}.not"))
    if name in ("each", "some"):
        try:
            args = QuantifierArgs.model_validate(arg or {})
        except ValidationError as exc:
            raise EaError(f"{where}.{name}: {_first_error(exc)}") from None
        if name == "each" and args.test is None:
            raise EaError(f"{where}.each: needs a `test`")
        return _quantifier(args, f"{where}.{name}", every=name == "each")
    spec = PREDICATES.get(name)
    if spec is None:
        known = ", ".join(sorted([*PREDICATES, "all", "any", "not", "each", "some"]))
        raise EaError(f"{where}: unknown predicate {name!r}; known: {known}")
    if spec.scalar_arg is not None and not isinstance(arg, dict):
        arg = {spec.scalar_arg: arg}
    try:
        parsed = spec.args.model_validate(arg or {})
    except ValidationError as exc:
        raise EaError(f"{where}.{name}: {_first_error(exc)}") from None
    run = spec.build(parsed)
    if not spec.service_level:
        return run
    token = object()

    def memoised(ctx: ServiceContext, subject: str) -> Result:
        hit = ctx.memo.get(token)
        if hit is None:
            hit = ctx.memo[token] = run(ctx, ctx.id)
        return hit

    return memoised


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        return f"{loc}: {err['msg']}" if loc else err["msg"]
    return str(exc)


# ---- rendering -----------------------------------------------------------------------------------


def render_notes(notes: list[tuple[str, dict]], lang: str, index, limit: int = 8) -> str:
    """The notes as one line of text in `lang` ("th" or "en")."""
    catalog = index.catalog
    parts: list[str] = []
    for key, params in notes[:limit]:
        template = catalog.message(key).in_lang(lang)
        parts.append(template.format(**{k: _render_param(v, lang, index) for k, v in params.items()}))
    if len(notes) > limit:
        parts.append(catalog.message("more").in_lang(lang).format(n=len(notes) - limit))
    text = ""
    seen: set[str] = set()
    for part in parts:
        if part in seen:
            continue
        seen.add(part)
        text += part if not text else (" " if text.endswith(":") else "; ") + part
    return text


def _render_param(value: Any, lang: str, index) -> str:
    if isinstance(value, El):
        key = (value, lang)
        shown = index.labels.get(key)
        if shown is None:
            concept = index.element(value) or index.model.get_relationship(value)
            label = concept.label(lang) if concept is not None else ""
            shown = index.labels[key] = f"“{label}”" if label else str(value)
        return shown
    if isinstance(value, Plat):
        platform = index.catalog.platform(value)
        return platform.name(lang) if platform else str(value)
    if isinstance(value, Cap):
        cap = index.catalog.capabilities.get(value)
        return cap.name(lang) if cap else str(value)
    if isinstance(value, Term):
        term = index.catalog.term(value)
        return term.in_lang(lang) if term else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_render_param(v, lang, index) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


__all__ = [
    "PASS",
    "FAIL",
    "UNKNOWN",
    "NA",
    "Result",
    "El",
    "Plat",
    "Cap",
    "Term",
    "PREDICATES",
    "predicate",
    "compile_expression",
    "render_notes",
]
