"""The named predicates of the DGA criteria (documented in docs/criteria.md).

Each is registered with `@predicate(name, Args)`: `Args` validates the YAML arguments once, when the
catalog is compiled; the builder returns the function the evaluator runs. Service-level predicates look
at the service whatever the current subject is; the others look at the subject (a document, a DataObject,
a process, an actor, or the service itself).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ea_model.compliance.index import APP_TYPES, DIGITAL_CHANNELS, ServiceContext
from ea_model.compliance.vocabulary import (
    FAIL,
    NA,
    PASS,
    UNKNOWN,
    Cap,
    El,
    Plat,
    PredicateArgs,
    Result,
    Term,
    as_number,
    listify,
    predicate,
)

ASSURANCE_ATTRS = ("ial", "aal")
NO_KIND = "—"


# ---- channels, platforms, parties (service level) --------------------------------------------------


class HasChannelArgs(PredicateArgs):
    kinds: list[str] | None = None

    _one = field_validator("kinds", mode="before")(listify)

    @field_validator("kinds")
    @classmethod
    def _digital(cls, value: list[str] | None) -> list[str] | None:
        for kind in value or ():
            if kind not in DIGITAL_CHANNELS:
                raise ValueError(f"unknown channel kind {kind!r}; one of {', '.join(DIGITAL_CHANNELS)}")
        return value


@predicate("has_channel", HasChannelArgs, service_level=True)
def has_channel(args: HasChannelArgs):
    kinds = frozenset(args.kinds) if args.kinds else None

    def run(ctx: ServiceContext, _: str) -> Result:
        ix, digital, counters = ctx.index, ctx.digital_channels, ctx.counters
        if not digital and not counters:
            return Result(UNKNOWN, [("no_channels", {})], [ctx.id])
        found, unlabelled = [], []
        for iface, via in digital.items():
            kind = ix.prop(ix.element(iface), "channel")
            if kinds is None or (kind is not None and kind.casefold() in kinds):
                found.append(
                    Result(PASS, [("channel_found", {"el": El(iface), "kind": kind or NO_KIND})], [iface, *via])
                )
            elif kind is None:
                unlabelled.append(Result(UNKNOWN, [("channel_kind_missing", {"el": El(iface)})], [iface, *via]))
        if found:
            return Result(PASS, [n for r in found for n in r.notes], [e for r in found for e in r.evidence])
        if unlabelled:
            return Result(
                UNKNOWN, [n for r in unlabelled for n in r.notes], [e for r in unlabelled for e in r.evidence]
            )
        if kinds is None:
            els = [El(c) for c in counters]
            return Result(
                FAIL,
                [("no_digital_channel", {"els": els})],
                [ctx.id, *counters, *(r for v in counters.values() for r in v)],
            )
        others = [El(c) for c in ctx.channels]
        return Result(
            FAIL, [("no_channel_of_kind", {"kinds": ", ".join(sorted(kinds)), "els": others})], [ctx.id, *ctx.channels]
        )

    return run


class ServedByPlatformArgs(PredicateArgs):
    provides: list[str] | None = None
    platform: list[str] | None = None
    relationship: Literal["Serving", "Flow"] = "Serving"
    at_least: dict[str, str] | None = None
    include_owners: bool = False

    _one = field_validator("provides", "platform", mode="before")(listify)

    @field_validator("at_least")
    @classmethod
    def _assurance(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for attr in value or {}:
            if attr not in ASSURANCE_ATTRS:
                raise ValueError(f"at_least compares {' or '.join(ASSURANCE_ATTRS)}, not {attr!r}")
        return value

    def model_post_init(self, __context: Any) -> None:
        if not self.provides and not self.platform:
            raise ValueError("give `provides` (capabilities) or `platform` (platform ids)")


def _platform_links(ctx: ServiceContext, args: ServedByPlatformArgs) -> dict[str, list[tuple[str, str | None]]]:
    wanted_caps = set(args.provides or ())
    out = {}
    for p, links in ctx.platforms_serving(args.relationship, include_owners=args.include_owners).items():
        if args.platform and p not in args.platform:
            continue
        if wanted_caps and not wanted_caps & ctx.index.platform_provides[p]:
            continue
        out[p] = links
    return out


def _assurance(ctx: ServiceContext, platform_id: str, at_least: dict[str, str]) -> Result:
    platform = ctx.index.catalog.platform(platform_id)
    results = []
    for attr, service_prop in at_least.items():
        raw = ctx.prop(service_prop)
        if raw is None:
            continue
        required = as_number(raw)
        if required is None:
            results.append(
                Result(UNKNOWN, [("prop_not_number", {"subject": El(ctx.id), "prop": service_prop, "value": raw})])
            )
            continue
        offered = getattr(platform, attr)
        params = {"platform": Plat(platform_id), "attr": attr.upper(), "offered": offered, "required": required}
        if offered is None:
            results.append(Result(UNKNOWN, [("assurance_unknown", params)]))
        else:
            results.append(
                Result(
                    PASS if offered >= required else FAIL,
                    [("assurance_ok" if offered >= required else "assurance_low", params)],
                )
            )
    if not results:
        return Result(NA)
    for status in (FAIL, UNKNOWN):
        bad = [r for r in results if r.status == status]
        if bad:
            return Result(status, [n for r in bad for n in r.notes])
    return Result(PASS, [n for r in results for n in r.notes])


@predicate("served_by_platform", ServedByPlatformArgs, service_level=True)
def served_by_platform(args: ServedByPlatformArgs):
    def run(ctx: ServiceContext, _: str) -> Result:
        matches = _platform_links(ctx, args)
        if not matches:
            if not ctx.has_support_structure and not (args.include_owners and ctx.owners):
                return Result(UNKNOWN, [("no_support_structure", {})], [ctx.id])
            if args.relationship == "Flow":
                return Result(FAIL, [("no_flow_cap", {"cap": [Cap(c) for c in args.provides or ()]})], [ctx.id])
            if args.provides:
                return Result(FAIL, [("no_platform_cap", {"cap": [Cap(c) for c in args.provides]})], [ctx.id])
            return Result(FAIL, [("no_platform_id", {"platform": [Plat(p) for p in args.platform]})], [ctx.id])
        key = "platform_flows" if args.relationship == "Flow" else "platform_serves"
        per_platform = []
        for p, links in matches.items():
            evidence = [x for link in links for x in link if x]
            notes = [(key, {"platform": Plat(p), "el": El(links[0][0])})]
            if args.at_least:
                check = _assurance(ctx, p, args.at_least)
                per_platform.append(Result(check.status if check.status != NA else PASS, notes + check.notes, evidence))
            else:
                per_platform.append(Result(PASS, notes, evidence))
        for status in (PASS, UNKNOWN, FAIL):
            chosen = [r for r in per_platform if r.status == status]
            if chosen:
                return Result(status, [n for r in chosen for n in r.notes], [e for r in chosen for e in r.evidence])
        return Result(NA)

    return run


class PartiesArgs(PredicateArgs):
    parties: list[Literal["citizen", "business"]]

    _one = field_validator("parties", mode="before")(listify)


@predicate("serves_party", PartiesArgs, service_level=True)
def serves_party(args: PartiesArgs):
    def run(ctx: ServiceContext, _: str) -> Result:
        served = ctx.index.parties_of(ctx.id)
        hits = [(role, rel) for role, rel, party in served if party in args.parties]
        terms = [Term(f"party_{p}") for p in args.parties]
        if hits:
            return Result(PASS, [("serves_party", {"parties": terms})], [x for hit in hits for x in hit])
        return Result(FAIL, [("not_serves_party", {"parties": terms})], [ctx.id])

    return run


class ProvidesArgs(PredicateArgs):
    provides: str


@predicate("bundle_shares_platform", ProvidesArgs, service_level=True)
def bundle_shares_platform(args: ProvidesArgs):
    def platforms_of(ctx: ServiceContext) -> set[str]:
        return {p for p in ctx.platforms_serving() if args.provides in ctx.index.platform_provides[p]}

    def run(ctx: ServiceContext, _: str) -> Result:
        ix = ctx.index
        groups = [
            (g, rel.id)
            for rel, g in ix.into(ctx.id, ("Aggregation", "Composition"))
            if ix.type_of(g) == "Grouping" and ix.prop(ix.element(g), "life_event")
        ]
        if not groups:
            return Result(NA)
        mine = platforms_of(ctx)
        results = []
        for group, rel_id in groups:
            if not mine:
                results.append(
                    Result(
                        FAIL, [("bundle_self_none", {"cap": Cap(args.provides), "group": El(group)})], [ctx.id, group]
                    )
                )
                continue
            members = [
                m
                for _, m in ix.out(group, ("Aggregation", "Composition"))
                if m != ctx.id and ix.type_of(m) == "BusinessService"
            ]
            lacking = [m for m in members if not mine & platforms_of(ix.context(m))]
            if lacking:
                params = {"group": El(group), "others": [El(m) for m in lacking], "cap": Cap(args.provides)}
                results.append(Result(FAIL, [("bundle_not_shared", params)], [group, rel_id, *lacking]))
            else:
                common = sorted(mine)[0]
                results.append(
                    Result(
                        PASS,
                        [("bundle_shared", {"platform": Plat(common), "group": El(group)})],
                        [group, rel_id, *members],
                    )
                )
        failed = [r for r in results if r.status == FAIL]
        chosen = failed or results
        return Result(
            FAIL if failed else PASS, [n for r in chosen for n in r.notes], [e for r in chosen for e in r.evidence]
        )

    return run


# ---- documents, data, actors (subject level) ------------------------------------------------------


class KindsArgs(PredicateArgs):
    kinds: list[Literal["bma", "state", "private", "applicant"]]

    _one = field_validator("kinds", mode="before")(listify)


@predicate("issuer_kind", KindsArgs)
def issuer_kind(args: KindsArgs):
    def run(ctx: ServiceContext, doc: str) -> Result:
        issuers = ctx.index.issuers(doc)
        if not issuers:
            return Result(UNKNOWN, [("issuer_missing", {"doc": El(doc)})], [doc])
        hits, problems, others = [], [], []
        for writer, rel_id, agency, kind, problem in issuers:
            if problem:
                problems.append(((problem, {"actor": El(writer), "agency": agency or ""}), [writer, rel_id]))
                continue
            note = ("issuer_is", {"doc": El(doc), "issuer": El(writer), "kind": Term(f"kind_{kind}")})
            (hits if kind in args.kinds else others).append((note, [writer, rel_id]))
        for status, chosen in ((PASS, hits), (UNKNOWN, problems), (FAIL, others)):
            if chosen:
                return Result(status, [n for n, _ in chosen], [e for _, ev in chosen for e in ev])
        return Result(UNKNOWN, [("issuer_missing", {"doc": El(doc)})], [doc])

    return run


@predicate("agency_kind", KindsArgs)
def agency_kind(args: KindsArgs):
    def run(ctx: ServiceContext, actor: str) -> Result:
        agency, kind, problem = ctx.index.agency_of(actor)
        if problem:
            return Result(UNKNOWN, [(problem, {"actor": El(actor), "agency": agency or ""})], [actor])
        note = ("agency_is", {"actor": El(actor), "agency": agency, "kind": Term(f"kind_{kind}")})
        return Result(PASS if kind in args.kinds else FAIL, [note], [actor])

    return run


class DigitalPathArgs(PredicateArgs):
    link_properties: list[str] = Field(default_factory=list)

    _one = field_validator("link_properties", mode="before")(listify)


@predicate("has_digital_path", DigitalPathArgs)
def has_digital_path(args: DigitalPathArgs):
    def run(ctx: ServiceContext, doc: str) -> Result:
        ix = ctx.index
        datas = [(src, rel.id) for rel, src in ix.into(doc, ("Realization",)) if ix.type_of(src) == "DataObject"]
        if not datas:
            return Result(FAIL, [("no_data_object", {"doc": El(doc)}), *_paper_copies(ctx, doc)], [doc])
        serving = ctx.platforms_serving("Serving")
        internal = any(kind == "bma" for *_, kind, _problem in ix.issuers(doc))
        unlinked = None
        for data, realization in datas:
            for el, access in ix.platform_access.get(data, ()):
                for p in ix.capability_platforms(el, "data_exchange"):
                    links = serving.get(p)
                    if not links:
                        continue
                    evidence = [data, realization, el, access, *(x for link in links for x in link if x)]
                    if not args.link_properties:
                        note = ("path_exchange", {"doc": El(doc), "data": El(data), "platform": Plat(p), "el": El(el)})
                        return Result(PASS, [note], evidence)
                    recorded = [r for _, r in links if r and all(ix.prop_of(r, n) for n in args.link_properties)]
                    params = {"doc": El(doc), "platform": Plat(p), "props": ", ".join(args.link_properties)}
                    if recorded:
                        return Result(PASS, [("link_props_ok", params)], [*evidence, *recorded])
                    unlinked = unlinked or Result(FAIL, [("link_props_missing", params)], evidence)
            if internal:
                for rel, src in ix.into(data, ("Access",)):
                    if ix.type_of(src) in APP_TYPES and ix.is_bma_application(src) and ctx.reaches(src):
                        note = ("path_internal", {"doc": El(doc), "data": El(data), "el": El(src)})
                        return Result(PASS, [note], [data, realization, src, rel.id])
        if unlinked is not None:
            return unlinked
        notes = [("data_not_delivered", {"doc": El(doc), "data": El(d)}) for d, _ in datas]
        return Result(FAIL, notes + _paper_copies(ctx, doc), [doc, *(x for pair in datas for x in pair)])

    return run


def _paper_copies(ctx: ServiceContext, doc: str) -> list[tuple[str, dict]]:
    ix = ctx.index
    return [
        ("paper_copy", {"doc": El(doc), "rep": El(src)})
        for rel, src in ix.into(doc, ("Realization",))
        if ix.type_of(src) == "Representation"
    ]


class NoArgs(PredicateArgs):
    pass


@predicate("has_paper_copy", NoArgs)
def has_paper_copy(_args: NoArgs):
    def run(ctx: ServiceContext, doc: str) -> Result:
        ix = ctx.index
        reps = [(src, rel.id) for rel, src in ix.into(doc, ("Realization",)) if ix.type_of(src) == "Representation"]
        if reps:
            notes = [("paper_copy", {"doc": El(doc), "rep": El(rep)}) for rep, _ in reps]
            return Result(PASS, notes, [x for pair in reps for x in pair])
        return Result(FAIL, [("no_paper_copy", {"doc": El(doc)})], [doc])

    return run


class PlatformSelectArgs(PredicateArgs):
    provides: str | None = None
    platform: str | None = None

    def model_post_init(self, __context: Any) -> None:
        if not self.provides and not self.platform:
            raise ValueError("give `provides` (a capability) or `platform` (a platform id)")


@predicate("read_by_platform", PlatformSelectArgs)
def read_by_platform(args: PlatformSelectArgs):
    def run(ctx: ServiceContext, data: str) -> Result:
        ix = ctx.index
        for el, rel_id in ix.platform_access.get(data, ()):
            for p in ix.platform_of[el]:
                if (args.platform is None or p == args.platform) and (
                    args.provides is None or args.provides in ix.platform_provides[p]
                ):
                    return Result(
                        PASS, [("read_by", {"data": El(data), "platform": Plat(p), "el": El(el)})], [el, rel_id]
                    )
        what = Cap(args.provides) if args.provides else Plat(args.platform)
        return Result(FAIL, [("not_read_by", {"data": El(data), "cap": what})], [data])

    return run
