"""What the DGA checks know about a model: indexes built once per run, and one context per service.

`ModelIndex` is built once (platform membership, the relationships platform elements take part in,
property-definition ids); `ServiceContext` gathers one service's neighbourhood lazily (its processes,
documents, data, channels, owners, and the set of elements through which a platform "serves" it).
Nothing here scans the whole graph per service: every per-service query walks relationships out of the
service. The structural rules are those of docs/modeling-conventions.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property

from ea_model.compliance.criteria import DgaCatalog
from ea_model.metamodel import JUNCTION_TYPES
from ea_model.model import Model
from ea_model.objects import Concept, Element, Relationship, text_in
from ea_model.plateaus import claimed_concepts, find_plateau

PROCESS_TYPES = frozenset({"BusinessProcess", "BusinessFunction", "BusinessInteraction"})
APP_TYPES = frozenset(
    {
        "ApplicationComponent",
        "ApplicationCollaboration",
        "ApplicationInterface",
        "ApplicationService",
        "ApplicationFunction",
        "ApplicationProcess",
        "ApplicationInteraction",
        "ApplicationEvent",
    }
)
# From a component to its parts: the relationships a platform tag and "the application behind" follow.
PART_OF = ("Composition", "Aggregation", "Assignment", "Realization")
READ_ACCESS = frozenset({"Read", "ReadWrite"})
WRITE_ACCESS = frozenset({"Write", "ReadWrite"})
PARTIES = frozenset({"citizen", "business"})
DIGITAL_CHANNELS = ("web", "mobile", "line", "kiosk", "api")
# Collections a quantifier can range over, and the service property that declares one empty.
COLLECTIONS = (
    "processes",
    "required_documents",
    "produced_data",
    "channels",
    "digital_channels",
    "counters",
    "owners",
    "applications",
)
DECLARABLE_EMPTY = {"required_documents": "required_documents", "produced_data": "produced_data"}


def plateau_exclusions(model: Model, plateau: str) -> frozenset[str]:
    """Ids of the concepts other plateaus claim and `plateau` (an id or a name) does not: leaving them out
    gives the architecture as of that plateau (convention 11; `ea_model.plateaus` has the rules)."""
    pid = find_plateau(model, plateau).id
    return frozenset(ref for ref, owners in claimed_concepts(model).items() if pid not in owners)


class ModelIndex:
    """Per-run indexes over a model and the catalog. Build once, then ask for `context(service)`."""

    def __init__(
        self,
        model: Model,
        catalog: DgaCatalog,
        *,
        excluded: frozenset[str] = frozenset(),
        today: dt.date | None = None,
    ):
        self.model = model
        self.catalog = catalog
        self.excluded = excluded
        self.today = today or dt.date.today()
        # networkx's own adjacency dicts: read-only here, and much faster than the view objects per call.
        self._succ = model.graph._succ
        self._pred = model.graph._pred
        self._nodes = model.graph._node
        self._out: dict[str, dict[str, list[tuple[Relationship, str]]]] = {}
        self._in: dict[str, dict[str, list[tuple[Relationship, str]]]] = {}
        # Relationships through junctions, read as direct ones (`_through_junctions`): id -> the relationship,
        # and the real ids it stands for (relationships and junctions, in order).
        self.derived: dict[str, Relationship] = {}
        self.derived_parts: dict[str, tuple[str, ...]] = {}
        self.or_derived: set[str] = set()  # those that pass an Or junction: one of its alternatives holds
        self.dead_ends: dict[str, str] = {}  # junction id -> a relationship into it that leads nowhere
        self.criterion_capabilities: dict[str, frozenset[str]] = {}  # criterion id -> capabilities it names
        # Catalog entries with facts no primary source confirms: a finding resting on them says so.
        self.uncertain_platforms = frozenset(p.id for p in catalog.platforms if p.uncertain_fields)
        self.uncertain_agencies = frozenset(a.id for a in catalog.agencies if a.uncertain)
        self._defids: dict[str, set[str]] = defaultdict(set)
        for definition in model.property_definitions.values():
            for name in definition.name.values():
                self._defids[name].add(definition.id)
        self.problems: list[str] = []  # model-level catalog problems (unknown platform ids...)
        self.platform_provides: dict[str, frozenset[str]] = {p.id: frozenset(p.provides) for p in catalog.platforms}
        # One pass over the nodes: the application elements that carry a platform id, and the citizen and
        # business roles.
        self._tagged_apps: list[Element] = []
        self.party_roles: list[str] = []
        platform_ids = self._defids.get("platform", set())
        self._junctions: set[str] = set()  # junction ids, so the per-neighbour test is one set lookup
        for data in self._nodes.values():
            el = data.get("element")
            if el is not None and el.type in JUNCTION_TYPES:
                self._junctions.add(el.id)
            if el is None or not el.properties or el.id in excluded:
                continue
            if el.type in APP_TYPES:
                if any(p.definition_ref in platform_ids for p in el.properties):
                    self._tagged_apps.append(el)
            elif el.type == "BusinessRole" and self.prop(el, "party") in PARTIES:
                self.party_roles.append(el.id)
        self.platform_of: dict[str, frozenset[str]] = self._platform_membership()
        self.bma_platforms = frozenset(p.id for p in catalog.platforms if catalog.agency_kind(p.operator) == "bma")
        # target id -> [(platform element id, relationship id)], per relationship type
        self.platform_edges: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        self.platform_access: dict[str, list[tuple[str, str]]] = defaultdict(list)  # DataObject -> accesses
        for el_id in self.platform_of:
            for rel, target in self.out(el_id, ("Serving", "Flow", "Access")):
                if rel.type == "Access":
                    self.platform_access[target].append((el_id, rel.id))
                else:
                    self.platform_edges[rel.type][target].append((el_id, rel.id))
                    # Serving a part of a component counts as serving the component: a service reaches the
                    # component behind its channel, not each of its (possibly thousands of) parts.
                    for owner in self.owners(target):
                        self.platform_edges[rel.type][owner].append((el_id, rel.id))
        self._contexts: dict[str, ServiceContext] = {}
        self._issuers: dict[str, tuple] = {}
        self.labels: dict[tuple[str, str], str] = {}  # (id, lang) -> name, for rendering messages

    def release(self) -> None:
        """Drop the per-run caches once every finding is made: findings keep the index only to render their
        messages later (names, catalog texts), so the walk's intermediate data need not outlive the run."""
        self._contexts.clear()
        self._in.clear()
        self._out.clear()
        self._issuers.clear()
        self.platform_edges.clear()
        self.platform_access.clear()

    def owners(self, el_id: str) -> list[str]:
        """The ApplicationComponents that compose, aggregate, are assigned to or realize `el_id`."""
        return [o for _, o in self.into(el_id, PART_OF) if self.type_of(o) == "ApplicationComponent"]

    # ---- graph access that honours plateau exclusions ----------------------------------------

    def element(self, el_id: str) -> Element | None:
        data = self._nodes.get(el_id)
        return data.get("element") if data else None

    def type_of(self, el_id: str) -> str | None:
        el = self.element(el_id)
        return el.type if el is not None else None

    def out(self, node: str, types: Iterable[str]) -> Iterator[tuple[Relationship, str]]:
        """(relationship, target) for `node`'s outgoing relationships of the given types; a relationship
        into a junction comes as the relationships through it, one per real target."""
        by_type = self._out.get(node)
        if by_type is None:
            by_type = self._out[node] = self._by_type(node, self._succ)
        for t in types:
            yield from by_type.get(t, ())

    def into(self, node: str, types: Iterable[str]) -> Iterator[tuple[Relationship, str]]:
        """(relationship, source) for `node`'s incoming relationships of the given types, through junctions
        as `out` does."""
        by_type = self._in.get(node)
        if by_type is None:
            by_type = self._in[node] = self._by_type(node, self._pred)
        for t in types:
            yield from by_type.get(t, ())

    def _by_type(self, node: str, adjacency: dict) -> dict[str, list[tuple[Relationship, str]]]:
        """One node's relationships grouped by type, built once: hubs (a document every service asks for,
        the citizen role, a shared platform) have thousands, and each query asks for one or two types."""
        out: dict[str, list[tuple[Relationship, str]]] = {}
        neighbours = adjacency.get(node)
        if not neighbours:
            return out
        excluded = self.excluded
        for other, edges in neighbours.items():
            if other in excluded:
                continue
            junction = other in self._junctions
            for data in edges.values():
                rel = data["relationship"]
                if rel.id in excluded:
                    continue
                if junction:
                    out.setdefault(rel.type, []).extend(self._through_junctions(rel, other, adjacency))
                else:
                    out.setdefault(rel.type, []).append((rel, other))
        return out

    def _through_junctions(self, first: Relationship, junction: str, adjacency: dict) -> list[tuple[Relationship, str]]:
        """The relationships `first` makes through `junction` (and any chain of junctions after it), read as
        ArchiMate means them: a relationship of one type into a junction and out of it to a real element is
        that relationship between the two ends. And junction: every such pair holds; Or junction: one of
        them does (`or_derived` marks these, so findings can say so). Relationships of another type on the
        junction are not followed (`ea validate` reports the mixed junction)."""
        found: list[tuple[Relationship, str]] = []
        outgoing = adjacency is self._succ
        stack = [(junction, (first.id, junction), self.type_of(junction) == "OrJunction")]
        seen = {junction}
        while stack:
            here, parts, via_or = stack.pop()
            led_on = False
            for other, edges in adjacency.get(here, {}).items():
                if other in self.excluded:
                    continue
                for data in edges.values():
                    rel = data["relationship"]
                    if rel.type != first.type or rel.id in self.excluded or rel.id == first.id:
                        continue
                    led_on = True
                    if other in self._junctions:
                        if other not in seen:
                            seen.add(other)
                            is_or = via_or or self.type_of(other) == "OrJunction"
                            stack.append((other, (*parts, rel.id, other), is_or))
                        continue
                    found.append((self._derive(first, rel, (*parts, rel.id), other, outgoing, via_or), other))
            if not led_on:
                self.dead_ends.setdefault(here, first.id)
        return found

    def _derive(
        self, first: Relationship, last: Relationship, parts: tuple[str, ...], end: str, outgoing: bool, via_or: bool
    ) -> Relationship:
        near, far = (first, last) if outgoing else (last, first)  # `near` leaves the source, `far` reaches the target
        rid = "~".join(parts) if outgoing else "~".join(reversed(parts))
        derived = self.derived.get(rid)
        if derived is None:
            derived = Relationship.model_construct(
                id=rid,
                type=first.type,
                name={},
                documentation={},
                source=near.source,
                target=far.target,
                # accessType is the passive end's: the segment that reaches the object says how it is accessed
                access_type=far.access_type if far.access_type is not None else near.access_type,
                is_directed=None,
                modifier=None,
                properties=[*near.properties, *(p for p in far.properties if p not in near.properties)],
            )
            self.derived[rid] = derived
            self.derived_parts[rid] = parts if outgoing else tuple(reversed(parts))
            if via_or:
                self.or_derived.add(rid)
        return derived

    def real_ids(self, ids: Iterable[str]) -> list[str]:
        """Evidence ids with each relationship through a junction replaced by the relationships and
        junctions it stands for."""
        out: list[str] = []
        for ref in ids:
            out.extend(self.derived_parts.get(ref, (ref,)))
        return out

    # ---- properties ----------------------------------------------------------------------------

    def prop(self, concept: Concept | None, name: str) -> str | None:
        """A property value by definition name (no language preference); None when absent or blank."""
        ids = self._defids.get(name)
        if not ids or concept is None:
            return None
        for p in concept.properties:
            if p.definition_ref in ids:
                value = text_in(p.value).strip()
                return value or None
        return None

    def prop_of(self, concept_id: str, name: str) -> str | None:
        concept = self.element(concept_id)
        if concept is None:
            concept = self.derived.get(concept_id) or self.model.get_relationship(concept_id)
        return self.prop(concept, name)

    # ---- platforms -----------------------------------------------------------------------------

    def _platform_membership(self) -> dict[str, frozenset[str]]:
        tagged: dict[str, set[str]] = {}
        if "platform" in self._defids:
            for el in self._tagged_apps:
                value = self.prop(el, "platform")
                if value is None:
                    continue
                if self.catalog.platform(value) is None:
                    self.problems.append(f"element {el.id}: platform id {value!r} is not in the catalog")
                    continue
                tagged[el.id] = {value}
        membership: dict[str, set[str]] = {k: set(v) for k, v in tagged.items()}
        stack = list(tagged.items())
        while stack:  # a platform's parts belong to it
            el_id, plats = stack.pop()
            for _, part in self.out(el_id, PART_OF):
                if self.type_of(part) not in APP_TYPES:
                    continue
                have = membership.setdefault(part, set())
                if not plats <= have:
                    have |= plats
                    stack.append((part, plats))
        return {k: frozenset(v) for k, v in membership.items()}

    def capability_platforms(self, el_id: str, capability: str) -> list[str]:
        return [p for p in self.platform_of.get(el_id, ()) if capability in self.platform_provides[p]]

    def is_bma_application(self, el_id: str) -> bool:
        """An application element of the BMA: no platform id, or a platform the BMA operates."""
        plats = self.platform_of.get(el_id)
        return not plats or bool(plats & self.bma_platforms)

    # ---- agencies and issuers ------------------------------------------------------------------

    def agency_of(self, actor_id: str) -> tuple[str | None, str | None, str | None]:
        """(agency id, kind, problem message key) for a BusinessActor."""
        agency = self.prop(self.element(actor_id), "agency")
        if agency is None:
            return None, None, "actor_no_agency"
        kind = self.catalog.agency_kind(agency)
        return (agency, kind, None) if kind else (agency, None, "agency_not_in_catalog")

    def issuers(self, doc_id: str) -> tuple:
        """The writers of a document: tuple of (writer id, rel id, agency id | None, kind | None, problem | None)."""
        cached = self._issuers.get(doc_id)
        if cached is not None:
            return cached
        out = []
        for rel, writer in self.into(doc_id, ("Access",)):
            if rel.access_type not in WRITE_ACCESS:
                continue
            wtype = self.type_of(writer)
            if wtype == "BusinessActor":
                agency, kind, problem = self.agency_of(writer)
                out.append((writer, rel.id, agency, kind, problem))
            elif wtype == "BusinessRole" and self.prop(self.element(writer), "party") in PARTIES:
                out.append((writer, rel.id, None, "applicant", None))
        result = tuple(out)
        self._issuers[doc_id] = result
        return result

    # ---- services ------------------------------------------------------------------------------

    def parties_of(self, service_id: str) -> list[tuple[str, str, str]]:
        """(role id, relationship id, party) for each citizen/business role the service serves."""
        out = []
        for rel, role in self.out(service_id, ("Serving",)):
            el = self.element(role)
            if el is not None and el.type == "BusinessRole":
                party = self.prop(el, "party")
                if party in PARTIES:
                    out.append((role, rel.id, party))
        return out

    def citizen_services(self) -> list[Element]:
        """BusinessServices that serve a BusinessRole whose `party` is citizen or business (convention 1)."""
        seen: dict[str, Element] = {}
        for role in self.party_roles:
            for _, source in self.into(role, ("Serving",)):
                el = self.element(source)
                if el is not None and el.type == "BusinessService":
                    seen.setdefault(source, el)
        return sorted(seen.values(), key=lambda e: e.id)

    def accountable(self, service_id: str) -> tuple[list[str], dict[str, str]]:
        """The BusinessActors assigned to the service (convention 2), by id, and their names joined per
        language: who takes a finding's action in the meeting."""
        ctx = self.context(service_id)
        cached = ctx.memo.get("accountable")
        if cached is None:
            units = sorted(ctx.owners)
            names = {lang: ", ".join(text_in(self.element(u).name, lang) or u for u in units) for lang in ("th", "en")}
            cached = ctx.memo["accountable"] = (units, names if units else {})
        return cached

    def context(self, service_id: str) -> ServiceContext:
        ctx = self._contexts.get(service_id)
        if ctx is None:
            ctx = self._contexts[service_id] = ServiceContext(self, service_id)
        return ctx


