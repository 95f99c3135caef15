"""The property predicates of the DGA criteria (docs/criteria.md): they read a property of the current
subject (the service, or a quantifier's item) and never look further."""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any, Literal

from ea_model.compliance.index import ServiceContext
from ea_model.compliance.vocabulary import FAIL, PASS, UNKNOWN, El, PredicateArgs, Result, as_number, as_text, predicate

OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class PropertyArgs(PredicateArgs):
    property: str


@predicate("property_present", PropertyArgs, scalar_arg="property")
def property_present(args: PropertyArgs):
    def run(ctx: ServiceContext, subject: str) -> Result:
        value = ctx.index.prop_of(subject, args.property)
        params = {"subject": El(subject), "prop": args.property}
        if value is None:
            return Result(FAIL, [("prop_missing", params)], [subject])
        return Result(PASS, [("prop_value", {**params, "value": value})], [subject])

    return run


class PropertyInArgs(PredicateArgs):
    property: str
    values: list[Any]
    default: Any = None


@predicate("property_in", PropertyInArgs)
def property_in(args: PropertyInArgs):
    allowed = {as_text(v) for v in args.values}
    shown = ", ".join(as_text(v) if isinstance(v, bool) else str(v) for v in args.values)

    def run(ctx: ServiceContext, subject: str) -> Result:
        value = ctx.index.prop_of(subject, args.property)
        params = {"subject": El(subject), "prop": args.property}
        notes = []
        if value is None:
            if args.default is None:
                return Result(UNKNOWN, [("prop_unknown", params)], [subject])
            value = as_text(args.default)
            notes.append(("prop_default", {**params, "value": value}))
        if as_text(value) in allowed:
            return Result(PASS, notes or [("prop_value", {**params, "value": value})], [subject])
        return Result(FAIL, notes + [("prop_not_in", {**params, "value": value, "values": shown})], [subject])

    return run


class PropertyRef(PredicateArgs):
    property: str


class PropertyCompareArgs(PredicateArgs):
    property: str
    op: Literal["==", "!=", "<", "<=", ">", ">="]
    value: float | PropertyRef
    default: float | PropertyRef | None = None


def _operand(ctx: ServiceContext, subject: str, spec: float | PropertyRef) -> tuple[float | None, str, Result | None]:
    """(number, how to show it, the unknown Result when it cannot be had)."""
    if not isinstance(spec, PropertyRef):
        return float(spec), f"{spec:g}", None
    raw = ctx.index.prop_of(subject, spec.property)
    params = {"subject": El(subject), "prop": spec.property}
    if raw is None:
        return None, "", Result(UNKNOWN, [("prop_unknown", {**params, "kind": "number"})], [subject])
    number = as_number(raw)
    if number is None:
        return None, "", Result(UNKNOWN, [("prop_not_number", {**params, "value": raw})], [subject])
    return number, f"{spec.property} ({number:g})", None


@predicate("property_compare", PropertyCompareArgs)
def property_compare(args: PropertyCompareArgs):
    compare = OPS[args.op]

    def run(ctx: ServiceContext, subject: str) -> Result:
        params = {"subject": El(subject), "prop": args.property}
        notes = []
        raw = ctx.index.prop_of(subject, args.property)
        if raw is None:
            if args.default is None:
                return Result(UNKNOWN, [("prop_unknown", {**params, "kind": "number"})], [subject])
            left, shown, problem = _operand(ctx, subject, args.default)
            if problem:
                return problem
            notes.append(("prop_default", {**params, "value": shown}))
        else:
            left = as_number(raw)
            if left is None:
                return Result(UNKNOWN, [("prop_not_number", {**params, "value": raw})], [subject])
        right, other, problem = _operand(ctx, subject, args.value)
        if problem:
            return problem
        outcome = compare(left, right)
        note = (
            "compare_ok" if outcome else "compare_fail",
            {**params, "value": f"{left:g}", "op": args.op, "other": other},
        )
        return Result(PASS if outcome else FAIL, [*notes, note], [subject])

    return run


class DateWithinArgs(PredicateArgs):
    property: str
    days: int


@predicate("property_date_within", DateWithinArgs)
def property_date_within(args: DateWithinArgs):
    def run(ctx: ServiceContext, subject: str) -> Result:
        raw = ctx.index.prop_of(subject, args.property)
        params = {"subject": El(subject), "prop": args.property}
        if raw is None:
            return Result(UNKNOWN, [("prop_unknown", {**params, "kind": "date"})], [subject])
        try:
            when = dt.date.fromisoformat(raw[:10])
        except ValueError:
            return Result(UNKNOWN, [("date_bad", {**params, "value": raw})], [subject])
        fresh = (ctx.index.today - when).days <= args.days
        note = ("date_ok" if fresh else "date_old", {**params, "value": when.isoformat(), "days": args.days})
        return Result(PASS if fresh else FAIL, [note], [subject])

    return run