class ServiceContext:
    """One service's neighbourhood, computed on first use."""

    def __init__(self, index: ModelIndex, service_id: str):
        self.index = index
        self.id = service_id
        self.element = index.element(service_id)
        self.memo: dict = {}

    def prop(self, name: str) -> str | None:
        return self.index.prop(self.element, name)

    @cached_property
    def processes(self) -> dict[str, list[str]]:
        """Realizing processes and their steps (Composition/Aggregation, any depth): id -> evidence rel ids."""
        ix = self.index
        found: dict[str, list[str]] = {}
        stack = []
        for rel, source in ix.into(self.id, ("Realization",)):
            if ix.type_of(source) in PROCESS_TYPES and source not in found:
                found[source] = [rel.id]
                stack.append(source)
        while stack:
            proc = stack.pop()
            for rel, step in ix.out(proc, ("Composition", "Aggregation")):
                if ix.type_of(step) in PROCESS_TYPES and step not in found:
                    found[step] = [rel.id]
                    stack.append(step)
        return found

    def _accessed(self, target_type: str, access: frozenset[str]) -> dict[str, list[str]]:
        ix = self.index
        found: dict[str, list[str]] = {}
        for proc in self.processes:
            for rel, target in ix.out(proc, ("Access",)):
                if rel.access_type in access and ix.type_of(target) == target_type:
                    found.setdefault(target, []).append(rel.id)
        return found

    @cached_property
    def required_documents(self) -> dict[str, list[str]]:
        return self._accessed("BusinessObject", READ_ACCESS)

    @cached_property
    def produced_data(self) -> dict[str, list[str]]:
        return self._accessed("DataObject", WRITE_ACCESS)

    @cached_property
    def digital_channels(self) -> dict[str, list[str]]:
        ix = self.index
        return {s: [r.id] for r, s in ix.into(self.id, ("Serving",)) if ix.type_of(s) == "ApplicationInterface"}

    @cached_property
    def counters(self) -> dict[str, list[str]]:
        ix = self.index
        return {s: [r.id] for r, s in ix.into(self.id, ("Assignment",)) if ix.type_of(s) == "BusinessInterface"}

    @cached_property
    def channels(self) -> dict[str, list[str]]:
        return {**self.digital_channels, **self.counters}

    @cached_property
    def owners(self) -> dict[str, list[str]]:
        ix = self.index
        return {s: [r.id] for r, s in ix.into(self.id, ("Assignment",)) if ix.type_of(s) == "BusinessActor"}

    @cached_property
    def applications(self) -> dict[str, list[str]]:
        """The ApplicationComponents the service reaches (behind its channels, serving its processes)."""
        ix = self.index
        return {a: [] for a in sorted(self.reach) if ix.type_of(a) == "ApplicationComponent"}

    @cached_property
    def owner_units(self) -> list[str]:
        """The owning BusinessActors and the units above them (Composition/Aggregation, any depth)."""
        ix = self.index
        found = list(self.owners)
        seen = set(found)
        stack = list(found)
        while stack:
            unit = stack.pop()
            for _, parent in ix.into(unit, ("Composition", "Aggregation")):
                if parent not in seen and ix.type_of(parent) == "BusinessActor":
                    seen.add(parent)
                    found.append(parent)
                    stack.append(parent)
        return found

    @cached_property
    def reach(self) -> frozenset[str]:
        """The service, its processes, the application elements that serve them (channels included) and the
        ApplicationComponent behind each channel and each BMA application. A platform element in this set
        serves the service (see `serve_targets` for what a platform may serve to count)."""
        return self._reach[0]

    @cached_property
    def serve_targets(self) -> frozenset[str]:
        """What a platform element's Serving (or Flow) must reach to serve the service: `reach` without the
        national back-end elements (GDX, e-Payment…): what serves those does not thereby serve the service."""
        return self._reach[1]

    @cached_property
    def _reach(self) -> tuple[frozenset[str], frozenset[str]]:
        ix = self.index
        anchors = [self.id, *self.processes]
        reach: set[str] = set(anchors)
        targets: set[str] = set(anchors)
        for anchor in anchors:
            for _, source in ix.into(anchor, ("Serving",)):
                source_type = ix.type_of(source)
                if source_type not in APP_TYPES:
                    continue
                reach.add(source)
                channel = anchor == self.id and source_type == "ApplicationInterface"
                if channel or ix.is_bma_application(source):
                    # The citizen uses the component behind a channel (even a national portal's); a BMA
                    # back-end application brings its component.
                    owners = ix.owners(source)
                    reach.update(owners)
                    targets.add(source)
                    targets.update(owners)
        return frozenset(reach), frozenset(targets)

    def reaches(self, el_id: str) -> bool:
        """Whether an application element is in reach, or is a part of a component that is."""
        return el_id in self.reach or any(o in self.reach for o in self.index.owners(el_id))

    @property
    def has_support_structure(self) -> bool:
        """Whether the model shows anything (process, channel, application) through which a platform could serve."""
        return len(self.reach) > 1

    def platforms_serving(
        self, rel_type: str = "Serving", *, include_owners: bool = False
    ) -> dict[str, list[tuple[str, str | None]]]:
        """platform id -> [(platform element, relationship id or None when the element is itself in reach)].
        With `include_owners`, a platform serving the owning unit (or a unit above it) counts too."""
        key = ("platforms", rel_type, include_owners)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        ix = self.index
        found: dict[str, list[tuple[str, str | None]]] = {}
        edges = ix.platform_edges.get(rel_type, {})
        for target in sorted(self.serve_targets):  # sorted: findings list evidence in a stable order
            for el_id, rel_id in edges.get(target, ()):
                for p in ix.platform_of[el_id]:
                    found.setdefault(p, []).append((el_id, rel_id))
        if rel_type == "Serving":
            for el_id in sorted(self.reach):
                for p in ix.platform_of.get(el_id, ()):
                    found.setdefault(p, []).append((el_id, None))
        if include_owners:
            for unit in self.owner_units:
                for el_id, rel_id in edges.get(unit, ()):
                    for p in ix.platform_of[el_id]:
                        found.setdefault(p, []).append((el_id, rel_id))
        self.memo[key] = found
        return found

    def collection(self, name: str) -> dict[str, list[str]]:
        return getattr(self, name)

    def collection_needs_process(self, name: str) -> bool:
        return name in ("processes", "required_documents", "produced_data")
